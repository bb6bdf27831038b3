//! Tests of the NFT market: every call and error, funds before and after, settlement in bounded
//! steps and after failures, and a property test over random auctions.

use crate::{mock::*, *};
use frame_support::traits::Get;
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect as _, InspectHold},
		tokens::{nonfungibles_v2::Inspect, Fortitude, Preservation},
		Hooks,
	},
};

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}
fn held_bid(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Bid.into(), &who)
}
fn owner(item: u32) -> Option<AccountId> {
	<Nfts as Inspect<AccountId>>::owner(&COLLECTION, &item)
}
fn check() {
	assert_ok!(NftMarket::do_try_state());
}
fn terms(
	start: Balance,
	increment: Balance,
	duration: u64,
	reserve: Option<Balance>,
) -> AuctionTermsOf<Test> {
	AuctionTerms { start_price: start, min_increment: increment, duration, reserve }
}
/// Runs blocks with the pallet's `on_initialize`, returning the weight each used.
fn run_to(n: u64) -> Vec<frame_support::weights::Weight> {
	let mut weights = vec![];
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		weights.push(NftMarket::on_initialize(next));
	}
	weights
}
fn settled(auction: AuctionId) -> usize {
	System::events()
		.iter()
		.filter(|r| {
			matches!(r.event, RuntimeEvent::NftMarket(Event::AuctionSettled { auction: a, .. }) if a == auction)
		})
		.count()
}

#[test]
fn listing_locks_the_nft_with_its_owner() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		assert_noop!(
			NftMarket::list(RuntimeOrigin::signed(BOB), COLLECTION, item, 100),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 0),
			Error::<Test>::ZeroAmount
		);
		assert_ok!(NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 100));
		System::assert_last_event(
			Event::Listed { collection: COLLECTION, item, seller: SELLER, price: 100 }.into(),
		);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::SaleDeposit.into(), &SELLER),
			SALE_DEPOSIT
		);
		assert_noop!(
			NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 100),
			Error::<Test>::AlreadyOffered
		);
		assert_noop!(
			NftMarket::create_auction(
				RuntimeOrigin::signed(SELLER),
				COLLECTION,
				item,
				terms(10, 1, 10, None)
			),
			Error::<Test>::AlreadyOffered
		);
		// The NFT pallet asks the market before moving or burning it.
		assert_noop!(
			Nfts::transfer(RuntimeOrigin::signed(SELLER), COLLECTION, item, BOB),
			pallet_nfts::Error::<Test>::ItemLocked
		);
		assert_noop!(
			Nfts::burn(RuntimeOrigin::signed(SELLER), COLLECTION, item),
			pallet_nfts::Error::<Test>::ItemLocked
		);
		assert_eq!(owner(item), Some(SELLER));

		let frozen = mint_to(SELLER);
		assert_ok!(Nfts::lock_item_transfer(RuntimeOrigin::signed(SELLER), COLLECTION, frozen));
		assert_noop!(
			NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, frozen, 100),
			Error::<Test>::NotTransferable
		);
		check();
	});
}

#[test]
fn buying_pays_the_fee_and_the_seller_and_moves_the_nft() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		assert_ok!(NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 1_000));
		assert_noop!(
			NftMarket::buy(RuntimeOrigin::signed(BOB), COLLECTION, 9, 1_000),
			Error::<Test>::NotForSale
		);
		assert_noop!(
			NftMarket::buy(RuntimeOrigin::signed(SELLER), COLLECTION, item, 1_000),
			Error::<Test>::OwnOffer
		);
		assert_noop!(
			NftMarket::buy(RuntimeOrigin::signed(BOB), COLLECTION, item, 999),
			Error::<Test>::PriceAboveLimit
		);
		let (seller, bob, pool) = (free(SELLER), free(BOB), free(ReservePool::get()));
		assert_ok!(NftMarket::buy(RuntimeOrigin::signed(BOB), COLLECTION, item, 1_000));
		assert_eq!(owner(item), Some(BOB));
		assert_eq!(free(BOB), bob - 1_000);
		assert_eq!(free(ReservePool::get()), pool + 20);
		assert_eq!(free(SELLER), seller + 980 + SALE_DEPOSIT);
		System::assert_last_event(
			Event::Sold {
				collection: COLLECTION,
				item,
				seller: SELLER,
				buyer: BOB,
				price: 1_000,
				proceeds: Proceeds { fee: 20, dividends: 0, seller: 980 },
			}
			.into(),
		);
		assert!(!NftMarket::is_offered(&COLLECTION, &item));
		// Unlocked with its new owner.
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(BOB), COLLECTION, item, CAROL));
		check();
	});
}

