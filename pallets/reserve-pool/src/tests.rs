//! Tests of the reserve-pool pallet.

use crate::{
	functions::split, mock::*, Authored, Baseline, Current, Error, Event, HoldReason, Role,
	RolePaid, Shares, SplitShares, Statements, Tranches,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold, Mutate},
};
use sp_runtime::{DispatchError, Permill};

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn held() -> Balance {
	Balances::balance_on_hold(&HoldReason::LockedReserve.into(), &POOL)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::ReservePool(e) = r.event { Some(e) } else { None })
		.collect()
}

fn author(who: AccountId, blocks: u32) {
	for _ in 0..blocks {
		<ReservePool as pallet_authorship::EventHandler<_, _>>::note_author(who);
	}
}

fn shares(council: u32, collators: u32, candidates: u32) -> SplitShares {
	SplitShares {
		council: Permill::from_percent(council),
		collators: Permill::from_percent(collators),
		candidates: Permill::from_percent(candidates),
	}
}

#[test]
fn a_period_splits_the_pool_by_its_shares_and_keeps_a_statement() {
	run_test(|| {
		set_council(&[1, 2]);
		set_candidates(&[21]);
		author(11, 6);
		author(12, 3);
		let before = [1, 2, 11, 12, 21].map(free);
		// Not yet: the period's last block.
		run_to(PERIOD - 1, &[]);
		assert!(Statements::<Test>::get(0).is_none());
		run_to(PERIOD, &[]);
		// 20% to the Council in equal parts, 30% to the producers by blocks (6:3), 10% to the
		// one candidate, 40% locked in the pool.
		let after = [1, 2, 11, 12, 21].map(free);
		let gained: Vec<Balance> = after.iter().zip(before).map(|(a, b)| a - b).collect();
		assert_eq!(gained, vec![100_000, 100_000, 200_000, 100_000, 100_000]);
		assert_eq!(held(), 400_000);
		assert_eq!(Balances::total_balance(&POOL), POT + ED - 600_000);
		let statement = Statements::<Test>::get(0).unwrap();
		assert_eq!((statement.start, statement.end, statement.pot), (0, PERIOD, POT));
		assert_eq!(statement.council, RolePaid { recipients: 2, paid: 200_000 });
		assert_eq!(statement.collators, RolePaid { recipients: 2, paid: 300_000 });
		assert_eq!(statement.candidates, RolePaid { recipients: 1, paid: 100_000 });
		assert_eq!((statement.blocks, statement.unpaid, statement.locked), (9, 0, 400_000));
		assert!(events().contains(&Event::PeriodSettled { period: 0, statement }));
		assert!(events().contains(&Event::StipendPaid {
			period: 0,
			who: 11,
			role: Role::Collator,
			amount: 200_000
		}));
		// The next period starts; the blocks are counted afresh.
		assert_eq!(Current::<Test>::get().index, 1);
		assert_eq!(Current::<Test>::get().start, PERIOD);
		assert_eq!(Authored::<Test>::count(), 0);
	});
}

#[test]
fn a_collator_that_authored_no_block_gets_nothing() {
	run_test(|| {
		author(11, 5);
		let idle = free(12);
		run_to(PERIOD, &[]);
		assert_eq!(free(12), idle);
		assert_eq!(free(11), 100 + 300_000);
		assert!(!events().iter().any(|e| matches!(
			e,
			Event::StipendPaid { who: 12, .. } | Event::StipendUnpaid { who: 12, .. }
		)));
	});
}

#[test]
fn a_share_no_one_is_there_to_take_is_locked() {
	run_test(|| {
		run_to(PERIOD, &[]);
		let statement = Statements::<Test>::get(0).unwrap();
		assert_eq!(statement.locked, POT);
		assert_eq!(held(), POT);
		// Treasury spends see only the free balance: the pool keeps its existential deposit.
		assert_eq!(
			Balances::reducible_balance(
				&POOL,
				frame_support::traits::tokens::Preservation::Preserve,
				frame_support::traits::tokens::Fortitude::Polite
			),
			0
		);
	});
}

