//! Side doors around fees and escrow: proxies that could spend, NFT sales inside pallet-nfts.

use super::{alice, bob, listed_asset, preset_ext};
use crate::{
	configs::proxy::ProxyType, AccountId, Balances, NftMarket, Nfts, Proxy, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System, BDES,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, InstanceFilter},
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring;
use xcm::latest::prelude::*;

fn charlie() -> AccountId {
	Sr25519Keyring::Charlie.to_account_id()
}

/// Every call in the runtime that can move an account's BDES, tokens or NFTs to someone else.
fn value_moving_calls() -> Vec<RuntimeCall> {
	let to = || -> sp_runtime::MultiAddress<AccountId, ()> { charlie().into() };
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: to(),
		value: BDES,
	});
	vec![
		transfer.clone(),
		RuntimeCall::Balances(pallet_balances::Call::transfer_all {
			dest: to(),
			keep_alive: false,
		}),
		RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: 1.into(),
			target: to(),
			amount: 1,
		}),
		RuntimeCall::ForeignAssets(pallet_assets::Call::transfer {
			id: Location::parent(),
			target: to(),
			amount: 1,
		}),
		RuntimeCall::Nfts(pallet_nfts::Call::transfer { collection: 0, item: 0, dest: to() }),
		RuntimeCall::Nfts(pallet_nfts::Call::approve_transfer {
			collection: 0,
			item: 0,
			delegate: to(),
			maybe_deadline: None,
		}),
		RuntimeCall::Vesting(pallet_vesting::Call::vested_transfer {
			target: to(),
			schedule: pallet_vesting::VestingInfo::new(BDES, BDES, 1),
		}),
		RuntimeCall::NftMarket(pallet_nft_market::Call::buy {
			collection: 0,
			item: 0,
			max_price: BDES,
		}),
		RuntimeCall::NftMarket(pallet_nft_market::Call::list { collection: 0, item: 0, price: 1 }),
		RuntimeCall::NftMarket(pallet_nft_market::Call::bid { auction: 0, amount: BDES }),
		RuntimeCall::NftMarket(pallet_nft_market::Call::create_auction {
			collection: 0,
			item: 0,
			terms: pallet_nft_market::AuctionTerms {
				start_price: 1,
				min_increment: 1,
				duration: 10,
				reserve: None,
			},
		}),
		RuntimeCall::OrderBook(pallet_order_book::Call::place_limit {
			market: 0,
			side: pallet_order_book::Side::Buy,
			price: BDES,
			amount: 1,
			expiry: None,
			max_fills: 1,
		}),
		RuntimeCall::OrderBook(pallet_order_book::Call::place_market {
			market: 0,
			side: pallet_order_book::Side::Buy,
			amount: 1,
			limit: None,
			max_fills: 1,
		}),
		RuntimeCall::DataLicences(pallet_data_licences::Call::buy { offer: 0 }),
		RuntimeCall::DataLicences(pallet_data_licences::Call::renew { licence: 0 }),
		RuntimeCall::RevenueShares(pallet_revenue_shares::Call::contribute {
			asset: 0,
			amount: BDES,
		}),
		RuntimeCall::PolkadotXcm(pallet_xcm::Call::execute {
			message: Box::new(xcm::VersionedXcm::from(Xcm::<RuntimeCall>(vec![]))),
			max_weight: frame_support::weights::Weight::zero(),
		}),
		// A multisig is no way around it (a batch neither: see the test below).
		RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
			other_signatories: vec![alice()],
			call: Box::new(transfer.clone()),
		}),
		// And whatever a pallet added later brings is refused until it is named.
		RuntimeCall::Treasury(pallet_treasury::Call::payout { index: 0 }),
	]
}