#[test]
fn selling_a_data_assets_ownership_pays_its_share_holders() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		MockOwnership::set(COLLECTION, item, 42, true);
		let without_shares = mint_to(SELLER);
		MockOwnership::set(COLLECTION, without_shares, 43, false);
		assert_ok!(NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 1_000));
		assert_ok!(NftMarket::list(
			RuntimeOrigin::signed(SELLER),
			COLLECTION,
			without_shares,
			1_000
		));
		let (seller, pot) = (free(SELLER), free(REVENUE_POT));
		assert_ok!(NftMarket::buy(RuntimeOrigin::signed(BOB), COLLECTION, item, 1_000));
		assert_eq!(free(REVENUE_POT), pot + 100);
		assert_eq!(free(SELLER), seller + 880 + SALE_DEPOSIT);
		// No shares: no dividend part.
		assert_ok!(NftMarket::buy(RuntimeOrigin::signed(BOB), COLLECTION, without_shares, 1_000));
		assert_eq!(free(REVENUE_POT), pot + 100);
		assert_eq!(free(SELLER), seller + 880 + 980 + 2 * SALE_DEPOSIT);
		check();
	});
}

#[test]
fn cancelling_a_sale_unlocks_the_nft() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		assert_ok!(NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 100));
		assert_noop!(
			NftMarket::cancel_sale(RuntimeOrigin::signed(BOB), COLLECTION, item),
			Error::<Test>::NotSeller
		);
		assert_noop!(
			NftMarket::cancel_sale(RuntimeOrigin::signed(BOB), COLLECTION, 5),
			Error::<Test>::NotForSale
		);
		assert_ok!(NftMarket::cancel_sale(RuntimeOrigin::signed(SELLER), COLLECTION, item));
		System::assert_last_event(Event::SaleCancelled { collection: COLLECTION, item }.into());
		assert_eq!(free(SELLER), INITIAL - pallet_nfts_deposits());
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(SELLER), COLLECTION, item, BOB));
		check();
	});
}

/// What the seller has reserved with the NFT pallet (collection and item deposits).
fn pallet_nfts_deposits() -> Balance {
	Balances::reserved_balance(SELLER)
}

#[test]
fn creating_an_auction_checks_its_terms() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		let create =
			|who, t| NftMarket::create_auction(RuntimeOrigin::signed(who), COLLECTION, item, t);
		assert_noop!(create(SELLER, terms(0, 1, 10, None)), Error::<Test>::ZeroAmount);
		assert_noop!(create(SELLER, terms(10, 0, 10, None)), Error::<Test>::ZeroAmount);
		assert_noop!(create(SELLER, terms(10, 1, 1, None)), Error::<Test>::InvalidDuration);
		assert_noop!(create(SELLER, terms(10, 1, 1001, None)), Error::<Test>::InvalidDuration);
		assert_noop!(create(SELLER, terms(10, 1, 10, Some(9))), Error::<Test>::InvalidReserve);
		assert_noop!(create(BOB, terms(10, 1, 10, None)), Error::<Test>::NotOwner);
		assert_ok!(create(SELLER, terms(10, 1, 10, Some(50))));
		System::assert_last_event(
			Event::AuctionCreated {
				auction: 0,
				collection: COLLECTION,
				item,
				seller: SELLER,
				terms: terms(10, 1, 10, Some(50)),
				end: 11,
			}
			.into(),
		);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::AuctionDeposit.into(), &SELLER),
			AUCTION_DEPOSIT
		);
		assert_noop!(create(SELLER, terms(10, 1, 10, None)), Error::<Test>::AlreadyOffered);
		assert_noop!(
			NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 100),
			Error::<Test>::AlreadyOffered
		);
		assert_noop!(
			Nfts::transfer(RuntimeOrigin::signed(SELLER), COLLECTION, item, BOB),
			pallet_nfts::Error::<Test>::ItemLocked
		);
		check();
	});
}

