//! `pallet_assets`: fungible data tokens (revenue shares, satellite and bridged tokens).

use crate::{
	configs::revenue_shares::SHARE_ASSET_ID_BASE, deposit, AccountId, AssetsFreezer, Balance,
	Balances, Runtime, RuntimeEvent, RuntimeOrigin, BDES,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EnsureOrigin, EnsureOriginWithArg},
};
use frame_system::{EnsureRoot, EnsureSigned};

/// Any signed account creates assets, with ids below the share-token range: those ids belong
/// to the revenue-shares pallet, so nobody can take a data asset's share-token id first.
pub struct SignedBelowShareIds;

impl EnsureOriginWithArg<RuntimeOrigin, u32> for SignedBelowShareIds {
	type Success = AccountId;

	fn try_origin(o: RuntimeOrigin, id: &u32) -> Result<AccountId, RuntimeOrigin> {
		if *id >= SHARE_ASSET_ID_BASE {
			return Err(o);
		}
		<EnsureSigned<AccountId> as EnsureOrigin<RuntimeOrigin>>::try_origin(o)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(id: &u32) -> Result<RuntimeOrigin, ()> {
		if *id >= SHARE_ASSET_ID_BASE {
			return Err(());
		}
		<EnsureSigned<AccountId> as EnsureOrigin<RuntimeOrigin>>::try_successful_origin()
	}
}

parameter_types! {
	pub const AssetDeposit: Balance = 100 * BDES;
	pub const AssetAccountDeposit: Balance = deposit(1, 16);
	pub const MetadataDepositBase: Balance = deposit(1, 68);
	pub const MetadataDepositPerByte: Balance = deposit(0, 1);
	pub const ApprovalDeposit: Balance = deposit(1, 0);
}

impl pallet_assets::Config<pallet_assets::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = u32;
	type AssetIdParameter = codec::Compact<u32>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = SignedBelowShareIds;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = ConstU32<50>;
	// Freezes (e.g. the owner's locked 51% of a revenue-share token) are kept by the freezer.
	type Freezer = AssetsFreezer;
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = crate::weights::pallet_assets::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
