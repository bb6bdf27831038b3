//! Benchmarks (frame-benchmarking v2), each on its call's worst path: prices of data-asset
//! ownership NFTs pay dividends, bids outbid someone and extend the auction.

use super::*;
use crate::Pallet as NftMarket;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, Saturating};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

fn price<T: Config>() -> BalanceOf<T> {
	1_000_000u32.into()
}

fn terms<T: Config>() -> AuctionTermsOf<T> {
	AuctionTerms {
		start_price: price::<T>(),
		min_increment: 1_000u32.into(),
		duration: T::MinDuration::get(),
		reserve: Some(price::<T>()),
	}
}

/// An auction of a dividend-paying ownership NFT with a bid on it; returns its id and end.
fn auction_with_bid<T: Config>(index: u32) -> (AuctionId, BlockNumberFor<T>) {
	let seller = funded::<T>("seller", index);
	let (collection, item) = T::BenchmarkHelper::nft(&seller, true);
	let id = NextAuctionId::<T>::get();
	assert!(NftMarket::<T>::do_create_auction(seller, collection, item, terms::<T>()).is_ok());
	let bidder = funded::<T>("bidder", index);
	assert!(NftMarket::<T>::do_bid(bidder, id, price::<T>()).is_ok());
	(id, Auctions::<T>::get(id).expect("created").end)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn list() {
		let seller = funded::<T>("seller", 0);
		let (collection, item) = T::BenchmarkHelper::nft(&seller, true);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), collection, item, price::<T>());

		assert!(Sales::<T>::contains_key(collection, item));
	}

	#[benchmark]
	fn buy() {
		T::Currency::set_balance(&T::FeeDestination::get(), price::<T>());
		let seller = funded::<T>("seller", 0);
		let (collection, item) = T::BenchmarkHelper::nft(&seller, true);
		assert!(NftMarket::<T>::do_list(seller, collection, item, price::<T>()).is_ok());
		let buyer = funded::<T>("buyer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), collection, item, price::<T>());

		assert!(!Sales::<T>::contains_key(collection, item));
	}

	#[benchmark]
	fn cancel_sale() {
		let seller = funded::<T>("seller", 0);
		let (collection, item) = T::BenchmarkHelper::nft(&seller, true);
		assert!(NftMarket::<T>::do_list(seller.clone(), collection, item, price::<T>()).is_ok());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), collection, item);

		assert!(!Sales::<T>::contains_key(collection, item));
	}

	#[benchmark]
	fn create_auction() {
		let seller = funded::<T>("seller", 0);
		let (collection, item) = T::BenchmarkHelper::nft(&seller, true);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), collection, item, terms::<T>());

		assert!(AuctionOfItem::<T>::contains_key(collection, item));
	}

	// Outbids someone in the last block: releases them and moves the auction in the queue.
	#[benchmark]
	fn bid() {
		let (id, end) = auction_with_bid::<T>(0);
		frame_system::Pallet::<T>::set_block_number(end.saturating_sub(1u32.into()));
		let bidder = funded::<T>("late", 0);
		let amount = price::<T>().saturating_add(1_000u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(bidder.clone()), id, amount);

		let auction = Auctions::<T>::get(id).expect("open");
		assert_eq!(auction.highest.map(|b| b.bidder), Some(bidder));
		assert!(auction.end > end);
	}

	#[benchmark]
	fn cancel_auction() {
		let seller = funded::<T>("seller", 0);
		let (collection, item) = T::BenchmarkHelper::nft(&seller, true);
		let id = NextAuctionId::<T>::get();
		assert!(NftMarket::<T>::do_create_auction(seller.clone(), collection, item, terms::<T>())
			.is_ok());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);

		assert!(!Auctions::<T>::contains_key(id));
	}

	// A winner above the reserve, of a dividend-paying ownership NFT.
	#[benchmark]
	fn settle() {
		T::Currency::set_balance(&T::FeeDestination::get(), price::<T>());
		let (id, end) = auction_with_bid::<T>(0);
		frame_system::Pallet::<T>::set_block_number(end);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Auctions::<T>::contains_key(id));
	}

	#[benchmark]
	fn abandon() {
		T::Currency::set_balance(&T::FeeDestination::get(), price::<T>());
		let (id, _) = auction_with_bid::<T>(0);
		let mut auction = Auctions::<T>::get(id).expect("created");
		if let Some(at) = auction.queued_at.take() {
			NftMarket::<T>::unqueue(at, id);
		}
		auction.status = AuctionStatus::SettlementFailed { attempts: T::MaxSettleAttempts::get() };
		Auctions::<T>::insert(id, auction);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Auctions::<T>::contains_key(id));
	}

	// `n` auctions with winners ending in the same block, settled by `on_initialize`.
	#[benchmark]
	fn settle_due(n: Linear<0, 100>) {
		T::Currency::set_balance(&T::FeeDestination::get(), price::<T>());
		let mut end = frame_system::Pallet::<T>::block_number();
		for i in 0..n {
			end = auction_with_bid::<T>(i).1;
		}
		frame_system::Pallet::<T>::set_block_number(end);

		#[block]
		{
			NftMarket::<T>::settle_due(end, n);
		}

		assert_eq!(Auctions::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(NftMarket, crate::mock::new_test_ext(), crate::mock::Test);
}