#[test]
fn three_bidders_and_the_auction_settles_by_itself() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		assert_ok!(NftMarket::create_auction(
			RuntimeOrigin::signed(SELLER),
			COLLECTION,
			item,
			terms(100, 10, 20, None)
		));
		let bid = |who, amount| NftMarket::bid(RuntimeOrigin::signed(who), 0, amount);
		assert_noop!(bid(BOB, 99), Error::<Test>::BidTooLow);
		assert_noop!(bid(SELLER, 100), Error::<Test>::OwnOffer);
		assert_noop!(
			NftMarket::bid(RuntimeOrigin::signed(BOB), 7, 100),
			Error::<Test>::UnknownAuction
		);
		assert_ok!(bid(BOB, 100));
		assert_eq!((held_bid(BOB), free(BOB)), (100, INITIAL - 100));
		assert_noop!(bid(CAROL, 109), Error::<Test>::BidTooLow);
		assert_ok!(bid(CAROL, 110));
		// Bob is released at once.
		assert_eq!((held_bid(BOB), free(BOB)), (0, INITIAL));
		assert_eq!(held_bid(CAROL), 110);
		assert_ok!(bid(DAVE, 150));
		assert_eq!(held_bid(CAROL), 0);
		// Raising one's own bid holds the difference only.
		assert_ok!(bid(DAVE, 200));
		assert_eq!((held_bid(DAVE), free(DAVE)), (200, INITIAL - 200));
		assert_noop!(
			NftMarket::cancel_auction(RuntimeOrigin::signed(SELLER), 0),
			Error::<Test>::HasBids
		);
		assert_noop!(
			NftMarket::settle(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::AuctionNotEnded
		);
		check();

		let (seller, pool) = (free(SELLER), free(ReservePool::get()));
		run_to(20);
		assert!(Auctions::<Test>::contains_key(0), "not before its end");
		run_to(21);
		assert_eq!(owner(item), Some(DAVE));
		assert_eq!((held_bid(DAVE), free(DAVE)), (0, INITIAL - 200));
		assert_eq!(free(SELLER), seller + 196 + AUCTION_DEPOSIT);
		assert_eq!(free(ReservePool::get()), pool + 4);
		assert_eq!((free(BOB), free(CAROL)), (INITIAL, INITIAL));
		System::assert_last_event(
			Event::AuctionSettled {
				auction: 0,
				winner: Some(DAVE),
				price: 200,
				proceeds: Proceeds { fee: 4, dividends: 0, seller: 196 },
			}
			.into(),
		);
		assert_eq!(settled(0), 1);
		assert!(!NftMarket::is_offered(&COLLECTION, &item));
		assert_noop!(bid(BOB, 500), Error::<Test>::UnknownAuction);
		check();
	});
}

