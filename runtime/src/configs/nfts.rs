//! `pallet_nfts`: ownership NFTs of data assets, licences and results.

use crate::{
	deposit, AccountId, Balance, Balances, Runtime, RuntimeEvent, Signature, System, DAYS,
};
use frame_support::{
	parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32},
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_nfts::PalletFeatures;
use sp_runtime::traits::Verify;

/// No sales or swaps inside pallet-nfts: an NFT changes hands for value only through the
/// NftMarket, which takes the protocol fee and pays an ownership NFT's dividends.
#[cfg(not(feature = "runtime-benchmarks"))]
fn nfts_features() -> PalletFeatures {
	PalletFeatures::from_disabled(
		pallet_nfts::PalletFeature::Trading | pallet_nfts::PalletFeature::Swaps,
	)
}
/// Benchmark builds (never deployed) keep trading on: `buy_item` is the SDK reference the README
/// compares BDES's sales with, and its benchmark needs `set_price`.
#[cfg(feature = "runtime-benchmarks")]
fn nfts_features() -> PalletFeatures {
	PalletFeatures::all_enabled()
}

parameter_types! {
	pub const CollectionDeposit: Balance = deposit(1, 130);
	pub const ItemDeposit: Balance = deposit(1, 164) / 40;
	pub const MetadataDepositBase: Balance = deposit(1, 129);
	pub const AttributeDepositBase: Balance = deposit(1, 0);
	pub const DepositPerByte: Balance = deposit(0, 1);
	pub NftsPalletFeatures: PalletFeatures = nfts_features();
	pub const MaxDeadlineDuration: crate::BlockNumber = 365 * DAYS;
}

impl pallet_nfts::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type CollectionId = u32;
	type ItemId = u32;
	type Currency = Balances;
	type ForceOrigin = EnsureRoot<AccountId>;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	// Items for sale or at auction cannot move or burn.
	type Locker = crate::NftMarket;
	type CollectionDeposit = CollectionDeposit;
	type ItemDeposit = ItemDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type AttributeDepositBase = AttributeDepositBase;
	type DepositPerByte = DepositPerByte;
	type StringLimit = ConstU32<256>;
	type KeyLimit = ConstU32<64>;
	type ValueLimit = ConstU32<256>;
	type ApprovalsLimit = ConstU32<20>;
	type ItemAttributesApprovalsLimit = ConstU32<30>;
	type MaxTips = ConstU32<10>;
	type MaxDeadlineDuration = MaxDeadlineDuration;
	type MaxAttributesPerCall = ConstU32<10>;
	type Features = NftsPalletFeatures;
	type OffchainSignature = Signature;
	type OffchainPublic = <Signature as Verify>::Signer;
	#[cfg(feature = "runtime-benchmarks")]
	type Helper = ();
	type WeightInfo = crate::weights::pallet_nfts::WeightInfo<Runtime>;
	type BlockNumberProvider = System;
}
