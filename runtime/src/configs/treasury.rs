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

/// The two treasuries differ only in instance, pot and paying account.
macro_rules! impl_treasury {
	($instance:ty, $pallet_id:ty, $account:ty) => {
		impl pallet_treasury::Config<$instance> for Runtime {
			type Currency = Balances;
			type RejectOrigin = RootOrCouncilMajority;
			type RuntimeEvent = RuntimeEvent;
			type SpendPeriod = SpendPeriod;
			type Burn = NoBurn;
			type PalletId = $pallet_id;
			type BurnDestination = ();
			type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
			type SpendFunds = ();
			type MaxApprovals = ConstU32<100>;
			type SpendOrigin = TreasurySpender;
			type AssetKind = ();
			type Beneficiary = AccountId;
			type BeneficiaryLookup = IdentityLookup<AccountId>;
			type Paymaster = PayFromAccount<Balances, $account>;
			type BalanceConverter = UnityAssetBalanceConversion;
			type PayoutPeriod = PayoutPeriod;
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = ();
			type BlockNumberProvider = System;
		}
	};
}

impl_treasury!((), TreasuryPalletId, TreasuryAccount);
impl_treasury!(pallet_treasury::Instance2, EcosystemPalletId, EcosystemAccount);
