//! # Order book
//!
//! Markets pairing a fungible asset (revenue-share tokens, later satellite and bridged tokens)
//! with BDES, matched automatically with price-time priority.
//!
//! - A market origin (the Council in the runtime) creates markets — asset, tick (price step per
//!   lot), lot (amount step) — and sets their parameters: minimum order, maker and taker fees
//!   (to the reserve pool), longest order lifetime, minimum interval between one account's
//!   orders, participation (open, allow list, deny list). It can pause a market and cancel any
//!   order.
//! - Limit orders rest in the book until filled, cancelled or expired; immediate-or-cancel
//!   orders trade what they can at once. A buy order's BDES (cost plus maker fee) is held, and
//!   only BDES the account could pay out under its freezes (vesting, locks) may back it; a
//!   sell order's asset units sit in its market's escrow account (one per market). An
//!   incoming order trades at the resting order's price, best price first and oldest first at
//!   one price.
//! - A resting order that cannot settle (its owner cannot receive the asset, or can no longer
//!   pay from its hold) never blocks a taker: each fill settles in its own storage layer, and
//!   such a maker's order is closed, its funds returned, and matching goes on. Units an owner
//!   cannot take back stay in escrow for it to claim.
//! - Work is bounded: a placement makes at most `max_fills` steps, a cap its caller sets up to
//!   `MaxFills` (a step is a fill, or an expired order removed; a maker that cannot settle
//!   takes two). It is charged for its cap before dispatch and, after, for the steps it made
//!   and whether it rested, on failure too. Prices are found through a four-level bitmap over
//!   the ticks ([`features::price_index`]), so placing and matching cost the same at any book
//!   depth.
//! - Expired orders are removed in bounded steps (`on_idle`, or anyone's `cleanup`), or at
//!   once by anyone naming them (`remove_expired`), their funds and deposits released.
//!   Expired orders a taker meets leave the book even when nothing trades.
//!
//! Logic lives in [`features`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod features;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use features::price_index::Word;
pub use types::*;
pub use weights::WeightInfo;

/// The book (resting orders) the placement benchmarks measure in. Placement and matching read
/// and write the same keys at any depth (see [`features::price_index`]); what a deeper state
/// costs each access is the database weight's part (`DbWeight`), as for every SDK pallet's
/// benchmarks, which measure on a nearly empty state. Measured at 100,000 resting orders on
/// the node (README, "Throughput"): the builder's time stays under these weights. (A 100,000-order
/// benchmark state charged the trie a second time: 0.4 ms more for a one-fill placement.)
pub const BENCHMARKED_DEPTH: u32 = 1_000;

/// Price-index words the `place_limit` benchmark's rest writes: a new level in words of its own,
/// the most a rest writes.
pub const REST_INDEX_WORDS: u32 = 4;

/// Price-index words each step of the placement benchmarks writes besides the root word they
/// share: a level emptied alone in its words. A placement is refunded the words (rest and
/// steps) it did not write, as most join or leave a level without touching the index.
pub const STEP_INDEX_WORDS: u32 = 3;