#[test]
fn a_late_bid_extends_the_auction() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		assert_ok!(NftMarket::create_auction(
			RuntimeOrigin::signed(SELLER),
			COLLECTION,
			item,
			terms(100, 10, 10, None)
		));
		run_to(5);
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), 0, 100));
		assert_eq!(Auctions::<Test>::get(0).unwrap().end, 11, "early bids move nothing");
		run_to(9);
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(CAROL), 0, 110));
		System::assert_has_event(Event::AuctionExtended { auction: 0, end: 12 }.into());
		check();
		run_to(11);
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), 0, 120));
		assert_eq!(Auctions::<Test>::get(0).unwrap().end, 14);
		run_to(13);
		assert!(Auctions::<Test>::contains_key(0));
		run_to(14);
		assert_eq!(owner(item), Some(BOB));
		assert_noop!(
			NftMarket::bid(RuntimeOrigin::signed(CAROL), 0, 500),
			Error::<Test>::UnknownAuction
		);
		check();
	});
}

#[test]
fn cancel_before_bids_and_settle_without_a_winner() {
	new_test_ext().execute_with(|| {
		let a = mint_to(SELLER);
		let b = mint_to(SELLER);
		let c = mint_to(SELLER);
		for item in [a, b, c] {
			assert_ok!(NftMarket::create_auction(
				RuntimeOrigin::signed(SELLER),
				COLLECTION,
				item,
				terms(100, 10, 10, Some(300))
			));
		}
		assert_noop!(
			NftMarket::cancel_auction(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotSeller
		);
		assert_ok!(NftMarket::cancel_auction(RuntimeOrigin::signed(SELLER), 0));
		System::assert_last_event(Event::AuctionCancelled { auction: 0 }.into());
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(SELLER), COLLECTION, a, DAVE));
		// Reserve 300 not met: the bid goes back, the NFT stays.
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), 1, 250));
		// Settled by anyone at the end, before the block's own settlement would.
		System::set_block_number(11);
		assert_noop!(
			NftMarket::cancel_auction(RuntimeOrigin::signed(SELLER), 2),
			Error::<Test>::AuctionEnded
		);
		assert_noop!(
			NftMarket::bid(RuntimeOrigin::signed(CAROL), 2, 500),
			Error::<Test>::AuctionEnded
		);
		assert_ok!(NftMarket::settle(RuntimeOrigin::signed(CAROL), 1));
		assert_eq!((owner(b), free(BOB), held_bid(BOB)), (Some(SELLER), INITIAL, 0));
		System::assert_last_event(
			Event::AuctionSettled {
				auction: 1,
				winner: None,
				price: 0,
				proceeds: Default::default(),
			}
			.into(),
		);
		NftMarket::on_initialize(11);
		assert_eq!((settled(1), settled(2)), (1, 1));
		assert_eq!(owner(c), Some(SELLER));
		assert_eq!(Balances::balance_on_hold(&HoldReason::AuctionDeposit.into(), &SELLER), 0);
		assert_noop!(
			NftMarket::settle(RuntimeOrigin::signed(CAROL), 1),
			Error::<Test>::UnknownAuction
		);
		check();
	});
}

#[test]
fn a_failed_settlement_changes_nothing_and_is_retried() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		let other = mint_to(SELLER);
		assert_ok!(NftMarket::create_auction(
			RuntimeOrigin::signed(SELLER),
			COLLECTION,
			item,
			terms(100, 10, 5, None)
		));
		assert_ok!(NftMarket::create_auction(
			RuntimeOrigin::signed(SELLER),
			COLLECTION,
			other,
			terms(100, 10, 5, None)
		));
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), 0, 100));
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(CAROL), 1, 100));
		// The collection's freezer makes the item non-transferable: settlement cannot move it.
		assert_ok!(Nfts::lock_item_transfer(RuntimeOrigin::signed(SELLER), COLLECTION, item));
		run_to(6);
		System::assert_has_event(
			Event::SettlementFailed {
				auction: 0,
				error: pallet_nfts::Error::<Test>::ItemLocked.into(),
				attempts: 1,
				retry_at: Some(6 + RETRY_DELAY),
			}
			.into(),
		);
		// The queue went on with the other auction.
		assert_eq!(owner(other), Some(CAROL));
		// Nothing of the failed one moved.
		assert_eq!((owner(item), held_bid(BOB)), (Some(SELLER), 100));
		assert!(NftMarket::is_offered(&COLLECTION, &item));
		assert_noop!(
			NftMarket::abandon(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotAbandonable
		);
		check();
		// Once the cause is gone, anyone settles it.
		assert_ok!(Nfts::unlock_item_transfer(RuntimeOrigin::signed(SELLER), COLLECTION, item));
		assert_ok!(NftMarket::settle(RuntimeOrigin::signed(DAVE), 0));
		assert_eq!((owner(item), held_bid(BOB)), (Some(BOB), 0));
		assert_eq!(settled(0), 1);
		run_to(10);
		assert_eq!(settled(0), 1, "settled exactly once");
		check();
	});
}

