//! Types and traits BDES pallets use to talk to each other, so that no pallet reaches into
//! another's storage.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use sp_runtime::{DispatchError, DispatchResult};

/// Identifier of a data asset (the item id of its ownership NFT).
pub type DataAssetId = u32;

/// What other pallets may ask about data assets.
pub trait DataAssetInspect<AccountId> {
	/// The current owner (the holder of the ownership NFT), if the asset exists.
	fn owner(asset: DataAssetId) -> Option<AccountId>;

	/// Whether the asset is listed: approved and neither suspended nor delisted.
	fn is_listed(asset: DataAssetId) -> bool;

	/// The size in bytes of the asset's current content, if known.
	fn content_size(_asset: DataAssetId) -> Option<u64> {
		None
	}

	/// The overall quality score (0 to 100) of the asset's current revision, if it was rated.
	fn rating(_asset: DataAssetId) -> Option<u8> {
		None
	}
}

/// Somewhere revenue of a data asset can be paid to: its revenue-share holders.
pub trait RevenueSink<AccountId, Balance> {
	/// Whether the asset has revenue shares that can receive revenue.
	fn accepts(asset: DataAssetId) -> bool;

	/// Moves `amount` from `from` to the holders of the asset's revenue shares.
	///
	/// Fails, moving nothing, when the asset has no revenue shares (see [`Self::accepts`]).
	fn pay(asset: DataAssetId, from: &AccountId, amount: Balance) -> DispatchResult;
}

/// No revenue shares anywhere: every payment is refused.
impl<AccountId, Balance> RevenueSink<AccountId, Balance> for () {
	fn accepts(_: DataAssetId) -> bool {
		false
	}

	fn pay(_: DataAssetId, _: &AccountId, _: Balance) -> DispatchResult {
		Err(DispatchError::Other("no revenue shares"))
	}
}

/// Revenue to the first of two sinks that accepts it (the runtime: an asset's revenue-share
/// holders, else the collectors of the feed that made it).
impl<AccountId, Balance, A, B> RevenueSink<AccountId, Balance> for (A, B)
where
	A: RevenueSink<AccountId, Balance>,
	B: RevenueSink<AccountId, Balance>,
{
	fn accepts(asset: DataAssetId) -> bool {
		A::accepts(asset) || B::accepts(asset)
	}

	fn pay(asset: DataAssetId, from: &AccountId, amount: Balance) -> DispatchResult {
		if A::accepts(asset) {
			A::pay(asset, from, amount)
		} else {
			B::pay(asset, from, amount)
		}
	}
}

/// Sets up, for benchmarks, what a pallet needs from the data-assets pallet.
pub trait DataAssetBenchmarkHelper<AccountId> {
	/// Creates a listed data asset owned by `owner` and returns its id.
	fn listed_asset(owner: &AccountId) -> DataAssetId;

	/// Moves the asset's ownership (its NFT) from `from` to `to`.
	fn transfer_ownership(asset: DataAssetId, from: &AccountId, to: &AccountId);

	/// Gives the asset revenue shares, so that revenue paths are the ones measured.
	fn enable_revenue(_asset: DataAssetId, _owner: &AccountId) {}
}

/// What a sale of a data asset's revenue shares (the IDO pallet) needs from the revenue-shares
/// pallet.
pub trait ShareSale<AccountId, AssetId, Balance> {
	/// The share token of `asset`, if it issued one.
	fn share_asset(asset: DataAssetId) -> Option<AssetId>;

	/// Issues `asset`'s revenue shares as its owner `who` would with the revenue-shares
	/// pallet's own `issue` (same checks, deposits and 51% lock): `supply` units to `who`.
	fn issue(
		asset: DataAssetId,
		who: &AccountId,
		supply: Balance,
		name: alloc::vec::Vec<u8>,
		symbol: alloc::vec::Vec<u8>,
		decimals: u8,
	) -> DispatchResult;

	/// Stakes `amount` of `who`'s unstaked shares of `asset` (they earn after the warm-up like
	/// any stake) and locks them: they cannot be unstaked, so cannot move, until unlocked.
	fn stake_locked(asset: DataAssetId, who: &AccountId, amount: Balance) -> DispatchResult;

	/// Lifts `amount` of `who`'s lock on `asset`; with `unstake`, also unstakes that many of
	/// `who`'s shares, so that they can move.
	fn unlock(
		asset: DataAssetId,
		who: &AccountId,
		amount: Balance,
		unstake: bool,
	) -> DispatchResult;
}

