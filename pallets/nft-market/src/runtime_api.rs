//! Runtime API of the NFT market: sales and auctions.

use crate::{Auction, AuctionId, Sale};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// What clients read from the NFT market.
	pub trait NftMarketApi<AccountId, Balance, BlockNumber, CollectionId, ItemId>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		CollectionId: Codec,
		ItemId: Codec,
	{
		/// The sale of an NFT, if it is for sale.
		fn sale(collection: CollectionId, item: ItemId) -> Option<Sale<AccountId, Balance>>;
		/// The auction an NFT is in, if any.
		fn auction_of(collection: CollectionId, item: ItemId) -> Option<AuctionId>;
		/// An auction not yet settled.
		fn auction(id: AuctionId) -> Option<Auction<AccountId, Balance, BlockNumber, CollectionId, ItemId>>;
	}
}
