//! `pallet_treasury`, two instances:
//! - `Treasury` is the reserve pool: transaction fees, dust and (later) protocol fees land here,
//!   shared with the Council and collators by Council spends.
//! - `EcosystemFund` holds the ecosystem-incentives allocation (20% of supply); the Council spends
//!   from it by motion.
//!
//! Neither burns: `Burn` is zero, so spend periods never reduce issuance.

use super::{
	EcosystemPalletId, PayoutPeriod, RootOrCouncilMajority, SpendPeriod, TreasuryPalletId,
	TreasurySpender,
};
use crate::{AccountId, Balances, Runtime, RuntimeEvent, System};
use frame_support::{
	parameter_types,
	traits::{
		tokens::{pay::PayFromAccount, UnityAssetBalanceConversion},
		ConstU32,
	},
};
use sp_runtime::{traits::IdentityLookup, Permill};

parameter_types! {
	pub const NoBurn: Permill = Permill::zero();
	pub TreasuryAccount: AccountId = pallet_treasury::Pallet::<Runtime>::account_id();
	pub EcosystemAccount: AccountId =
		pallet_treasury::Pallet::<Runtime, pallet_treasury::Instance2>::account_id();
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	type RejectOrigin = RootOrCouncilMajority;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = NoBurn;
	type PalletId = TreasuryPalletId;
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	type SpendOrigin = TreasurySpender;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	type BlockNumberProvider = System;
}

impl pallet_treasury::Config<pallet_treasury::Instance2> for Runtime {
	type Currency = Balances;
	type RejectOrigin = RootOrCouncilMajority;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = NoBurn;
	type PalletId = EcosystemPalletId;
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	type SpendOrigin = TreasurySpender;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	type Paymaster = PayFromAccount<Balances, EcosystemAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	type BlockNumberProvider = System;
}