/// Which NFTs are ownership NFTs of data assets.
pub trait OwnershipNft<CollectionId, ItemId> {
	/// The data asset `item` of `collection` is the ownership NFT of, if it is one.
	fn data_asset(collection: &CollectionId, item: &ItemId) -> Option<DataAssetId>;

	/// The ownership NFT of `asset`, if the asset exists.
	fn nft(asset: DataAssetId) -> Option<(CollectionId, ItemId)>;
}

/// No NFT is an ownership NFT.
impl<CollectionId, ItemId> OwnershipNft<CollectionId, ItemId> for () {
	fn data_asset(_: &CollectionId, _: &ItemId) -> Option<DataAssetId> {
		None
	}

	fn nft(_: DataAssetId) -> Option<(CollectionId, ItemId)> {
		None
	}
}

/// An X25519 public key (32 bytes) that content keys are sealed to (age's X25519 recipients).
pub type SealingKey = [u8; 32];

/// Which accounts are registered data gateways, and the keys content keys are sealed to for them.
pub trait GatewayRegistry<AccountId> {
	/// The gateway's X25519 sealing key, if `who` is a registered gateway that has set one.
	fn sealing_key(who: &AccountId) -> Option<SealingKey>;
}

/// No gateways.
impl<AccountId> GatewayRegistry<AccountId> for () {
	fn sealing_key(_: &AccountId) -> Option<SealingKey> {
		None
	}
}

/// Registers data gateways with sealing keys, for benchmarks of other pallets.
pub trait GatewayBenchmarkHelper<AccountId> {
	/// Makes `who` a registered gateway whose sealing key is `key`.
	fn register_gateway(who: &AccountId, key: SealingKey);
}

/// Licences as a compute task uses them: one call of a licence per input.
pub trait LicenceUse<AccountId, LicenceId> {
	/// Uses one call of licence `licence`: it must be `who`'s, of `asset`, valid now and have a
	/// call left.
	fn use_call(who: &AccountId, licence: LicenceId, asset: DataAssetId) -> DispatchResult;
}

/// How a pallet that makes data assets describes one: the metadata a provider would give a
/// listing. The data-assets pallet checks it as it checks a submission's.
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct AssetDescription {
	/// Short title, UTF-8.
	pub title: Vec<u8>,
	/// Longer description, UTF-8.
	pub description: Vec<u8>,
	/// Search tags: lowercase ASCII letters, digits and `-`.
	pub tags: Vec<Vec<u8>>,
	/// MIME type of the bytes.
	pub format: Vec<u8>,
	/// Where the data comes from, UTF-8.
	pub source: Vec<u8>,
	/// Period the data covers, in Unix seconds, both ends included.
	pub coverage: (u64, u64),
}

/// What an encrypted content decrypts to. The bytes on IPFS are an age file (X25519, 64 KiB
/// STREAM chunks) encrypted to the content's own key, which the owner seals to itself and to
/// the gateways it authorises.
#[derive(
	Clone,
	Copy,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	scale_info::TypeInfo,
	codec::MaxEncodedLen,
)]
pub struct Encryption {
	/// sha2-256 of the plaintext.
	pub plain_digest: [u8; 32],
	/// Size of the plaintext.
	pub plain_size: u64,
}

/// The content of a data asset another pallet makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MintContent<AccountId> {
	/// IPFS CID of the bytes.
	pub cid: Vec<u8>,
	/// sha2-256 of the bytes (the ciphertext's when encrypted).
	pub digest: [u8; 32],
	/// Size of the bytes.
	pub size: u64,
	/// What the bytes decrypt to, when they are encrypted.
	pub encryption: Option<Encryption>,
	/// The content key sealed to each recipient (the owner, registered gateways), stored with
	/// the asset as the owner's own `set_content_key` would, before any sale starts.
	pub keys: Vec<(AccountId, Vec<u8>)>,
}

impl<AccountId> MintContent<AccountId> {
	/// Open content: no encryption, no keys.
	pub fn open(cid: &[u8], digest: [u8; 32], size: u64) -> Self {
		Self { cid: cid.to_vec(), digest, size, encryption: None, keys: Vec::new() }
	}
}

/// Data assets the chain makes itself: a compute task's verified result, a feed's batch.
pub trait DataAssetMint<AccountId> {
	/// Creates a data asset owned by `owner` (its ownership NFT) with `content`, described by
	/// `about`, holding `owner`'s deposits as a submission (and its content keys) does; listed
	/// at once when `listed`, otherwise waiting for the Council like any submission.
	fn mint(
		owner: &AccountId,
		content: MintContent<AccountId>,
		about: AssetDescription,
		listed: bool,
	) -> Result<DataAssetId, DispatchError>;
}