#[test]
fn a_settlement_that_keeps_failing_can_be_abandoned() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		assert_ok!(NftMarket::create_auction(
			RuntimeOrigin::signed(SELLER),
			COLLECTION,
			item,
			terms(100, 10, 5, None)
		));
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), 0, 100));
		assert_ok!(Nfts::lock_item_transfer(RuntimeOrigin::signed(SELLER), COLLECTION, item));
		run_to(6 + RETRY_DELAY);
		System::assert_has_event(
			Event::SettlementFailed {
				auction: 0,
				error: pallet_nfts::Error::<Test>::ItemLocked.into(),
				attempts: MAX_ATTEMPTS,
				retry_at: None,
			}
			.into(),
		);
		assert_eq!(Auctions::<Test>::get(0).unwrap().queued_at, None);
		assert_eq!(DueCount::<Test>::get(), 0);
		assert_noop!(
			NftMarket::settle(RuntimeOrigin::signed(BOB), 0),
			pallet_nfts::Error::<Test>::ItemLocked
		);
		let pool = free(ReservePool::get());
		assert_ok!(NftMarket::abandon(RuntimeOrigin::signed(BOB), 0));
		System::assert_last_event(Event::AuctionAbandoned { auction: 0 }.into());
		assert_eq!((held_bid(BOB), free(BOB)), (0, INITIAL));
		assert_eq!(free(ReservePool::get()), pool + AUCTION_DEPOSIT);
		assert_eq!(owner(item), Some(SELLER));
		assert!(!NftMarket::is_offered(&COLLECTION, &item));
		check();
	});
}

#[test]
fn many_auctions_ending_together_settle_in_bounded_steps() {
	new_test_ext().execute_with(|| {
		let n = 7u32;
		for i in 0..n {
			let item = mint_to(SELLER);
			assert_ok!(NftMarket::create_auction(
				RuntimeOrigin::signed(SELLER),
				COLLECTION,
				item,
				terms(100, 10, 10, None)
			));
			assert_ok!(NftMarket::bid(
				RuntimeOrigin::signed(BOB + (i as u64 % 3)),
				i,
				100 + i as u64
			));
		}
		let bound = <() as WeightInfo>::settle_due(MAX_SETTLE).saturating_add(
			<<Test as frame_system::Config>::DbWeight as Get<
				frame_support::weights::RuntimeDbWeight,
			>>::get()
			.reads_writes(4 * MAX_SETTLE as u64 + 1, 1),
		);
		let weights = run_to(15);
		for weight in &weights {
			assert!(weight.all_lte(bound), "a block used {weight:?}, over {bound:?}");
		}
		let settled_by_block: Vec<usize> = (0..n).map(settled).collect();
		assert_eq!(settled_by_block, vec![1; n as usize], "each settles exactly once");
		assert_eq!(DueCount::<Test>::get(), 0);
		assert!(Auctions::<Test>::iter().next().is_none());
		check();
	});
}

/// Locks `amount` of `who`'s BDES as a vesting schedule does (pallet-vesting's lock).
fn vest(who: AccountId, amount: Balance) {
	use frame_support::traits::{LockableCurrency, WithdrawReasons};
	<Balances as LockableCurrency<AccountId>>::set_lock(
		*b"vesting ",
		&who,
		amount,
		WithdrawReasons::all(),
	);
}

