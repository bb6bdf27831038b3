//! Tests of the revenue-shares pallet.

use crate::{mock::*, *};
use bdes_primitives::RevenueSink;
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect as _, InspectHold},
		fungibles::{Inspect as _, InspectFreeze},
	},
};
use sp_runtime::{BuildStorage, DispatchError, TokenError};

const NAME: &[u8] = b"Weather shares";
const SYMBOL: &[u8] = b"WTHR";
const SHARE: u32 = SHARE_ID_BASE + ASSET;

fn issue(supply: Balance) {
	assert_ok!(RevenueShares::issue(
		RuntimeOrigin::signed(OWNER),
		ASSET,
		supply,
		NAME.to_vec(),
		SYMBOL.to_vec(),
		2
	));
}

fn shares(who: AccountId) -> Balance {
	Assets::balance(SHARE, who)
}

fn frozen(who: AccountId) -> Balance {
	AssetsFreezer::balance_frozen(SHARE, &FreezeReason::Staked.into(), &who)
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

fn send_shares(from: AccountId, to: AccountId, amount: Balance) {
	assert_ok!(Assets::transfer(RuntimeOrigin::signed(from), SHARE, to, amount));
}

fn pay(amount: Balance) {
	assert_ok!(RevenueShares::contribute(RuntimeOrigin::signed(BUYER), ASSET, amount));
}

fn claim(who: AccountId) -> Balance {
	let before = Balances::balance(&who);
	assert_ok!(RevenueShares::claim(RuntimeOrigin::signed(who), ASSET));
	Balances::balance(&who) - before
}

fn check() {
	RevenueShares::do_try_state().expect("invariants hold");
}

/// Moves on to the block where stakes made now start earning.
fn warm_up() {
	System::set_block_number(RevenueShares::earns_from(System::block_number()));
}

fn warming(who: AccountId) -> Option<(Balance, u64)> {
	Warming::<Test>::get(ASSET, who).map(|w| (w.amount, w.earns_from))
}

fn earning(who: AccountId) -> Balance {
	Stakes::<Test>::get(ASSET, who).map_or(0, |s| s.amount)
}

/// OWNER issues 1000 (510 locked); BOB and CHARLIE get and stake 300 and 190, and wait out
/// the warm-up.
fn three_holders() {
	issue(1000);
	send_shares(OWNER, BOB, 300);
	send_shares(OWNER, CHARLIE, 190);
	assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 300));
	assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(CHARLIE), ASSET, 190));
	warm_up();
}

#[test]
fn issue_mints_the_supply_locks_51_percent_and_takes_deposits() {
	new_test_ext().execute_with(|| {
		let pallet = RevenueShares::account_id();
		let metadata_deposit =
			METADATA_DEPOSIT_BASE + METADATA_DEPOSIT_PER_BYTE * (NAME.len() + SYMBOL.len()) as u64;
		issue(1001);

		// 51% of 1001 is 510.51: rounded up, never below 51%.
		let locked = 511;
		assert_eq!(Assets::total_issuance(SHARE), 1001);
		assert_eq!(shares(OWNER), 1001);
		assert_eq!(frozen(OWNER), locked);
		let metadata = pallet_assets::Metadata::<Test>::get(SHARE);
		assert_eq!(
			(&metadata.name[..], &metadata.symbol[..], metadata.decimals),
			(NAME, SYMBOL, 2)
		);
		assert_eq!(pallet_assets::Asset::<Test>::get(SHARE).unwrap().owner, pallet);
		assert_eq!(Balances::reserved_balance(pallet), metadata_deposit);
		assert_eq!(held(HoldReason::Deposit, OWNER), CLASS_DEPOSIT + STAKE_DEPOSIT);
		assert_eq!(
			Balances::balance(&OWNER),
			INITIAL - CLASS_DEPOSIT - STAKE_DEPOSIT - metadata_deposit
		);
		let class = Classes::<Test>::get(ASSET).unwrap();
		assert_eq!((class.locked, class.total_staked, class.lock_holder), (locked, locked, OWNER));
		System::assert_last_event(
			Event::Issued { asset: ASSET, share_asset: SHARE, owner: OWNER, supply: 1001, locked }
				.into(),
		);
		check();
	});
}

#[test]
fn issue_refuses_every_bad_input() {
	new_test_ext().execute_with(|| {
		let call = |who, asset, supply, name: &[u8], symbol: &[u8], decimals| {
			RevenueShares::issue(
				RuntimeOrigin::signed(who),
				asset,
				supply,
				name.to_vec(),
				symbol.to_vec(),
				decimals,
			)
		};
		assert_noop!(call(OWNER, 99, 1000, NAME, SYMBOL, 2), Error::<Test>::UnknownAsset);
		assert_noop!(call(BOB, ASSET, 1000, NAME, SYMBOL, 2), Error::<Test>::NotOwner);
		MockDataAssets::set(8, OWNER, false);
		assert_noop!(call(OWNER, 8, 1000, NAME, SYMBOL, 2), Error::<Test>::NotListed);
		assert_noop!(
			call(OWNER, ASSET, MIN_SUPPLY - 1, NAME, SYMBOL, 2),
			Error::<Test>::SupplyTooLow
		);
		assert_noop!(call(OWNER, ASSET, 1000, b"", SYMBOL, 2), Error::<Test>::EmptyName);
		assert_noop!(call(OWNER, ASSET, 1000, NAME, b"", 2), Error::<Test>::EmptyName);
		assert_noop!(call(OWNER, ASSET, 1000, &[b'n'; 17], SYMBOL, 2), Error::<Test>::NameTooLong);
		assert_noop!(call(OWNER, ASSET, 1000, NAME, SYMBOL, 19), Error::<Test>::TooManyDecimals);
		MockDataAssets::set(u32::MAX, OWNER, true);
		assert_noop!(call(OWNER, u32::MAX, 1000, NAME, SYMBOL, 2), Error::<Test>::NoShareAssetId);
		// Somebody created the share token's id through the assets pallet first.
		assert_ok!(Assets::create(RuntimeOrigin::signed(BOB), SHARE, BOB, 1));
		assert_noop!(call(OWNER, ASSET, 1000, NAME, SYMBOL, 2), Error::<Test>::ShareAssetIdTaken);

		MockDataAssets::set(9, OWNER, true);
		assert_ok!(call(OWNER, 9, 1000, NAME, SYMBOL, 2));
		assert_noop!(call(OWNER, 9, 1000, NAME, SYMBOL, 2), Error::<Test>::AlreadyIssued);
		check();
	});
}

