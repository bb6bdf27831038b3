//! `pallet_feeds`: feeds approved once by the Council whose batches list and sell themselves.

use crate::{
	configs::{treasury::EcosystemAccount, RootOrCouncilMajority},
	currency::{deposit, BDES},
	Balance, Balances, BlockNumber, DataAssets, DataLicences, NftMarket, Runtime, RuntimeEvent,
	RuntimeHoldReason, DAYS, MINUTES,
};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// A schema's record: up to 32 columns of 32-byte names.
	pub const SchemaDeposit: Balance = deposit(1, 1_200);
	/// A feed's record: its terms and up to 16 collectors.
	pub const FeedDeposit: Balance = deposit(1, 900);
	/// A batch's provenance record and its digest's index entry (its asset holds its own).
	pub const BatchDeposit: Balance = deposit(2, 140);
	/// A batch a minute at most (ten blocks)...
	pub const MinFeedInterval: BlockNumber = MINUTES;
	/// ...and a day at least.
	pub const MaxFeedInterval: BlockNumber = DAYS;
}

parameter_types! {
	/// Contribution rewards per day. A storage parameter (its key is `twox_128(":FeedEpochLength:")`)
	/// so Root can shorten it on a test chain with `system.set_storage`, as the end-to-end test
	/// does; nothing else writes it, so on a live chain it is the day it says.
	pub storage FeedEpochLength: BlockNumber = DAYS;
}

parameter_types! {
	/// 5,000 BDES a day from the ecosystem pot, shared by the punctual feeds.
	pub const ContributionReward: Balance = 5_000 * BDES;
}

impl pallet_feeds::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DataAssets = DataAssets;
	type Assets = DataAssets;
	type OfferTerms = pallet_data_licences::OfferTermsOf<Runtime>;
	type Offers = DataLicences;
	type AuctionTerms = pallet_nft_market::AuctionTermsOf<Runtime>;
	type Sales = NftMarket;
	type CouncilOrigin = RootOrCouncilMajority;
	type RewardPot = EcosystemAccount;
	type SchemaDeposit = SchemaDeposit;
	type FeedDeposit = FeedDeposit;
	type BatchDeposit = BatchDeposit;
	type MinInterval = MinFeedInterval;
	type MaxInterval = MaxFeedInterval;
	type EpochLength = FeedEpochLength;
	type ContributionReward = ContributionReward;
	// 100 feeds going stale or paid in one block are a few milliseconds of its two seconds.
	type MaxFeeds = ConstU32<100>;
	type MaxColumns = ConstU32<32>;
	type MaxNameLen = ConstU32<32>;
	type MaxCollectors = ConstU32<16>;
	type MaxCidLen = ConstU32<100>;
	type MaxSourceLen = ConstU32<128>;
	/// The data-assets pallet's bound on a sealed key.
	type MaxSealedKeyLen = <Runtime as pallet_data_assets::Config>::MaxSealedKeyLen;
	/// The operator's own copy and up to 7 gateways (the data-assets pallet allows 17).
	type MaxBatchKeys = ConstU32<8>;
	type WeightInfo = pallet_feeds::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::SaleTerms;
}

/// Terms the real data-licences and NFT-market pallets accept, for the feeds benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use sp_runtime::Permill;

	pub struct SaleTerms;
	impl
		pallet_feeds::BenchmarkHelper<
			pallet_data_licences::OfferTermsOf<Runtime>,
			pallet_nft_market::AuctionTermsOf<Runtime>,
			Balance,
			crate::AccountId,
		> for SaleTerms
	{
		fn offer_terms() -> pallet_data_licences::OfferTermsOf<Runtime> {
			pallet_data_licences::OfferTerms {
				price: BDES,
				duration: 30 * DAYS,
				calls: 1_000,
				max_sales: None,
				transferable: true,
				revenue_share: Permill::from_percent(10),
			}
		}
		fn auction_terms() -> pallet_nft_market::AuctionTermsOf<Runtime> {
			pallet_nft_market::AuctionTerms {
				start_price: BDES,
				min_increment: BDES,
				duration: DAYS,
				reserve: None,
			}
		}
		fn price() -> Balance {
			100 * BDES
		}
		fn cid(n: u32) -> alloc::vec::Vec<u8> {
			crate::DataAssets::benchmark_cid(n.saturating_add(500_000))
		}
		fn prepare() {
			// Funds the data-assets pallet and creates the ownership collection.
			let owner: crate::AccountId = frame_benchmarking::account("feed-prepare", 0, 0);
			let _ = <Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
				&owner,
				1_000_000 * BDES,
			);
			crate::DataAssets::benchmark_listed_asset(&owner);
		}
		fn register_gateway(who: &crate::AccountId) {
			// A sealing key distinct by account (the data-licences pallet's check is that
			// one is registered).
			let key = sp_io::hashing::blake2_256(who.as_ref());
			<crate::configs::data_assets::GatewayBenchmarkHelper as bdes_primitives::GatewayBenchmarkHelper<
				crate::AccountId,
			>>::register_gateway(who, key);
		}
	}
}
