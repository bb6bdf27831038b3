//! What must hold between blocks: every offered NFT is locked with its seller, the queue
//! matches the auctions, and what is held is exactly the bids and deposits.

#[cfg(any(feature = "try-runtime", feature = "std"))]
use crate::*;

#[cfg(any(feature = "try-runtime", feature = "std"))]
impl<T: Config> Pallet<T> {
	/// Checks sales, auctions, the settlement queue and the holds behind them.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::{
			ensure,
			traits::{fungible::InspectHold, tokens::nonfungibles_v2::Inspect},
		};
		use sp_runtime::traits::Saturating;

		// account → (bids, auction deposits, sale deposits)
		let mut held: BTreeMap<T::AccountId, (BalanceOf<T>, BalanceOf<T>, BalanceOf<T>)> =
			BTreeMap::new();
		for (collection, item, sale) in Sales::<T>::iter() {
			ensure!(
				T::Nfts::owner(&collection, &item).as_ref() == Some(&sale.seller),
				"an NFT for sale left its seller"
			);
			ensure!(!AuctionOfItem::<T>::contains_key(collection, item), "sold and auctioned");
			let entry = held.entry(sale.seller).or_default();
			entry.2 = entry.2.saturating_add(sale.deposit);
		}
		let mut queued = 0u32;
		for (id, auction) in Auctions::<T>::iter() {
			ensure!(
				AuctionOfItem::<T>::get(auction.collection, auction.item) == Some(id),
				"auction not indexed by its NFT"
			);
			ensure!(
				T::Nfts::owner(&auction.collection, &auction.item).as_ref()
					== Some(&auction.seller),
				"an NFT at auction left its seller"
			);
			if auction.status == AuctionStatus::Open {
				ensure!(
					auction.queued_at == Some(auction.end),
					"an open auction is not queued at its end"
				);
			}
			if let Some(at) = auction.queued_at {
				ensure!(Due::<T>::contains_key(at, id), "queue entry missing");
				queued = queued.saturating_add(1);
			}
			if let Some(bid) = &auction.highest {
				ensure!(bid.amount >= auction.start_price, "a bid below the start price");
				let entry = held.entry(bid.bidder.clone()).or_default();
				entry.0 = entry.0.saturating_add(bid.amount);
			}
			let entry = held.entry(auction.seller.clone()).or_default();
			entry.1 = entry.1.saturating_add(auction.deposit);
		}
		ensure!(
			AuctionOfItem::<T>::iter().count() == Auctions::<T>::iter().count(),
			"stray NFT index entries"
		);
		ensure!(Due::<T>::iter().count() as u32 == queued, "stray queue entries");
		ensure!(DueCount::<T>::get() == queued, "queue count is wrong");
		for (who, (bids, auction_deposits, sale_deposits)) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Bid.into(), &who) == bids,
				"held bids differ from the highest bids"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::AuctionDeposit.into(), &who)
					== auction_deposits,
				"held auction deposits differ"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::SaleDeposit.into(), &who)
					== sale_deposits,
				"held sale deposits differ"
			);
		}
		Ok(())
	}
}