/// Licence offers opened by another pallet on an owner's behalf (a feed's batches).
pub trait LicenceOffers<AccountId, Terms> {
	/// Whether `terms` would be accepted for an offer.
	fn check_terms(terms: &Terms) -> DispatchResult;

	/// Opens an offer of `asset` with `terms` as its owner `owner` would, holding `owner`'s
	/// deposit.
	fn open_offer(owner: &AccountId, asset: DataAssetId, terms: Terms) -> DispatchResult;
}

/// Sales of data assets' ownership NFTs started by another pallet on the owner's behalf.
pub trait OwnershipSale<AccountId, Balance, AuctionTerms> {
	/// Whether `terms` would be accepted for an auction.
	fn check_auction(terms: &AuctionTerms) -> DispatchResult;

	/// Puts `asset`'s ownership NFT, owned by `owner`, up for sale at `price`.
	fn sell(owner: &AccountId, asset: DataAssetId, price: Balance) -> DispatchResult;

	/// Auctions `asset`'s ownership NFT, owned by `owner`, on `terms`; it settles by itself.
	fn auction(owner: &AccountId, asset: DataAssetId, terms: AuctionTerms) -> DispatchResult;
}

/// A column's type in a registered data schema; feed batches are Parquet files with these
/// columns.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
pub enum ColumnType {
	/// true or false.
	Bool,
	/// A signed 64-bit integer.
	Int64,
	/// A 64-bit float.
	Float64,
	/// UTF-8 text.
	Utf8,
	/// Milliseconds since the Unix epoch (UTC).
	TimestampMillis,
}

impl ColumnType {
	/// Its name in a schema's header text.
	pub fn name(self) -> &'static str {
		match self {
			ColumnType::Bool => "bool",
			ColumnType::Int64 => "int64",
			ColumnType::Float64 => "float64",
			ColumnType::Utf8 => "utf8",
			ColumnType::TimestampMillis => "timestamp_ms",
		}
	}

	/// The type a header text names.
	pub fn from_name(name: &str) -> Option<Self> {
		[Self::Bool, Self::Int64, Self::Float64, Self::Utf8, Self::TimestampMillis]
			.into_iter()
			.find(|t| t.name() == name)
	}
}

/// A schema's header text, its readable form: `name:type` per column, in order, joined by
/// `,` (e.g. `ts:timestamp_ms,station:utf8,temp_c:float64`). Its sha2-256 is the schema's
/// hash, which a batch's header must match; the chain and the connector both compute it here.
pub fn schema_header<'a>(columns: impl IntoIterator<Item = (&'a [u8], ColumnType)>) -> Vec<u8> {
	let mut text = Vec::new();
	for (i, (name, kind)) in columns.into_iter().enumerate() {
		if i > 0 {
			text.push(b',');
		}
		text.extend_from_slice(name);
		text.push(b':');
		text.extend_from_slice(kind.name().as_bytes());
	}
	text
}

/// Holds `amount` of `who`'s funds for `reason` only if that much is spendable now: funds
/// under a freeze (a vesting lock, staked tokens) are not taken, though the balances pallet
/// would let a hold overlap them.
pub fn hold_spendable<AccountId, C>(
	reason: &C::Reason,
	who: &AccountId,
	amount: C::Balance,
) -> DispatchResult
where
	C: frame_support::traits::fungible::MutateHold<AccountId>,
{
	use frame_support::traits::tokens::{Fortitude, Preservation};
	let spendable = C::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
	if amount > spendable {
		return Err(sp_runtime::TokenError::FundsUnavailable.into());
	}
	C::hold(reason, who, amount)
}

/// `a × b ÷ c` with the given rounding, through 128 bits; `None` when `c` is zero or the
/// result does not fit `B`. Pallets map `None` to their own overflow error.
pub fn mul_div<B>(a: B, b: B, c: B, rounding: sp_runtime::Rounding) -> Option<B>
where
	B: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	use sp_runtime::SaturatedConversion;
	let wide = |v: B| -> u128 { v.saturated_into() };
	if wide(c) == 0 {
		return None;
	}
	let value = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
		wide(a),
		wide(b),
		wide(c),
		rounding,
	)?;
	let narrow: B = value.saturated_into();
	(wide(narrow) == value).then_some(narrow)
}
