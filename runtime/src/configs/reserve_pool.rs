//! `pallet_reserve_pool`: each week the reserve pool (the treasury's account) pays the Council,
//! the block producers and the online candidates their shares; the rest stays locked in the
//! pool and comes back over half a year.

use super::{treasury::TreasuryAccount, RootOrCouncilMajority};
use crate::{
	AccountId, Balances, BlockNumber, Runtime, RuntimeEvent, RuntimeHoldReason, Session, DAYS,
};
use alloc::vec::Vec;
use frame_support::{parameter_types, traits::ConstU32};
use pallet_reserve_pool::SplitShares;
use sp_runtime::Permill;

parameter_types! {
	/// Until the Council sets others: 10% to the Council, 15% to the block producers, 5% to
	/// the candidates, 70% locked.
	pub const InitialShares: SplitShares = SplitShares {
		council: Permill::from_percent(10),
		collators: Permill::from_percent(15),
		candidates: Permill::from_percent(5),
	};
}

parameter_types! {
	/// A settlement period: a week. A storage parameter (its key is
	/// `twox_128(":ReservePeriod:")`) so Root can shorten it on a test chain with
	/// `system.set_storage`, as the end-to-end test does; nothing else writes it.
	pub storage ReservePeriod: BlockNumber = 7 * DAYS;
}

/// The Council's members (`pallet_collective`'s, kept by `pallet_membership`).
pub struct CouncilMembers;
impl frame_support::traits::Get<Vec<AccountId>> for CouncilMembers {
	fn get() -> Vec<AccountId> {
		pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get()
	}
}

/// The bonded candidates of collator selection outside this session's active set (those in it
/// are paid by the blocks they author). Collator selection keeps only candidates with session
/// keys and removes those that fail to produce when selected, so these are the ones standing
/// by.
pub struct StandbyCandidates;
impl frame_support::traits::Get<Vec<AccountId>> for StandbyCandidates {
	fn get() -> Vec<AccountId> {
		let active = Session::validators();
		pallet_collator_selection::CandidateList::<Runtime>::get()
			.into_iter()
			.map(|c| c.who)
			.filter(|who| !active.contains(who))
			.collect()
	}
}

impl pallet_reserve_pool::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Pool = TreasuryAccount;
	type Council = CouncilMembers;
	type Candidates = StandbyCandidates;
	type SharesOrigin = RootOrCouncilMajority;
	type DefaultShares = InitialShares;
	type Period = ReservePeriod;
	/// 26 weekly parts: a locked remainder is back in the pool after half a year.
	type ReleasePeriods = ConstU32<26>;
	/// The Council's bound.
	type MaxCouncil = ConstU32<100>;
	/// 20 invulnerables and up to 100 selected candidates a session, and room for the
	/// candidate set to change over the week's 28 sessions.
	type MaxAuthors = ConstU32<200>;
	/// Collator selection's bound.
	type MaxCandidates = ConstU32<100>;
	/// A year of weekly statements.
	type MaxStatements = ConstU32<52>;
	type WeightInfo = pallet_reserve_pool::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::Lists;
}

/// Writes the Council and the candidates for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;

	pub struct Lists;
	impl pallet_reserve_pool::BenchmarkHelper<AccountId> for Lists {
		fn set_council(members: &[AccountId]) {
			let mut sorted = members.to_vec();
			sorted.sort();
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::put(sorted);
		}
		fn set_candidates(list: &[AccountId]) {
			let candidates: Vec<_> = list
				.iter()
				.map(|who| pallet_collator_selection::CandidateInfo {
					who: who.clone(),
					deposit: 0,
				})
				.collect();
			pallet_collator_selection::CandidateList::<Runtime>::put(
				frame_support::BoundedVec::truncate_from(candidates),
			);
		}
	}
}
