//! `pallet_scheduler`: calls dispatched at a later block (used by governance).

use super::{system::RuntimeBlockWeights, RootOrCouncilMajority};
use crate::{OriginCaller, Preimage, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EqualPrivilegeOnly},
	weights::Weight,
};
use sp_runtime::Perbill;

parameter_types! {
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = RootOrCouncilMajority;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}
