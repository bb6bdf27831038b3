//! `pallet_transaction_payment`: fees (and tips) go to the reserve pool, never burned.

use crate::{
	configs::treasury::TreasuryAccount, Balance, Balances, Runtime, RuntimeEvent, WeightToFee,
	BASE_UNIT,
};
use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU8},
	weights::ConstantMultiplier,
};
use polkadot_runtime_common::SlowAdjustingFeeUpdate;

parameter_types! {
	/// Fee per byte of an extrinsic: 10 base units (0.0001 BDES).
	pub const TransactionByteFee: Balance = 10 * BASE_UNIT;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction =
		pallet_transaction_payment::FungibleAdapter<Balances, ResolveTo<TreasuryAccount, Balances>>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
