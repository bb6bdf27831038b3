//! `pallet_aura`: slot-based block authoring.

use crate::{AuraId, Runtime, SLOT_DURATION};
use frame_support::traits::{ConstBool, ConstU32, ConstU64};

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<100_000>;
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}
