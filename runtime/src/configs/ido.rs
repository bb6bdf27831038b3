//! `pallet_ido`: initial data offerings of rated data assets' revenue shares, released to the
//! owner in Council-approved tranches.

use crate::{
	configs::{treasury::TreasuryAccount, RootOrCouncilMajority},
	currency::deposit,
	Assets, Balance, Balances, BlockNumber, DataAssets, RevenueShares, Runtime, RuntimeEvent,
	RuntimeHoldReason, DAYS, EXISTENTIAL_DEPOSIT,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU8},
	PalletId,
};
use sp_runtime::Permill;

parameter_types! {
	pub const IdoPalletId: PalletId = PalletId(*b"bd/idoes");
	/// 2% of a successful raise to the reserve pool.
	pub const IdoProtocolFee: Permill = Permill::from_percent(2);
	/// The record, its plan (ten milestones of up to 128 bytes) and the owner's entry.
	pub const IdoDeposit: Balance = deposit(2, 1_600);
	/// A commitment can always open the account a refund goes to.
	pub const MinIdoCommitment: Balance = EXISTENTIAL_DEPOSIT;
	/// Commitments are taken for at most 90 days, opening at most 90 days after the proposal.
	pub const MaxIdoDuration: BlockNumber = 90 * DAYS;
}

impl pallet_ido::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ShareAssetId = u32;
	type Fungibles = Assets;
	type Shares = RevenueShares;
	type DataAssets = DataAssets;
	type CouncilOrigin = RootOrCouncilMajority;
	type PalletId = IdoPalletId;
	type FeeDestination = TreasuryAccount;
	type ProtocolFee = IdoProtocolFee;
	/// Grade C (60) or better.
	type MinRating = ConstU8<60>;
	type IdoDeposit = IdoDeposit;
	type MinCommitment = MinIdoCommitment;
	type MaxTranches = ConstU32<10>;
	type MaxMilestoneLen = ConstU32<128>;
	type StringLimit = <Runtime as pallet_revenue_shares::Config>::StringLimit;
	type MaxInvestors = ConstU32<5_000>;
	type MaxDuration = MaxIdoDuration;
	type MaxOpen = ConstU32<16>;
	type WeightInfo = pallet_ido::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::SaleHelper;
}

/// Data assets for sale in the IDO benchmarks, from the real data-assets and revenue-shares
/// pallets.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use crate::{AccountId, RuntimeOrigin};
	use pallet_data_assets::{AssetId, QualityScores};

	pub struct SaleHelper;
	impl pallet_ido::BenchmarkHelper<AccountId, Balance> for SaleHelper {
		fn asset_for_sale(owner: &AccountId, supply: Balance) -> AssetId {
			let asset = Self::rated_asset(owner);
			assert!(RevenueShares::issue(
				RuntimeOrigin::signed(owner.clone()),
				asset,
				supply,
				b"Sale shares".to_vec(),
				b"SALE".to_vec(),
				2,
			)
			.is_ok());
			asset
		}

		fn rated_asset(owner: &AccountId) -> AssetId {
			let asset = DataAssets::benchmark_listed_asset(owner);
			let top = QualityScores {
				source_credibility: 100,
				coverage_period: 100,
				coverage_range: 100,
				timeliness: 100,
				access_efficiency: 100,
			};
			assert!(DataAssets::rate(RuntimeOrigin::root(), asset, top).is_ok());
			asset
		}
	}
}