fn auction_of(item: u32, duration: u64) -> AuctionId {
	let id = NextAuctionId::<Test>::get();
	assert_ok!(NftMarket::create_auction(
		RuntimeOrigin::signed(SELLER),
		COLLECTION,
		item,
		terms(100, 10, duration, None)
	));
	id
}

fn deposit_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::AuctionDeposit.into(), &who)
}

#[test]
fn a_vested_account_cannot_bid_its_frozen_funds() {
	new_test_ext().execute_with(|| {
		// All of BOB's BDES but 5,000 vest.
		vest(BOB, INITIAL - 5_000);
		let item = mint_to(SELLER);
		let id = auction_of(item, 5);
		assert_noop!(
			NftMarket::bid(RuntimeOrigin::signed(BOB), id, 9_999),
			Error::<Test>::InsufficientSpendable
		);
		assert_eq!(held_bid(BOB), 0);
		// What is not frozen backs a bid, and it is paid.
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), id, 4_000));
		let (bob, seller) = (Balances::total_balance(&BOB), free(SELLER));
		run_to(6);
		assert_eq!((owner(item), held_bid(BOB)), (Some(BOB), 0));
		assert_eq!(Balances::total_balance(&BOB), bob - 4_000);
		assert_eq!(free(SELLER), seller + 3_920 + AUCTION_DEPOSIT);
		assert_eq!(settled(id), 1);
		check();
	});
}

#[test]
fn a_vested_buyer_cannot_pay_a_sale_with_frozen_funds() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		assert_ok!(NftMarket::list(RuntimeOrigin::signed(SELLER), COLLECTION, item, 1_000));
		vest(BOB, INITIAL - 500);
		assert_noop!(
			NftMarket::buy(RuntimeOrigin::signed(BOB), COLLECTION, item, 1_000),
			Error::<Test>::InsufficientSpendable
		);
		assert!(Sales::<Test>::contains_key(COLLECTION, item));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::SaleDeposit.into(), &SELLER),
			SALE_DEPOSIT
		);
		// Once enough has vested (the lock shrinks), the same buyer buys.
		vest(BOB, INITIAL - 1_001);
		assert_ok!(NftMarket::buy(RuntimeOrigin::signed(BOB), COLLECTION, item, 1_000));
		assert_eq!(owner(item), Some(BOB));
		check();
	});
}

#[test]
fn two_bids_cannot_share_the_same_unfrozen_funds() {
	new_test_ext().execute_with(|| {
		// BOB can spend 1,000 (and the existential deposit); the rest vests.
		vest(BOB, INITIAL - 1_001);
		let (a, b) = (mint_to(SELLER), mint_to(SELLER));
		let (first, second) = (auction_of(a, 5), auction_of(b, 5));
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), first, 1_000));
		// A hold counts against a freeze in pallet-balances, so BOB's reducible balance is
		// still 1,001 here: the same free BDES must not back a second bid.
		assert_eq!(
			Balances::reducible_balance(&BOB, Preservation::Preserve, Fortitude::Polite),
			1_001
		);
		assert_noop!(
			NftMarket::bid(RuntimeOrigin::signed(BOB), second, 1_000),
			Error::<Test>::InsufficientSpendable
		);
		// Nor can BOB raise the first bid out of frozen funds.
		assert_noop!(
			NftMarket::bid(RuntimeOrigin::signed(BOB), first, 1_010),
			Error::<Test>::InsufficientSpendable
		);
		assert_eq!(held_bid(BOB), 1_000);
		// The bid that was taken is paid.
		run_to(6);
		assert_eq!(owner(a), Some(BOB));
		check();
	});
}

