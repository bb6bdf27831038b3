//! Tests of the IDO pallet, with the real revenue-shares, assets and balances pallets.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		fungibles::InspectFreeze,
		Hooks, LockableCurrency, WithdrawReasons,
	},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::{DispatchError, Permill, TokenError};

const ID: IdoId = 0;
const PRICE: Balance = 10;
const START: u64 = 10;
const END: u64 = 20;

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}
fn shares(who: AccountId) -> Balance {
	Assets::balance(SHARE, who)
}
fn staked(who: AccountId) -> Balance {
	AssetsFreezer::balance_frozen(SHARE, &pallet_revenue_shares::FreezeReason::Staked.into(), &who)
}
fn sale_lock(who: AccountId) -> Balance {
	pallet_revenue_shares::SaleLocks::<Test>::get(ASSET, who)
}
/// The escrow's BDES beyond its buffer (the owner's existential deposit in it).
fn escrow_bdes() -> Balance {
	Balances::total_balance(&Ido::escrow(ID)) - ido().buffer
}
fn escrow_shares() -> Balance {
	shares(Ido::escrow(ID))
}
fn ido() -> IdoOf<Test> {
	Idos::<Test>::get(ID).unwrap()
}
fn commitment(who: AccountId) -> CommitmentOf<Test> {
	Commitments::<Test>::get(ID, who).unwrap()
}
fn check() {
	assert_ok!(Ido::do_try_state());
	assert_ok!(RevenueShares::do_try_state());
}
fn run_to(n: u64) {
	System::set_block_number(n);
}

fn plan(parts: &[(u32, u64)]) -> TranchesOf<Test> {
	let tranches: Vec<TrancheOf<Test>> = parts
		.iter()
		.map(|(percent, earliest)| Tranche {
			share: Permill::from_percent(*percent),
			earliest: *earliest,
			milestone: BoundedVec::truncate_from(b"milestone".to_vec()),
		})
		.collect();
	BoundedVec::truncate_from(tranches)
}

/// 4,000 shares at 10 BDES, soft cap 10,000, hard cap 40,000, 100 to 20,000 each, blocks 10
/// to 20, released 30% from block 20, 30% from 30, 40% from 40.
fn terms() -> TermsOf<Test> {
	Terms {
		shares: 4_000,
		price: PRICE,
		soft_cap: 10_000,
		hard_cap: 40_000,
		min_commit: 100,
		max_commit: 20_000,
		start: START,
		end: END,
		tranches: plan(&[(30, 20), (30, 30), (40, 40)]),
	}
}

fn propose(terms: TermsOf<Test>) -> sp_runtime::DispatchResult {
	Ido::propose(RuntimeOrigin::signed(OWNER), ASSET, terms)
}

/// Proposed, approved and open.
fn open() {
	assert_ok!(propose(terms()));
	assert_ok!(Ido::approve(RuntimeOrigin::root(), ID));
	run_to(START);
}

fn commit(who: AccountId, amount: Balance) {
	assert_ok!(Ido::commit(RuntimeOrigin::signed(who), ID, amount));
}

fn settle_all() {
	while Ido::settle(RuntimeOrigin::signed(DAVE), ID, 2).is_ok() {}
}

#[test]
fn a_proposal_moves_the_shares_to_escrow_and_holds_a_deposit() {
	new_test_ext().execute_with(|| {
		let (owner_shares, owner_free) = (shares(OWNER), free(OWNER));
		assert_ok!(propose(terms()));
		assert_eq!((shares(OWNER), escrow_shares()), (owner_shares - 4_000, 4_000));
		// The escrow keeps an existential deposit of the owner's until it owes nothing.
		assert_eq!(ido().buffer, ED);
		assert_eq!(Balances::total_balance(&Ido::escrow(ID)), ED);
		assert_eq!(free(OWNER), owner_free - IDO_DEPOSIT - ED);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Deposit.into(), &OWNER), IDO_DEPOSIT);
		assert_eq!(ido().status, Status::Proposed);
		assert_eq!(OpenIdo::<Test>::get(ASSET), Some(ID));
		System::assert_last_event(
			Event::Proposed { ido: ID, asset: ASSET, owner: OWNER, shares: 4_000 }.into(),
		);
		check();
	});
}

/// A listed data asset of `OWNER`'s rated 80 that has no revenue shares yet.
const FRESH: DataAssetId = 8;

