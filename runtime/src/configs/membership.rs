//! `pallet_membership` managing the Council's members: changed only by a Council motion or root.

use super::{RootOrCouncilMajority, RootOrCouncilTwoThirds};
use crate::{Council, Runtime, RuntimeEvent};
use frame_support::traits::ConstU32;

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = RootOrCouncilMajority;
	type RemoveOrigin = RootOrCouncilMajority;
	type SwapOrigin = RootOrCouncilMajority;
	// Replacing the whole Council takes a two-thirds motion.
	type ResetOrigin = RootOrCouncilTwoThirds;
	type PrimeOrigin = RootOrCouncilMajority;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<100>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}
