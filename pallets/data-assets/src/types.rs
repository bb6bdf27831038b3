//! Types of the data-assets pallet.

use crate::Config;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, traits::fungible::Inspect, BoundedVec, CloneNoBound, DebugNoBound,
	EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// Identifier of a data asset; also the item id of its ownership NFT.
pub type AssetId = bdes_primitives::DataAssetId;

/// A sha2-256 digest of a dataset's bytes.
pub type Digest = [u8; 32];

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of the currency deposits and fees are paid in.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// Collection configuration of the ownership NFTs.
pub type CollectionConfigFor<T> =
	pallet_nfts::CollectionConfig<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::CollectionId>;
/// A CID in its textual form, as users and IPFS see it.
pub type CidOf<T> = BoundedVec<u8, <T as Config>::MaxCidLen>;
/// Content of a revision, with the bounds of a runtime.
pub type ContentOf<T> = Content<<T as Config>::MaxCidLen>;
/// A sealed content key, as stored.
pub type ContentKeyOf<T> = ContentKey<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	<T as Config>::MaxSealedKeyLen,
>;
/// Stored record of an asset.
pub type AssetDetailsOf<T> =
	AssetDetails<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>, <T as Config>::MaxCidLen>;
/// A revision waiting for approval.
pub type PendingRevisionOf<T> =
	PendingRevision<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>, <T as Config>::MaxCidLen>;
/// A quality rating.
pub type RatingOf<T> = Rating<BlockNumberFor<T>>;
/// Pin state of an asset's current content.
pub type PinStateOf<T> = PinState<
	AccountIdOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxCidLen,
	<T as Config>::MaxPinners,
>;
/// Longest multihash of a CID the pallet accepts: a 3-byte hash code (blake2b-256 is `0xb220`),
/// a 1-byte digest length, and a digest of at most 64 bytes.
pub const MAX_CONTENT_HASH_LEN: u32 = 68;

/// What identifies content on IPFS: the multihash of its CID, the same for the CIDv0 and every
/// CIDv1 text (codec, base) of one root.
pub type ContentHash = BoundedVec<u8, ConstU32<MAX_CONTENT_HASH_LEN>>;

/// The multihash of a CID's text form, if it parses.
pub fn content_hash(cid: &[u8]) -> Option<ContentHash> {
	let text = core::str::from_utf8(cid).ok()?;
	let parsed = cid::CidGeneric::<64>::try_from(text).ok()?;
	parsed.hash().to_bytes().try_into().ok()
}

/// Where an asset is in its lifecycle.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum AssetStatus {
	/// Submitted, waiting for the Council.
	Pending,
	/// Approved: tradable, pinned, has an ownership NFT.
	Listed,
	/// Refused by the Council; the deposit was returned.
	Rejected,
	/// Withdrawn by its owner or the Council; its pins are released.
	Delisted,
	/// Frozen by the Council until it restores it.
	Suspended,
}

/// What a dataset is about (the whitepaper's data domains).
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Category {
	Finance,
	Healthcare,
	Geospatial,
	Satellite,
	Iot,
	Social,
	Science,
	Commerce,
	Energy,
	Transport,
	Government,
	#[default]
	Other,
}

/// The period a dataset covers, in Unix seconds, both ends included.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct CoveragePeriod {
	pub start: u64,
	pub end: u64,
}

/// Metadata of a listing as a user submits it; checked field by field into [`DatasetMetadata`],
/// so a bad field is a typed error rather than a decoding failure.
#[derive(Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, Default)]
pub struct MetadataInput {
	/// Short title, UTF-8.
	pub title: Vec<u8>,
	/// Longer description, UTF-8.
	pub description: Vec<u8>,
	/// Data domain.
	pub category: Category,
	/// Search tags: lowercase ASCII letters, digits and `-`.
	pub tags: Vec<Vec<u8>>,
	/// MIME type of the bytes, e.g. `text/csv`.
	pub format: Vec<u8>,
	/// Period the data covers.
	pub coverage: CoveragePeriod,
	/// Where the data comes from (organisation, URL), UTF-8.
	pub source: Vec<u8>,
}

