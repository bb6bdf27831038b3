//! `pallet_collective` as the Council: approves data listings, rates quality, spends the pots.
//! Its members are managed by `CouncilMembership`.

use super::{system::RuntimeBlockWeights, RootOrCouncilMajority};
use crate::{AccountId, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, DAYS};
use frame_support::{parameter_types, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

parameter_types! {
	pub const CouncilMotionDuration: crate::BlockNumber = 5 * DAYS;
	pub const CouncilMaxProposals: u32 = 100;
	pub const CouncilMaxMembers: u32 = 100;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<super::CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	// Members change only through `CouncilMembership` (or root directly).
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = RootOrCouncilMajority;
	type KillOrigin = RootOrCouncilMajority;
	// Members are few and vetted; proposals carry no deposit.
	type Consideration = ();
}