#[test]
fn a_winner_who_cannot_pay_does_not_cost_the_seller_the_deposit() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		let other = mint_to(SELLER);
		let id = auction_of(item, 5);
		let healthy = auction_of(other, 5);
		// Half of BOB's BDES vest; the bid comes from the other half.
		vest(BOB, INITIAL / 2);
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), id, 100_000));
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(CAROL), healthy, 100));
		// pallet-balances lets BOB spend the free balance the held bid was covering the
		// vesting lock for: afterwards the bid can no longer leave his account.
		assert_ok!(Balances::transfer_keep_alive(RuntimeOrigin::signed(BOB), DAVE, 499_000));
		let (seller, pool) = (free(SELLER), free(ReservePool::get()));
		run_to(6);
		System::assert_has_event(
			Event::WinnerDefaulted { auction: id, winner: BOB, amount: 100_000 }.into(),
		);
		assert!(!System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::NftMarket(Event::SettlementFailed { .. }))));
		// At the first attempt: the bid goes back, the NFT stays with its seller, unlocked,
		// and the seller's deposit comes back; the reserve pool gains only the other fee.
		assert!(!Auctions::<Test>::contains_key(id));
		assert_eq!((owner(item), held_bid(BOB)), (Some(SELLER), 0));
		assert!(!NftMarket::is_offered(&COLLECTION, &item));
		assert_eq!(free(ReservePool::get()), pool + 2);
		assert_eq!(owner(other), Some(CAROL));
		assert_eq!(deposit_held(SELLER), 0);
		assert_eq!(free(SELLER), seller + 2 * AUCTION_DEPOSIT + 98);
		check();
	});
}

#[test]
fn a_failing_settlement_never_blocks_the_others() {
	new_test_ext().execute_with(|| {
		let items: Vec<u32> = (0..5).map(|_| mint_to(SELLER)).collect();
		let ids: Vec<AuctionId> = items.iter().map(|item| auction_of(*item, 5)).collect();
		// 0: its NFT cannot move (seller side). 1: its winner cannot pay (bidder side).
		// 2: its dividend pool refuses the payment (a receiver side). 3 and 4: healthy.
		assert_ok!(Nfts::lock_item_transfer(RuntimeOrigin::signed(SELLER), COLLECTION, items[0]));
		MockOwnership::set(COLLECTION, items[2], 42, true);
		MockRevenue::refuse(42, true);
		vest(CAROL, INITIAL / 2);
		for (id, who) in ids.iter().zip([BOB, CAROL, DAVE, BOB, DAVE]) {
			assert_ok!(NftMarket::bid(RuntimeOrigin::signed(who), *id, 1_000));
		}
		assert_ok!(Balances::transfer_keep_alive(RuntimeOrigin::signed(CAROL), SELLER, 499_500));
		// Two a block: all five have been tried once by block 8.
		run_to(8);
		assert_eq!((owner(items[3]), owner(items[4])), (Some(BOB), Some(DAVE)));
		assert_eq!((settled(ids[3]), settled(ids[4])), (1, 1));
		// The bidder-side failure is closed; the others wait for a retry, nothing moved.
		assert!(!Auctions::<Test>::contains_key(ids[1]));
		assert_eq!(held_bid(CAROL), 0);
		for i in [0, 2] {
			let auction = Auctions::<Test>::get(ids[i]).unwrap();
			assert!(matches!(auction.status, AuctionStatus::SettlementFailed { .. }));
			assert_eq!(owner(items[i]), Some(SELLER));
			assert!(NftMarket::is_offered(&COLLECTION, &items[i]));
		}
		assert_eq!((held_bid(BOB), held_bid(DAVE)), (1_000, 1_000));
		check();
		// Once the pool takes payments again, anyone settles it.
		MockRevenue::refuse(42, false);
		assert_ok!(NftMarket::settle(RuntimeOrigin::signed(CAROL), ids[2]));
		assert_eq!((owner(items[2]), held_bid(DAVE)), (Some(DAVE), 0));
		// The seller-side failure keeps failing and is abandoned as before.
		run_to(20);
		assert_ok!(NftMarket::abandon(RuntimeOrigin::signed(CAROL), ids[0]));
		assert_eq!((owner(items[0]), held_bid(BOB)), (Some(SELLER), 0));
		check();
	});
}