#[test]
fn the_owner_cannot_move_or_unstake_the_locked_shares() {
	new_test_ext().execute_with(|| {
		issue(1000);
		// 490 are free to move, the 510 locked are not.
		send_shares(OWNER, BOB, 490);
		assert_noop!(
			Assets::transfer(RuntimeOrigin::signed(OWNER), SHARE, BOB, 1),
			pallet_assets::Error::<Test>::BalanceLow
		);
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(OWNER), ASSET, 1),
			Error::<Test>::BelowLock
		);
		assert_eq!(shares(OWNER), 510);
		// Above the lock the owner stakes and unstakes like anyone.
		send_shares(BOB, OWNER, 10);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(OWNER), ASSET, 10));
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(OWNER), ASSET, 10));
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(OWNER), ASSET, 1),
			Error::<Test>::BelowLock
		);
		check();
	});
}

#[test]
fn dividends_are_paid_pro_rata_to_staked_shares() {
	new_test_ext().execute_with(|| {
		three_holders();
		let buyer = Balances::balance(&BUYER);
		pay(1000);
		assert_eq!(Balances::balance(&BUYER), buyer - 1000);
		assert_eq!(held(HoldReason::Dividends, RevenueShares::account_id()), 1000);
		System::assert_last_event(
			Event::RevenueReceived { asset: ASSET, from: BUYER, amount: 1000 }.into(),
		);
		check();

		assert_eq!(RevenueShares::claimable(ASSET, &OWNER), 510);
		assert_eq!(claim(OWNER), 510);
		System::assert_last_event(Event::Claimed { asset: ASSET, who: OWNER, amount: 510 }.into());
		assert_eq!(claim(BOB), 300);
		assert_eq!(claim(CHARLIE), 190);
		assert_eq!(held(HoldReason::Dividends, RevenueShares::account_id()), 0);
		check();

		// Nothing twice.
		assert_noop!(
			RevenueShares::claim(RuntimeOrigin::signed(BOB), ASSET),
			Error::<Test>::NothingToClaim
		);
		// A second revenue, claimed later, adds up.
		pay(2000);
		pay(1000);
		assert_eq!(claim(BOB), 900);
		check();
	});
}

#[test]
fn unstaked_shares_earn_nothing_and_late_stakes_get_no_past_revenue() {
	new_test_ext().execute_with(|| {
		issue(1000);
		send_shares(OWNER, BOB, 490);
		pay(510);
		// Only the owner's 510 are staked: all of it is theirs.
		assert_eq!(RevenueShares::claimable(ASSET, &OWNER), 510);
		assert_eq!(RevenueShares::claimable(ASSET, &BOB), 0);
		assert_noop!(
			RevenueShares::claim(RuntimeOrigin::signed(BOB), ASSET),
			Error::<Test>::NothingToClaim
		);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 490));
		assert_eq!(RevenueShares::claimable(ASSET, &BOB), 0);
		warm_up();
		pay(1000);
		assert_eq!(claim(BOB), 490);
		assert_eq!(claim(OWNER), 1020);
		check();
	});
}

#[test]
fn moving_shares_between_accounts_gains_nothing() {
	new_test_ext().execute_with(|| {
		three_holders();
		pay(1000);
		// BOB cannot move staked shares...
		assert_noop!(
			Assets::transfer(RuntimeOrigin::signed(BOB), SHARE, DAVE, 1),
			pallet_assets::Error::<Test>::BalanceLow
		);
		// ...so unstakes (keeping what he earned), moves them to DAVE, who stakes them.
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 300));
		send_shares(BOB, DAVE, 300);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(DAVE), ASSET, 300));
		assert_eq!(RevenueShares::claimable(ASSET, &DAVE), 0);
		assert_eq!(RevenueShares::claimable(ASSET, &BOB), 300);
		// Back and forth again: still 300 for the pair, and the next revenue pays DAVE.
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(DAVE), ASSET, 300));
		send_shares(DAVE, BOB, 300);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 300));
		assert_eq!(RevenueShares::claimable(ASSET, &BOB), 300);
		warm_up();
		pay(100);
		assert_eq!(claim(BOB), 330);
		assert_noop!(
			RevenueShares::claim(RuntimeOrigin::signed(DAVE), ASSET),
			Error::<Test>::NothingToClaim
		);
		check();
	});
}

