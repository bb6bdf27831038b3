//! Types of the feeds pallet.

use crate::Config;
use bdes_primitives::{ColumnType, Encryption};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::fungible::Inspect, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// Identifier of a registered schema.
pub type SchemaId = u32;
/// Identifier of a feed.
pub type FeedId = u32;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// A name (of a schema, a feed or a column), bounded.
pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLen>;
/// A schema's columns.
pub type ColumnsOf<T> = BoundedVec<Column<NameOf<T>>, <T as Config>::MaxColumns>;
/// A schema as stored.
pub type SchemaOf<T> = Schema<AccountIdOf<T>, BalanceOf<T>, NameOf<T>, ColumnsOf<T>>;
/// What a feed does with each batch, with a runtime's types.
pub type SaleModeOf<T> =
	SaleMode<BalanceOf<T>, <T as Config>::OfferTerms, <T as Config>::AuctionTerms>;
/// A feed's collectors.
pub type CollectorsOf<T> = BoundedVec<Collector<AccountIdOf<T>>, <T as Config>::MaxCollectors>;
/// A feed as its operator proposes it.
pub type FeedSpecOf<T> = FeedSpec<NameOf<T>, BlockNumberFor<T>, SaleModeOf<T>, CollectorsOf<T>>;
/// A feed as stored.
pub type FeedOf<T> = Feed<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>, FeedSpecOf<T>>;
/// A batch as its operator submits it.
pub type BatchInputOf<T> = BatchInput<
	BoundedVec<u8, <T as Config>::MaxCidLen>,
	BoundedVec<u8, <T as Config>::MaxSourceLen>,
	BatchKeysOf<T>,
>;
/// An encrypted batch's content keys, each sealed to one recipient.
pub type BatchKeysOf<T> = BoundedVec<
	SealedKey<AccountIdOf<T>, BoundedVec<u8, <T as Config>::MaxSealedKeyLen>>,
	<T as Config>::MaxBatchKeys,
>;
/// A batch as stored.
pub type BatchOf<T> = Batch<AccountIdOf<T>, BalanceOf<T>>;

/// A column of a schema.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Column<Name> {
	/// Its name: lowercase ASCII letters, digits and `_`, starting with a letter.
	pub name: Name,
	/// Its type.
	pub kind: ColumnType,
}

/// A registered schema: the standard form batches of a feed take.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Schema<AccountId, Balance, Name, Columns> {
	/// Who registered it and holds its deposit.
	pub owner: AccountId,
	/// Held storage deposit.
	pub deposit: Balance,
	/// Its name.
	pub name: Name,
	/// Its columns, in order: the readable form.
	pub columns: Columns,
	/// sha2-256 of its header text (`bdes_primitives::schema_header`).
	pub hash: [u8; 32],
}

/// What happens to each batch of a feed once it is listed.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum SaleMode<Balance, OfferTerms, AuctionTerms> {
	/// A licence offer with these terms.
	Offers(OfferTerms),
	/// Its ownership NFT for sale at this price.
	FixedPrice(Balance),
	/// An English auction of its ownership NFT on these terms; it settles by itself.
	Auction(AuctionTerms),
}

/// A data collector of a feed and its part of what the feed's batches earn for collectors.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Collector<AccountId> {
	/// Who is paid.
	pub account: AccountId,
	/// Its part of the collectors' revenue; the parts of a feed sum to 100%.
	pub part: Permill,
}

/// A feed as its operator proposes it to the Council.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct FeedSpec<Name, BlockNumber, Sale, Collectors> {
	/// Its name; batches are titled after it.
	pub name: Name,
	/// The registered schema its batches take.
	pub schema: SchemaId,
	/// A batch is due every this many blocks.
	pub interval: BlockNumber,
	/// What happens to each batch.
	pub sale: Sale,
	/// The revenue split: who shares the revenue part of each batch's sales (a licence offer's
	/// revenue share, the market's dividend part of an ownership sale); none, to the owner.
	pub collectors: Collectors,
}

/// Where a feed stands.
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
pub enum FeedStatus {
	/// Waiting for the Council.
	Proposed,
	/// Approved; its batches list and sell themselves.
	Active,
	/// It missed two intervals: no sale starts until its next batch.
	Stale,
	/// Suspended by the Council: its batches are refused.
	Suspended,
	/// Closed by its operator; its record stays as its batches' provenance.
	Closed,
}

/// A feed.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Feed<AccountId, Balance, BlockNumber, Spec> {
	/// Who submits its batches, owns them and holds its deposit.
	pub operator: AccountId,
	/// What the Council approved.
	pub spec: Spec,
	/// Where it stands.
	pub status: FeedStatus,
	/// Held storage deposit.
	pub deposit: Balance,
	/// Block of its last batch, or of its approval or resumption.
	pub last_batch: BlockNumber,
	/// Block at which it is marked stale unless a batch comes first (while active).
	pub deadline: Option<BlockNumber>,
	/// It has delivered every interval since this block.
	pub punctual_since: BlockNumber,
	/// Batches listed so far (the next one's sequence number).
	pub batches: u32,
	/// Last second covered by its latest batch: the next batch's window starts after it.
	pub covered_until: Option<u64>,
}

/// A batch as the operator submits it.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct BatchInput<Cid, Source, Keys> {
	/// IPFS CID of the batch's Parquet file (of its age file, when encrypted).
	pub cid: Cid,
	/// sha2-256 of the bytes the CID names.
	pub digest: [u8; 32],
	/// Size of the bytes the CID names.
	pub size: u64,
	/// The schema it takes: the feed's.
	pub schema: SchemaId,
	/// sha2-256 of the header text of the file's columns: the schema's hash.
	pub header: [u8; 32],
	/// Rows in it.
	pub rows: u64,
	/// First and last second (Unix time) its rows cover, both included.
	pub window: (u64, u64),
	/// The source it came from (URL, directory, topic).
	pub source: Source,
	/// Set when the bytes are encrypted: the Parquet file's sha2-256 and size. Batches are
	/// told apart by the plaintext's digest, so the same batch encrypted again is the
	/// duplicate it is.
	pub encryption: Option<Encryption>,
	/// An encrypted batch's content key sealed to the operator and to the gateways that
	/// serve it (at least one); none for an open batch.
	pub keys: Keys,
}

/// A content key sealed to one recipient: the operator itself or a registered gateway.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct SealedKey<AccountId, Sealed> {
	pub recipient: AccountId,
	/// An age file encrypted to the recipient's X25519 key around the content key.
	pub sealed: Sealed,
}

/// A listed batch: the provenance of a data asset a feed made.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Batch<AccountId, Balance> {
	/// The feed it came from.
	pub feed: FeedId,
	/// Its sequence number in the feed.
	pub seq: u32,
	/// Rows in it.
	pub rows: u64,
	/// First and last second its rows cover.
	pub window: (u64, u64),
	/// sha2-256 of its Parquet file (the plaintext's, when encrypted): what duplicates are
	/// told apart by.
	pub digest: [u8; 32],
	/// Who holds its record's deposit.
	pub depositor: AccountId,
	/// Held storage deposit of this record.
	pub deposit: Balance,
}
