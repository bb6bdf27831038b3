//! `pallet_order_book`: order books of fungible data tokens against BDES.

use crate::{
	configs::{treasury::TreasuryAccount, RootOrCouncilMajority},
	currency::deposit,
	Assets, Balances, Runtime, RuntimeEvent, RuntimeHoldReason, MINUTES,
};
use frame_support::{parameter_types, traits::ConstU32, PalletId};

parameter_types! {
	pub const OrderBookPalletId: PalletId = PalletId(*b"bd/ordbk");
	/// A resting order is about 150 bytes with its index entries.
	pub const OrderDeposit: crate::Balance = deposit(2, 150);
	/// Expired orders are cleaned up within a minute of expiring.
	pub const OrderExpiryBucket: crate::BlockNumber = MINUTES;
}

impl pallet_order_book::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetId = u32;
	type Assets = Assets;
	type MarketOrigin = RootOrCouncilMajority;
	type PalletId = OrderBookPalletId;
	type FeeDestination = TreasuryAccount;
	type OrderDeposit = OrderDeposit;
	type MaxFills = ConstU32<32>;
	type MaxOpenOrders = ConstU32<64>;
	type MaxListUpdate = ConstU32<32>;
	type RecentTrades = ConstU32<64>;
	type ExpiryBucket = OrderExpiryBucket;
	type MaxCleanupPerBlock = ConstU32<20>;
	type WeightInfo = pallet_order_book::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::AssetsHelper;
}

/// Assets for the order book's benchmarks, from the real assets pallet.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use crate::{AccountId, Assets, Balance};
	use frame_support::traits::fungibles::{Create, Mutate};

	pub struct AssetsHelper;

	impl pallet_order_book::BenchmarkHelper<u32, AccountId, Balance> for AssetsHelper {
		fn create_asset(lot: Balance) -> u32 {
			let id = 1_000;
			let owner: AccountId = frame_benchmarking::account("asset-owner", 0, 0);
			let _ = <Assets as Create<AccountId>>::create(id, owner, true, lot);
			id
		}

		fn mint(asset: u32, who: &AccountId, amount: Balance) {
			let _ = <Assets as Mutate<AccountId>>::mint_into(asset, who, amount);
		}
	}
}
