//! `pallet_nft_market`: fixed-price sales and English auctions of NFTs.

use crate::{
	configs::treasury::TreasuryAccount, currency::deposit, Balances, BlockNumber, DataAssets,
	RevenueShares, Runtime, RuntimeEvent, RuntimeHoldReason, DAYS, MINUTES,
};
use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::Permill;

parameter_types! {
	/// Of every sale and winning bid, to the reserve pool.
	pub const NftProtocolFee: Permill = Permill::from_percent(2);
	/// Of the price of a data asset's ownership NFT, to its revenue-share holders.
	pub const OwnershipDividendShare: Permill = Permill::from_percent(5);
	pub const SaleDeposit: crate::Balance = deposit(1, 80);
	pub const AuctionDeposit: crate::Balance = deposit(3, 200);
	pub const MinAuctionDuration: BlockNumber = MINUTES;
	pub const MaxAuctionDuration: BlockNumber = 30 * DAYS;
	/// A bid in an auction's last two minutes keeps it open two more minutes.
	pub const ExtensionWindow: BlockNumber = 2 * MINUTES;
	pub const SettleRetryDelay: BlockNumber = MINUTES;
}

impl pallet_nft_market::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CollectionId = u32;
	type ItemId = u32;
	type Nfts = crate::Nfts;
	type OwnershipNfts = DataAssets;
	// Revenue-share holders first; else the collectors of the feed that made the asset.
	type Revenue = (RevenueShares, crate::Feeds);
	type FeeDestination = TreasuryAccount;
	type ProtocolFee = NftProtocolFee;
	type DividendShare = OwnershipDividendShare;
	type SaleDeposit = SaleDeposit;
	type AuctionDeposit = AuctionDeposit;
	type MinDuration = MinAuctionDuration;
	type MaxDuration = MaxAuctionDuration;
	type ExtensionWindow = ExtensionWindow;
	// 20 settlements are a few milliseconds of a block's two seconds.
	type MaxSettlementsPerBlock = ConstU32<20>;
	type RetryDelay = SettleRetryDelay;
	type MaxSettleAttempts = ConstU32<5>;
	type WeightInfo = pallet_nft_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::NftHelper;
}

/// NFTs for the market's benchmarks, from the real NFT and data-assets pallets.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use crate::{AccountId, Nfts, Runtime};
	use bdes_primitives::DataAssetBenchmarkHelper;
	use frame_support::traits::tokens::nonfungibles_v2::{Create, Mutate};

	pub struct NftHelper;

	impl pallet_nft_market::BenchmarkHelper<AccountId, u32, u32> for NftHelper {
		fn nft(owner: &AccountId, with_dividends: bool) -> (u32, u32) {
			use crate::configs::revenue_shares::benchmarks::RightsBenchmarkHelper as Rights;
			if with_dividends {
				let asset = Rights::listed_asset(owner);
				Rights::enable_revenue(asset, owner);
				let collection =
					pallet_data_assets::OwnershipCollection::<Runtime>::get().unwrap_or_default();
				return (collection, asset);
			}
			let creator: AccountId = frame_benchmarking::account("nft-creator", 0, 0);
			let collection = pallet_nfts::NextCollectionId::<Runtime>::get().unwrap_or_default();
			let _ = <Nfts as Create<AccountId, _>>::create_collection(
				&creator,
				&creator,
				&pallet_nfts::CollectionConfig {
					settings: Default::default(),
					max_supply: None,
					mint_settings: Default::default(),
				},
			);
			let _ = <Nfts as Mutate<AccountId, _>>::mint_into(
				&collection,
				&0,
				owner,
				&pallet_nfts::ItemConfig::default(),
				true,
			);
			(collection, 0)
		}
	}
}