#[test]
fn a_vested_sellers_stuck_auction_can_still_be_abandoned() {
	new_test_ext().execute_with(|| {
		let item = mint_to(SELLER);
		// All of the seller's BDES vest; holding the deposit does not look at freezes.
		vest(SELLER, INITIAL);
		let id = auction_of(item, 5);
		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(BOB), id, 100));
		assert_ok!(Nfts::lock_item_transfer(RuntimeOrigin::signed(SELLER), COLLECTION, item));
		run_to(6 + RETRY_DELAY);
		let pool = free(ReservePool::get());
		// The bidder's funds must not stay held for ever because the seller's are frozen.
		assert_ok!(NftMarket::abandon(RuntimeOrigin::signed(BOB), id));
		assert_eq!((held_bid(BOB), free(BOB)), (0, INITIAL));
		assert_eq!(free(ReservePool::get()), pool + AUCTION_DEPOSIT);
		assert_eq!(owner(item), Some(SELLER));
		check();
	});
}

mod model {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Op {
		Bid { who: usize, auction: u32, raise: u64 },
		Cancel { auction: u32 },
		Settle { auction: u32 },
		Advance { blocks: u64 },
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			6 => (0..3usize, 0..4u32, 0u64..30).prop_map(|(who, auction, raise)| Op::Bid { who, auction, raise }),
			1 => (0..4u32).prop_map(|auction| Op::Cancel { auction }),
			1 => (0..4u32).prop_map(|auction| Op::Settle { auction }),
			2 => (1u64..4).prop_map(|blocks| Op::Advance { blocks }),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]
		#[test]
		fn holds_equal_highest_bids_and_each_auction_settles_once(ops in prop::collection::vec(op(), 1..50)) {
			new_test_ext().execute_with(|| {
				let bidders = [BOB, CAROL, DAVE];
				let issuance = Balances::total_issuance();
				for i in 0..4u32 {
					let item = mint_to(SELLER);
					assert_ok!(NftMarket::create_auction(
						RuntimeOrigin::signed(SELLER),
						COLLECTION,
						item,
						terms(100, 10, 4 + 3 * i as u64, if i == 3 { Some(200) } else { None })
					));
				}
				for op in ops {
					match op {
						Op::Bid { who, auction, raise } => {
							let minimum = Auctions::<Test>::get(auction)
								.map(|a| a.highest.map(|h| h.amount + a.min_increment).unwrap_or(a.start_price))
								.unwrap_or(100);
							let _ = NftMarket::bid(RuntimeOrigin::signed(bidders[who]), auction, minimum + raise);
						},
						Op::Cancel { auction } => {
							let _ = NftMarket::cancel_auction(RuntimeOrigin::signed(SELLER), auction);
						},
						Op::Settle { auction } => {
							let _ = NftMarket::settle(RuntimeOrigin::signed(DAVE), auction);
						},
						Op::Advance { blocks } => {
							run_to(System::block_number() + blocks);
						},
					}
					assert_ok!(NftMarket::do_try_state());
					for a in 0..4 {
						assert!(settled(a) <= 1, "auction {a} settled twice");
					}
					assert_eq!(Balances::total_issuance(), issuance);
				}
				run_to(System::block_number() + 100);
				assert_ok!(NftMarket::do_try_state());
				let cancelled = |a: u32| System::events().iter().any(|r| matches!(r.event, RuntimeEvent::NftMarket(Event::AuctionCancelled { auction }) if auction == a));
				for a in 0..4 {
					assert_eq!(settled(a) + usize::from(cancelled(a)), 1, "auction {a} ends exactly once");
				}
				for who in bidders {
					assert_eq!(held_bid(who), 0);
				}
			});
		}
	}
}
