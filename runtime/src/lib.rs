//! # BDES runtime
//!
//! The runtime of the BDES parachain (the "big data exchange chain"). This crate holds the
//! chain's types and constants, composes the pallets (each configured in its own file under
//! [`configs`]) and implements the runtime APIs the node and clients use.
//!
//! The native token BDES has 5 decimals and a fixed total issuance of 5,000,000,000 BDES created at
//! genesis: nothing in the runtime mints it (see [`configs::system::NoIssuanceChange`]), fees are
//! paid into the reserve pool (the treasury) and collator rewards come out of a pre-funded pot.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` recurses deeply.
#![recursion_limit = "256"]

// The WASM blob (`None` when built with SKIP_WASM_BUILD=1).
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

#[cfg(test)]
mod tests;

extern crate alloc;

use alloc::vec::Vec;

use frame_support::weights::{
	constants::{ExtrinsicBaseWeight, WEIGHT_REF_TIME_PER_SECOND},
	Weight, WeightToFeeCoefficient, WeightToFeeCoefficients, WeightToFeePolynomial,
};
use smallvec::smallvec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature,
};
use sp_version::RuntimeVersion;

pub use sp_consensus_aura::sr25519::AuthorityId as AuraId;
pub use sp_runtime::{MultiAddress, Perbill, Permill};

/// Signature of a transaction.
pub type Signature = MultiSignature;

/// An account on chain: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// A balance of BDES (or of any `pallet-assets` asset), in base units.
pub type Balance = u128;

/// Transaction counter of an account.
pub type Nonce = u32;

/// Hash type of blocks and tries.
pub type Hash = sp_core::H256;

/// Block number.
pub type BlockNumber = u32;

/// Address format of calls.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;

/// Block id.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions every signed transaction carries.
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
		frame_system::AuthorizeCall<Runtime>,
		frame_system::CheckNonZeroSender<Runtime>,
		frame_system::CheckSpecVersion<Runtime>,
		frame_system::CheckTxVersion<Runtime>,
		frame_system::CheckGenesis<Runtime>,
		frame_system::CheckEra<Runtime>,
		frame_system::CheckNonce<Runtime>,
		frame_system::CheckWeight<Runtime>,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
		frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	),
>;

/// Unchecked extrinsic.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Migrations to run on upgrade, aside from the pallets' own.
type Migrations = (
	pallet_data_assets::migrations::MigrateV1ToV2<Runtime>,
	pallet_order_book::migrations::MigrateV1ToV2<Runtime>,
);

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The token: symbol, decimals and fixed supply.
pub mod currency {
	use super::Balance;

	/// Ticker shown by wallets and Polkadot.js Apps.
	pub const TOKEN_SYMBOL: &str = "BDES";
	/// Decimal places: 1 BDES = 10^5 base units.
	pub const TOKEN_DECIMALS: u8 = 5;
	/// SS58 address prefix (the generic Substrate prefix until BDES registers its own).
	pub const SS58_PREFIX: u16 = 42;

	/// One BDES in base units.
	pub const BDES: Balance = 100_000;
	/// 1/100 BDES.
	pub const CENTS: Balance = BDES / 100;
	/// 1/100,000 BDES: the smallest unit.
	pub const BASE_UNIT: Balance = 1;

	/// Total issuance, created at genesis and never changed: 5,000,000,000 BDES.
	pub const TOTAL_ISSUANCE: Balance = 5_000_000_000 * BDES;

	/// An account holding less than this is reaped (its dust goes to the reserve pool).
	pub const EXISTENTIAL_DEPOSIT: Balance = CENTS;

	/// Deposit for `items` storage items taking `bytes` bytes.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		(items as Balance)
			.saturating_mul(BDES)
			.saturating_add((bytes as Balance).saturating_mul(CENTS))
	}
}
pub use currency::*;

/// Converts a weight into a fee: the base weight of an extrinsic costs 1/100 BDES.
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let p = CENTS;
		let q = Balance::from(ExtrinsicBaseWeight::get().ref_time());
		smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac: Perbill::from_rational(p % q, q),
			coeff_integer: p / q,
		}]
	}
}

