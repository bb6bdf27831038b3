//! Types of the order-book pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible::Inspect;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// Identifier of a market.
pub type MarketId = u32;
/// Identifier of an order; increases with every order placed, so it also orders them in time.
pub type OrderId = u64;
/// A price in ticks of its market (`price = ticks × tick`).
pub type Ticks = u32;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES, the quote currency of every market.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// Id of a fungible asset traded against BDES.
pub type AssetIdOf<T> = <T as Config>::AssetId;
/// Market parameters with a runtime's types.
pub type MarketParamsOf<T> = MarketParams<BalanceOf<T>, BlockNumberFor<T>>;
/// A market, as stored.
pub type MarketOf<T> = Market<AssetIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// An order, as stored.
pub type OrderOf<T> = Order<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// A trade, as stored.
pub type TradeOf<T> = Trade<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// The aggregated book, as the runtime API returns it.
pub type DepthOf<T> = Depth<BalanceOf<T>>;

/// Which side of the book an order is on.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Side {
	/// Buys the market's asset with BDES.
	Buy,
	/// Sells the market's asset for BDES.
	Sell,
}

impl Side {
	/// The side an order of this side trades against.
	pub fn opposite(self) -> Self {
		match self {
			Side::Buy => Side::Sell,
			Side::Sell => Side::Buy,
		}
	}
}

/// Who may place orders in a market.
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
pub enum Participation {
	/// Everybody.
	Open,
	/// Only accounts on the market's list.
	AllowList,
	/// Everybody but the accounts on the market's list.
	DenyList,
}

/// Whether a market trades.
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
pub enum MarketStatus {
	/// Orders are placed and matched.
	Active,
	/// Nothing is placed or matched; orders can still be cancelled.
	Paused,
}

/// What the market origin may change on a market at any time.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct MarketParams<Balance, BlockNumber> {
	/// Smallest order, in units of the asset (a multiple of the lot size).
	pub min_order: Balance,
	/// Fee of the resting side of a trade, on the BDES it moves; to the reserve pool.
	pub maker_fee: Permill,
	/// Fee of the incoming side of a trade, on the BDES it moves; to the reserve pool.
	pub taker_fee: Permill,
	/// How long an order may rest, in blocks; orders without an expiry get this one.
	pub max_lifetime: BlockNumber,
	/// Blocks an account must wait between two orders in this market (0: no limit).
	pub min_interval: BlockNumber,
	/// Who may place orders.
	pub participation: Participation,
}

/// A market: a fungible asset against BDES.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Market<AssetId, Balance, BlockNumber> {
	/// The asset traded.
	pub base: AssetId,
	/// Price step, in BDES units per lot; fixed for the market's life.
	pub tick: Balance,
	/// Amount step, in units of the asset; prices are per lot. Fixed for the market's life.
	pub lot: Balance,
	/// What the market origin may change.
	pub params: MarketParams<Balance, BlockNumber>,
	/// Whether it trades.
	pub status: MarketStatus,
}

/// A resting limit order.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Order<AccountId, Balance, BlockNumber> {
	/// Its market.
	pub market: MarketId,
	/// Who placed it.
	pub owner: AccountId,
	/// Its side.
	pub side: Side,
	/// Its limit price, in ticks.
	pub ticks: Ticks,
	/// Amount of the asset still to trade.
	pub remaining: Balance,
	/// Amount of the asset it was placed with.
	pub amount: Balance,
	/// What is set aside for it: BDES held (a buy order: remaining cost plus the maker fee),
	/// or asset units in escrow (a sell order: `remaining`).
	pub reserved: Balance,
	/// Maker fee rate in force when it was placed (a later change cannot outgrow its hold).
	pub maker_fee: Permill,
	/// Block it was placed at.
	pub placed_at: BlockNumber,
	/// Last block it may trade in.
	pub expiry: BlockNumber,
	/// Storage deposit held from the owner.
	pub deposit: Balance,
	/// The order before it at the same price (older).
	pub prev: Option<OrderId>,
	/// The order after it at the same price (newer).
	pub next: Option<OrderId>,
}

/// The orders resting at one price: a FIFO list.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct Level<Balance> {
	/// Oldest order (trades first).
	pub head: OrderId,
	/// Newest order.
	pub tail: OrderId,
	/// Orders at this price.
	pub count: u32,
	/// Their remaining amount.
	pub total: Balance,
}

/// A trade: an incoming order met a resting one at the resting order's price.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Trade<AccountId, Balance, BlockNumber> {
	/// The resting order.
	pub maker_order: OrderId,
	/// Owner of the resting order.
	pub maker: AccountId,
	/// Owner of the incoming order.
	pub taker: AccountId,
	/// Side of the incoming order.
	pub taker_side: Side,
	/// Price per lot, in BDES units.
	pub price: Balance,
	/// Amount of the asset.
	pub amount: Balance,
	/// BDES paid for it (before fees).
	pub value: Balance,
	/// Block of the trade.
	pub block: BlockNumber,
}

/// Aggregated liquidity at one price.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct PriceLevel<Balance> {
	/// Price per lot, in BDES units.
	pub price: Balance,
	/// Asset amount resting there.
	pub amount: Balance,
	/// Orders resting there.
	pub orders: u32,
}

/// The aggregated book: best prices first.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct Depth<Balance> {
	/// Buy side, highest price first.
	pub bids: alloc::vec::Vec<PriceLevel<Balance>>,
	/// Sell side, lowest price first.
	pub asks: alloc::vec::Vec<PriceLevel<Balance>>,
}

/// How an order placement ended.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, DecodeWithMemTracking)]
pub struct Placement<Balance> {
	/// Amount traded at once.
	pub filled: Balance,
	/// Amount left resting in the book (a limit order's rest).
	pub resting: Balance,
	/// Amount dropped: an immediate-or-cancel order's rest, or what the caller's fill cap left
	/// of a limit order that still crossed the book (resting, it would cross the book).
	pub cancelled: Balance,
}

/// What a placement did, which decides the weight it is charged after dispatch.
#[derive(Clone, Copy, Eq, PartialEq, Debug)]
pub enum Work {
	/// Refused by the checks before matching, having only read.
	Checked,
	/// Matched for `steps` steps and did not try to rest. `words`: price-index words written.
	Matched { steps: u32, words: u32 },
	/// Matched for `steps` steps, then rested its remainder on `side` or failed trying to (a
	/// rest without steps is charged by its side: a sell also moves units to escrow). `skipped`:
	/// writes of its side's rest benchmark it did not make besides the index words (the
	/// cleanup cursor left alone; a market escrow that already held units).
	Rested { steps: u32, words: u32, side: Side, skipped: u32 },
}

/// Why an order left the book without being filled.
#[derive(Clone, Copy, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo)]
pub enum CloseReason {
	/// Its owner cancelled it.
	Cancelled,
	/// The market origin cancelled it.
	ForceCancelled,
	/// Its expiry passed.
	Expired,
	/// A taker met it and it could not settle: its owner could not receive what it bought or
	/// pay from its hold under its freezes.
	CannotSettle,
}

/// Units of closed sell orders kept in a market's escrow for their owner.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct UnreturnedUnits<Balance> {
	/// Units to claim.
	pub amount: Balance,
	/// Deposit held for the record, released at the claim.
	pub deposit: Balance,
}