/// Content of a listing or a revision as a user submits it.
#[derive(Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, Default)]
pub struct ContentInput {
	/// The IPFS CID, CIDv0 (`Qm…`) or CIDv1 (multibase text).
	pub cid: Vec<u8>,
	/// sha2-256 of the bytes.
	pub digest: Digest,
	/// Size of the bytes.
	pub size: u64,
	/// Set when the bytes are encrypted (`cid`, `digest` and `size` are then the ciphertext's):
	/// what the plaintext hashes to and its size. `None` for open data.
	pub encryption: Option<Encryption>,
}

/// What an encrypted content decrypts to (shared with the pallets that mint data assets).
pub use bdes_primitives::Encryption;

/// A content key sealed to one recipient (a gateway, or the owner itself): an age file
/// encrypted to the recipient's X25519 key whose plaintext is the revision's content key.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxLen))]
pub struct ContentKey<AccountId, Balance, MaxLen: Get<u32>> {
	/// The revision whose content it decrypts.
	pub revision: u32,
	/// The sealed key.
	pub sealed: BoundedVec<u8, MaxLen>,
	/// Who stored it and holds its deposit.
	pub depositor: AccountId,
	pub deposit: Balance,
}

/// Checked metadata of a dataset, as stored.
#[derive(
	CloneNoBound, Encode, Decode, EqNoBound, PartialEqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
pub struct DatasetMetadata<T: Config> {
	pub title: BoundedVec<u8, T::MaxTitleLen>,
	pub description: BoundedVec<u8, T::MaxDescriptionLen>,
	pub category: Category,
	pub tags: BoundedVec<BoundedVec<u8, T::MaxTagLen>, T::MaxTags>,
	pub format: BoundedVec<u8, T::MaxFormatLen>,
	pub coverage: CoveragePeriod,
	pub source: BoundedVec<u8, T::MaxSourceLen>,
}

/// Checked content of a revision: where the bytes are and what they hash to.
#[derive(
	Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen, DecodeWithMemTracking,
)]
#[scale_info(skip_type_params(MaxCid))]
pub struct Content<MaxCid: Get<u32>> {
	pub cid: BoundedVec<u8, MaxCid>,
	pub digest: Digest,
	pub size: u64,
	/// What the bytes decrypt to, when they are encrypted.
	pub encryption: Option<Encryption>,
}

/// The stored record of an asset.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxCid))]
pub struct AssetDetails<AccountId, Balance, BlockNumber, MaxCid: Get<u32>> {
	/// Who listed it; holds its deposit and received the ownership NFT. The owner is whoever
	/// holds that NFT now.
	pub provider: AccountId,
	pub status: AssetStatus,
	/// The approved content (for a pending asset: the submitted one).
	pub content: Content<MaxCid>,
	/// Revision number of `content`, 0 for the first listing.
	pub revision: u32,
	/// Storage deposit held from `provider`.
	pub deposit: Balance,
	/// Listing fee held from `provider` until the Council decides.
	pub fee: Balance,
	pub created: BlockNumber,
	pub updated: BlockNumber,
}

/// A new revision waiting for the Council.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxCid))]
pub struct PendingRevision<AccountId, Balance, BlockNumber, MaxCid: Get<u32>> {
	pub content: Content<MaxCid>,
	/// Who submitted it (the owner at the time); holds its deposit and fee.
	pub submitter: AccountId,
	pub deposit: Balance,
	pub fee: Balance,
	pub submitted: BlockNumber,
}

/// Scores of the quality rating (whitepaper §5.6), each 0..=100.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct QualityScores {
	pub source_credibility: u8,
	pub coverage_period: u8,
	pub coverage_range: u8,
	pub timeliness: u8,
	pub access_efficiency: u8,
}

/// Overall grade derived from the scores.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Grade {
	/// Overall score 90 and above.
	A,
	/// 75 to 89.
	B,
	/// 60 to 74.
	C,
	/// 40 to 59.
	D,
	/// Below 40.
	E,
}

impl Grade {
	/// The grade of an overall score.
	pub fn from_overall(overall: u8) -> Self {
		match overall {
			90.. => Grade::A,
			75..=89 => Grade::B,
			60..=74 => Grade::C,
			40..=59 => Grade::D,
			_ => Grade::E,
		}
	}
}

/// A quality rating, bound to the digest of the revision that was rated.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Rating<BlockNumber> {
	pub scores: QualityScores,
	/// Mean of the five scores, rounded down.
	pub overall: u8,
	pub grade: Grade,
	/// Digest of the rated revision: a rating never carries over to another revision.
	pub digest: Digest,
	pub revision: u32,
	pub block: BlockNumber,
}

