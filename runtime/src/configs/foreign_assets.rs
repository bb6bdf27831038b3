//! `pallet_assets` instance 2: assets of other chains (the relay chain's token, siblings'
//! tokens) held here in reserve, keyed by their XCM `Location` as on Asset Hub.
//!
//! BDES is this chain's `Here` asset and the only thing `Balances` holds; whatever XCM brings
//! in from elsewhere lands here, so no foreign deposit can ever mint BDES. Only the Council (or
//! root) registers a foreign asset (`force_create`), and only with the keyless
//! [`ForeignAssetsOwner`] as owner: the owner of an asset is its issuer, and nobody may issue a
//! foreign asset here except the XCM executor against the reserve's deposit.

use super::RootOrCouncilMajority;
use crate::{AccountId, Balance, Balances, Runtime, RuntimeEvent};
use frame_support::{parameter_types, traits::ConstU32, PalletId};
use frame_system::EnsureNever;
use sp_runtime::traits::AccountIdConversion;
use xcm::latest::Location;

parameter_types! {
	pub const ForeignAssetsPalletId: PalletId = PalletId(*b"bd/frgna");
	/// Owner, issuer, admin and freezer of every foreign asset: an account without a key.
	pub ForeignAssetsOwner: AccountId = ForeignAssetsPalletId::get().into_account_truncating();
	// Registration is by the Council without a deposit; holding a non-sufficient foreign asset
	// costs the account deposit like any other token.
	pub const ForeignAssetDeposit: Balance = 0;
	pub const ForeignAssetAccountDeposit: Balance = super::assets::AssetAccountDeposit::get();
	pub const ForeignMetadataDepositBase: Balance = 0;
	pub const ForeignMetadataDepositPerByte: Balance = 0;
	pub const ForeignApprovalDeposit: Balance = super::assets::ApprovalDeposit::get();
}

/// Refuses any foreign asset whose owner is not [`ForeignAssetsOwner`] (`force_create` lets
/// the caller name one): a named owner could mint the asset without a reserve behind it. Refuses
/// too a location that is not another chain's (this chain's own, seen from inside or outside).
pub struct OwnedByNobody;
impl pallet_assets::AssetsCallback<Location, AccountId> for OwnedByNobody {
	fn created(id: &Location, owner: &AccountId) -> Result<(), ()> {
		use frame_support::traits::Contains;
		if *owner == ForeignAssetsOwner::get() && super::xcm_config::OutsideThisChain::contains(id)
		{
			Ok(())
		} else {
			Err(())
		}
	}
}

impl pallet_assets::Config<pallet_assets::Instance2> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = Location;
	type AssetIdParameter = Location;
	type ReserveData = ();
	type Currency = Balances;
	// Nobody creates a foreign asset by a signed call.
	type CreateOrigin = EnsureNever<AccountId>;
	type ForceOrigin = RootOrCouncilMajority;
	type AssetDeposit = ForeignAssetDeposit;
	type AssetAccountDeposit = ForeignAssetAccountDeposit;
	type MetadataDepositBase = ForeignMetadataDepositBase;
	type MetadataDepositPerByte = ForeignMetadataDepositPerByte;
	type ApprovalDeposit = ForeignApprovalDeposit;
	type StringLimit = ConstU32<50>;
	type Freezer = ();
	type Holder = ();
	type Extra = ();
	type CallbackHandle = OwnedByNobody;
	type AssetIdAllocator = ();
	type WeightInfo = crate::weights::pallet_assets::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ForeignAssetsBenchmarkHelper;
}

/// Benchmark ids: sibling parachains' native tokens.
#[cfg(feature = "runtime-benchmarks")]
pub struct ForeignAssetsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_assets::BenchmarkHelper<Location, ()> for ForeignAssetsBenchmarkHelper {
	fn create_asset_id_parameter(id: u32) -> Location {
		Location::new(1, [xcm::latest::Junction::Parachain(id)])
	}
	fn create_reserve_id_parameter(_id: u32) {}
}