fn share_issue(supply: Balance) -> ShareIssueOf<Test> {
	ShareIssue {
		supply,
		name: BoundedVec::truncate_from(b"Fresh shares".to_vec()),
		symbol: BoundedVec::truncate_from(b"FRSH".to_vec()),
		decimals: 0,
	}
}

#[test]
fn shares_not_issued_yet_are_issued_for_the_sale() {
	new_test_ext().execute_with(|| {
		MockDataAssets::set(FRESH, OWNER, true, Some(80));
		let share = SHARE_ID_BASE + FRESH;
		let owner_free = free(OWNER);
		assert_ok!(Ido::propose_issuing(
			RuntimeOrigin::signed(OWNER),
			FRESH,
			share_issue(10_000),
			terms()
		));
		// Issued to the owner with the 51% lock staked there, then the offer moved to escrow.
		assert_eq!(Assets::balance(share, OWNER), 6_000);
		assert_eq!(Assets::balance(share, Ido::escrow(ID)), 4_000);
		assert_eq!(
			AssetsFreezer::balance_frozen(
				share,
				&pallet_revenue_shares::FreezeReason::Staked.into(),
				&OWNER
			),
			5_100
		);
		let class = pallet_revenue_shares::Classes::<Test>::get(FRESH).unwrap();
		assert_eq!((class.supply, class.locked, class.issuer), (10_000, 5_100, OWNER));
		assert_eq!(
			free(OWNER),
			owner_free - IDO_DEPOSIT - ED - class.deposit - class.metadata_deposit - STAKE_DEPOSIT
		);
		assert_eq!((ido().asset, ido().status), (FRESH, Status::Proposed));
		assert_eq!(OpenIdo::<Test>::get(FRESH), Some(ID));
		System::assert_has_event(
			pallet_revenue_shares::Event::Issued {
				asset: FRESH,
				share_asset: share,
				owner: OWNER,
				supply: 10_000,
				locked: 5_100,
			}
			.into(),
		);
		System::assert_last_event(
			Event::Proposed { ido: ID, asset: FRESH, owner: OWNER, shares: 4_000 }.into(),
		);
		check();
	});
}

#[test]
fn issuing_for_a_sale_refuses_bad_input_and_then_issues_nothing() {
	new_test_ext().execute_with(|| {
		MockDataAssets::set(FRESH, OWNER, true, Some(80));
		let go = |who: AccountId, asset: DataAssetId, supply: Balance, terms: TermsOf<Test>| {
			Ido::propose_issuing(RuntimeOrigin::signed(who), asset, share_issue(supply), terms)
		};
		assert_noop!(go(OWNER, ASSET, 10_000, terms()), Error::<Test>::AlreadyIssued);
		assert_noop!(go(ALICE, FRESH, 10_000, terms()), Error::<Test>::NotOwner);
		let mut bad = terms();
		bad.tranches = plan(&[(30, 20), (30, 30)]);
		assert_noop!(go(OWNER, FRESH, 10_000, bad), Error::<Test>::BadPlan);
		assert_noop!(
			go(OWNER, FRESH, 50, terms()),
			pallet_revenue_shares::Error::<Test>::SupplyTooLow
		);
		// 4,000 is more than the 49% of 7,000 the lock leaves: the issue is undone too.
		assert_noop!(go(OWNER, FRESH, 7_000, terms()), TokenError::Frozen);
		MockDataAssets::set(FRESH, OWNER, true, Some(59));
		assert_noop!(go(OWNER, FRESH, 10_000, terms()), Error::<Test>::RatingTooLow);
		assert!(pallet_revenue_shares::Classes::<Test>::get(FRESH).is_none());
		assert!(Idos::<Test>::get(ID).is_none());
	});
}

