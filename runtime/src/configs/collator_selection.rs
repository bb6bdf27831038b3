//! `pallet_collator_selection`: invulnerable collators plus bonded candidates.

use super::RootOrCouncilMajority;
use crate::{configs::session::Period, Balances, Runtime, RuntimeEvent, Session};
use frame_support::{parameter_types, traits::ConstU32, PalletId};

parameter_types! {
	/// Pot of collator-selection (candidacy bonds slashed for misbehaviour go here).
	pub const PotId: PalletId = PalletId(*b"PotStake");
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	// Adding invulnerables and setting the candidacy bond: root or a Council majority.
	type UpdateOrigin = RootOrCouncilMajority;
	type PotId = PotId;
	type MaxCandidates = ConstU32<100>;
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<20>;
	// A multiple of the session length.
	type KickThreshold = Period;
	type ValidatorId = <Self as frame_system::Config>::AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ValidatorRegistration = Session;
	type WeightInfo = pallet_collator_selection::weights::SubstrateWeight<Runtime>;
}
