//! # Feeds: external data that lists and sells itself
//!
//! The data access layer on chain (whitepaper §3.2.3, §4.3.2, §4.1.2, §6.4):
//!
//! - **Schemas.** Anyone registers a schema (a deposit): named, typed columns. Its readable
//!   form is the column list; its hash is the sha2-256 of its header text
//!   (`bdes_primitives::schema_header`), which the connector computes from each Parquet file.
//! - **Feeds.** An operator proposes a feed (a deposit): a schema, an interval in blocks, what
//!   happens to each batch (a licence offer with given terms, a fixed-price sale or an English
//!   auction of its ownership NFT) and the revenue split among its data collectors. The
//!   Council approves it once.
//! - **Batches.** Each batch the operator submits (CID, digest, size, schema, header, rows,
//!   time window, source) becomes a listed data asset of the operator's with no motion, the
//!   feed as its provenance; its sale or offer starts in the same call. The same digest twice,
//!   a header that is not the feed's schema's, or a window that overlaps the last are refused.
//! - **Stale feeds.** A feed that misses two intervals is marked stale in the block of its
//!   deadline (a queue of deadlines by block, one entry per live feed: bounded), and no sale
//!   starts for it until its next batch. The Council suspends and resumes feeds.
//! - **Contribution rewards** at each epoch's end, from the ecosystem pot, shared equally by the
//!   operators of the feeds that delivered every interval of the whole epoch; nothing to stale,
//!   suspended or late feeds. At most `MaxFeeds` feeds are live, so this is bounded.
//! - **Revenue split.** The pallet is a revenue sink for its batches: what a market pays to a
//!   batch's revenue part goes to the feed's collectors by their parts, each in its own storage
//!   layer; a collector that cannot receive leaves its part to the batch's owner.
//!
//! Logic lives in [`functions`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod functions;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// Sets up what the benchmarks need from the pallets the feeds pallet sells through.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<OfferTerms, AuctionTerms, Balance, AccountId> {
	/// Valid offer terms.
	fn offer_terms() -> OfferTerms;
	/// Valid auction terms.
	fn auction_terms() -> AuctionTerms;
	/// A valid fixed price.
	fn price() -> Balance;
	/// A valid CID, distinct for each `n`.
	fn cid(n: u32) -> alloc::vec::Vec<u8>;
	/// Makes ready what minting needs (the ownership collection, say).
	fn prepare() {}
	/// Makes `who` a gateway a content key may be sealed to.
	fn register_gateway(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use bdes_primitives::{
		DataAssetId, DataAssetInspect, DataAssetMint, LicenceOffers, OwnershipSale,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of a schema, a feed or a batch record.
		#[codec(index = 0)]
		Deposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The native currency: deposits are held in it, rewards paid in it.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who owns a batch now (its revenue falls back to the owner).
		type DataAssets: DataAssetInspect<Self::AccountId>;

		/// Makes each batch a listed data asset.
		type Assets: DataAssetMint<Self::AccountId>;

		/// Terms of a licence offer (the data-licences pallet's).
		type OfferTerms: Parameter + MaxEncodedLen;

		/// Opens a batch's licence offer.
		type Offers: LicenceOffers<Self::AccountId, Self::OfferTerms>;

		/// Terms of an auction (the NFT-market pallet's).
		type AuctionTerms: Parameter + MaxEncodedLen;

		/// Sells or auctions a batch's ownership NFT.
		type Sales: OwnershipSale<Self::AccountId, BalanceOf<Self>, Self::AuctionTerms>;

		/// Approves, rejects, suspends and resumes feeds (a Council majority or root).
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Pays contribution rewards (the ecosystem pot).
		type RewardPot: Get<Self::AccountId>;

		/// Deposit of a schema's record.
		#[pallet::constant]
		type SchemaDeposit: Get<BalanceOf<Self>>;
		/// Deposit of a feed's record.
		#[pallet::constant]
		type FeedDeposit: Get<BalanceOf<Self>>;
		/// Deposit of a batch's provenance record (its asset holds its own).
		#[pallet::constant]
		type BatchDeposit: Get<BalanceOf<Self>>;

		/// Shortest interval a feed may have.
		#[pallet::constant]
		type MinInterval: Get<BlockNumberFor<Self>>;
		/// Longest interval a feed may have.
		#[pallet::constant]
		type MaxInterval: Get<BlockNumberFor<Self>>;

		/// Blocks of a contribution epoch.
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;
		/// Contribution reward of one epoch, shared by its punctual feeds.
		#[pallet::constant]
		type ContributionReward: Get<BalanceOf<Self>>;

		/// Most live (approved, not closed) feeds.
		#[pallet::constant]
		type MaxFeeds: Get<u32>;
		/// Most columns of a schema.
		#[pallet::constant]
		type MaxColumns: Get<u32>;
		/// Longest name of a schema, feed or column.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;
		/// Most collectors of a feed.
		#[pallet::constant]
		type MaxCollectors: Get<u32>;
		/// Longest CID text.
		#[pallet::constant]
		type MaxCidLen: Get<u32>;
		/// Longest source text.
		#[pallet::constant]
		type MaxSourceLen: Get<u32>;
		/// Longest sealed content key (the data-assets pallet's bound).
		#[pallet::constant]
		type MaxSealedKeyLen: Get<u32>;
		/// Most content keys an encrypted batch carries (at most the data-assets pallet's
		/// `MaxContentKeys`).
		#[pallet::constant]
		type MaxBatchKeys: Get<u32>;

		/// Weights of the calls and hooks.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<
			Self::OfferTerms,
			Self::AuctionTerms,
			BalanceOf<Self>,
			Self::AccountId,
		>;
	}

	#[pallet::storage]
	pub type NextSchemaId<T> = StorageValue<_, SchemaId, ValueQuery>;

	/// Registered schemas.
	#[pallet::storage]
	pub type Schemas<T: Config> = StorageMap<_, Blake2_128Concat, SchemaId, SchemaOf<T>>;

	#[pallet::storage]
	pub type NextFeedId<T> = StorageValue<_, FeedId, ValueQuery>;

	/// Feeds, proposed, live and closed.
	#[pallet::storage]
	pub type Feeds<T: Config> = StorageMap<_, Blake2_128Concat, FeedId, FeedOf<T>>;

	/// Live feeds (active, stale or suspended), at most `MaxFeeds`: the epoch's reward round.
	#[pallet::storage]
	pub type LiveFeeds<T: Config> = StorageValue<_, BoundedVec<FeedId, T::MaxFeeds>, ValueQuery>;

	/// Active feeds by the block they go stale at unless a batch comes first. Each active feed
	/// is under exactly one block, so no entry holds more than `MaxFeeds`.
	#[pallet::storage]
	pub type Deadlines<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, BoundedVec<FeedId, T::MaxFeeds>, ValueQuery>;

	/// Batches by the data asset they became: their provenance.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Blake2_128Concat, DataAssetId, BatchOf<T>>;

	/// The asset a feed's batch digest became: a feed never lists the same digest twice. Per
	/// feed, because an encrypted batch's plaintext digest is the operator's word (only the
	/// content key opens the file): another operator could otherwise claim it first. The same
	/// open file in two feeds is refused by the data-assets pallet (one content, one asset).
	#[pallet::storage]
	pub type BatchOfDigest<T: Config> =
		StorageDoubleMap<_, Twox64Concat, FeedId, Identity, [u8; 32], DataAssetId>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A schema was registered; `hash` is its header text's sha2-256.
		SchemaRegistered { schema: SchemaId, owner: T::AccountId, hash: [u8; 32] },
		/// A feed was proposed to the Council.
		FeedProposed { feed: FeedId, operator: T::AccountId },
		/// The Council approved a feed: its first batch is due by `deadline` at the latest.
		FeedApproved { feed: FeedId, deadline: BlockNumberFor<T> },
		/// The Council rejected a proposed feed; its deposit went back.
		FeedRejected { feed: FeedId },
		/// A batch became listed data asset `asset`, its sale or offer started. `digest` is its
		/// Parquet file's (the plaintext's when `encrypted`).
		BatchListed {
			feed: FeedId,
			seq: u32,
			asset: DataAssetId,
			digest: [u8; 32],
			rows: u64,
			encrypted: bool,
		},
		/// A feed missed two intervals: its last batch (or approval) was at `last_batch`.
		FeedStale { feed: FeedId, last_batch: BlockNumberFor<T> },
		/// A stale feed delivered again.
		FeedRecovered { feed: FeedId },
		/// The Council suspended a feed.
		FeedSuspended { feed: FeedId },
		/// The Council resumed a feed.
		FeedResumed { feed: FeedId, deadline: BlockNumberFor<T> },
		/// The operator closed a feed; its deposit went back.
		FeedClosed { feed: FeedId },
		/// A delisted batch's record was removed and its deposit given back.
		BatchReleased { asset: DataAssetId },
		/// A punctual feed's operator was paid its contribution reward for `epoch`.
		ContributionPaid { epoch: u32, feed: FeedId, operator: T::AccountId, amount: BalanceOf<T> },
		/// A punctual feed's contribution reward for `epoch` could not be paid (the pot ran dry).
		ContributionUnpaid { epoch: u32, feed: FeedId, amount: BalanceOf<T> },
		/// Revenue of a batch was split: `collectors` to the feed's collectors, `owner` to the
		/// batch's owner (rounding and parts a collector could not receive).
		RevenueSplit { asset: DataAssetId, collectors: BalanceOf<T>, owner: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such schema.
		UnknownSchema,
		/// A schema needs at least one column.
		EmptySchema,
		/// A name is empty, or not lowercase ASCII letters, digits and `_` from a letter.
		BadName,
		/// Two columns have one name.
		DuplicateColumn,
		/// No such feed.
		UnknownFeed,
		/// Only the feed's operator may do this.
		NotOperator,
		/// The interval is outside `MinInterval..=MaxInterval`.
		BadInterval,
		/// Collectors' parts must sum to 100%, each above zero, each account once.
		BadSplit,
		/// The sale terms would be refused by the market.
		BadSaleTerms,
		/// The feed is not waiting for the Council.
		NotProposed,
		/// The feed is not active or stale.
		NotLive,
		/// The feed is not suspended.
		NotSuspended,
		/// The feed is suspended: its batches are refused.
		FeedSuspended,
		/// The feed is not approved, or closed.
		FeedNotActive,
		/// The batch does not take the feed's schema.
		SchemaMismatch,
		/// The batch's header is not the schema's.
		HeaderMismatch,
		/// A batch with this digest (its plaintext's, when encrypted) is already listed.
		DuplicateBatch,
		/// An encrypted batch needs its content key sealed to at least one recipient.
		NoContentKey,
		/// An open batch carries no content keys.
		KeysWithoutEncryption,
		/// A batch needs bytes and rows, and a window whose start is not after its end.
		BadBatch,
		/// The window starts before the end of the feed's last batch.
		WindowOverlap,
		/// `MaxFeeds` feeds are live.
		TooManyFeeds,
		/// No batch record for this asset.
		UnknownBatch,
		/// The batch's asset is still listed.
		StillListed,
		/// No identifier left.
		NoMoreIds,
		/// An amount or block number overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::mark_stale(now).saturating_add(Self::epoch_turn(now))
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a schema: its name and typed columns, in order. Its hash (the sha2-256 of
		/// its header text) is in the event. Holds a deposit; schemas are never changed.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_schema(columns.len() as u32))]
		pub fn register_schema(
			origin: OriginFor<T>,
			name: NameOf<T>,
			columns: ColumnsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_schema(who, name, columns)
		}

		/// Propose a feed you will operate: its schema, interval, what happens to each batch
		/// and the revenue split among its collectors. Holds a deposit until the Council
		/// rejects it or you close it.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::propose_feed(spec.collectors.len() as u32))]
		pub fn propose_feed(origin: OriginFor<T>, spec: FeedSpecOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_feed(who, spec)
		}

		/// (Council) Approve a proposed feed: from now on its batches list themselves; the
		/// first is due within two intervals.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::approve_feed())]
		pub fn approve_feed(origin: OriginFor<T>, feed: FeedId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_approve_feed(feed)
		}

		/// (Council) Reject a proposed feed; its deposit goes back to the operator.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reject_feed())]
		pub fn reject_feed(origin: OriginFor<T>, feed: FeedId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_reject_feed(feed)
		}

		/// As the feed's operator, submit a batch: it becomes a listed data asset of yours with
		/// the feed as its provenance, and the feed's sale or offer starts. Holds a deposit for
		/// the batch's record (and the asset's and sale's deposits, as listing and selling
		/// would). A stale feed becomes active again. An encrypted batch carries its content key
		/// sealed to the operator and the gateways that serve it, stored with the asset (their
		/// deposits the operator's) before its sale starts.
		#[pallet::call_index(4)]
		#[pallet::weight({
			let k = batch.keys.len() as u32;
			T::WeightInfo::submit_batch_offer(k)
				.max(T::WeightInfo::submit_batch_fixed(k))
				.max(T::WeightInfo::submit_batch_auction(k))
		})]
		pub fn submit_batch(
			origin: OriginFor<T>,
			feed: FeedId,
			batch: BatchInputOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_batch(who, feed, batch)
		}

		/// (Council) Suspend an active or stale feed: its batches are refused, it earns no
		/// contribution reward.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::suspend_feed())]
		pub fn suspend_feed(origin: OriginFor<T>, feed: FeedId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_suspend_feed(feed)
		}

		/// (Council) Resume a suspended feed: its next batch is due within two intervals.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::resume_feed())]
		pub fn resume_feed(origin: OriginFor<T>, feed: FeedId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_resume_feed(feed)
		}

		/// As its operator, close a feed (proposed or live): no more batches; its deposit comes
		/// back. Its batches stay listed, with their provenance.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::close_feed())]
		pub fn close_feed(origin: OriginFor<T>, feed: FeedId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_feed(who, feed)
		}

		/// Remove the record of a batch whose asset is no longer listed; its deposit goes back
		/// to who paid it. Anyone may call it.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::release_batch())]
		pub fn release_batch(origin: OriginFor<T>, asset: DataAssetId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_release_batch(asset)
		}
	}
}