#[test]
fn a_proposal_refuses_every_bad_input() {
	new_test_ext().execute_with(|| {
		let with = |f: fn(&mut TermsOf<Test>)| {
			let mut t = terms();
			f(&mut t);
			t
		};
		assert_noop!(
			Ido::propose(RuntimeOrigin::signed(ALICE), ASSET, terms()),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Ido::propose(RuntimeOrigin::signed(OWNER), 99, terms()),
			Error::<Test>::UnknownAsset
		);
		MockDataAssets::set(8, OWNER, false, Some(90));
		assert_noop!(
			Ido::propose(RuntimeOrigin::signed(OWNER), 8, terms()),
			Error::<Test>::NotListed
		);
		MockDataAssets::set(8, OWNER, true, Some(59));
		assert_noop!(
			Ido::propose(RuntimeOrigin::signed(OWNER), 8, terms()),
			Error::<Test>::RatingTooLow
		);
		MockDataAssets::set(8, OWNER, true, None);
		assert_noop!(
			Ido::propose(RuntimeOrigin::signed(OWNER), 8, terms()),
			Error::<Test>::RatingTooLow
		);
		MockDataAssets::set(8, OWNER, true, Some(60));
		assert_noop!(
			Ido::propose(RuntimeOrigin::signed(OWNER), 8, terms()),
			Error::<Test>::NoShares
		);
		assert_noop!(propose(with(|t| t.shares = 0)), Error::<Test>::ZeroAmount);
		assert_noop!(propose(with(|t| t.price = 0)), Error::<Test>::ZeroAmount);
		assert_noop!(propose(with(|t| t.soft_cap = 0)), Error::<Test>::BadCaps);
		assert_noop!(propose(with(|t| t.soft_cap = 40_001)), Error::<Test>::BadCaps);
		assert_noop!(propose(with(|t| t.hard_cap = 40_010)), Error::<Test>::HardCapTooHigh);
		assert_noop!(
			propose(with(|t| t.min_commit = MIN_COMMITMENT - 1)),
			Error::<Test>::BadBounds
		);
		assert_noop!(propose(with(|t| t.min_commit = 20_001)), Error::<Test>::BadBounds);
		assert_noop!(propose(with(|t| t.max_commit = 40_001)), Error::<Test>::BadBounds);
		assert_noop!(propose(with(|t| t.start = 1)), Error::<Test>::BadWindow);
		assert_noop!(propose(with(|t| t.end = START)), Error::<Test>::BadWindow);
		assert_noop!(propose(with(|t| t.end = START + 1_001)), Error::<Test>::BadWindow);
		assert_noop!(propose(with(|t| t.tranches = plan(&[]))), Error::<Test>::BadPlan);
		assert_noop!(
			propose(with(|t| t.tranches = plan(&[(50, 20), (40, 30)]))),
			Error::<Test>::BadPlan
		);
		assert_noop!(
			propose(with(|t| t.tranches = plan(&[(100, 20), (0, 30)]))),
			Error::<Test>::BadPlan
		);
		assert_noop!(
			propose(with(|t| t.tranches = plan(&[(50, 19), (50, 30)]))),
			Error::<Test>::BadPlan
		);
		assert_noop!(
			propose(with(|t| t.tranches = plan(&[(50, 30), (50, 25)]))),
			Error::<Test>::BadPlan
		);
		// The 51% lock stays: 4,900 of the 10,000 can be offered, not more.
		assert_noop!(
			propose(with(|t| {
				t.shares = 4_901;
				t.hard_cap = 40_000;
			})),
			TokenError::Frozen
		);
		assert_ok!(propose(with(|t| t.shares = 4_900)));
		assert_noop!(propose(terms()), Error::<Test>::AlreadyOpen);
		check();
	});
}

#[test]
fn the_council_approves_before_the_start_or_rejects_and_everything_goes_back() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(terms()));
		assert_noop!(Ido::approve(RuntimeOrigin::signed(OWNER), ID), DispatchError::BadOrigin);
		assert_noop!(Ido::reject(RuntimeOrigin::signed(OWNER), ID), DispatchError::BadOrigin);
		assert_noop!(Ido::approve(RuntimeOrigin::root(), 5), Error::<Test>::UnknownIdo);
		// Not open before approval.
		run_to(START);
		assert_noop!(
			Ido::commit(RuntimeOrigin::signed(ALICE), ID, 1_000),
			Error::<Test>::WrongStatus
		);
		assert_noop!(Ido::approve(RuntimeOrigin::root(), ID), Error::<Test>::BadWindow);
		let (owner_free, owner_shares) = (free(OWNER), shares(OWNER));
		assert_ok!(Ido::reject(RuntimeOrigin::root(), ID));
		assert_eq!(ido().status, Status::Closed { outcome: Outcome::NotApproved });
		assert_eq!(shares(OWNER), owner_shares + 4_000);
		// The deposit and the escrow's buffer come back.
		assert_eq!(free(OWNER), owner_free + IDO_DEPOSIT + ED);
		assert_eq!(Balances::total_balance(&Ido::escrow(ID)), 0);
		assert!(OpenIdo::<Test>::get(ASSET).is_none());
		assert_noop!(Ido::approve(RuntimeOrigin::root(), ID), Error::<Test>::WrongStatus);
		check();
		// The asset may try again.
		assert_ok!(propose(Terms {
			start: START + 5,
			end: END + 5,
			tranches: plan(&[(100, END + 5)]),
			..terms()
		}));
		assert_ok!(Ido::approve(RuntimeOrigin::root(), 1));
		assert_eq!(Idos::<Test>::get(1).unwrap().status, Status::Approved);
		check();
	});
}