#[test]
fn the_locked_rest_comes_back_to_the_pool_in_equal_parts_and_is_not_split_again() {
	run_test(|| {
		let spendable = || {
			Balances::reducible_balance(
				&POOL,
				frame_support::traits::tokens::Preservation::Preserve,
				frame_support::traits::tokens::Fortitude::Polite,
			)
		};
		// All locked in period 0.
		assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), shares(0, 0, 0)));
		run_to(PERIOD, &[]);
		assert_eq!(held(), POT);
		assert_eq!(spendable(), 0);
		// Period 1 earns nothing; a quarter of the tranche comes back, spendable by the
		// treasury.
		run_to(2 * PERIOD, &[]);
		let s1 = Statements::<Test>::get(1).unwrap();
		assert_eq!((s1.pot, s1.released, s1.locked), (0, POT / 4, 0));
		assert!(events().contains(&Event::Released { period: 1, amount: POT / 4 }));
		assert_eq!((held(), spendable()), (POT - POT / 4, POT / 4));
		// Period 2 earns 1,000, all the Council's now: the member gets the income, not the
		// released funds.
		set_council(&[1]);
		assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), shares(100, 0, 0)));
		assert_ok!(<Balances as Mutate<_>>::mint_into(&POOL, 1_000));
		let before = free(1);
		run_to(3 * PERIOD, &[]);
		let s2 = Statements::<Test>::get(2).unwrap();
		assert_eq!((s2.pot, s2.council.paid, s2.locked, s2.released), (1_000, 1_000, 0, POT / 4));
		assert_eq!(free(1) - before, 1_000);
		assert_eq!(spendable(), POT / 2);
		// After `ReleasePeriods` settlements the tranche is back in full, and gone.
		run_to(5 * PERIOD, &[]);
		assert!(Tranches::<Test>::get().is_empty());
		assert_eq!((held(), spendable()), (0, POT));
	});
}

#[test]
fn only_income_is_split_never_what_the_pool_held() {
	run_test(|| {
		set_council(&[1]);
		assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), shares(100, 0, 0)));
		// Arriving on a chain whose pool holds funds already (the migration), at block 5.
		run_to(5, &[]);
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		assert_eq!(ReservePool::on_chain_storage_version(), StorageVersion::new(0));
		<ReservePool as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(ReservePool::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(Current::<Test>::get().start, 5);
		assert_eq!(Baseline::<Test>::get(), POT);
		// Once only.
		run_to(7, &[]);
		<ReservePool as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(Current::<Test>::get().start, 5);
		// A period later: nothing earned, nothing paid, the treasury's funds untouched.
		let before = free(1);
		run_to(5 + PERIOD - 1, &[]);
		assert!(Statements::<Test>::get(0).is_none());
		run_to(5 + PERIOD, &[]);
		assert_eq!(Statements::<Test>::get(0).unwrap().pot, 0);
		assert_eq!(free(1), before);
		// Income of 500, and a treasury spend of 200 of the old funds: the spend comes out of
		// the income first, the rest is split.
		assert_ok!(<Balances as Mutate<_>>::mint_into(&POOL, 500));
		assert_ok!(<Balances as Mutate<_>>::transfer(
			&POOL,
			&3,
			200,
			frame_support::traits::tokens::Preservation::Preserve
		));
		run_to(5 + 2 * PERIOD, &[]);
		assert_eq!(Statements::<Test>::get(1).unwrap().pot, 300);
		assert_eq!(free(1), before + 300);
	});
}

