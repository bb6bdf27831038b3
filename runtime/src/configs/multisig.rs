//! `pallet_multisig`: multi-signature accounts (e.g. the foundation's genesis accounts).

use crate::{deposit, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, System};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	// One storage item: 32 bytes of key plus the 48-byte value (`Multisig` struct).
	pub const DepositBase: Balance = deposit(1, 88);
	// Each additional signatory adds 32 bytes.
	pub const DepositFactor: Balance = deposit(0, 32);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = DepositBase;
	type DepositFactor = DepositFactor;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = System;
}