#[test]
fn commitments_stay_within_the_window_the_bounds_and_the_hard_cap() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(terms()));
		assert_ok!(Ido::approve(RuntimeOrigin::root(), ID));
		assert_noop!(Ido::commit(RuntimeOrigin::signed(ALICE), ID, 1_000), Error::<Test>::NotOpen);
		run_to(START);
		assert_noop!(Ido::commit(RuntimeOrigin::signed(ALICE), ID, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Ido::commit(RuntimeOrigin::signed(ALICE), ID, 99), Error::<Test>::OutOfBounds);
		assert_noop!(
			Ido::commit(RuntimeOrigin::signed(ALICE), ID, 20_001),
			Error::<Test>::OutOfBounds
		);
		let alice = free(ALICE);
		commit(ALICE, 15_000);
		commit(ALICE, 5_000);
		assert_noop!(Ido::commit(RuntimeOrigin::signed(ALICE), ID, 1), Error::<Test>::OutOfBounds);
		assert_eq!((free(ALICE), escrow_bdes()), (alice - 20_000, 20_000));
		assert_eq!(commitment(ALICE).amount, 20_000);
		commit(BOB, 15_005);
		// 4,995 are left below the hard cap: Carol's 10,000 is cut to them.
		commit(CAROL, 10_000);
		System::assert_last_event(
			Event::Committed { ido: ID, who: CAROL, amount: 4_995, total: 4_995 }.into(),
		);
		assert_eq!(ido().committed, 40_000);
		assert_noop!(
			Ido::commit(RuntimeOrigin::signed(DAVE), ID, 1_000),
			Error::<Test>::HardCapReached
		);
		check();
	});
}

#[test]
fn only_spendable_funds_can_be_committed() {
	new_test_ext().execute_with(|| {
		open();
		// All but 500 of Alice's balance is locked (vesting, say).
		Balances::set_lock(*b"vesting ", &ALICE, INITIAL - 500, WithdrawReasons::all());
		assert_noop!(Ido::commit(RuntimeOrigin::signed(ALICE), ID, 1_000), TokenError::Frozen);
		commit(ALICE, 400);
		assert_eq!(escrow_bdes(), 400);
		check();
	});
}

#[test]
fn withdrawals_leave_nothing_or_at_least_the_minimum_until_the_end() {
	new_test_ext().execute_with(|| {
		open();
		let alice = free(ALICE);
		commit(ALICE, 1_000);
		assert_noop!(
			Ido::withdraw(RuntimeOrigin::signed(ALICE), ID, 1_001),
			Error::<Test>::InsufficientCommitment
		);
		assert_noop!(
			Ido::withdraw(RuntimeOrigin::signed(ALICE), ID, 950),
			Error::<Test>::OutOfBounds
		);
		assert_noop!(Ido::withdraw(RuntimeOrigin::signed(BOB), ID, 1), Error::<Test>::NoCommitment);
		assert_ok!(Ido::withdraw(RuntimeOrigin::signed(ALICE), ID, 900));
		assert_ok!(Ido::withdraw(RuntimeOrigin::signed(ALICE), ID, 100));
		assert_eq!((free(ALICE), escrow_bdes(), ido().committed), (alice, 0, 0));
		// A full withdrawal keeps the investor's place; it may come back.
		commit(ALICE, 200);
		assert_eq!((ido().investors, commitment(ALICE).amount), (1, 200));
		run_to(END);
		assert_noop!(Ido::withdraw(RuntimeOrigin::signed(ALICE), ID, 200), Error::<Test>::NotOpen);
		assert_noop!(Ido::commit(RuntimeOrigin::signed(ALICE), ID, 200), Error::<Test>::NotOpen);
		check();
	});
}