/// A pinner's record of having pinned the current content.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct PinRecord<AccountId, BlockNumber> {
	pub pinner: AccountId,
	pub block: BlockNumber,
}

/// What a pinner found wrong with the content it fetched.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Mismatch {
	/// IPFS reports another size than the listing.
	Size { observed: u64 },
	/// The bytes hash to another sha2-256 digest than the listing.
	Digest { observed: Digest },
}

/// A pinner's record of a mismatch.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct MismatchRecord<AccountId, BlockNumber> {
	pub pinner: AccountId,
	pub mismatch: Mismatch,
	pub block: BlockNumber,
}

/// Pin state of an asset's current content.
#[derive(
	CloneNoBound, Encode, Decode, EqNoBound, PartialEqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCid, MaxPinners))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct PinState<
	AccountId: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
	MaxCid: Get<u32>,
	MaxPinners: Get<u32>,
> {
	/// The CID to pin.
	pub cid: BoundedVec<u8, MaxCid>,
	/// The asset's revision whose content this is: reports name it, so a report on an earlier
	/// revision never counts for a later one, even with the same CID.
	pub revision: u32,
	/// How many distinct pinners should hold it.
	pub target: u32,
	pub requested: BlockNumber,
	/// Who pinned it, and when (each pinner once).
	pub pinned_by: BoundedVec<PinRecord<AccountId, BlockNumber>, MaxPinners>,
	/// Who found the content not matching the listing.
	pub mismatches: BoundedVec<MismatchRecord<AccountId, BlockNumber>, MaxPinners>,
}

impl<A, B, C, P> PinState<A, B, C, P>
where
	A: Clone + PartialEq + core::fmt::Debug,
	B: Clone + PartialEq + core::fmt::Debug,
	C: Get<u32>,
	P: Get<u32>,
{
	/// Whether `who` has already reported on this content.
	pub fn has_reported(&self, who: &A) -> bool {
		self.pinned_by.iter().any(|r| &r.pinner == who)
			|| self.mismatches.iter().any(|r| &r.pinner == who)
	}

	/// Whether enough pinners hold the content.
	pub fn target_met(&self) -> bool {
		self.pinned_by.len() as u32 >= self.target
	}
}

/// What a pinner reports about one asset.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum PinOutcome {
	/// Pinned, and size (and digest, where checked) match the listing.
	Pinned,
	/// Fetched, but not what was listed; not pinned.
	Mismatch(Mismatch),
	/// Was pinned, no longer is (found by the periodic re-check).
	Lost,
}

/// One report of a pinner, about revision `revision` of `asset`.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct PinReport {
	pub asset: AssetId,
	/// The revision whose content the pinner checked; a report on any other revision is stale
	/// (a CID can come back in a later revision with another declared digest).
	pub revision: u32,
	pub outcome: PinOutcome,
}

/// What a client sees of an asset (runtime API).
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct AssetView<AccountId, Balance, BlockNumber> {
	pub id: AssetId,
	/// Holder of the ownership NFT (the provider while pending or rejected).
	pub owner: AccountId,
	pub provider: AccountId,
	pub status: AssetStatus,
	pub title: Vec<u8>,
	pub description: Vec<u8>,
	pub category: Category,
	pub tags: Vec<Vec<u8>>,
	pub format: Vec<u8>,
	pub coverage: CoveragePeriod,
	pub source: Vec<u8>,
	pub cid: Vec<u8>,
	pub digest: Digest,
	pub size: u64,
	/// Set when the bytes on IPFS are encrypted: what they decrypt to.
	pub encryption: Option<Encryption>,
	pub revision: u32,
	/// CID of a revision waiting for approval.
	pub pending_revision: Option<Vec<u8>>,
	pub deposit: Balance,
	/// The rating of the current revision, if it has one.
	pub rating: Option<Rating<BlockNumber>>,
	pub pin: Option<PinView<AccountId, BlockNumber>>,
	pub created: BlockNumber,
	pub updated: BlockNumber,
}

/// Pin state as a client sees it.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct PinView<AccountId, BlockNumber> {
	pub cid: Vec<u8>,
	pub target: u32,
	pub target_met: bool,
	pub pinned_by: Vec<PinRecord<AccountId, BlockNumber>>,
	pub mismatches: Vec<MismatchRecord<AccountId, BlockNumber>>,
}
