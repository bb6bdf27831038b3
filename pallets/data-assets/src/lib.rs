//! # Data assets
//!
//! A provider lists a dataset: its metadata, the CID of its bytes on IPFS and their sha2-256
//! digest go on chain, paid for with a held deposit. The Council approves (or rejects) the
//! listing and rates its quality; approval mints an ownership NFT to the provider, and whoever
//! holds that NFT is the owner from then on. Approval also opens a pin request: registered
//! pinners' offchain workers pin the CID on their IPFS nodes, check it against the listing and
//! report back, so the chain shows who holds which CID since which block.
//!
//! Lifecycle: `Pending` → `Listed` | `Rejected`; `Listed` → `Delisted` (owner or Council);
//! `Listed` ⇄ `Suspended` (Council). A listed asset can publish revisions, approved like a
//! listing; a rating is bound to the digest it rated and never carries over.
//!
//! One content, one asset: IPFS pins content (a multihash), not listings, so two assets with
//! one content would share one pin, and releasing it for one would take the bytes from the
//! other. A listing or revision of content that another asset already claims — its pending
//! listing, its listed or suspended content, or its pending revision; the same multihash under
//! any CID version, codec or base — is refused with `ContentAlreadyListed`. A claim ends when
//! its listing is rejected, its asset delisted, or its revision rejected or replaced by
//! another. An asset may revise to content it claims itself (to correct a declared digest or
//! size). Pinners' workers read the same index ([`ContentIndex`]) and never release content
//! any asset still claims.
//!
//! Logic lives in [`functions`] and, for the offchain worker, in [`offchain`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod functions;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod offchain;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

use sp_core::crypto::KeyTypeId;

/// Key type of pinners' offchain keys (`bdpn`): a node whose keystore holds such a key for a
/// registered pinner pins on its behalf.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"bdpn");