#[test]
fn below_the_soft_cap_everyone_is_refunded_in_steps_and_the_shares_go_back() {
	new_test_ext().execute_with(|| {
		open();
		let before = [ALICE, BOB, CAROL].map(free);
		let owner_shares = shares(OWNER);
		commit(ALICE, 3_000);
		commit(BOB, 3_000);
		commit(CAROL, 3_999);
		assert_noop!(Ido::settle(RuntimeOrigin::signed(DAVE), ID, 10), Error::<Test>::NotEnded);
		run_to(END);
		assert_ok!(Ido::settle(RuntimeOrigin::signed(DAVE), ID, 2));
		assert_eq!(ido().status, Status::Failing);
		assert_eq!(free(ALICE), before[0]);
		assert_eq!(free(CAROL), before[2] - 3_999);
		check();
		assert_ok!(Ido::settle(RuntimeOrigin::signed(DAVE), ID, 2));
		assert_eq!([ALICE, BOB, CAROL].map(free), before);
		assert_eq!(ido().status, Status::Closed { outcome: Outcome::Failed });
		assert_eq!((shares(OWNER), escrow_shares()), (owner_shares + 4_000, 0));
		assert_eq!(Balances::total_balance(&Ido::escrow(ID)), 0);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Deposit.into(), &OWNER), 0);
		assert_noop!(Ido::settle(RuntimeOrigin::signed(DAVE), ID, 2), Error::<Test>::WrongStatus);
		check();
	});
}

/// Alice 20,000 (2,000 shares), Bob 12,000 (1,200), Carol 5,999 (599, 9 back): 37,990
/// raised for 3,799 shares, a 2% fee of 759, 37,231 to release, 201 shares unsold.
fn funded() {
	open();
	commit(ALICE, 20_000);
	commit(BOB, 12_000);
	commit(CAROL, 5_999);
	run_to(END);
	settle_all();
}

#[test]
fn at_the_soft_cap_investors_get_their_shares_staked_and_locked_and_the_rest_back() {
	new_test_ext().execute_with(|| {
		let before = [ALICE, BOB, CAROL].map(free);
		let (owner_shares, pool) = (shares(OWNER), free(ReservePool::get()));
		funded();
		assert_eq!(ido().status, Status::Funded { released: 0 });
		assert_eq!([ALICE, BOB, CAROL].map(shares), [2_000, 1_200, 599]);
		assert_eq!([ALICE, BOB, CAROL].map(staked), [2_000, 1_200, 599]);
		assert_eq!([ALICE, BOB, CAROL].map(sale_lock), [2_000, 1_200, 599]);
		// Each paid for whole shares and its stake record's deposit; the rest came back.
		assert_eq!(free(ALICE), before[0] - 20_000 - STAKE_DEPOSIT);
		assert_eq!(free(CAROL), before[2] - 5_990 - STAKE_DEPOSIT);
		assert_eq!((ido().raised, ido().fee, ido().sold), (37_990, 759, 3_799));
		assert_eq!(free(ReservePool::get()), pool + 759);
		assert_eq!(shares(OWNER), owner_shares - 4_000 + 201);
		assert_eq!(escrow_bdes(), 37_990 - 759);
		// Locked: they can neither move nor be unstaked.
		assert_noop!(
			Assets::transfer(RuntimeOrigin::signed(ALICE), SHARE, DAVE, 1),
			pallet_assets::Error::<Test>::BalanceLow
		);
		assert_noop!(
			RevenueShares::unstake(RuntimeOrigin::signed(ALICE), ASSET, 1),
			pallet_revenue_shares::Error::<Test>::LockedBySale
		);
		check();
	});
}

