//! Types of the data-licences pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible::Inspect;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::Permill;

pub use bdes_primitives::DataAssetId;

/// Identifier of a licence offer.
pub type OfferId = u32;
/// Identifier of a licence; also the item id of its NFT in the licences collection.
pub type LicenceId = u32;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// Collection configuration of the licence NFTs.
pub type CollectionConfigFor<T> =
	pallet_nfts::CollectionConfig<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::CollectionId>;
/// Terms of an offer, with a runtime's types.
pub type OfferTermsOf<T> = OfferTerms<BalanceOf<T>, BlockNumberFor<T>>;
/// An offer, as stored.
pub type OfferOf<T> = Offer<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// A licence, as stored.
pub type LicenceOf<T> = Licence<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// A licence as clients see it.
pub type LicenceInfoOf<T> = LicenceInfo<AccountIdOf<T>, BlockNumberFor<T>>;

/// What the owner of a data asset sells a licence for.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct OfferTerms<Balance, BlockNumber> {
	/// Price of one licence (and of one renewal or one top-up pack), in BDES.
	pub price: Balance,
	/// How long a licence is valid, in blocks.
	pub duration: BlockNumber,
	/// Calls a licence allows (and a renewal or top-up pack adds).
	pub calls: u32,
	/// How many licences may be sold; `None` for no limit.
	pub max_sales: Option<u32>,
	/// Whether licence NFTs may move to another account.
	pub transferable: bool,
	/// Part of each payment that goes to the asset's revenue-share holders (when it has them;
	/// otherwise to the owner).
	pub revenue_share: Permill,
}

/// A licence offer of a data asset.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Offer<AccountId, Balance, BlockNumber> {
	/// The data asset it licenses.
	pub asset: DataAssetId,
	/// Its terms.
	pub terms: OfferTerms<Balance, BlockNumber>,
	/// Licences sold so far.
	pub sold: u32,
	/// Who created it and holds its deposit.
	pub creator: AccountId,
	/// Held storage deposit.
	pub deposit: Balance,
}

/// A usage licence.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Licence<AccountId, Balance, BlockNumber> {
	/// The data asset it grants access to.
	pub asset: DataAssetId,
	/// The offer it was bought under.
	pub offer: OfferId,
	/// First block at which it is no longer valid.
	pub expiry: BlockNumber,
	/// Calls it still allows.
	pub calls_left: u32,
	/// Whether its NFT may move.
	pub transferable: bool,
	/// Who paid its storage deposit (the first buyer), to whom it returns at cleanup.
	pub depositor: AccountId,
	/// Held storage deposit.
	pub deposit: Balance,
}

/// Why a licence does not grant access now.
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
pub enum Invalid {
	/// No such licence (never sold, or expired and cleaned up).
	Unknown,
	/// It licenses another asset.
	WrongAsset,
	/// The account does not hold the licence NFT.
	NotHolder,
	/// Its expiry has passed.
	Expired,
	/// No calls left.
	Exhausted,
	/// The asset is not listed (suspended or delisted).
	AssetUnavailable,
}

/// A licence as clients see it, with its current holder.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct LicenceInfo<AccountId, BlockNumber> {
	/// The licence id (= NFT item id).
	pub id: LicenceId,
	/// The data asset.
	pub asset: DataAssetId,
	/// The offer it was bought under.
	pub offer: OfferId,
	/// The holder of its NFT.
	pub holder: Option<AccountId>,
	/// First block at which it is no longer valid.
	pub expiry: BlockNumber,
	/// Calls left.
	pub calls_left: u32,
	/// Whether its NFT may move.
	pub transferable: bool,
}

/// The answer to "is licence L valid for asset A and account X".
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub enum LicenceCheck<BlockNumber> {
	/// Valid: this many calls left, until (not including) this block.
	Valid { calls_left: u32, expiry: BlockNumber },
	/// Not valid, and why.
	Invalid(Invalid),
}

/// Domain tag of a usage voucher's signed payload.
pub const VOUCHER_DOMAIN: &[u8] = b"bdes-voucher/v1";

/// A licence holder's signed, cumulative authorisation for one gateway: "charge my licence up
/// to `calls` calls in total at this gateway". Every data request the holder signs is one; the
/// gateway submits the latest per licence, and the chain charges what it adds to the last one
/// it accepted from that gateway. A replayed or older voucher charges nothing.
#[derive(Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo)]
pub struct Voucher<Signature> {
	/// The licence it charges.
	pub licence: LicenceId,
	/// Calls in total the holder authorises this gateway to charge on this licence.
	pub calls: u32,
	/// Unix time in milliseconds after which it can no longer be settled.
	pub until_ms: u64,
	/// blake2-256 of the HTTP request it came with (method, path, range, timestamp); the chain
	/// does not interpret it, it only makes each request's signature distinct.
	pub request: [u8; 32],
	/// The holder's signature over [`voucher_payload`] (or that payload wrapped in
	/// `<Bytes>`…`</Bytes>`, as browser wallets sign raw bytes).
	pub signature: Signature,
}

/// The bytes a holder signs for a voucher: the domain tag, then the SCALE encoding of
/// (genesis hash, gateway, licence, calls, until_ms, request). The genesis hash keeps a voucher
/// of one chain from counting on another, the gateway keeps it from counting at another gateway.
pub fn voucher_payload<Hash: Encode, AccountId: Encode>(
	genesis: &Hash,
	gateway: &AccountId,
	licence: LicenceId,
	calls: u32,
	until_ms: u64,
	request: &[u8; 32],
) -> alloc::vec::Vec<u8> {
	let mut payload = VOUCHER_DOMAIN.to_vec();
	(genesis, gateway, licence, calls, until_ms, request).encode_to(&mut payload);
	payload
}

/// The answer to "may `gateway` serve licence L for asset A to account X", with what the chain
/// has charged for that gateway so far.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub enum GatewayCheck<BlockNumber> {
	/// Valid: `calls_left` calls left (already net of every gateway's settled vouchers), until
	/// (not including) `expiry`; `charged` is the gateway's cumulative counter on this licence,
	/// so the next voucher must be above it; usage can be settled until `settle_until`.
	Valid { calls_left: u32, expiry: BlockNumber, charged: u32, settle_until: BlockNumber },
	/// Not valid, and why.
	Invalid(Invalid),
}

/// Signs vouchers in the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait VoucherBenchmarkHelper<AccountId, Signature> {
	/// A new account whose key can sign.
	fn signer() -> AccountId;
	/// `signer`'s signature over `payload`.
	fn sign(signer: &AccountId, payload: &[u8]) -> Signature;
}