#[test]
fn a_stipend_that_cannot_be_received_is_locked_and_the_others_are_paid() {
	run_test(|| {
		set_council(&[1]);
		// Four new accounts share 0.001% of the pot: 2 each, under the existential deposit.
		set_candidates(&[50, 51, 52, 53]);
		let tiny = SplitShares {
			council: Permill::from_percent(20),
			collators: Permill::zero(),
			candidates: Permill::from_parts(10),
		};
		assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), tiny));
		run_to(PERIOD, &[]);
		let s = Statements::<Test>::get(0).unwrap();
		assert_eq!(s.council, RolePaid { recipients: 1, paid: 200_000 });
		assert_eq!(s.candidates, RolePaid { recipients: 0, paid: 0 });
		assert_eq!(s.unpaid, 8);
		assert_eq!(s.locked, POT - 200_000);
		assert!(events().contains(&Event::StipendUnpaid {
			period: 0,
			who: 50,
			role: Role::Candidate,
			amount: 2
		}));
		assert_eq!(Balances::total_balance(&50), 0);
		assert_eq!(held(), POT - 200_000);
	});
}

#[test]
fn only_the_council_sets_shares_and_never_over_the_whole() {
	run_test(|| {
		assert_eq!(Shares::<Test>::get(), InitialShares::get());
		assert_noop!(
			ReservePool::set_shares(RuntimeOrigin::signed(1), shares(10, 10, 10)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ReservePool::set_shares(RuntimeOrigin::root(), shares(50, 40, 11)),
			Error::<Test>::SharesOverWhole
		);
		assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), shares(50, 40, 10)));
		assert_eq!(Shares::<Test>::get().locked(), Some(Permill::zero()));
		assert!(events().contains(&Event::SharesSet { shares: shares(50, 40, 10) }));
	});
}

#[test]
fn the_last_statements_are_kept_and_producers_are_bounded() {
	run_test(|| {
		for a in 1..=(MAX_AUTHORS as u64 + 1) {
			author(a * 1_000, 1);
		}
		assert_eq!(Authored::<Test>::count(), MAX_AUTHORS);
		assert_eq!(Authored::<Test>::get(5_000), None);
		run_to(5 * PERIOD, &[]);
		let kept: Vec<u32> = (0..5).filter(|p| Statements::<Test>::contains_key(p)).collect();
		assert_eq!(kept, vec![2, 3, 4]);
	});
}

#[test]
fn a_council_member_who_is_also_a_producer_is_paid_for_both() {
	run_test(|| {
		set_council(&[11, 11, 2]);
		author(11, 1);
		run_to(PERIOD, &[]);
		// Listed twice, paid once as a member: 100,000; and the whole producers' share.
		assert_eq!(free(11), 100 + 100_000 + 300_000);
		assert_eq!(Statements::<Test>::get(0).unwrap().council.recipients, 2);
	});
}

#[test]
fn income_during_the_period_is_split_and_the_pool_keeps_its_existential_deposit() {
	run_test(|| {
		// The genesis funds count as the first period's income here (nothing settled yet).
		assert_ok!(<Balances as Mutate<_>>::transfer(
			&1,
			&POOL,
			50,
			frame_support::traits::tokens::Preservation::Preserve
		));
		set_council(&[2]);
		assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), shares(100, 0, 0)));
		run_to(PERIOD, &[]);
		assert_eq!(free(2), 100 + POT + 50);
		// Its existential deposit stays.
		assert_eq!(Balances::total_balance(&POOL), ED);
	});
}