#[test]
fn dust_is_carried_not_lost() {
	new_test_ext().execute_with(|| {
		issue(1000);
		// 490 to BOB, 3 of them staked: 513 staked in all.
		send_shares(OWNER, BOB, 490);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 3));
		warm_up();
		for _ in 0..1000 {
			pay(1);
		}
		// 1000 × 510/513 = 994.15 and 1000 × 3/513 = 5.85: rounded down, the rest stays held.
		assert_eq!(claim(OWNER), 994);
		assert_eq!(claim(BOB), 5);
		let class = Classes::<Test>::get(ASSET).unwrap();
		assert_eq!(class.revenue - class.claimed, 1);
		assert_eq!(held(HoldReason::Dividends, RevenueShares::account_id()), 1);
		check();
		// The fractions are carried per holder: after 513 more, each has exactly 1513 × its
		// share rounded down once (1504.15 and 8.85), not a rounding loss per settlement.
		pay(513);
		assert_eq!(claim(OWNER), 1504 - 994);
		assert_eq!(claim(BOB), 8 - 5);
		assert_eq!(held(HoldReason::Dividends, RevenueShares::account_id()), 1);
		check();
		// A record that goes leaves its fraction (BOB's 0.85) to the class's carry, paid out
		// with the next revenue instead of being lost; the pool still equals what is claimable
		// plus the carry.
		let carry = Classes::<Test>::get(ASSET).unwrap().carry;
		let fraction = Stakes::<Test>::get(ASSET, BOB).unwrap().remainder;
		assert!(fraction > 0);
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 3));
		assert!(Stakes::<Test>::get(ASSET, BOB).is_none());
		check();
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().carry, carry + fraction);
	});
}

#[test]
fn stake_records_hold_a_deposit_released_when_empty() {
	new_test_ext().execute_with(|| {
		issue(1000);
		send_shares(OWNER, BOB, 100);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 60));
		assert_eq!(held(HoldReason::Deposit, BOB), STAKE_DEPOSIT);
		assert_eq!(frozen(BOB), 60);
		System::assert_last_event(
			Event::Staked { asset: ASSET, who: BOB, amount: 60, earns_from: 20 }.into(),
		);
		warm_up();
		pay(570);
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 60));
		System::assert_last_event(Event::Unstaked { asset: ASSET, who: BOB, amount: 60 }.into());
		assert_eq!(frozen(BOB), 0);
		// Unclaimed dividends keep the record.
		assert_eq!(held(HoldReason::Deposit, BOB), STAKE_DEPOSIT);
		// The claim empties the record: dividends and deposit come back together.
		assert_eq!(claim(BOB), 60 + STAKE_DEPOSIT);
		assert_eq!(held(HoldReason::Deposit, BOB), 0);
		assert!(Stakes::<Test>::get(ASSET, BOB).is_none());
		check();
	});
}

#[test]
fn stake_and_unstake_refuse_bad_amounts() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 1),
			Error::<Test>::NoShares
		);
		issue(1000);
		send_shares(OWNER, BOB, 100);
		assert_noop!(
			RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 101),
			Error::<Test>::InsufficientShares
		);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 100));
		// Staked shares cannot be staked twice.
		assert_noop!(
			RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 1),
			Error::<Test>::InsufficientShares
		);
		// The owner's locked 510 are staked already; 390 more are free.
		assert_noop!(
			RevenueShares::stake(RuntimeOrigin::signed(OWNER), ASSET, 391),
			Error::<Test>::InsufficientShares
		);
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 101),
			Error::<Test>::InsufficientStake
		);
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(CHARLIE), ASSET, 1),
			Error::<Test>::InsufficientStake
		);
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 0),
			Error::<Test>::ZeroAmount
		);
		check();
	});
}

#[test]
fn revenue_needs_a_share_class() {
	new_test_ext().execute_with(|| {
		assert!(!<RevenueShares as RevenueSink<_, _>>::accepts(ASSET));
		assert_noop!(
			<RevenueShares as RevenueSink<_, _>>::pay(ASSET, &BUYER, 10),
			Error::<Test>::NoShares
		);
		assert_noop!(
			RevenueShares::contribute(RuntimeOrigin::signed(BUYER), ASSET, 10),
			Error::<Test>::NoShares
		);
		issue(1000);
		assert!(<RevenueShares as RevenueSink<_, _>>::accepts(ASSET));
		assert_noop!(
			RevenueShares::contribute(RuntimeOrigin::signed(BUYER), ASSET, 0),
			Error::<Test>::ZeroAmount
		);
		// More than the payer can spend while staying alive.
		assert_noop!(
			RevenueShares::contribute(RuntimeOrigin::signed(BUYER), ASSET, INITIAL),
			TokenError::FundsUnavailable
		);
		assert_ok!(<RevenueShares as RevenueSink<_, _>>::pay(ASSET, &BUYER, 510));
		assert_eq!(RevenueShares::claimable(ASSET, &OWNER), 510);
		check();
	});
}

