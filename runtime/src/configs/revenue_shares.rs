//! `pallet_revenue_shares`: revenue-share tokens of data assets and their dividends.

use crate::{
	configs::RootOrCouncilMajority, currency::deposit, Assets, AssetsFreezer, Balance, Balances,
	BlockNumber, DataAssets, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, DAYS,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU8},
	PalletId,
};
use sp_runtime::{traits::Convert, Perbill};

/// Share tokens take assets-pallet ids from 2^31 on (data asset id + 2^31); signed users can
/// only create ids below (see `assets.rs`), so nobody can take a share token's id first.
pub const SHARE_ASSET_ID_BASE: u32 = 1 << 31;

/// The assets-pallet id of a data asset's share token.
pub struct ShareAssetIdOf;
impl Convert<pallet_data_assets::AssetId, Option<u32>> for ShareAssetIdOf {
	fn convert(asset: pallet_data_assets::AssetId) -> Option<u32> {
		SHARE_ASSET_ID_BASE.checked_add(asset)
	}
}

parameter_types! {
	pub const RevenueSharesPalletId: PalletId = PalletId(*b"bd/rvshr");
	/// The whitepaper's rule: the owner keeps at least 51% locked.
	pub const LockedShare: Perbill = Perbill::from_percent(51);
	pub const MinShareSupply: Balance = 100;
	pub const ShareClassDeposit: Balance = deposit(1, 180);
	pub const StakeDeposit: Balance = deposit(1, 80);
	/// Until genesis or the Council sets the warm-up: a stake earns from the first day
	/// boundary at least a day after it (one to two days later), so staking just before a
	/// revenue everyone can see coming (an auction's end) earns nothing from it. The genesis
	/// presets set it (the development chain a short one).
	pub const DefaultStakeWarmUp: BlockNumber = DAYS;
	/// The longest warm-up the Council can set: a stake then earns after 30 to 60 days; any
	/// longer and holders' shares would sit frozen without earning for over two months.
	pub const MaxStakeWarmUp: BlockNumber = 30 * DAYS;
}

impl pallet_revenue_shares::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type ShareAssetId = u32;
	type ShareAssetIdOf = ShareAssetIdOf;
	type Fungibles = Assets;
	type Freezer = AssetsFreezer;
	type DataAssets = DataAssets;
	type PalletId = RevenueSharesPalletId;
	type LockedShare = LockedShare;
	type MinSupply = MinShareSupply;
	type ClassDeposit = ShareClassDeposit;
	type StakeDeposit = StakeDeposit;
	// The assets pallet's own limit.
	type StringLimit = ConstU32<50>;
	type MaxDecimals = ConstU8<18>;
	type DefaultWarmUp = DefaultStakeWarmUp;
	type MaxWarmUp = MaxStakeWarmUp;
	type WarmUpOrigin = RootOrCouncilMajority;
	type WeightInfo = pallet_revenue_shares::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::RightsBenchmarkHelper;
}

/// Data assets for the rights pallets' benchmarks, from the real data-assets pallet.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use crate::AccountId;
	use frame_support::traits::tokens::nonfungibles_v2::Transfer;

	pub struct RightsBenchmarkHelper;

	impl bdes_primitives::DataAssetBenchmarkHelper<AccountId> for RightsBenchmarkHelper {
		fn listed_asset(owner: &AccountId) -> pallet_data_assets::AssetId {
			DataAssets::benchmark_listed_asset(owner)
		}

		fn transfer_ownership(asset: pallet_data_assets::AssetId, _: &AccountId, to: &AccountId) {
			if let Some(collection) = pallet_data_assets::OwnershipCollection::<Runtime>::get() {
				let _ = <crate::Nfts as Transfer<AccountId>>::transfer(&collection, &asset, to);
			}
		}

		fn enable_revenue(asset: pallet_data_assets::AssetId, owner: &AccountId) {
			let _ = crate::RevenueShares::issue(
				crate::RuntimeOrigin::signed(owner.clone()),
				asset,
				1_000_000,
				b"Benchmark shares".to_vec(),
				b"BSHR".to_vec(),
				2,
			);
		}
	}
}
