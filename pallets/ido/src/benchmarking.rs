//! Benchmarks (frame-benchmarking v2), each on its call's worst path.

use super::*;
use crate::Pallet as IdoPallet;
use alloc::vec::Vec;
use bdes_primitives::ShareSale;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Bounded, Saturating, Zero},
	Permill,
};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

/// One share unit's price: a thousand times the smallest commitment, so each investor buys
/// whole units and leaves a remainder to refund.
fn price<T: Config>() -> BalanceOf<T> {
	T::MinCommitment::get().saturating_mul(1_000u32.into())
}

/// A supply whose unlocked 49% covers `shares`.
fn supply<T: Config>(shares: BalanceOf<T>) -> BalanceOf<T> {
	shares.saturating_mul(4u32.into()).saturating_add(1_000_000u32.into())
}

/// A plan of `MaxTranches` tranches with milestones at their longest, from `end` on.
fn plan<T: Config>(end: BlockNumberFor<T>) -> TranchesOf<T> {
	let n = T::MaxTranches::get();
	let milestone: MilestoneOf<T> =
		BoundedVec::truncate_from(alloc::vec![b'm'; T::MaxMilestoneLen::get() as usize]);
	let tranches: Vec<TrancheOf<T>> = (0..n)
		.map(|i| Tranche {
			// The first takes the rounding, so the parts add up to 100%.
			share: if i == 0 {
				Permill::from_parts(1_000_000 - (n - 1) * (1_000_000 / n))
			} else {
				Permill::from_parts(1_000_000 / n)
			},
			earliest: end.saturating_add(i.into()),
			milestone: milestone.clone(),
		})
		.collect();
	BoundedVec::truncate_from(tranches)
}

/// Terms selling `shares` at [`price`], open from ten blocks on for ten blocks, any one
/// investor up to the whole raise. (The runner sets the block number to 1 before the measured
/// call when the setup ran at 0: the start must be later than that.)
fn terms<T: Config>(shares: BalanceOf<T>) -> TermsOf<T> {
	let now = frame_system::Pallet::<T>::block_number();
	let start = now.saturating_add(10u32.into());
	let end = start.saturating_add(10u32.into());
	let hard_cap = shares.saturating_mul(price::<T>());
	Terms {
		shares,
		price: price::<T>(),
		soft_cap: price::<T>(),
		hard_cap,
		min_commit: T::MinCommitment::get(),
		max_commit: hard_cap,
		start,
		end,
		tranches: plan::<T>(end),
	}
}

/// The owner, its data asset and a proposal of `shares` shares.
fn proposed<T: Config>(shares: BalanceOf<T>) -> (T::AccountId, IdoId) {
	let owner = funded::<T>("owner", 0);
	let asset = T::BenchmarkHelper::asset_for_sale(&owner, supply::<T>(shares));
	let id = NextIdoId::<T>::get();
	assert!(IdoPallet::<T>::do_propose(owner.clone(), asset, terms::<T>(shares)).is_ok());
	(owner, id)
}

/// Proposed, approved and open, `n` investors in, each for one share unit and a remainder.
fn open_with<T: Config>(n: u32) -> (T::AccountId, IdoId) {
	let (owner, id) = proposed::<T>(n.max(1).saturating_mul(2).into());
	assert!(IdoPallet::<T>::do_approve(id).is_ok());
	let start = Idos::<T>::get(id).unwrap().terms.start;
	frame_system::Pallet::<T>::set_block_number(start);
	let each = price::<T>().saturating_add(T::MinCommitment::get());
	for i in 0..n {
		let investor = funded::<T>("investor", i);
		assert!(IdoPallet::<T>::do_commit(investor, id, each).is_ok());
	}
	(owner, id)
}

fn to_end<T: Config>(id: IdoId) {
	let end = Idos::<T>::get(id).unwrap().terms.end;
	frame_system::Pallet::<T>::set_block_number(end);
}

/// Open with `n` investors, ended, every investor allocated: funded.
fn funded_with<T: Config>(n: u32) -> (T::AccountId, IdoId) {
	let (owner, id) = open_with::<T>(n);
	to_end::<T>(id);
	assert!(IdoPallet::<T>::do_settle(id, n).is_ok());
	assert!(matches!(Idos::<T>::get(id).unwrap().status, Status::Funded { .. }));
	(owner, id)
}