/// The application crypto of pinner keys (sr25519).
pub mod crypto {
	use super::KEY_TYPE;
	use sp_core::sr25519::{Public as Sr25519Public, Signature as Sr25519Signature};
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		MultiSignature, MultiSigner,
	};
	app_crypto!(sr25519, KEY_TYPE);

	/// Signs pinners' reports with the `bdpn` key in the node's keystore.
	pub struct PinnerAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for PinnerAuthId {
		type RuntimeAppPublic = Public;
		type GenericSignature = Sr25519Signature;
		type GenericPublic = Sr25519Public;
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::nonfungibles_v2,
		},
		PalletId,
	};
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction},
		pallet_prelude::*,
	};

	/// In-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of a listing or a revision.
		#[codec(index = 0)]
		ListingDeposit,
		/// Listing fee, held until the Council decides.
		#[codec(index = 1)]
		ListingFee,
		/// Storage deposit of a sealed content key.
		#[codec(index = 2)]
		ContentKeyDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config + CreateSignedTransaction<Call<Self>> {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The native currency: deposits and fees are held in it.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Collection id type of the NFT pallet.
		type CollectionId: Parameter + MaxEncodedLen + Copy;

		/// The NFT pallet that mints ownership NFTs (item id = asset id).
		type Nfts: nonfungibles_v2::Inspect<
				Self::AccountId,
				ItemId = AssetId,
				CollectionId = Self::CollectionId,
			> + nonfungibles_v2::InspectEnumerable<Self::AccountId>
			+ nonfungibles_v2::Create<Self::AccountId, CollectionConfigFor<Self>>
			+ nonfungibles_v2::Mutate<Self::AccountId, pallet_nfts::ItemConfig>;

		/// Approves and rejects listings and revisions, suspends, restores and delists (a Council
		/// majority or root in the runtime).
		type ApproveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Gives quality ratings (the Council in the runtime).
		type RatingOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Registers pinners and sets the replication target (the Council in the runtime).
		type PinnerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The key pinners' offchain workers sign their reports with.
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// The pallet's account: owner of the ownership-NFT collection.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Where listing fees go (the reserve pool).
		type FeeDestination: Get<Self::AccountId>;

		/// Deposit for any stored listing or revision...
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// ...plus this per byte stored.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Fee of an approved listing or revision, paid into the reserve pool.
		#[pallet::constant]
		type ListingFee: Get<BalanceOf<Self>>;

		#[pallet::constant]
		type MaxTitleLen: Get<u32>;
		#[pallet::constant]
		type MaxDescriptionLen: Get<u32>;
		#[pallet::constant]
		type MaxTags: Get<u32>;
		#[pallet::constant]
		type MaxTagLen: Get<u32>;
		#[pallet::constant]
		type MaxFormatLen: Get<u32>;
		#[pallet::constant]
		type MaxSourceLen: Get<u32>;
		/// Longest CID text accepted.
		#[pallet::constant]
		type MaxCidLen: Get<u32>;
		/// Ratings kept per asset; the oldest is dropped.
		#[pallet::constant]
		type MaxRatingHistory: Get<u32>;
		/// Most registered pinners (and so replicas of one CID).
		#[pallet::constant]
		type MaxPinners: Get<u32>;
		/// Most reports in one `report_pins` call.
		#[pallet::constant]
		type MaxReportsPerCall: Get<u32>;

		/// Pinners re-check their pins (`pin/ls`) every this many blocks.
		#[pallet::constant]
		type RecheckInterval: Get<BlockNumberFor<Self>>;

		/// Content up to this size is read back and its sha2-256 checked after pinning.
		#[pallet::constant]
		type DigestCheckLimit: Get<u64>;

		/// Deadline of one IPFS RPC call made by the offchain worker, in milliseconds.
		#[pallet::constant]
		type IpfsTimeoutMillis: Get<u64>;

		/// The registered data gateways and their sealing keys (the data-licences pallet).
		type Gateways: bdes_primitives::GatewayRegistry<Self::AccountId>;

		/// Longest sealed content key accepted.
		#[pallet::constant]
		type MaxSealedKeyLen: Get<u32>;

		/// Sealed content keys one asset may have (its owner and the gateways it authorises).
		#[pallet::constant]
		type MaxContentKeys: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Registers gateways for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: bdes_primitives::GatewayBenchmarkHelper<Self::AccountId>;
	}

	/// The id the next listing gets.
	#[pallet::storage]
	pub type NextAssetId<T> = StorageValue<_, AssetId, ValueQuery>;

	/// Every asset's record.
	#[pallet::storage]
	pub type Assets<T: Config> = StorageMap<_, Blake2_128Concat, AssetId, AssetDetailsOf<T>>;

	/// Every asset's metadata.
	#[pallet::storage]
	pub type Metadata<T: Config> = StorageMap<_, Blake2_128Concat, AssetId, DatasetMetadata<T>>;

	/// Revisions waiting for approval, at most one an asset.
	#[pallet::storage]
	pub type PendingRevisions<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetId, PendingRevisionOf<T>>;

	/// Rating history of each asset, oldest first.
	#[pallet::storage]
	pub type Ratings<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		AssetId,
		BoundedVec<RatingOf<T>, T::MaxRatingHistory>,
		ValueQuery,
	>;

	/// Registered pinners, with the block they were registered at.
	#[pallet::storage]
	pub type Pinners<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// Pin state of each listed (or suspended) asset's current content.
	#[pallet::storage]
	pub type Pins<T: Config> = StorageMap<_, Blake2_128Concat, AssetId, PinStateOf<T>>;

	/// The asset claiming each content, by multihash: a pending listing, a listed or suspended
	/// asset's content, or a pending revision. At most one asset claims a content.
	#[pallet::storage]
	pub type ContentIndex<T: Config> = StorageMap<_, Blake2_128Concat, ContentHash, AssetId>;

	/// Replicas a new pin request asks for.
	#[pallet::storage]
	pub type ReplicationTarget<T> = StorageValue<_, u32, ValueQuery, ConstU32<1>>;

	/// The NFT collection of ownership NFTs, once created.
	#[pallet::storage]
	pub type OwnershipCollection<T: Config> = StorageValue<_, T::CollectionId>;

	/// Sealed content keys of encrypted assets: (asset, recipient) → the key sealed to the
	/// recipient's X25519 key (a gateway's registered one, or the owner's own).
	#[pallet::storage]
	pub type ContentKeys<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		AssetId,
		Blake2_128Concat,
		T::AccountId,
		ContentKeyOf<T>,
	>;

	/// Number of sealed content keys of each asset.
	#[pallet::storage]
	pub type ContentKeyCount<T: Config> = StorageMap<_, Blake2_128Concat, AssetId, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Pinners registered from the start.
		pub pinners: Vec<T::AccountId>,
		/// Replicas a pin request asks for; 0 keeps the default of 1.
		pub replication_target: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.pinners.len() as u32 <= T::MaxPinners::get(),
				"more genesis pinners than MaxPinners"
			);
			for pinner in &self.pinners {
				Pinners::<T>::insert(pinner, BlockNumberFor::<T>::zero());
			}
			if self.replication_target != 0 {
				assert!(
					self.replication_target <= T::MaxPinners::get(),
					"replication target above MaxPinners"
				);
				ReplicationTarget::<T>::put(self.replication_target);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A dataset was submitted and waits for the Council.
		Submitted { asset: AssetId, provider: T::AccountId, cid: CidOf<T>, deposit: BalanceOf<T> },
		/// The Council approved a listing: the ownership NFT was minted to `owner`.
		Listed { asset: AssetId, owner: T::AccountId, fee: BalanceOf<T> },
		/// The Council rejected a listing; deposit and fee were returned.
		Rejected { asset: AssetId, provider: T::AccountId },
		/// The owner submitted a new revision.
		RevisionSubmitted { asset: AssetId, revision: u32, cid: CidOf<T> },
		/// The Council approved a revision; it is now the asset's content.
		RevisionApproved { asset: AssetId, revision: u32, cid: CidOf<T>, fee: BalanceOf<T> },
		/// The Council rejected a revision; its deposit and fee were returned.
		RevisionRejected { asset: AssetId, revision: u32 },
		/// The asset was delisted (by its owner, or by the Council when `by_council`).
		Delisted { asset: AssetId, by_council: bool },
		/// The Council suspended a listed asset.
		Suspended { asset: AssetId },
		/// The Council restored a suspended asset.
		Restored { asset: AssetId },
		/// A rejected or delisted asset was removed; its deposit was returned.
		Removed { asset: AssetId },
		/// The Council rated the asset's current revision.
		Rated { asset: AssetId, revision: u32, overall: u8, grade: Grade },
		/// A pinner was registered.
		PinnerRegistered { pinner: T::AccountId },
		/// A pinner was deregistered; its pins no longer count.
		PinnerDeregistered { pinner: T::AccountId },
		/// The replication target of new pin requests changed.
		ReplicationTargetSet { target: u32 },
		/// Pinners are asked to pin `cid`.
		PinRequested { asset: AssetId, cid: CidOf<T>, target: u32 },
		/// `pinner` pinned `cid`; `replicas` pinners hold it now.
		Pinned { asset: AssetId, cid: CidOf<T>, pinner: T::AccountId, replicas: u32 },
		/// As many pinners as the target hold the content.
		PinTargetMet { asset: AssetId, cid: CidOf<T> },
		/// `pinner` found the content not matching the listing.
		PinMismatch { asset: AssetId, cid: CidOf<T>, pinner: T::AccountId, mismatch: Mismatch },
		/// `pinner` lost its pin; the request is open again.
		PinLost { asset: AssetId, cid: CidOf<T>, pinner: T::AccountId, replicas: u32 },
		/// Pinners release `cid` (delisted, removed, or replaced by a revision).
		UnpinRequested { asset: AssetId, cid: CidOf<T> },
		/// The owner sealed the content key of `revision` to `recipient`.
		ContentKeySet { asset: AssetId, recipient: T::AccountId, revision: u32 },
		/// `recipient`'s sealed content key was removed (de-authorised), its deposit returned.
		ContentKeyRemoved { asset: AssetId, recipient: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No asset with this id.
		UnknownAsset,
		/// The caller does not hold the asset's ownership NFT.
		NotOwner,
		/// The asset is not in a state that allows this.
		InvalidStatus,
		/// There is no listing or revision waiting for a decision.
		NothingPending,
		/// A revision is already waiting for a decision.
		RevisionPending,
		/// The revision has the same digest as the current content.
		SameContent,
		/// The title is empty.
		EmptyTitle,
		/// The title is longer than `MaxTitleLen`.
		TitleTooLong,
		/// The description is longer than `MaxDescriptionLen`.
		DescriptionTooLong,
		/// The source is longer than `MaxSourceLen`.
		SourceTooLong,
		/// A text field is not UTF-8.
		InvalidUtf8,
		/// More tags than `MaxTags`.
		TooManyTags,
		/// A tag is empty, too long, or has characters other than `a-z`, `0-9` and `-`.
		InvalidTag,
		/// The same tag twice.
		DuplicateTag,
		/// The format is not a MIME type (`type/subtype`).
		InvalidFormat,
		/// The coverage period ends before it starts.
		InvalidCoveragePeriod,
		/// The content size is zero.
		EmptyContent,
		/// The CID text is longer than `MaxCidLen`.
		CidTooLong,
		/// The CID does not parse (bad multibase, version, varint or multihash).
		InvalidCid,
		/// A CID of a codec or hash function IPFS does not serve files with.
		UnsupportedCid,
		/// The digest is all zeroes.
		InvalidDigest,
		/// A score is above 100.
		ScoreOutOfRange,
		/// The account is already a pinner.
		AlreadyPinner,
		/// The account is not a registered pinner.
		NotPinner,
		/// `MaxPinners` pinners are registered already.
		TooManyPinners,
		/// The replication target must be between 1 and `MaxPinners`.
		InvalidReplicationTarget,
		/// A report needs at least one entry.
		NoReports,
		/// The asset has no pin request.
		NoPinRequest,
		/// The report is about a revision that is no longer the asset's content.
		StaleReport,
		/// This pinner has already reported on this content.
		AlreadyReported,
		/// A loss was reported by a pinner that had not pinned the content.
		NotPinnedBy,
		/// The ownership-NFT collection could not be created.
		CollectionUnavailable,
		/// No more asset ids.
		NoMoreAssetIds,
		/// Another asset (listed, pending, or with a pending revision) already claims this
		/// content: the same multihash, whatever the CID's version, codec or base.
		ContentAlreadyListed,
		/// The plaintext of an encrypted content is empty, or not smaller than its ciphertext.
		InvalidEncryption,
		/// The revision is neither the asset's current one nor its pending one.
		UnknownRevision,
		/// The revision's content is not encrypted: it has no content key.
		NotEncrypted,
		/// A content key is sealed only to the owner or to a registered gateway with a sealing key.
		NotARecipient,
		/// The sealed key is empty.
		EmptySealedKey,
		/// The sealed key is longer than `MaxSealedKeyLen`.
		SealedKeyTooLong,
		/// The asset has `MaxContentKeys` sealed keys already.
		TooManyContentKeys,
		/// No sealed content key for this recipient.
		UnknownContentKey,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run_offchain_worker(now);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit a dataset for listing: metadata, the IPFS CID of its bytes, their sha2-256
		/// digest and size. Holds a storage deposit and the listing fee; the asset waits for the
		/// Council as `Pending`. Content another asset claims is refused.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit())]
		pub fn submit(
			origin: OriginFor<T>,
			metadata: MetadataInput,
			content: ContentInput,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit(who, metadata, content)
		}

		/// Approve what is pending for an asset (Council): a listing — it becomes `Listed`, the
		/// ownership NFT is minted to the provider, the fee goes to the reserve pool and pinning
		/// is requested — or a revision, which becomes the asset's content.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve_listing().max(T::WeightInfo::approve_revision()))]
		pub fn approve(origin: OriginFor<T>, asset: AssetId) -> DispatchResultWithPostInfo {
			T::ApproveOrigin::ensure_origin(origin)?;
			Self::do_approve(asset)
		}

		/// Reject what is pending for an asset (Council): a listing becomes `Rejected`, or a
		/// revision is dropped. Deposit and fee go back to who paid them.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			T::ApproveOrigin::ensure_origin(origin)?;
			Self::do_reject(asset)
		}

		/// Delist a listed or suspended asset: by its owner (signed, holding the ownership NFT)
		/// or by the Council. Pinners release its content.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::delist())]
		pub fn delist(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			let by_council = match T::ApproveOrigin::try_origin(origin) {
				Ok(_) => true,
				Err(origin) => {
					let who = ensure_signed(origin)?;
					Self::ensure_owner(&who, asset)?;
					false
				},
			};
			Self::do_delist(asset, by_council)
		}

		/// Suspend a listed asset (Council). Its pins stay while the Council looks into it.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			T::ApproveOrigin::ensure_origin(origin)?;
			Self::set_status(asset, AssetStatus::Listed, AssetStatus::Suspended)?;
			Self::deposit_event(Event::Suspended { asset });
			Ok(())
		}

		/// Restore a suspended asset to `Listed` (Council).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::restore())]
		pub fn restore(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			T::ApproveOrigin::ensure_origin(origin)?;
			Self::set_status(asset, AssetStatus::Suspended, AssetStatus::Listed)?;
			Self::deposit_event(Event::Restored { asset });
			Ok(())
		}

		/// Publish a new revision of a listed asset (owner): new CID, digest and size. It waits
		/// for the Council like a listing, with its own fee and a deposit for what the asset
		/// stores once it is approved. Content another asset claims is refused.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::submit_revision())]
		pub fn submit_revision(
			origin: OriginFor<T>,
			asset: AssetId,
			content: ContentInput,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_revision(who, asset, content)
		}

		/// Rate the quality of a listed asset's current revision (Council): five scores of
		/// 0..=100; the overall score and grade are derived. Kept in a bounded history.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::rate())]
		pub fn rate(origin: OriginFor<T>, asset: AssetId, scores: QualityScores) -> DispatchResult {
			T::RatingOrigin::ensure_origin(origin)?;
			Self::do_rate(asset, scores)
		}

		/// Register a pinner (Council): an account whose offchain key (`bdpn`) a node holds.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::register_pinner())]
		pub fn register_pinner(origin: OriginFor<T>, pinner: T::AccountId) -> DispatchResult {
			T::PinnerOrigin::ensure_origin(origin)?;
			ensure!(!Pinners::<T>::contains_key(&pinner), Error::<T>::AlreadyPinner);
			ensure!(Pinners::<T>::count() < T::MaxPinners::get(), Error::<T>::TooManyPinners);
			Pinners::<T>::insert(&pinner, frame_system::Pallet::<T>::block_number());
			Self::deposit_event(Event::PinnerRegistered { pinner });
			Ok(())
		}

		/// Deregister a pinner (Council). Its pins stop counting as they are next touched.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::deregister_pinner())]
		pub fn deregister_pinner(origin: OriginFor<T>, pinner: T::AccountId) -> DispatchResult {
			T::PinnerOrigin::ensure_origin(origin)?;
			ensure!(Pinners::<T>::contains_key(&pinner), Error::<T>::NotPinner);
			Pinners::<T>::remove(&pinner);
			Self::deposit_event(Event::PinnerDeregistered { pinner });
			Ok(())
		}

		/// Set how many distinct pinners new pin requests ask for (Council).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_replication_target())]
		pub fn set_replication_target(origin: OriginFor<T>, target: u32) -> DispatchResult {
			T::PinnerOrigin::ensure_origin(origin)?;
			ensure!(
				target >= 1 && target <= T::MaxPinners::get(),
				Error::<T>::InvalidReplicationTarget
			);
			ReplicationTarget::<T>::put(target);
			Self::deposit_event(Event::ReplicationTargetSet { target });
			Ok(())
		}

		/// Report pin outcomes (registered pinners; sent by their offchain workers): pinned,
		/// mismatch, or lost, each about one revision of an asset. Free when accepted;
		/// all-or-nothing.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::report_pins(reports.len() as u32))]
		pub fn report_pins(
			origin: OriginFor<T>,
			reports: BoundedVec<PinReport, T::MaxReportsPerCall>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_report_pins(who, reports)?;
			Ok(Pays::No.into())
		}

		/// Remove a rejected asset (its provider) or a delisted one (its owner): the record,
		/// metadata, ratings and ownership NFT go, the deposit is returned.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::remove())]
		pub fn remove(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove(who, asset)
		}

		/// As the owner of an encrypted asset, store the content key of `revision` (the
		/// current one, or the pending one) sealed to `recipient`: a registered gateway with a
		/// sealing key (it may then serve the asset to licence holders), or yourself (your own
		/// copy, to authorise gateways later). Replaces the recipient's previous key. Holds a
		/// deposit for the bytes.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_content_key())]
		pub fn set_content_key(
			origin: OriginFor<T>,
			asset: AssetId,
			recipient: T::AccountId,
			revision: u32,
			sealed: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_content_key(who, asset, recipient, revision, sealed)
		}

		/// Remove `recipient`'s sealed content key and return its deposit: the owner
		/// de-authorising a gateway, the recipient giving it up, or its depositor once the
		/// asset is gone. A gateway that read the key before keeps what it learned: only a new
		/// revision (a new content key) shuts it out for good.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::remove_content_key())]
		pub fn remove_content_key(
			origin: OriginFor<T>,
			asset: AssetId,
			recipient: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_content_key(who, asset, recipient)
		}
	}
}