#[test]
fn a_non_transfer_proxy_can_make_no_call_that_moves_value() {
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	for call in value_moving_calls() {
		assert!(!ProxyType::NonTransfer.filter(&call), "NonTransfer allows {call:?}");
	}
	// What it is for still works.
	for call in [
		remark,
		RuntimeCall::RevenueShares(pallet_revenue_shares::Call::claim { asset: 0 }),
		RuntimeCall::OrderBook(pallet_order_book::Call::cancel { order: 0 }),
		RuntimeCall::Council(pallet_collective::Call::vote {
			proposal: Default::default(),
			index: 0,
			approve: true,
		}),
	] {
		assert!(ProxyType::NonTransfer.filter(&call), "NonTransfer refuses {call:?}");
	}
}

/// The scenario: Charlie, Bob's NonTransfer proxy, lists a junk NFT at half of Bob's
/// balance and buys it as Bob; or batches a transfer (a batch passes the filter, its inner calls
/// are filtered when dispatched). Both are refused and Bob keeps his BDES.
#[test]
fn a_non_transfer_proxy_cannot_buy_its_own_nft_with_the_principals_balance() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_ok!(Proxy::add_proxy(
			RuntimeOrigin::signed(bob()),
			charlie().into(),
			ProxyType::NonTransfer,
			0
		));
		assert_ok!(Nfts::create(
			RuntimeOrigin::signed(charlie()),
			charlie().into(),
			Default::default()
		));
		assert_ok!(Nfts::mint(RuntimeOrigin::signed(charlie()), 0, 0, charlie().into(), None));
		let price = Balances::balance(&bob()) / 2;
		assert_ok!(NftMarket::list(RuntimeOrigin::signed(charlie()), 0, 0, price));
		let bob_before = Balances::balance(&bob());

		let buy = RuntimeCall::NftMarket(pallet_nft_market::Call::buy {
			collection: 0,
			item: 0,
			max_price: price,
		});
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: charlie().into(),
				value: BDES,
			})],
		});
		for call in [buy, batch] {
			System::reset_events();
			assert_ok!(Proxy::proxy(
				RuntimeOrigin::signed(charlie()),
				bob().into(),
				None,
				Box::new(call)
			));
			let refused = System::events().iter().any(|r| {
				matches!(
					&r.event,
					RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result: Err(_) })
				)
			});
			assert!(refused, "the proxied call went through");
		}
		assert_eq!(Balances::balance(&bob()), bob_before);
		assert_eq!(pallet_nfts::Pallet::<Runtime>::owner(0, 0), Some(charlie()));
	});
}

/// An ownership NFT sold through `nfts.setPrice`/`buyItem` (or swapped) would skip the 2% fee
/// and the dividends: pallet-nfts' own trading is off, the market is the only way to sell.
// Benchmark builds enable pallet-nfts trading so `buy_item` can be measured as a reference.
#[cfg(not(feature = "runtime-benchmarks"))]
#[test]
fn ownership_nfts_cannot_be_sold_or_swapped_inside_pallet_nfts() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let asset = listed_asset();
		let collection = pallet_data_assets::OwnershipCollection::<Runtime>::get().expect("minted");
		assert_eq!(pallet_nfts::Pallet::<Runtime>::owner(collection, asset), Some(bob()));
		assert_noop!(
			Nfts::set_price(
				RuntimeOrigin::signed(bob()),
				collection,
				asset,
				Some(BDES),
				Some(charlie().into())
			),
			pallet_nfts::Error::<Runtime>::MethodDisabled
		);
		assert_noop!(
			Nfts::buy_item(RuntimeOrigin::signed(charlie()), collection, asset, 1_000 * BDES),
			pallet_nfts::Error::<Runtime>::MethodDisabled
		);
		assert_noop!(
			Nfts::create_swap(
				RuntimeOrigin::signed(bob()),
				collection,
				asset,
				collection,
				None,
				Some(pallet_nfts::PriceWithDirection {
					amount: BDES,
					direction: pallet_nfts::PriceDirection::Receive
				}),
				10
			),
			pallet_nfts::Error::<Runtime>::MethodDisabled
		);
	});
}