/// Funded with `n` investors, one tranche released, the rest stopped: closing.
fn stopped_with<T: Config>(n: u32) -> IdoId {
	let (_, id) = funded_with::<T>(n);
	assert!(IdoPallet::<T>::do_release_tranche(id).is_ok());
	assert!(IdoPallet::<T>::do_stop(id).is_ok());
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// The longest plan, milestones at their longest.
	#[benchmark]
	fn propose() {
		let owner = funded::<T>("owner", 0);
		let shares: BalanceOf<T> = 1_000u32.into();
		let asset = T::BenchmarkHelper::asset_for_sale(&owner, supply::<T>(shares));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset, terms::<T>(shares));

		assert!(OpenIdo::<T>::contains_key(asset));
	}

	// As `propose`, with the shares issued first: names at their longest.
	#[benchmark]
	fn propose_issuing() {
		let owner = funded::<T>("owner", 0);
		let shares: BalanceOf<T> = 1_000u32.into();
		let asset = T::BenchmarkHelper::rated_asset(&owner);
		let name: ShareNameOf<T> =
			BoundedVec::truncate_from(alloc::vec![b'n'; T::StringLimit::get() as usize]);
		let issue =
			ShareIssue { supply: supply::<T>(shares), symbol: name.clone(), name, decimals: 0 };

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset, issue, terms::<T>(shares));

		assert!(OpenIdo::<T>::contains_key(asset));
		assert!(T::Shares::share_asset(asset).is_some());
	}

	#[benchmark]
	fn approve() -> Result<(), BenchmarkError> {
		let (_, id) = proposed::<T>(1_000u32.into());
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_eq!(Idos::<T>::get(id).unwrap().status, Status::Approved);
		Ok(())
	}

	// The shares go back, the deposit and the escrow's buffer too.
	#[benchmark]
	fn reject() -> Result<(), BenchmarkError> {
		let (_, id) = proposed::<T>(1_000u32.into());
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(matches!(Idos::<T>::get(id).unwrap().status, Status::Closed { .. }));
		Ok(())
	}

	// A new investor: its record and its place in the list.
	#[benchmark]
	fn commit() {
		let (_, id) = open_with::<T>(1);
		let investor = funded::<T>("new", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(investor.clone()), id, price::<T>());

		assert!(Commitments::<T>::contains_key(id, &investor));
	}

	#[benchmark]
	fn withdraw() {
		let (_, id) = open_with::<T>(1);
		let investor: T::AccountId = account("investor", 0, 0);
		let amount = price::<T>().saturating_add(T::MinCommitment::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(investor.clone()), id, amount);

		assert!(Commitments::<T>::get(id, &investor).unwrap().amount.is_zero());
	}

	// The heaviest step: `n` investors each given a share unit (its first stake of the asset:
	// a stake record, a warm-up bucket, a freeze) and a remainder back, then the close of the
	// allocation (the fee to the reserve pool, unsold shares back). Stopped plans' steps
	// (`settle_stopped`) and failed ones' (`settle_failed`) are charged by the largest.
	#[benchmark]
	fn settle(n: Linear<1, 100>) {
		let (_, id) = open_with::<T>(n);
		to_end::<T>(id);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, n);

		assert!(matches!(Idos::<T>::get(id).unwrap().status, Status::Funded { .. }));
	}

	// `n` investors of a stopped plan: a refund each, their shares unlocked, unstaked in part and
	// returned, then the close (rounding to the owner, deposit and buffer back).
	#[benchmark]
	fn settle_stopped(n: Linear<1, 100>) {
		let id = stopped_with::<T>(n);

		#[block]
		{
			assert!(IdoPallet::<T>::do_settle(id, n).is_ok());
		}

		assert!(matches!(Idos::<T>::get(id).unwrap().status, Status::Closed { .. }));
	}

	// `n` investors of a failed IDO refunded, then the close (the shares back).
	#[benchmark]
	fn settle_failed(n: Linear<1, 100>) {
		let (_, id) = proposed::<T>(n.saturating_mul(2).into());
		assert!(IdoPallet::<T>::do_approve(id).is_ok());
		let mut ido = Idos::<T>::get(id).unwrap();
		// A soft cap nobody reaches.
		ido.terms.soft_cap = ido.terms.hard_cap;
		Idos::<T>::insert(id, ido.clone());
		frame_system::Pallet::<T>::set_block_number(ido.terms.start);
		for i in 0..n {
			let investor = funded::<T>("investor", i);
			assert!(IdoPallet::<T>::do_commit(investor, id, T::MinCommitment::get()).is_ok());
		}
		to_end::<T>(id);

		#[block]
		{
			assert!(IdoPallet::<T>::do_settle(id, n).is_ok());
		}

		assert!(matches!(Idos::<T>::get(id).unwrap().status, Status::Closed { .. }));
	}

	// Not the last tranche: the last one also queues the close, which is cheaper than paying.
	#[benchmark]
	fn release_tranche() -> Result<(), BenchmarkError> {
		let (_, id) = funded_with::<T>(1);
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_eq!(Idos::<T>::get(id).unwrap().status, Status::Funded { released: 1 });
		Ok(())
	}

	#[benchmark]
	fn stop() -> Result<(), BenchmarkError> {
		let (_, id) = funded_with::<T>(1);
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(matches!(Idos::<T>::get(id).unwrap().status, Status::Closing { .. }));
		Ok(())
	}

	// Owed BDES paid after the IDO closed, which empties the escrow to the owner. (A deferred
	// close it redoes is charged as a step of `settle_stopped` on top.)
	#[benchmark]
	fn claim() {
		let id = stopped_with::<T>(1);
		let investor: T::AccountId = account("investor", 0, 0);
		// What a refund the investor could not take leaves behind.
		let owed = T::MinCommitment::get();
		let mut commitment = Commitments::<T>::get(id, &investor).unwrap();
		commitment.owed = owed;
		commitment.refunded = commitment.refunded.saturating_add(owed);
		Commitments::<T>::insert(id, &investor, commitment);
		let mut ido = Idos::<T>::get(id).unwrap();
		ido.owed = owed;
		Idos::<T>::insert(id, ido);
		let escrow = IdoPallet::<T>::escrow(id);
		T::Currency::set_balance(&escrow, T::Currency::balance(&escrow).saturating_add(owed));
		assert!(IdoPallet::<T>::do_settle(id, 1).is_ok());

		#[extrinsic_call]
		_(RawOrigin::Signed(investor.clone()), id);

		assert!(Commitments::<T>::get(id, &investor).unwrap().owed.is_zero());
	}

	impl_benchmark_test_suite!(IdoPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