#[test]
fn a_new_owner_takes_over_the_lock_and_the_old_keeps_its_earnings() {
	new_test_ext().execute_with(|| {
		three_holders();
		pay(1000);
		assert_noop!(
			RevenueShares::take_over_lock(RuntimeOrigin::signed(BOB), ASSET),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			RevenueShares::take_over_lock(RuntimeOrigin::signed(OWNER), ASSET),
			Error::<Test>::AlreadyLockHolder
		);
		// The ownership NFT goes to DAVE.
		MockDataAssets::set(ASSET, DAVE, true);
		assert_ok!(RevenueShares::take_over_lock(RuntimeOrigin::signed(DAVE), ASSET));
		System::assert_last_event(
			Event::LockTakenOver { asset: ASSET, from: OWNER, to: DAVE, amount: 510 }.into(),
		);
		assert_eq!((shares(OWNER), frozen(OWNER)), (0, 0));
		assert_eq!((shares(DAVE), frozen(DAVE)), (510, 510));
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().lock_holder, DAVE);
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(DAVE), ASSET, 1),
			Error::<Test>::BelowLock
		);
		// OWNER's earnings before the move stay OWNER's; DAVE earns from now on.
		pay(1000);
		// OWNER has no stake left: the claim also returns the record's deposit.
		assert_eq!(claim(OWNER), 510 + STAKE_DEPOSIT);
		assert!(Stakes::<Test>::get(ASSET, OWNER).is_none());
		assert_eq!(claim(DAVE), 510);
		assert_eq!(claim(BOB), 600);
		check();
	});
}

#[test]
fn nobody_can_claim_without_a_stake() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			RevenueShares::claim(RuntimeOrigin::signed(BOB), ASSET),
			Error::<Test>::NoShares
		);
		issue(1000);
		pay(100);
		assert_noop!(
			RevenueShares::claim(RuntimeOrigin::signed(BOB), ASSET),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(RevenueShares::claim(RuntimeOrigin::none(), ASSET), DispatchError::BadOrigin);
	});
}

#[test]
fn staking_just_before_a_known_dividend_earns_nothing_from_it() {
	new_test_ext().execute_with(|| {
		// Long-term stakers: the owner's 510 and BOB's 300, staked at block 1.
		issue(1000);
		send_shares(OWNER, BOB, 300);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 300));
		send_shares(OWNER, CHARLIE, 190);
		System::set_block_number(100);
		// Everyone knows the dividend lands at block 200 (an auction's end): CHARLIE stakes at
		// 199 and unstakes at 201.
		System::set_block_number(199);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(CHARLIE), ASSET, 190));
		System::set_block_number(200);
		pay(1000);
		System::set_block_number(201);
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(CHARLIE), ASSET, 190));
		assert_eq!(RevenueShares::claimable(ASSET, &CHARLIE), 0);
		assert_noop!(
			RevenueShares::claim(RuntimeOrigin::signed(CHARLIE), ASSET),
			Error::<Test>::NothingToClaim
		);
		// The long-term stakers keep all of it: 1000 × 510/810 and 1000 × 300/810.
		assert_eq!(claim(OWNER), 629);
		assert_eq!(claim(BOB), 370);
		assert_eq!((frozen(CHARLIE), shares(CHARLIE)), (0, 190));
		check();
		// Staked WarmUp blocks ahead of the dividend, CHARLIE would have earned it.
		System::set_block_number(285);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(CHARLIE), ASSET, 190));
		System::assert_last_event(
			Event::Staked { asset: ASSET, who: CHARLIE, amount: 190, earns_from: 300 }.into(),
		);
		System::set_block_number(300);
		pay(1000);
		assert_eq!(claim(CHARLIE), 190);
		check();
	});
}

#[test]
fn a_stake_earns_from_the_end_of_its_warm_up() {
	new_test_ext().execute_with(|| {
		issue(1000);
		send_shares(OWNER, BOB, 300);
		System::set_block_number(5);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 300));
		// Frozen at once, earning from block 20 (the first multiple of 10 at least 10 away).
		System::assert_last_event(
			Event::Staked { asset: ASSET, who: BOB, amount: 300, earns_from: 20 }.into(),
		);
		assert_eq!((frozen(BOB), earning(BOB), warming(BOB)), (300, 0, Some((300, 20))));
		assert_eq!(
			WarmingTotals::<Test>::get(ASSET).into_inner(),
			vec![WarmingShares { earns_from: 20, amount: 300, stakes: 1 }]
		);
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, 510);
		assert_noop!(
			Assets::transfer(RuntimeOrigin::signed(BOB), SHARE, DAVE, 1),
			pallet_assets::Error::<Test>::BalanceLow
		);
		check();
		// Revenue during the warm-up is the earning stakes' alone.
		System::set_block_number(19);
		pay(510);
		assert_eq!(RevenueShares::claimable(ASSET, &OWNER), 510);
		assert_eq!(RevenueShares::claimable(ASSET, &BOB), 0);
		check();
		// From block 20 BOB's shares earn; the class activates them with its next revenue.
		System::set_block_number(20);
		check();
		pay(810);
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, 810);
		assert!(WarmingTotals::<Test>::get(ASSET).is_empty());
		let acc = Activations::<Test>::get(ASSET, 20).unwrap();
		assert_eq!(acc.stakes, 1);
		assert_eq!(RevenueShares::claimable(ASSET, &BOB), 300);
		assert_eq!(RevenueShares::claimable(ASSET, &OWNER), 1020);
		check();
		// BOB's next call reads the activation: his stake earns like any other, and the record
		// of the activation goes.
		assert_eq!(claim(BOB), 300);
		assert_eq!((earning(BOB), warming(BOB)), (300, None));
		assert!(Activations::<Test>::get(ASSET, 20).is_none());
		pay(81);
		assert_eq!(claim(BOB), 30);
		assert_eq!(claim(OWNER), 1020 + 51);
		check();
	});
}

