//! Benchmarks (frame-benchmarking v2), each on its worst path: a settlement paying `c` Council
//! members, `a` producers and `k` candidates, all new accounts, while releasing a part of
//! every tranche a pool can hold.

use super::*;
use crate::Pallet as ReservePool;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate, MutateHold},
	Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Saturating, Zero},
	Permill,
};

fn accounts<T: Config>(name: &'static str, n: u32) -> Vec<T::AccountId> {
	(0..n).map(|i| account(name, i, 0)).collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_shares() {
		let shares = SplitShares {
			council: Permill::from_percent(20),
			collators: Permill::from_percent(30),
			candidates: Permill::from_percent(10),
		};
		#[extrinsic_call]
		_(RawOrigin::Root, shares);
		assert_eq!(Shares::<T>::get(), shares);
	}

	/// A producer new in the period.
	#[benchmark]
	fn note_author() {
		for who in accounts::<T>("author", T::MaxAuthors::get().saturating_sub(1)) {
			ReservePool::<T>::count_block(who);
		}
		let author: T::AccountId = account("new-author", 0, 0);
		#[block]
		{
			<ReservePool<T> as pallet_authorship::EventHandler<_, _>>::note_author(author.clone());
		}
		assert_eq!(Authored::<T>::get(&author), Some(1));
	}

	#[benchmark]
	fn settle(
		c: Linear<0, { T::MaxCouncil::get() }>,
		a: Linear<0, { T::MaxAuthors::get() }>,
		k: Linear<0, { T::MaxCandidates::get() }>,
	) {
		let pool = T::Pool::get();
		let ed = T::Currency::minimum_balance();
		let funds = ed.saturating_mul(1_000_000_000u32.into());
		assert!(T::Currency::mint_into(&pool, funds.saturating_add(funds)).is_ok());
		// Every tranche the pool can hold, each with a part due and the oldest due in full;
		// the oldest statement kept is removed.
		let periods = T::ReleasePeriods::get();
		let start = periods.max(T::MaxStatements::get());
		for age in 1..=periods {
			assert!(T::Currency::hold(&HoldReason::LockedReserve.into(), &pool, ed).is_ok());
			Tranches::<T>::mutate(|t| {
				let tranche = Tranche { period: start - age, amount: ed, released: Zero::zero() };
				assert!(t.try_push(tranche).is_ok());
			});
		}
		let old = start - T::MaxStatements::get();
		Statements::<T>::insert(
			old,
			Statement {
				start: Zero::zero(),
				end: Zero::zero(),
				pot: Zero::zero(),
				released: Zero::zero(),
				shares: SplitShares::default(),
				council: RolePaid::default(),
				collators: RolePaid::default(),
				candidates: RolePaid::default(),
				blocks: 0,
				unpaid: Zero::zero(),
				locked: Zero::zero(),
				unlocked: Zero::zero(),
			},
		);
		let period = Permill::from_percent(30);
		Shares::<T>::put(SplitShares { council: period, collators: period, candidates: period });
		T::BenchmarkHelper::set_council(&accounts::<T>("member", c));
		T::BenchmarkHelper::set_candidates(&accounts::<T>("candidate", k));
		for who in accounts::<T>("producer", a) {
			ReservePool::<T>::count_block(who);
		}
		let length = T::Period::get();
		let now: BlockNumberFor<T> = length.saturating_mul(2u32.into());
		Current::<T>::put(CurrentPeriod { index: start, start: now.saturating_sub(length) });
		frame_system::Pallet::<T>::set_block_number(now);
		#[block]
		{
			ReservePool::<T>::on_block(now);
		}
		let statement = Statements::<T>::get(start).expect("settled");
		assert!(!Statements::<T>::contains_key(old));
		assert!(Tranches::<T>::get().iter().all(|t| t.period > start - periods));
		assert_eq!(statement.council.recipients, c);
		assert_eq!(statement.collators.recipients, a);
		assert_eq!(statement.candidates.recipients, k);
	}

	impl_benchmark_test_suite!(ReservePool, crate::mock::new_test_ext(), crate::mock::Test);
}