/// Opaque types for the node, which does not know the runtime's types.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block id.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// Session keys of a collator.
	pub struct SessionKeys {
		/// Aura block-authoring key.
		pub aura: Aura,
	}
}

/// Runtime version; `spec_version` goes up with every runtime upgrade.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("bdes"),
	impl_name: alloc::borrow::Cow::Borrowed("bdes-runtime"),
	authoring_version: 1,
	spec_version: 3,
	impl_version: 0,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 3,
	system_version: 1,
};

/// Block time. Blocks are produced at most once per slot.
pub mod block_times {
	/// Target block time in milliseconds.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
	/// Aura slot duration. It cannot change once the chain runs.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
}
pub use block_times::*;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;
/// Blocks per (365-day) year.
pub const YEARS: BlockNumber = DAYS * 365;

/// About 5% of a block's weight goes to `on_initialize`; it caps a single extrinsic's weight.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);

/// `Normal` extrinsics may fill 75% of a block; the rest is kept for `Operational` ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Two seconds of compute per 6-second block, and the relay chain's PoV limit.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);

/// Async backing parameters.
mod async_backing_params {
	/// Blocks the runtime accepts before the relay chain includes them.
	pub(crate) const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;
	/// Parachain blocks per relay parent.
	pub(crate) const BLOCK_PROCESSING_VELOCITY: u32 = 1;
	/// Relay chain slot duration in milliseconds.
	pub(crate) const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6000;
}
pub(crate) use async_backing_params::*;

/// Aura consensus hook of parachain-system.
type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = parachain_info;
	#[runtime::pallet_index(4)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;

	// Money.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(12)]
	pub type Vesting = pallet_vesting;
	/// The reserve pool: transaction fees and protocol fees land here.
	#[runtime::pallet_index(13)]
	pub type Treasury = pallet_treasury;
	/// The ecosystem-incentives pot (20% of supply), spent by the Council.
	#[runtime::pallet_index(14)]
	pub type EcosystemFund = pallet_treasury<Instance2>;
	#[runtime::pallet_index(15)]
	pub type Assets = pallet_assets<Instance1>;
	#[runtime::pallet_index(16)]
	pub type AssetsFreezer = pallet_assets_freezer<Instance1>;
	#[runtime::pallet_index(17)]
	pub type Nfts = pallet_nfts;
	/// Other chains' tokens held here in reserve (the relay token among them), keyed by location.
	#[runtime::pallet_index(18)]
	pub type ForeignAssets = pallet_assets<Instance2>;

	// Collator support. The order of these five matters.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type CollatorSelection = pallet_collator_selection;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;
	#[runtime::pallet_index(25)]
	pub type CollatorRewards = pallet_collator_rewards;

	// XCM.
	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	// Governance and accounts.
	#[runtime::pallet_index(40)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(41)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(42)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(43)]
	pub type Multisig = pallet_multisig;
	#[runtime::pallet_index(44)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(45)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(46)]
	pub type Preimage = pallet_preimage;
	/// Present in every build, but only the development presets set a key.
	#[runtime::pallet_index(47)]
	pub type Sudo = pallet_sudo;

	// Data exchange.
	#[runtime::pallet_index(50)]
	pub type DataAssets = pallet_data_assets;
	#[runtime::pallet_index(51)]
	pub type DataLicences = pallet_data_licences;
	#[runtime::pallet_index(52)]
	pub type RevenueShares = pallet_revenue_shares;
	#[runtime::pallet_index(53)]
	pub type OrderBook = pallet_order_book;
	#[runtime::pallet_index(54)]
	pub type NftMarket = pallet_nft_market;
	#[runtime::pallet_index(55)]
	pub type Ido = pallet_ido;
	#[runtime::pallet_index(56)]
	pub type Compute = pallet_compute;
	#[runtime::pallet_index(57)]
	pub type Feeds = pallet_feeds;
	#[runtime::pallet_index(58)]
	pub type ReservePool = pallet_reserve_pool;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}
