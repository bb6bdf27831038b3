//! Runtime APIs: what the node, Polkadot.js Apps and other clients call into.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_aura::Authorities;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Balance, Block, BlockNumber, Compute, ConsensusHook, DataAssets, DataLicences,
	Executive, Ido, InherentDataExt, Nonce, OrderBook, ParachainInfo, ParachainSystem,
	RevenueShares, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, System,
	TransactionPayment, SLOT_DURATION, VERSION,
};

impl_runtime_apis! {
	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(SLOT_DURATION)
		}

		fn authorities() -> Vec<AuraId> {
			Authorities::<Runtime>::get().into_inner()
		}
	}

	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as BlockT>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	impl cumulus_primitives_core::RelayParentOffsetApi<Block> for Runtime {
		fn relay_parent_offset() -> u32 {
			0
		}

		fn max_claim_queue_offset() -> u8 {
			0
		}
	}

	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> cumulus_primitives_core::ParaId {
			ParachainInfo::parachain_id()
		}
	}

	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	#[api_version(2)]
	impl pallet_data_assets::runtime_api::DataAssetsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn asset(
			id: pallet_data_assets::AssetId,
		) -> Option<pallet_data_assets::AssetView<AccountId, Balance, BlockNumber>> {
			DataAssets::asset_view(id)
		}
		fn assets_of(owner: AccountId) -> Vec<pallet_data_assets::AssetId> {
			DataAssets::assets_of(&owner)
		}
		fn assets(
			status: Option<pallet_data_assets::AssetStatus>,
			start: pallet_data_assets::AssetId,
			limit: u32,
		) -> Vec<pallet_data_assets::AssetId> {
			DataAssets::list_assets(status, start, limit)
		}
		fn content_key(
			asset: pallet_data_assets::AssetId,
			recipient: AccountId,
		) -> Option<(u32, Vec<u8>)> {
			DataAssets::content_key(asset, &recipient)
		}
	}

	#[api_version(2)]
	impl pallet_data_licences::runtime_api::DataLicencesApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn check(
			licence: pallet_data_licences::LicenceId,
			asset: pallet_data_licences::DataAssetId,
			who: AccountId,
		) -> pallet_data_licences::LicenceCheck<BlockNumber> {
			DataLicences::check(licence, asset, &who)
		}
		fn licence(
			licence: pallet_data_licences::LicenceId,
		) -> Option<pallet_data_licences::LicenceInfo<AccountId, BlockNumber>> {
			DataLicences::licence_info(licence)
		}
		fn licences_of(who: AccountId) -> Vec<pallet_data_licences::LicenceInfo<AccountId, BlockNumber>> {
			DataLicences::licences_of(&who)
		}
		fn offers(
			asset: pallet_data_licences::DataAssetId,
		) -> Vec<(pallet_data_licences::OfferId, pallet_data_licences::Offer<AccountId, Balance, BlockNumber>)> {
			DataLicences::offers_of(asset)
		}
		fn gateway_check(
			licence: pallet_data_licences::LicenceId,
			asset: pallet_data_licences::DataAssetId,
			who: AccountId,
			gateway: AccountId,
		) -> pallet_data_licences::GatewayCheck<BlockNumber> {
			DataLicences::gateway_check(licence, asset, &who, &gateway)
		}
	}

	impl pallet_revenue_shares::runtime_api::RevenueSharesApi<Block, AccountId, Balance, u32> for Runtime {
		fn class(
			asset: pallet_revenue_shares::DataAssetId,
		) -> Option<pallet_revenue_shares::ShareClass<AccountId, Balance, u32>> {
			pallet_revenue_shares::Classes::<Runtime>::get(asset)
		}
		fn stake(
			asset: pallet_revenue_shares::DataAssetId,
			who: AccountId,
		) -> Option<pallet_revenue_shares::Stake<Balance>> {
			pallet_revenue_shares::Stakes::<Runtime>::get(asset, who)
		}
		fn claimable(asset: pallet_revenue_shares::DataAssetId, who: AccountId) -> Balance {
			RevenueShares::claimable(asset, &who)
		}
	}

	impl pallet_order_book::runtime_api::OrderBookApi<Block, AccountId, u32, Balance, BlockNumber> for Runtime {
		fn market(
			id: pallet_order_book::MarketId,
		) -> Option<pallet_order_book::Market<u32, Balance, BlockNumber>> {
			pallet_order_book::Markets::<Runtime>::get(id)
		}
		fn depth(id: pallet_order_book::MarketId, levels: u32) -> pallet_order_book::Depth<Balance> {
			OrderBook::depth(id, levels)
		}
		fn open_orders(
			who: AccountId,
		) -> Vec<(pallet_order_book::OrderId, pallet_order_book::Order<AccountId, Balance, BlockNumber>)> {
			OrderBook::open_orders(&who)
		}
		fn recent_trades(
			id: pallet_order_book::MarketId,
			limit: u32,
		) -> Vec<pallet_order_book::Trade<AccountId, Balance, BlockNumber>> {
			OrderBook::recent_trades(id, limit)
		}
	}

	impl pallet_ido::runtime_api::IdoApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn ido(
			id: pallet_ido::IdoId,
		) -> Option<pallet_ido::runtime_api::IdoView<AccountId, Balance, BlockNumber>> {
			Ido::view(id)
		}
		fn idos(asset: Option<u32>, open: bool) -> Vec<(pallet_ido::IdoId, u32, pallet_ido::Status)> {
			Ido::list(asset, open)
		}
		fn commitment(id: pallet_ido::IdoId, who: AccountId) -> Option<pallet_ido::Commitment<Balance>> {
			pallet_ido::Commitments::<Runtime>::get(id, who)
		}
	}

	impl pallet_compute::runtime_api::ComputeApi<
		Block,
		AccountId,
		Balance,
		pallet_compute::TaskOf<Runtime>,
		pallet_compute::ResultOf<Runtime>,
	> for Runtime {
		fn quote(
			model: pallet_compute::ModelId,
			inputs: Vec<u32>,
			k: u8,
		) -> Option<pallet_compute::Quote<AccountId, Balance>> {
			Compute::quote(model, inputs, k)
		}
		fn may_read(who: AccountId, asset: u32, task: pallet_compute::TaskId) -> bool {
			Compute::may_read(&who, asset, task)
		}
		fn task(task: pallet_compute::TaskId) -> Option<pallet_compute::TaskOf<Runtime>> {
			pallet_compute::Tasks::<Runtime>::get(task)
		}
		fn result(task: pallet_compute::TaskId) -> Option<pallet_compute::ResultOf<Runtime>> {
			pallet_compute::Results::<Runtime>::get(task)
		}
	}

	impl pallet_nft_market::runtime_api::NftMarketApi<Block, AccountId, Balance, BlockNumber, u32, u32> for Runtime {
		fn sale(collection: u32, item: u32) -> Option<pallet_nft_market::Sale<AccountId, Balance>> {
			pallet_nft_market::Sales::<Runtime>::get(collection, item)
		}
		fn auction_of(collection: u32, item: u32) -> Option<pallet_nft_market::AuctionId> {
			pallet_nft_market::AuctionOfItem::<Runtime>::get(collection, item)
		}
		fn auction(
			id: pallet_nft_market::AuctionId,
		) -> Option<pallet_nft_market::Auction<AccountId, Balance, BlockNumber, u32, u32>> {
			pallet_nft_market::Auctions::<Runtime>::get(id)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(header: &<Block as BlockT>::Header) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			use super::configs::system::RuntimeBlockWeights;
			// try-runtime is an off-chain tool: a failed upgrade check must abort loudly.
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|e| panic!("try_runtime_upgrade failed: {e:?}"));
			(weight, RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|e| panic!("try_execute_block failed: {e:?}"))
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			use cumulus_pallet_session_benchmarking::Pallet as SessionBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{BenchmarkBatch, BenchmarkError};
			use super::*;

			use frame_system_benchmarking::Pallet as SystemBench;
			impl frame_system_benchmarking::Config for Runtime {
				fn setup_set_code_requirements(code: &Vec<u8>) -> Result<(), BenchmarkError> {
					ParachainSystem::initialize_for_set_code_benchmark(code.len() as u32);
					Ok(())
				}

				fn verify_set_code() {
					System::assert_last_event(
						cumulus_pallet_parachain_system::Event::<Runtime>::ValidationFunctionStored.into(),
					);
				}
			}

			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

			use cumulus_pallet_session_benchmarking::Pallet as SessionBench;
			impl cumulus_pallet_session_benchmarking::Config for Runtime {
				fn generate_session_keys_and_proof(owner: AccountId) -> (Self::Keys, Vec<u8>) {
					let keys = SessionKeys::generate(&codec::Encode::encode(&owner), None);
					(keys.keys, codec::Encode::encode(&keys.proof))
				}
			}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			if batches.is_empty() {
				return Err("Benchmark not found for this pallet.".into());
			}
			Ok(batches)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