#[test]
fn warming_shares_leave_first_and_wait_with_new_ones() {
	new_test_ext().execute_with(|| {
		issue(1000);
		send_shares(OWNER, BOB, 490);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 300));
		System::set_block_number(25);
		// BOB's 300 have earned since block 20; 100 more wait until 40.
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 100));
		assert_eq!((earning(BOB), warming(BOB)), (300, Some((100, 40))));
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, 810);
		check();
		// Staking again in the next period: the waiting 100 wait with the new 50, until 50.
		System::set_block_number(33);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 50));
		assert_eq!(warming(BOB), Some((150, 50)));
		assert_eq!(
			WarmingTotals::<Test>::get(ASSET).into_inner(),
			vec![WarmingShares { earns_from: 50, amount: 150, stakes: 1 }]
		);
		check();
		// Unstaking takes the warming shares first, then earning ones.
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 120));
		assert_eq!((earning(BOB), warming(BOB), frozen(BOB)), (300, Some((30, 50)), 330));
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 100));
		assert_eq!((earning(BOB), warming(BOB), frozen(BOB)), (230, None, 230));
		assert!(WarmingTotals::<Test>::get(ASSET).is_empty());
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, 740);
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 231),
			Error::<Test>::InsufficientStake
		);
		System::assert_last_event(Event::Unstaked { asset: ASSET, who: BOB, amount: 100 }.into());
		check();
	});
}

#[test]
fn holders_warming_up_together_share_at_most_two_buckets() {
	new_test_ext().execute_with(|| {
		issue(1000);
		for who in [BOB, CHARLIE, DAVE] {
			send_shares(OWNER, who, 100);
		}
		// Blocks 12 and 18 wait for 30; block 21 for 40.
		System::set_block_number(12);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 10));
		System::set_block_number(18);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(CHARLIE), ASSET, 20));
		System::set_block_number(21);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(DAVE), ASSET, 40));
		assert_eq!(
			WarmingTotals::<Test>::get(ASSET).into_inner(),
			vec![
				WarmingShares { earns_from: 30, amount: 30, stakes: 2 },
				WarmingShares { earns_from: 40, amount: 40, stakes: 1 },
			]
		);
		check();
		// Long after both: one revenue activates the two buckets, each holder earns its part.
		System::set_block_number(95);
		pay(580);
		assert!(WarmingTotals::<Test>::get(ASSET).is_empty());
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, 580);
		assert_eq!(
			[BOB, CHARLIE, DAVE].map(|who| RevenueShares::claimable(ASSET, &who)),
			[10, 20, 40]
		);
		check();
		assert_eq!(claim(CHARLIE), 20);
		assert_eq!(Activations::<Test>::get(ASSET, 30).unwrap().stakes, 1);
		assert_eq!(claim(BOB), 10);
		assert!(Activations::<Test>::get(ASSET, 30).is_none());
		check();
	});
}

#[test]
fn taking_over_the_lock_leaves_warming_shares_warming() {
	new_test_ext().execute_with(|| {
		issue(1000);
		send_shares(OWNER, DAVE, 100);
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(DAVE), ASSET, 100));
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(OWNER), ASSET, 50));
		MockDataAssets::set(ASSET, DAVE, true);
		assert_ok!(RevenueShares::take_over_lock(RuntimeOrigin::signed(DAVE), ASSET));
		// The locked 510 earn on with DAVE; both holders' extra shares still warm up.
		assert_eq!((earning(DAVE), warming(DAVE), frozen(DAVE)), (510, Some((100, 20)), 610));
		assert_eq!((earning(OWNER), warming(OWNER), frozen(OWNER)), (0, Some((50, 20)), 50));
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, 510);
		check();
		pay(510);
		assert_eq!(RevenueShares::claimable(ASSET, &DAVE), 510);
		warm_up();
		pay(660);
		assert_eq!(RevenueShares::claimable(ASSET, &DAVE), 510 + 610);
		assert_eq!(claim(OWNER), 50);
		check();
	});
}

fn set_warm_up(blocks: u64) -> sp_runtime::DispatchResult {
	RevenueShares::set_warm_up(RuntimeOrigin::root(), blocks)
}

fn buckets() -> Vec<(u64, Balance)> {
	WarmingTotals::<Test>::get(ASSET)
		.iter()
		.map(|b| (b.earns_from, b.amount))
		.collect()
}

fn stake(who: AccountId, amount: Balance) {
	assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(who), ASSET, amount));
}

#[test]
fn set_warm_up_needs_the_origin_and_a_period_in_range() {
	new_test_ext().execute_with(|| {
		assert_eq!(WarmUpPeriod::<Test>::get(), WARM_UP);
		assert_noop!(
			RevenueShares::set_warm_up(RuntimeOrigin::signed(OWNER), 2),
			DispatchError::BadOrigin
		);
		assert_noop!(set_warm_up(0), Error::<Test>::ZeroWarmUp);
		assert_noop!(set_warm_up(MAX_WARM_UP + 1), Error::<Test>::WarmUpTooLong);
		assert_noop!(set_warm_up(WARM_UP), Error::<Test>::WarmUpUnchanged);
		System::set_block_number(6);
		assert_ok!(set_warm_up(MAX_WARM_UP));
		// Stakes made up to block 6 under the old period earn by block 20.
		System::assert_last_event(
			Event::WarmUpSet { blocks: MAX_WARM_UP, previous: WARM_UP, next_change: 20 }.into(),
		);
		assert_eq!(WarmUpPeriod::<Test>::get(), MAX_WARM_UP);
		assert_eq!(NextWarmUpChange::<Test>::get(), Some(20));
		check();
	});
}

