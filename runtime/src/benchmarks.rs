//! The pallets whose benchmarks this runtime exposes to `frame-omni-bencher`.

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	// What every extrinsic is charged besides its call: the transaction extensions' own weights.
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[cumulus_pallet_weight_reclaim, WeightReclaim]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_balances, Balances]
	// The SDK primitives the README compares BDES's calls with, measured in the same run.
	[pallet_assets, Assets]
	[pallet_nfts, Nfts]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_message_queue, MessageQueue]
	[pallet_collator_selection, CollatorSelection]
	[cumulus_pallet_parachain_system, ParachainSystem]
	[cumulus_pallet_xcmp_queue, XcmpQueue]
	[pallet_collator_rewards, CollatorRewards]
	[pallet_data_assets, DataAssets]
	[pallet_data_licences, DataLicences]
	[pallet_revenue_shares, RevenueShares]
	[pallet_order_book, OrderBook]
	[pallet_nft_market, NftMarket]
	[pallet_ido, Ido]
	[pallet_compute, Compute]
	[pallet_feeds, Feeds]
	[pallet_reserve_pool, ReservePool]
);
