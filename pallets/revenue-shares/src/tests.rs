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
use sp_runtime::{DispatchError, TokenError};

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

/// OWNER issues 1000 (510 locked); BOB and CHARLIE get and stake 300 and 190.
fn three_holders() {
	issue(1000);
	send_shares(OWNER, BOB, 300);
	send_shares(OWNER, CHARLIE, 190);
	assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(BOB), ASSET, 300));
	assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(CHARLIE), ASSET, 190));
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
		System::assert_last_event(Event::Staked { asset: ASSET, who: BOB, amount: 60 }.into());
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

mod properties {
	//! Random sequences of stakes, unstakes, transfers, revenues and claims, checked against
	//! an exact model after every step.
	use super::*;
	use proptest::prelude::*;

	const HOLDERS: [AccountId; 4] = [OWNER, BOB, CHARLIE, DAVE];

	#[derive(Debug, Clone)]
	enum Op {
		Stake(usize, Balance),
		Unstake(usize, Balance),
		Transfer(usize, usize, Balance),
		Revenue(Balance),
		Claim(usize),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0..4usize, 1..400u64).prop_map(|(h, a)| Op::Stake(h, a)),
			(0..4usize, 1..400u64).prop_map(|(h, a)| Op::Unstake(h, a)),
			(0..4usize, 0..4usize, 1..400u64).prop_map(|(f, t, a)| Op::Transfer(f, t, a)),
			(1..5000u64).prop_map(Op::Revenue),
			(0..4usize).prop_map(Op::Claim),
		]
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
				for op in ops {
					match op {
						Op::Stake(h, a) => {
							let _ = RevenueShares::stake(RuntimeOrigin::signed(HOLDERS[h]), ASSET, a);
						},
						Op::Unstake(h, a) => {
							let _ = RevenueShares::unstake(RuntimeOrigin::signed(HOLDERS[h]), ASSET, a);
						},
						Op::Transfer(f, t, a) => {
							let _ = Assets::transfer(RuntimeOrigin::signed(HOLDERS[f]), SHARE, HOLDERS[t], a);
						},
						Op::Revenue(r) => {
							let class = Classes::<Test>::get(ASSET).unwrap();
							for (i, who) in HOLDERS.iter().enumerate() {
								let staked = Stakes::<Test>::get(ASSET, who).map_or(0, |s| s.amount);
								entitled[i] += r as f64 * staked as f64 / class.total_staked as f64;
							}
							pay(r);
							revenue += r;
						},
						Op::Claim(h) => {
							// The pool's payout, not the balance (an emptied record returns its deposit).
							let before = Classes::<Test>::get(ASSET).unwrap().claimed;
							if RevenueShares::claim(RuntimeOrigin::signed(HOLDERS[h]), ASSET).is_ok() {
								paid[h] += Classes::<Test>::get(ASSET).unwrap().claimed - before;
							}
						},
					}
					RevenueShares::do_try_state().expect("invariants hold after every step");
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