#[test]
fn the_period_changes_again_only_once_the_old_periods_stakes_earn() {
	new_test_ext().execute_with(|| {
		System::set_block_number(6);
		assert_ok!(set_warm_up(2));
		assert_eq!(NextWarmUpChange::<Test>::get(), Some(20));
		System::set_block_number(19);
		assert_noop!(set_warm_up(3), Error::<Test>::WarmUpChangeTooSoon);
		// The range is checked first, whatever the time.
		assert_noop!(set_warm_up(0), Error::<Test>::ZeroWarmUp);
		System::set_block_number(20);
		assert_ok!(set_warm_up(3));
		// Under a period of 2, block 20's stakes earn from 22.
		System::assert_last_event(
			Event::WarmUpSet { blocks: 3, previous: 2, next_change: 22 }.into(),
		);
		check();
	});
}

#[test]
fn a_shorter_period_applies_to_new_stakes_and_warming_shares_keep_their_block() {
	new_test_ext().execute_with(|| {
		issue(1000);
		for (who, amount) in [(BOB, 300), (CHARLIE, 100), (DAVE, 90)] {
			send_shares(OWNER, who, amount);
		}
		// Under the default period of 10, BOB's and DAVE's stakes of block 5 earn from 20.
		System::set_block_number(5);
		stake(BOB, 300);
		stake(DAVE, 80);
		System::set_block_number(6);
		assert_ok!(set_warm_up(2));
		// CHARLIE's stake of block 6 earns from 8; BOB's shares still wait for 20.
		stake(CHARLIE, 100);
		System::assert_last_event(
			Event::Staked { asset: ASSET, who: CHARLIE, amount: 100, earns_from: 8 }.into(),
		);
		assert_eq!((warming(BOB), warming(CHARLIE)), (Some((300, 20)), Some((100, 8))));
		assert_eq!(buckets(), vec![(8, 100), (20, 380)]);
		check();
		// DAVE stakes again at block 7: as always his warming shares wait with the new ones,
		// now under the new period, until 10 (they have warmed up since block 5).
		System::set_block_number(7);
		stake(DAVE, 10);
		assert_eq!(warming(DAVE), Some((90, 10)));
		assert_eq!(buckets(), vec![(8, 100), (10, 90), (20, 300)]);
		check();
		// At block 8 CHARLIE's shares earn, BOB's and DAVE's do not.
		System::set_block_number(8);
		pay(610);
		assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, 610);
		assert_eq!(
			[OWNER, BOB, CHARLIE, DAVE].map(|who| RevenueShares::claimable(ASSET, &who)),
			[510, 0, 100, 0]
		);
		check();
		System::set_block_number(19);
		pay(700);
		assert_eq!(
			[OWNER, BOB, CHARLIE, DAVE].map(|who| RevenueShares::claimable(ASSET, &who)),
			[510 + 510, 0, 100 + 100, 90]
		);
		check();
		// From block 20 BOB's earn too.
		System::set_block_number(20);
		pay(1000);
		assert_eq!(claim(BOB), 300);
		assert_eq!(claim(DAVE), 90 + 90);
		assert_eq!(claim(CHARLIE), 300);
		assert_eq!(claim(OWNER), 1530);
		assert!(WarmingTotals::<Test>::get(ASSET).is_empty());
		check();
	});
}

#[test]
fn a_longer_period_applies_to_new_stakes_only() {
	new_test_ext().execute_with(|| {
		issue(1000);
		send_shares(OWNER, BOB, 300);
		send_shares(OWNER, CHARLIE, 190);
		System::set_block_number(5);
		stake(BOB, 300);
		assert_ok!(set_warm_up(50));
		// CHARLIE's stake of block 5 earns from the first multiple of 50 at least 50 away;
		// BOB's, made before the change in the same block, still from 20.
		stake(CHARLIE, 190);
		assert_eq!((warming(BOB), warming(CHARLIE)), (Some((300, 20)), Some((190, 100))));
		assert_eq!(NextWarmUpChange::<Test>::get(), Some(20));
		System::set_block_number(99);
		pay(810);
		assert_eq!(RevenueShares::claimable(ASSET, &BOB), 300);
		assert_eq!(RevenueShares::claimable(ASSET, &CHARLIE), 0);
		check();
		System::set_block_number(100);
		pay(1000);
		assert_eq!(claim(CHARLIE), 190);
		check();
	});
}

#[test]
fn a_shorter_period_can_make_a_third_bucket() {
	new_test_ext().execute_with(|| {
		issue(1000);
		for who in [BOB, CHARLIE, DAVE] {
			send_shares(OWNER, who, 100);
		}
		// Period 10: BOB's stake of block 15 earns from 30.
		System::set_block_number(15);
		stake(BOB, 10);
		assert_ok!(set_warm_up(4));
		// Period 4: block 25 earns from 32, block 29 from 36, while 30 still waits.
		System::set_block_number(25);
		stake(CHARLIE, 20);
		System::set_block_number(29);
		stake(DAVE, 40);
		assert_eq!(buckets(), vec![(30, 10), (32, 20), (36, 40)]);
		check();
		System::set_block_number(36);
		pay(580);
		assert_eq!([BOB, CHARLIE, DAVE].map(claim), [10, 20, 40]);
		check();
	});
}

