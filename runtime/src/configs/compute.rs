//! `pallet_compute`: models, compute providers, tasks assigned on chain, results verified by
//! quorum and minted as data assets.

use crate::{
	configs::{
		treasury::{EcosystemAccount, TreasuryAccount},
		RootOrCouncilMajority,
	},
	currency::{deposit, BDES},
	Balance, Balances, BlockNumber, DataAssets, DataLicences, Runtime, RuntimeEvent,
	RuntimeHoldReason, DAYS, HOURS, MINUTES,
};
use frame_support::{parameter_types, traits::ConstU32, PalletId};
use sp_runtime::Permill;

parameter_types! {
	pub const ComputePalletId: PalletId = PalletId(*b"bd/compt");
	/// 2% of what providers are paid, to the reserve pool.
	pub const ComputeProtocolFee: Permill = Permill::from_percent(2);
	/// A model's record: two CIDs' worth and two specs.
	pub const ModelDeposit: Balance = deposit(1, 400);
	/// A task's record (up to 8 inputs, 5 slots with reveals, 1 KiB of parameters), kept for
	/// its result's provenance.
	pub const TaskDeposit: Balance = deposit(2, 2_000);
	/// 100 BDES of bond per task a provider runs at once.
	pub const BondPerCapacity: Balance = 100 * BDES;
	/// Fresh for 10 minutes after a heartbeat.
	pub const HeartbeatInterval: BlockNumber = 10 * MINUTES;
	/// Standby rewards per day.
	pub const EpochLength: BlockNumber = DAYS;
	/// 10,000 BDES a day from the ecosystem pot, shared by the registered capacity.
	pub const StandbyReward: Balance = 10_000 * BDES;
	pub const AcceptTimeout: BlockNumber = 10 * MINUTES;
	pub const RevealPeriod: BlockNumber = HOURS;
	pub const MaxTaskDuration: BlockNumber = 7 * DAYS;
	pub const NoShowSlash: Permill = Permill::from_percent(1);
	pub const MissedSlash: Permill = Permill::from_percent(5);
	pub const WrongSlash: Permill = Permill::from_percent(20);
}

impl pallet_compute::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DataAssets = DataAssets;
	type Results = DataAssets;
	type LicenceId = pallet_data_licences::LicenceId;
	type Licences = DataLicences;
	type CouncilOrigin = RootOrCouncilMajority;
	type PalletId = ComputePalletId;
	type ReservePool = TreasuryAccount;
	type RewardPot = EcosystemAccount;
	type ProtocolFee = ComputeProtocolFee;
	type ModelDeposit = ModelDeposit;
	type TaskDeposit = TaskDeposit;
	type BondPerCapacity = BondPerCapacity;
	type MaxCapacity = ConstU32<64>;
	type MaxProviders = ConstU32<1_000>;
	type HeartbeatInterval = HeartbeatInterval;
	type EpochLength = EpochLength;
	type StandbyReward = StandbyReward;
	type AcceptTimeout = AcceptTimeout;
	type RevealPeriod = RevealPeriod;
	type MaxTaskDuration = MaxTaskDuration;
	type NoShowSlash = NoShowSlash;
	type MissedSlash = MissedSlash;
	type WrongSlash = WrongSlash;
	type MaxRedundancy = ConstU32<5>;
	type MaxInputs = ConstU32<8>;
	type MaxLooks = ConstU32<64>;
	type MaxCidLen = ConstU32<100>;
	type MaxSpecLen = ConstU32<128>;
	type MaxParamsLen = ConstU32<1_024>;
	type WeightInfo = pallet_compute::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::InputHelper;
}

/// Licensed inputs for the compute benchmarks, from the real data-assets and data-licences
/// pallets.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use crate::{AccountId, RuntimeOrigin};
	use frame_support::traits::fungible::Mutate;

	pub struct InputHelper;
	impl pallet_compute::BenchmarkHelper<AccountId, pallet_data_licences::LicenceId> for InputHelper {
		fn licensed_input(
			buyer: &AccountId,
		) -> (pallet_data_assets::AssetId, pallet_data_licences::LicenceId) {
			let owner: AccountId = frame_benchmarking::account("data-owner", 0, 0);
			let _ = Balances::mint_into(&owner, 1_000_000 * BDES);
			let asset = DataAssets::benchmark_listed_asset(&owner);
			let offer = pallet_data_licences::NextOfferId::<Runtime>::get();
			let terms = pallet_data_licences::OfferTerms {
				price: BDES,
				duration: 30 * DAYS,
				calls: 1_000,
				max_sales: None,
				transferable: true,
				revenue_share: Permill::zero(),
			};
			assert!(DataLicences::create_offer(RuntimeOrigin::signed(owner), asset, terms).is_ok());
			let licence = pallet_data_licences::NextLicenceId::<Runtime>::get();
			assert!(DataLicences::buy(RuntimeOrigin::signed(buyer.clone()), offer).is_ok());
			(asset, licence)
		}
	}
}