proptest::proptest! {
	#![proptest_config(proptest::prelude::ProptestConfig::with_cases(1_000))]

	/// Over random pots, shares and recipients: Σ stipends + the rest = the pot to the unit,
	/// no role gets more than its share, producers are paid in proportion to their blocks
	/// (one with more blocks never gets less), and a producer with no block gets nothing.
	#[test]
	fn the_split_conserves_the_pot(
		pot in 0u64..u64::MAX / 2,
		cuts in proptest::array::uniform3(0u32..=1_000_000),
		members in 0u64..100,
		blocks in proptest::collection::vec(0u32..500, 0..20),
		online in 0u64..100,
	) {
		// Three cut points of the whole: any shares that add up to 100% or less.
		let mut cuts = cuts;
		cuts.sort();
		let shares = SplitShares {
			council: Permill::from_parts(cuts[0]),
			collators: Permill::from_parts(cuts[1] - cuts[0]),
			candidates: Permill::from_parts(cuts[2] - cuts[1]),
		};
		proptest::prop_assert!(shares.locked().is_some());
		let council_list: Vec<u64> = (0..members).collect();
		let authored: Vec<(u64, u32)> = blocks.iter().enumerate().map(|(i, n)| (1_000 + i as u64, *n)).collect();
		let candidate_list: Vec<u64> = (0..online).map(|i| 2_000 + i).collect();
		let plan = split(pot, &shares, &council_list, &authored, &candidate_list);
		let rest = pot.checked_sub(plan.total());
		proptest::prop_assert!(rest.is_some(), "paid more than the pot");
		let of = |role: Role| plan.payments.iter().filter(|p| p.0 == role).map(|p| p.2).sum::<u64>();
		proptest::prop_assert!(of(Role::Council) <= shares.council.mul_floor(pot));
		proptest::prop_assert!(of(Role::Collator) <= shares.collators.mul_floor(pot));
		proptest::prop_assert!(of(Role::Candidate) <= shares.candidates.mul_floor(pot));
		// The rest is the locked share, the shares no one was there to take, and less than
		// one unit a recipient of rounding.
		let parts = [
			(shares.council.mul_floor(pot), members),
			(shares.candidates.mul_floor(pot), online),
			(shares.collators.mul_floor(pot), if blocks.iter().any(|b| *b > 0) { authored.len() as u64 } else { 0 }),
		];
		let rest = rest.unwrap();
		let taken: u64 = parts.iter().filter(|(_, n)| *n > 0).map(|(part, _)| *part).sum();
		let rounding: u64 = parts.iter().filter(|(_, n)| *n > 0).map(|(_, n)| *n).sum();
		proptest::prop_assert!(rest >= pot - taken);
		proptest::prop_assert!(rest <= pot - taken + rounding);
		for (i, (who, n)) in authored.iter().enumerate() {
			let got = plan.payments.iter().find(|p| p.0 == Role::Collator && p.1 == *who).map_or(0, |p| p.2);
			if *n == 0 {
				proptest::prop_assert_eq!(got, 0);
			}
			for (other, m) in authored.iter().skip(i + 1) {
				let theirs = plan.payments.iter().find(|p| p.0 == Role::Collator && p.1 == *other).map_or(0, |p| p.2);
				if n > m { proptest::prop_assert!(got >= theirs); }
			}
		}
	}

	/// Random periods with income, share changes, producers and a Council: after each
	/// settlement the pool's hold equals its tranches, each statement adds up to its pot,
	/// and the pool lost exactly what was paid out.
	#[test]
	fn periods_in_any_order_conserve_the_pool(
		steps in proptest::collection::vec((0u64..100_000, 0u32..=60, 0u32..=40, 0usize..4, 0u32..8), 1..12),
	) {
		new_test_ext().execute_with(|| {
			set_candidates(&[21]);
			for (k, (income, council, collators, members, produced)) in steps.iter().enumerate() {
				assert_ok!(<Balances as Mutate<_>>::mint_into(&POOL, *income));
				assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), shares(*council, *collators, 0)));
				set_council(&[1, 2, 3][..*members.min(&3)]);
				author(11, *produced);
				let total_before = Balances::total_balance(&POOL);
				let period = k as u32;
				run_to((k as u64 + 1) * PERIOD, &[]);
				let s = Statements::<Test>::get(period).unwrap();
				let paid = s.council.paid + s.collators.paid + s.candidates.paid;
				assert_eq!(paid + s.locked + s.unlocked, s.pot);
				assert_eq!(s.unlocked, 0);
				// Exactly the period's income is split (the genesis funds in the first).
				assert_eq!(s.pot, if k == 0 { POT + income } else { *income });
				assert_eq!(total_before - Balances::total_balance(&POOL), paid);
				ReservePool::do_try_state().unwrap();
			}
		});
	}
}