#[test]
fn a_change_of_period_keeps_a_class_in_at_most_four_buckets() {
	new_test_ext().execute_with(|| {
		// The chain started with a period of 4 (as genesis would set it).
		WarmUpPeriod::<Test>::put(4);
		issue(1000);
		for who in [BOB, CHARLIE, DAVE] {
			send_shares(OWNER, who, 100);
		}
		// Period 4: block 5 earns from 12, block 9 from 16.
		System::set_block_number(5);
		stake(BOB, 10);
		System::set_block_number(9);
		stake(CHARLIE, 20);
		assert_ok!(set_warm_up(10));
		// Period 10: block 9 earns from 20, block 11 from 30, while 12 and 16 still wait.
		stake(DAVE, 40);
		System::set_block_number(11);
		stake(OWNER, 80);
		assert_eq!(buckets(), vec![(12, 10), (16, 20), (20, 40), (30, 80)]);
		check();
		// A third period would add more buckets beside these: refused until the old period's
		// are due.
		assert_noop!(set_warm_up(20), Error::<Test>::WarmUpChangeTooSoon);
		System::set_block_number(15);
		assert_noop!(set_warm_up(20), Error::<Test>::WarmUpChangeTooSoon);
		System::set_block_number(16);
		assert_ok!(set_warm_up(20));
		// The old period's buckets are due and go at the next call; block 16 under period 20
		// earns from 40.
		send_shares(OWNER, BOB, 5);
		stake(BOB, 5);
		assert_eq!(buckets(), vec![(20, 40), (30, 80), (40, 5)]);
		check();
		System::set_block_number(40);
		pay(665);
		assert_eq!([BOB, CHARLIE, DAVE].map(claim), [15, 20, 40]);
		assert_eq!(claim(OWNER), 510 + 80);
		check();
	});
}

#[test]
fn genesis_sets_the_warm_up() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { warm_up: 2 }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(WarmUpPeriod::<Test>::get(), 2);
		// A stake earns within three blocks: from the first even block at least two later.
		assert_eq!([1, 2, 3, 4].map(RevenueShares::earns_from), [4, 4, 6, 6]);
		check();
	});
	assert_eq!(crate::GenesisConfig::<Test>::default().warm_up, WARM_UP);
}

#[test]
#[should_panic(expected = "the genesis warm-up must be from 1 to MaxWarmUp blocks")]
fn genesis_refuses_a_zero_warm_up() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let _ = crate::GenesisConfig::<Test> { warm_up: 0 }.assimilate_storage(&mut storage);
}

#[test]
#[should_panic(expected = "the genesis warm-up must be from 1 to MaxWarmUp blocks")]
fn genesis_refuses_a_warm_up_above_the_maximum() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let _ =
		crate::GenesisConfig::<Test> { warm_up: MAX_WARM_UP + 1 }.assimilate_storage(&mut storage);
}

mod properties {
	//! Random sequences of stakes, unstakes, transfers, revenues, claims, changes of the
	//! warm-up period and the passing of blocks, checked against an exact model (with warm-ups)
	//! after every step.
	use super::*;
	use proptest::prelude::*;

	const HOLDERS: [AccountId; 4] = [OWNER, BOB, CHARLIE, DAVE];