/// Sets up what the benchmarks need: an asset and balances of it.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetId, AccountId, Balance> {
	/// Creates an asset that can be traded, with a minimum balance no larger than `lot`.
	fn create_asset(lot: Balance) -> AssetId;
	/// Gives `who` `amount` of `asset`.
	fn mint(asset: AssetId, who: &AccountId, amount: Balance);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		dispatch::WithPostDispatchInfo,
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			fungibles,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// BDES a resting buy order may spend: its remaining cost and maker fee.
		#[codec(index = 0)]
		BuyOrder,
		/// Storage deposit of a resting order.
		#[codec(index = 1)]
		OrderDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// BDES: the quote currency, fees and deposits.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Id of a fungible asset.
		type AssetId: Parameter + MaxEncodedLen + Copy + Ord;

		/// The fungible assets traded (pallet-assets), in the same balance type as BDES.
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::AssetId,
			Balance = BalanceOf<Self>,
		>;

		/// Creates markets, sets their parameters, pauses them, cancels any order (the Council
		/// in the runtime).
		type MarketOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The pallet id: each market's escrow of resting sell orders is a sub-account of it.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Where fees go (the reserve pool).
		type FeeDestination: Get<Self::AccountId>;

		/// Storage deposit of a resting order, returned when it leaves the book.
		#[pallet::constant]
		type OrderDeposit: Get<BalanceOf<Self>>;

		/// The largest fill cap a placement may ask for: matching steps, which are fills and
		/// expired orders removed (a maker that cannot settle counts twice). Also the most
		/// orders one `remove_expired` names.
		#[pallet::constant]
		type MaxFills: Get<u32>;

		/// Resting orders of one account, over all markets (the length of its list).
		#[pallet::constant]
		type MaxOpenOrders: Get<u32>;

		/// Accounts added to or removed from a market's list in one call.
		#[pallet::constant]
		type MaxListUpdate: Get<u32>;

		/// Trades kept per market for clients (the older ones are in the events). Zero keeps
		/// none: trades are then only in the events, and a fill writes two keys fewer.
		#[pallet::constant]
		type RecentTrades: Get<u32>;

		/// Expiries are queued in buckets of this many blocks; an expired order never trades
		/// and is removed at most one bucket later.
		#[pallet::constant]
		type ExpiryBucket: Get<BlockNumberFor<Self>>;

		/// Expired orders removed in one block's idle time, at most.
		#[pallet::constant]
		type MaxCleanupPerBlock: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AssetId, Self::AccountId, BalanceOf<Self>>;
	}

	/// The id the next market gets.
	#[pallet::storage]
	pub type NextMarketId<T> = StorageValue<_, MarketId, ValueQuery>;

	/// Markets.
	#[pallet::storage]
	pub type Markets<T: Config> = StorageMap<_, Twox64Concat, MarketId, MarketOf<T>>;

	/// The id the next order gets.
	#[pallet::storage]
	pub type NextOrderId<T> = StorageValue<_, OrderId, ValueQuery>;

	/// Resting orders.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>>;

	/// The orders at each price of each book side, as a FIFO list.
	#[pallet::storage]
	pub type Levels<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(MarketId, Side),
		Twox64Concat,
		Ticks,
		Level<BalanceOf<T>>,
	>;

	/// Which prices of each book side have orders: (level, word index) → 256 bits.
	#[pallet::storage]
	pub type PriceIndex<T: Config> =
		StorageDoubleMap<_, Twox64Concat, (MarketId, Side), Twox64Concat, (u8, u32), Word>;

	/// Resting orders of each account, oldest first: one key a placement and a removal write,
	/// whose length is the count `MaxOpenOrders` caps.
	#[pallet::storage]
	pub type AccountOrders<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<OrderId, T::MaxOpenOrders>,
		ValueQuery,
	>;

	/// Block of each account's last order, in markets with a minimum interval.
	#[pallet::storage]
	pub type LastOrderAt<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		MarketId,
		Blake2_128Concat,
		T::AccountId,
		BlockNumberFor<T>,
	>;

	/// Each market's allow or deny list.
	#[pallet::storage]
	pub type Listed<T: Config> =
		StorageDoubleMap<_, Twox64Concat, MarketId, Blake2_128Concat, T::AccountId, ()>;

	/// Expiry queue: (first block of the bucket after the one the order expires in, order).
	/// An order that leaves the book early keeps its entry until cleanup reaches the bucket.
	#[pallet::storage]
	pub type Expiries<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		OrderId,
		(),
		OptionQuery,
	>;

	/// The next expiry bucket cleanup looks at (0: nothing queued yet).
	#[pallet::storage]
	pub type CleanupCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Recent trades of each market, a ring of `RecentTrades` slots (none when it is zero).
	#[pallet::storage]
	pub type Trades<T: Config> =
		StorageDoubleMap<_, Twox64Concat, MarketId, Twox64Concat, u32, TradeOf<T>>;

	/// Trades each market has made.
	#[pallet::storage]
	pub type TradeCount<T: Config> = StorageMap<_, Twox64Concat, MarketId, u64, ValueQuery>;

	/// Units of closed sell orders their owner could not take back (at its consumer limit, say),
	/// kept in the market's escrow until it claims them: one record per owner and market, paid
	/// for by the first such order's deposit, which stays held until the claim.
	#[pallet::storage]
	pub type Unreturned<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		MarketId,
		UnreturnedUnits<BalanceOf<T>>,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A market was created, with its escrow account.
		MarketCreated {
			market: MarketId,
			escrow: T::AccountId,
			base: AssetIdOf<T>,
			tick: BalanceOf<T>,
			lot: BalanceOf<T>,
			params: MarketParamsOf<T>,
		},
		/// A market's parameters changed (resting orders keep their maker fee).
		MarketUpdated { market: MarketId, params: MarketParamsOf<T> },
		/// A market was paused or resumed.
		MarketStatusChanged { market: MarketId, status: MarketStatus },
		/// Accounts were added to or removed from a market's list.
		ListUpdated { market: MarketId, added: u32, removed: u32 },
		/// `who` placed an order. `order` is the id it rests under, if some of it rests (only
		/// resting orders take an id).
		OrderPlaced {
			market: MarketId,
			order: Option<OrderId>,
			who: T::AccountId,
			side: Side,
			price: BalanceOf<T>,
			amount: BalanceOf<T>,
			immediate_or_cancel: bool,
			outcome: Placement<BalanceOf<T>>,
		},
		/// A trade at the resting order's price. The maker and the taker each paid their fee
		/// to the reserve pool.
		Traded {
			market: MarketId,
			maker_order: OrderId,
			maker: T::AccountId,
			taker: T::AccountId,
			taker_side: Side,
			price: BalanceOf<T>,
			amount: BalanceOf<T>,
			value: BalanceOf<T>,
			maker_fee: BalanceOf<T>,
			taker_fee: BalanceOf<T>,
		},
		/// A resting order was filled completely.
		OrderFilled { order: OrderId },
		/// A resting order left the book unfilled (for `remaining`); its funds and deposit were
		/// released (or its units kept, see `UnitsKept`).
		OrderClosed { order: OrderId, reason: CloseReason, remaining: BalanceOf<T> },
		/// Units of a closed sell order could not be returned to `who`; they stay in the
		/// market's escrow for it to claim.
		UnitsKept { who: T::AccountId, market: MarketId, amount: BalanceOf<T> },
		/// `who` claimed the units kept for it.
		UnitsClaimed { who: T::AccountId, market: MarketId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No market with this id.
		UnknownMarket,
		/// The asset does not exist.
		UnknownAsset,
		/// The tick or the lot is zero.
		ZeroStep,
		/// The lot is smaller than the asset's minimum balance (escrow could not hold it).
		LotBelowMinimumBalance,
		/// The minimum order is zero or not a multiple of the lot.
		InvalidMinOrder,
		/// The longest lifetime is zero.
		ZeroLifetime,
		/// The market is paused.
		MarketPaused,
		/// The market's list keeps the caller out.
		NotAllowed,
		/// The caller's last order in this market is more recent than the minimum interval.
		TooSoon,
		/// The price is zero, not a multiple of the tick, or beyond the highest tick.
		InvalidPrice,
		/// The amount is not a multiple of the lot.
		InvalidAmount,
		/// The amount is below the market's minimum order.
		BelowMinimumOrder,
		/// The expiry is in the past or beyond the longest lifetime.
		InvalidExpiry,
		/// The caller has `MaxOpenOrders` resting orders.
		TooManyOrders,
		/// No resting order with this id.
		UnknownOrder,
		/// The caller did not place this order.
		NotOwner,
		/// The order would trade with a resting order of the same account; cancel that first.
		SelfTrade,
		/// An immediate-or-cancel order found nothing to trade with.
		NoLiquidity,
		/// A list update changes nothing.
		EmptyUpdate,
		/// No expired order is waiting for cleanup, or none of the named orders rests.
		NothingToClean,
		/// A named order has not expired.
		NotExpired,
		/// The account's BDES that could be paid out under its freezes (vesting, locks) does
		/// not cover what its buy orders hold.
		NotSpendable,
		/// No units are kept for the caller in this market.
		NothingToClaim,
		/// No more ids.
		NoMoreIds,
		/// An amount does not fit the arithmetic.
		Overflow,
		/// The fill cap is zero: a placement must be allowed one matching step.
		ZeroFillCap,
		/// The fill cap is above `MaxFills`.
		FillCapTooHigh,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::idle_cleanup(remaining)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			use sp_runtime::traits::AccountIdConversion;
			// Escrow sub-accounts must not collapse into one (account ids shorter than the
			// pallet id and a market id would truncate them to the same account).
			let first: T::AccountId = T::PalletId::get().into_sub_account_truncating(0u32);
			let second: T::AccountId = T::PalletId::get().into_sub_account_truncating(1u32);
			assert!(first != second, "account ids are too short for one escrow per market");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a market trading `base` against BDES, with its price step `tick` (BDES units
		/// per lot), amount step `lot` (units of `base`, at least its minimum balance) and
		/// parameters. Its escrow account is opened.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_market())]
		pub fn create_market(
			origin: OriginFor<T>,
			base: AssetIdOf<T>,
			tick: BalanceOf<T>,
			lot: BalanceOf<T>,
			params: MarketParamsOf<T>,
		) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			Self::do_create_market(base, tick, lot, params)
		}

		/// Change a market's minimum order, fees, longest lifetime, minimum interval and
		/// participation. Resting orders keep the maker fee they were placed with.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			market: MarketId,
			params: MarketParamsOf<T>,
		) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			Self::do_set_params(market, params)
		}

		/// Pause a market (nothing is placed or matched; orders can be cancelled) or resume it.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn set_status(
			origin: OriginFor<T>,
			market: MarketId,
			status: MarketStatus,
		) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			Self::do_set_status(market, status)
		}

		/// Add accounts to and remove accounts from a market's list (an allow list or a deny
		/// list, as its participation says).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::update_list(add.len() as u32, remove.len() as u32))]
		pub fn update_list(
			origin: OriginFor<T>,
			market: MarketId,
			add: BoundedVec<T::AccountId, T::MaxListUpdate>,
			remove: BoundedVec<T::AccountId, T::MaxListUpdate>,
		) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			Self::do_update_list(market, add, remove)
		}

		/// Place a limit order: buy or sell `amount` (units of the asset) at `price` (BDES units
		/// per lot) or better. It trades at once with resting orders it crosses, at their
		/// prices, then rests until filled, cancelled or its expiry block has passed (at most
		/// the market's longest lifetime; that one when `None`). A resting buy holds its cost
		/// and maker fee (only BDES spendable under the account's freezes); a resting sell moves
		/// its asset units to escrow; both hold a deposit.
		///
		/// Matching makes at most `max_fills` steps (1 to `MaxFills`, else `ZeroFillCap` or
		/// `FillCapTooHigh`): fills, and expired orders removed on the way. If the cap stops it while the book still crosses `price`, the
		/// rest is dropped (reported as `cancelled`), since resting it would cross the book;
		/// otherwise the rest rests. The call is charged for `max_fills` steps, and one more (a
		/// maker that cannot settle at the last step takes its second), and a rest; after, for
		/// the steps it made and for resting only if it rested or tried to, on failure too.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::place_limit_charge(*max_fills))]
		pub fn place_limit(
			origin: OriginFor<T>,
			market: MarketId,
			side: Side,
			price: BalanceOf<T>,
			amount: BalanceOf<T>,
			expiry: Option<BlockNumberFor<T>>,
			max_fills: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let placed =
				Self::do_place(who, market, side, Some(price), amount, expiry, false, max_fills);
			match placed {
				Ok(work) => Ok(Some(Self::placement_weight(work)).into()),
				Err((error, work)) => Err(error.with_weight(Self::placement_weight(work))),
			}
		}

		/// Place an immediate-or-cancel order: buy or sell up to `amount` now, against resting
		/// orders at `limit` or better (any price when `None`), in at most `max_fills` steps (1
		/// to `MaxFills`); what does not trade within them is dropped. Charged for `max_fills`
		/// steps and one more before dispatch, for the steps it made after.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::place_market_charge(*max_fills))]
		pub fn place_market(
			origin: OriginFor<T>,
			market: MarketId,
			side: Side,
			amount: BalanceOf<T>,
			limit: Option<BalanceOf<T>>,
			max_fills: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			match Self::do_place(who, market, side, limit, amount, None, true, max_fills) {
				Ok(work) => Ok(Some(Self::placement_weight(work)).into()),
				Err((error, work)) => Err(error.with_weight(Self::placement_weight(work))),
			}
		}

		/// Cancel one of your resting orders: its held BDES or escrowed asset and its deposit
		/// come back.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let stored = Orders::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
			ensure!(stored.owner == who, Error::<T>::NotOwner);
			Self::close_order(order, stored, CloseReason::Cancelled)
		}

		/// As the market origin, cancel any resting order; its owner gets everything back.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn force_cancel(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			let stored = Orders::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
			Self::close_order(order, stored, CloseReason::ForceCancelled)
		}

		/// Remove up to `limit` expired orders of due buckets, releasing their funds and
		/// deposits, passing at most `limit` empty buckets and entries of orders already gone. Anyone may call it; it also runs in blocks' idle
		/// time.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::cleanup_weight(*limit, *limit))]
		pub fn cleanup(origin: OriginFor<T>, limit: u32) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (removed, looks) = Self::do_cleanup(limit, limit);
			if removed == 0 {
				return Err(Error::<T>::NothingToClean.with_weight(Self::cleanup_weight(0, looks)));
			}
			Ok(Some(Self::cleanup_weight(removed, looks)).into())
		}

		/// Remove the named expired orders now, before their expiry bucket is due, releasing
		/// their funds and deposits. Anyone may call it. Orders no longer resting are skipped;
		/// one that has not expired fails the call.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_expired(order_ids.len() as u32))]
		pub fn remove_expired(
			origin: OriginFor<T>,
			order_ids: BoundedVec<OrderId, T::MaxFills>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (removed, skipped) = Self::do_remove_expired(&order_ids)?;
			Ok(Some(
				T::WeightInfo::remove_expired(removed)
					.saturating_add(T::DbWeight::get().reads(skipped.into())),
			)
			.into())
		}

		/// Claim the units of your closed sell orders in `market` that could not be returned
		/// when they left the book; the record's deposit comes back too.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::claim_units())]
		pub fn claim_units(origin: OriginFor<T>, market: MarketId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_units(who, market)
		}
	}
}
