//! Types of the NFT-market pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible::Inspect;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// Identifier of an auction.
pub type AuctionId = u32;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// A sale, as stored.
pub type SaleOf<T> = Sale<AccountIdOf<T>, BalanceOf<T>>;
/// An auction, as stored.
pub type AuctionOf<T> = Auction<
	AccountIdOf<T>,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::CollectionId,
	<T as Config>::ItemId,
>;

/// An NFT for sale at a fixed price.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Sale<AccountId, Balance> {
	/// Its owner, who gets the price less fees.
	pub seller: AccountId,
	/// Price in BDES.
	pub price: Balance,
	/// Storage deposit held from the seller.
	pub deposit: Balance,
}

/// The highest bid of an auction; its amount is held from the bidder.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Bid<AccountId, Balance> {
	/// Who bid.
	pub bidder: AccountId,
	/// How much.
	pub amount: Balance,
}

/// Where an auction stands.
#[derive(Clone, Copy, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub enum AuctionStatus {
	/// Taking bids until its end; settled at the end.
	Open,
	/// Settlement failed `attempts` times (the NFT could not move, say); it is retried, and
	/// anyone may settle it once the cause is gone.
	SettlementFailed {
		/// Failed attempts so far.
		attempts: u32,
	},
}

/// An English auction of an NFT.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Auction<AccountId, Balance, BlockNumber, CollectionId, ItemId> {
	/// Collection of the NFT.
	pub collection: CollectionId,
	/// The NFT.
	pub item: ItemId,
	/// Its owner, who gets the winning bid less fees.
	pub seller: AccountId,
	/// Smallest first bid.
	pub start_price: Balance,
	/// Each bid beats the last by at least this much.
	pub min_increment: Balance,
	/// Lowest winning bid, if any; below it the NFT goes back to the seller.
	pub reserve: Option<Balance>,
	/// First block without bids: settlement is due from here.
	pub end: BlockNumber,
	/// The highest bid so far.
	pub highest: Option<Bid<AccountId, Balance>>,
	/// Storage deposit held from the seller.
	pub deposit: Balance,
	/// Where it stands.
	pub status: AuctionStatus,
	/// Block its settlement is queued under (none: not queued — attempts exhausted).
	pub queued_at: Option<BlockNumber>,
}

/// What the seller asks of an auction.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct AuctionTerms<Balance, BlockNumber> {
	/// Smallest first bid (above zero).
	pub start_price: Balance,
	/// Each bid beats the last by at least this much (above zero).
	pub min_increment: Balance,
	/// Blocks it takes bids for.
	pub duration: BlockNumber,
	/// Lowest winning bid, if any.
	pub reserve: Option<Balance>,
}

/// Auction terms with a runtime's types.
pub type AuctionTermsOf<T> = AuctionTerms<BalanceOf<T>, BlockNumberFor<T>>;

/// How a price was split.
#[derive(Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, Default)]
pub struct Proceeds<Balance> {
	/// To the reserve pool.
	pub fee: Balance,
	/// To the revenue-share holders of the data asset the NFT owns.
	pub dividends: Balance,
	/// To the seller.
	pub seller: Balance,
}