	#[derive(Debug, Clone)]
	enum Op {
		Stake(usize, Balance),
		Unstake(usize, Balance),
		UnstakeAll(usize),
		Transfer(usize, usize, Balance),
		Revenue(Balance),
		Claim(usize),
		Advance(u64),
		SetWarmUp(u64),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0..4usize, 1..400u64).prop_map(|(h, a)| Op::Stake(h, a)),
			(0..4usize, 1..400u64).prop_map(|(h, a)| Op::Unstake(h, a)),
			(0..4usize).prop_map(Op::UnstakeAll),
			(0..4usize, 0..4usize, 1..400u64).prop_map(|(f, t, a)| Op::Transfer(f, t, a)),
			(1..5000u64).prop_map(Op::Revenue),
			(0..4usize).prop_map(Op::Claim),
			(1..15u64).prop_map(Op::Advance),
			(1..30u64).prop_map(Op::SetWarmUp),
		]
	}

	/// The model's warm-up: earning from the first multiple of the period at least that many
	/// blocks after the stake.
	fn model_earns_from(now: u64, period: u64) -> u64 {
		now.div_ceil(period) * period + period
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
		#[test]
		fn dividends_follow_the_exact_pro_rata_model(ops in prop::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				issue(1000);
				// Exact entitlement (rational, as f64 over small integers) and payouts per holder.
				let mut entitled = [0f64; 4];
				let mut paid = [0u64; 4];
				let mut revenue = 0u64;
				// The model's earning shares, and shares warming up with their first block.
				let mut earning_m = [510u64, 0, 0, 0];
				let mut warming_m: [Option<(u64, u64)>; 4] = [None; 4];
				// The model's period, and the block from which it may change again.
				let mut period_m = WARM_UP;
				let mut next_change_m = 0u64;
				for op in ops {
					let now = System::block_number();
					for h in 0..4 {
						if let Some((amount, from)) = warming_m[h] {
							if from <= now {
								earning_m[h] += amount;
								warming_m[h] = None;
							}
						}
					}
					let op = match op {
						// Everything staked, so records empty and go.
						Op::UnstakeAll(h) => Op::Unstake(h, frozen(HOLDERS[h]).max(1)),
						op => op,
					};
					match op {
						Op::Stake(h, a) => {
							// Only a lack of free shares may refuse a stake (never a full bucket list).
							let free = shares(HOLDERS[h]) - frozen(HOLDERS[h]);
							let result = RevenueShares::stake(RuntimeOrigin::signed(HOLDERS[h]), ASSET, a);
							assert_eq!(result.is_ok(), a <= free, "stake {a} of {free} free: {result:?}");
							if result.is_ok() {
								let waiting = warming_m[h].map_or(0, |(w, _)| w) + a;
								warming_m[h] = Some((waiting, model_earns_from(now, period_m)));
							}
						},
						Op::Unstake(h, a) => {
							match RevenueShares::unstake(RuntimeOrigin::signed(HOLDERS[h]), ASSET, a) {
								Ok(_) => {
									let waiting = warming_m[h].map_or(0, |(w, _)| w);
									let taken = waiting.min(a);
									warming_m[h] = warming_m[h]
										.map(|(w, from)| (w - taken, from))
										.filter(|(w, _)| *w > 0);
									earning_m[h] -= a - taken;
								},
								Err(e) => assert!(
									e == Error::<Test>::InsufficientStake.into() || e == Error::<Test>::BelowLock.into(),
									"unstake: {e:?}"
								),
							}
						},
						Op::Transfer(f, t, a) => {
							let _ = Assets::transfer(RuntimeOrigin::signed(HOLDERS[f]), SHARE, HOLDERS[t], a);
						},
						Op::Revenue(r) => {
							let total: u64 = earning_m.iter().sum();
							for i in 0..4 {
								entitled[i] += r as f64 * earning_m[i] as f64 / total as f64;
							}
							pay(r);
							revenue += r;
							assert_eq!(Classes::<Test>::get(ASSET).unwrap().total_staked, total);
						},
						Op::Claim(h) => {
							// The pool's payout, not the balance (an emptied record returns its deposit).
							let before = Classes::<Test>::get(ASSET).unwrap().claimed;
							match RevenueShares::claim(RuntimeOrigin::signed(HOLDERS[h]), ASSET) {
								Ok(_) => paid[h] += Classes::<Test>::get(ASSET).unwrap().claimed - before,
								Err(e) => assert_eq!(e, Error::<Test>::NothingToClaim.into(), "claim"),
							}
						},
						Op::Advance(blocks) => System::set_block_number(now + blocks),
						Op::SetWarmUp(blocks) => {
							let allowed = blocks != period_m && now >= next_change_m;
							assert_eq!(set_warm_up(blocks).is_ok(), allowed, "set_warm_up({blocks}) at {now}");
							if allowed {
								next_change_m = model_earns_from(now, period_m);
								period_m = blocks;
							}
						},
						Op::UnstakeAll(_) => unreachable!("mapped to an unstake"),
					}
					RevenueShares::do_try_state().expect("invariants hold after every step");
					assert!(WarmingTotals::<Test>::get(ASSET).len() <= 4);
					for h in 0..4 {
						let staked = earning_m[h] + warming_m[h].map_or(0, |(w, _)| w);
						assert_eq!(frozen(HOLDERS[h]), staked, "holder {h}");
					}
					// The owner's lock never moves.
					assert!(frozen(OWNER) >= 510);
				}
				for (i, who) in HOLDERS.iter().enumerate() {
					paid[i] += RevenueShares::claimable(ASSET, who);
					// Never above the exact share; below it by less than the holder's own carried
					// fraction plus the class's undivided remainder (a unit each).
					assert!(paid[i] as f64 <= entitled[i] + 1e-6, "{who}: {} > {}", paid[i], entitled[i]);
					assert!(entitled[i] - (paid[i] as f64) < 2.0, "{who}: {} << {}", paid[i], entitled[i]);
				}
				assert!(paid.iter().sum::<u64>() <= revenue);
			});
		}
	}
}

#[test]
fn shares_a_sale_locks_stay_staked_until_it_lifts_the_lock() {
	use bdes_primitives::ShareSale;
	new_test_ext().execute_with(|| {
		issue(1000);
		send_shares(OWNER, BOB, 300);
		assert_eq!(RevenueShares::share_asset(ASSET), Some(SHARE));
		assert_ok!(<RevenueShares as ShareSale<_, _, _>>::stake_locked(ASSET, &BOB, 200));
		assert_eq!((frozen(BOB), SaleLocks::<Test>::get(ASSET, BOB)), (200, 200));
		// Bob's other 100 are his to stake and unstake; the 200 stay.
		assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 100));
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 100));
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 1),
			Error::<Test>::LockedBySale
		);
		assert_noop!(
			Assets::transfer(RuntimeOrigin::signed(BOB), SHARE, OWNER, 101),
			pallet_assets::Error::<Test>::BalanceLow
		);
		check();
		// The sale takes 50 back: unlocked and unstaked, they can move.
		assert_ok!(<RevenueShares as ShareSale<_, _, _>>::unlock(ASSET, &BOB, 50, true));
		assert_eq!((frozen(BOB), SaleLocks::<Test>::get(ASSET, BOB)), (150, 150));
		send_shares(BOB, OWNER, 150);
		// The rest is unlocked and stays staked; Bob may unstake it now.
		assert_ok!(<RevenueShares as ShareSale<_, _, _>>::unlock(ASSET, &BOB, 150, false));
		assert!(!SaleLocks::<Test>::contains_key(ASSET, BOB));
		assert_eq!(frozen(BOB), 150);
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(BOB), ASSET, 150));
		// No more than is locked can be lifted.
		assert_noop!(
			<RevenueShares as ShareSale<_, _, _>>::unlock(ASSET, &BOB, 1, false),
			Error::<Test>::Overflow
		);
		check();
	});
}