#[test]
fn tranches_are_released_by_the_council_from_their_block_and_then_shares_unlock() {
	new_test_ext().execute_with(|| {
		funded();
		let owner = free(OWNER);
		assert_noop!(
			Ido::release_tranche(RuntimeOrigin::signed(OWNER), ID),
			DispatchError::BadOrigin
		);
		assert_ok!(Ido::release_tranche(RuntimeOrigin::root(), ID));
		// 30% of 37,231.
		assert_eq!(free(OWNER), owner + 11_169);
		assert_noop!(Ido::release_tranche(RuntimeOrigin::root(), ID), Error::<Test>::TooEarly);
		run_to(30);
		assert_ok!(Ido::release_tranche(RuntimeOrigin::root(), ID));
		run_to(40);
		assert_ok!(Ido::release_tranche(RuntimeOrigin::root(), ID));
		// The last takes what rounding left: the net exactly.
		assert_eq!(free(OWNER), owner + 37_231);
		assert_eq!(ido().status, Status::Closing { rejected: false });
		settle_all();
		assert_eq!(ido().status, Status::Closed { outcome: Outcome::Completed });
		assert_eq!([ALICE, BOB, CAROL].map(sale_lock), [0, 0, 0]);
		// Still staked, now theirs to unstake and move.
		assert_eq!(staked(ALICE), 2_000);
		assert_ok!(RevenueShares::unstake(RuntimeOrigin::signed(ALICE), ASSET, 2_000));
		assert_ok!(Assets::transfer(RuntimeOrigin::signed(ALICE), SHARE, DAVE, 2_000));
		assert_eq!(Balances::total_balance(&Ido::escrow(ID)), 0);
		assert_eq!(free(OWNER), owner + 37_231 + IDO_DEPOSIT + ED);
		check();
	});
}

#[test]
fn a_stopped_plan_refunds_the_unreleased_rest_and_takes_back_the_shares_it_paid_for() {
	new_test_ext().execute_with(|| {
		funded();
		let before = [ALICE, BOB, CAROL].map(free);
		let owner_shares = shares(OWNER);
		assert_ok!(Ido::release_tranche(RuntimeOrigin::root(), ID));
		run_to(30);
		assert_ok!(Ido::release_tranche(RuntimeOrigin::root(), ID));
		assert_noop!(Ido::stop(RuntimeOrigin::signed(ALICE), ID), DispatchError::BadOrigin);
		assert_ok!(Ido::stop(RuntimeOrigin::root(), ID));
		// 60% of the net went out (2 × 11,169 = 22,338); 14,893 is refunded pro rata to what
		// each paid of the 37,990.
		System::assert_last_event(Event::Stopped { ido: ID, unreleased: 14_893 }.into());
		assert_noop!(Ido::release_tranche(RuntimeOrigin::root(), ID), Error::<Test>::WrongStatus);
		let owner = free(OWNER);
		settle_all();
		// Alice paid 20,000: 14,893 × 20,000 / 37,990 = 7,840 back; she keeps
		// 2,000 × 22,338 / 37,231 = 1,199 shares and returns 801.
		assert_eq!(free(ALICE), before[0] + 7_840);
		assert_eq!((shares(ALICE), commitment(ALICE).returned), (1_199, 801));
		// Bob: 12,000 → 4,704 back; 1,200 → keeps 719.
		assert_eq!(free(BOB), before[1] + 4_704);
		assert_eq!(shares(BOB), 719);
		// Carol: 5,990 → 2,348 back; 599 → keeps 359.
		assert_eq!(free(CAROL), before[2] + 2_348);
		assert_eq!(shares(CAROL), 359);
		// The shares paid for with refunded money went back; rounding's BDES went to the owner.
		assert_eq!(shares(OWNER), owner_shares + 801 + 481 + 240);
		assert_eq!(free(OWNER), owner + (14_893 - 7_840 - 4_704 - 2_348) + IDO_DEPOSIT + ED);
		assert_eq!(ido().status, Status::Closed { outcome: Outcome::Stopped });
		assert_eq!([ALICE, BOB, CAROL].map(sale_lock), [0, 0, 0]);
		assert_eq!([ALICE, BOB, CAROL].map(staked), [1_199, 719, 359]);
		assert_eq!(Balances::total_balance(&Ido::escrow(ID)), 0);
		let i = ido();
		assert_eq!(i.released + i.fee + i.refunded, i.committed);
		check();
	});
}

#[test]
fn an_investor_that_cannot_take_its_shares_is_refunded_and_blocks_nobody() {
	new_test_ext().execute_with(|| {
		open();
		commit(ALICE, 20_000);
		// Dave commits all he can spend: nothing is left for his stake record's deposit.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), DAVE, 5_000 + ED));
		let dave = free(DAVE);
		commit(DAVE, 5_000);
		commit(BOB, 10_000);
		run_to(END);
		settle_all();
		System::assert_has_event(Event::NotDelivered { ido: ID, who: DAVE }.into());
		assert_eq!((shares(DAVE), free(DAVE)), (0, dave));
		assert_eq!([ALICE, BOB].map(shares), [2_000, 1_000]);
		assert_eq!(ido().status, Status::Funded { released: 0 });
		assert_eq!(ido().sold, 3_000);
		check();
	});
}

