//! Runtime API of the order book: markets, aggregated depth, open orders, recent trades.

use crate::{Depth, Market, MarketId, Order, OrderId, Trade};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// What clients read from the order book.
	pub trait OrderBookApi<AccountId, AssetId, Balance, BlockNumber>
	where
		AccountId: Codec,
		AssetId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A market.
		fn market(id: MarketId) -> Option<Market<AssetId, Balance, BlockNumber>>;
		/// Up to `levels` prices a side, best first, with their amounts and order counts.
		fn depth(id: MarketId, levels: u32) -> Depth<Balance>;
		/// The resting orders of an account.
		fn open_orders(who: AccountId) -> Vec<(OrderId, Order<AccountId, Balance, BlockNumber>)>;
		/// Up to `limit` recent trades of a market, newest first.
		fn recent_trades(id: MarketId, limit: u32) -> Vec<Trade<AccountId, Balance, BlockNumber>>;
	}
}