#[test]
fn idle_time_settles_ended_idos() {
	new_test_ext().execute_with(|| {
		open();
		commit(ALICE, 20_000);
		commit(BOB, 10_000);
		run_to(END);
		Ido::on_idle(END, Weight::MAX);
		assert_eq!(ido().status, Status::Funded { released: 0 });
		assert!(Unsettled::<Test>::get().is_empty());
		assert_eq!([ALICE, BOB].map(shares), [2_000, 1_000]);
		check();
	});
}

#[test]
fn a_thousand_investors_settle_in_bounded_steps() {
	new_test_ext().execute_with(|| {
		let mut t = terms();
		t.min_commit = 10;
		t.shares = 4_900;
		t.hard_cap = 49_000;
		assert_ok!(propose(t));
		assert_ok!(Ido::approve(RuntimeOrigin::root(), ID));
		run_to(START);
		for who in 100..1_100u128 {
			assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), who, 1_000));
			commit(who, 25);
		}
		run_to(END);
		let mut calls = 0;
		while ido().status != (Status::Funded { released: 0 }) {
			let used = Ido::settle(RuntimeOrigin::signed(DAVE), ID, 64).unwrap();
			assert!(used.actual_weight.unwrap().all_lte(Ido::settle_weight(64)));
			calls += 1;
		}
		assert_eq!(calls, 16);
		assert_eq!(ido().sold, 2_000);
		assert_eq!(shares(100), 2);
		check();
	});
}

mod property {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Op {
		Commit(u8, Balance),
		Withdraw(u8, Balance),
		Advance(u64),
		Settle(u32),
		Release,
		Stop,
		Claim(u8),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			4 => (0u8..4, 1u64..25_000).prop_map(|(w, a)| Op::Commit(w, a)),
			1 => (0u8..4, 1u64..10_000).prop_map(|(w, a)| Op::Withdraw(w, a)),
			3 => (1u64..12).prop_map(Op::Advance),
			2 => (0u32..4).prop_map(Op::Settle),
			1 => Just(Op::Release),
			1 => Just(Op::Stop),
			1 => (0u8..4).prop_map(Op::Claim),
		]
	}

	const INVESTORS: [AccountId; 4] = [ALICE, BOB, CAROL, DAVE];

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]
		/// Whatever the order and timing of commitments, withdrawals, settlement, releases and a
		/// stop: what came in is what went out (released + fee + refunds), to the unit; shares
		/// kept, returned and unsold add up to those offered; the escrow ends empty.
		#[test]
		fn any_sale_conserves_bdes_and_shares(ops in proptest::collection::vec(op(), 1..40)) {
			new_test_ext().execute_with(|| {
				let owner_shares = shares(OWNER);
				open();
				for op in ops {
					let who = |w: u8| RuntimeOrigin::signed(INVESTORS[usize::from(w)]);
					let _ = match op {
						Op::Commit(w, a) => Ido::commit(who(w), ID, a),
						Op::Withdraw(w, a) => Ido::withdraw(who(w), ID, a),
						Op::Advance(n) => {
							run_to(System::block_number() + n);
							Ok(())
						},
						Op::Settle(n) => Ido::settle(RuntimeOrigin::signed(DAVE), ID, n).map(|_| ()).map_err(|e| e.error),
						Op::Release => Ido::release_tranche(RuntimeOrigin::root(), ID),
						Op::Stop => Ido::stop(RuntimeOrigin::root(), ID),
						Op::Claim(w) => Ido::claim(who(w), ID),
					};
					check();
				}
				// Then to the end: every tranche released unless stopped, everyone settled.
				run_to(100);
				while !matches!(ido().status, Status::Closed { .. }) {
					let _ = Ido::settle(RuntimeOrigin::signed(DAVE), ID, 3);
					let _ = Ido::release_tranche(RuntimeOrigin::root(), ID);
					check();
				}
				let i = ido();
				assert_eq!(i.released + i.fee + i.refunded, i.committed);
				let kept: Balance = INVESTORS.iter().map(|w| shares(*w)).sum();
				assert_eq!(kept + shares(OWNER), owner_shares);
				assert_eq!(Balances::total_balance(&Ido::escrow(ID)), 0);
				assert_eq!(escrow_shares(), 0);
				for w in INVESTORS {
					assert_eq!(sale_lock(w), 0);
				}
				check();
			});
		}
	}
}
