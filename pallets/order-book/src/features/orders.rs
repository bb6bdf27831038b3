//! Placing, matching and closing orders.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		fungibles::{Inspect as AssetsInspect, Mutate as AssetsMutate},
		tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedSub, One, Saturating, Zero},
	Permill,
};

/// How one trade moves funds, computed before anything moves.
struct Fill<Balance> {
	amount: Balance,
	value: Balance,
	maker_fee: Balance,
	taker_fee: Balance,
}

/// What matching did.
struct Matched<Balance> {
	/// Amount traded.
	filled: Balance,
	/// Resting orders it took out of the book without trading: expired ones, and makers that
	/// could not settle.
	removed: u32,
	/// Whether the step cap stopped it while the book still crossed.
	capped: bool,
}

/// What a rest wrote, against its side's rest benchmark.
pub(crate) struct Rested {
	/// Price-index words written.
	words: u32,
	/// Writes of the benchmark it did not make besides those words.
	skipped: u32,
}

/// Writes a sell's first units in a market escrow make besides the transfer's own: the asset's
/// account count and the escrow's consumer reference.
const ESCROW_OPENING_WRITES: u32 = 2;

/// A placement that failed, and what it did first (for the weight it used).
pub(crate) type PlaceError = (DispatchError, Work);

/// A placement checked against its market, before anything is written.
struct Checked<T: Config> {
	market: MarketOf<T>,
	limit: Option<Ticks>,
	expiry: BlockNumberFor<T>,
	now: BlockNumberFor<T>,
	max_fills: u32,
}

impl<T: Config> Pallet<T> {
	/// Places an order and returns what it did (the weight it used); on failure too.
	pub(crate) fn do_place(
		who: T::AccountId,
		market_id: MarketId,
		side: Side,
		price: Option<BalanceOf<T>>,
		amount: BalanceOf<T>,
		expiry: Option<BlockNumberFor<T>>,
		immediate_or_cancel: bool,
		max_fills: u32,
	) -> Result<Work, PlaceError> {
		let checked = Self::check_placement(
			&who,
			market_id,
			price,
			amount,
			expiry,
			immediate_or_cancel,
			max_fills,
		)
		.map_err(|e| (e, Work::Checked))?;
		let mut work = Work::Matched { steps: 0, words: 0 };
		Self::execute_placement(
			who,
			market_id,
			checked,
			side,
			price,
			amount,
			immediate_or_cancel,
			&mut work,
		)
		.map_err(|e| (e, work))?;
		Ok(work)
	}

	/// Everything a placement is refused for before it writes: at most three reads (the market,
	/// the caller's list entry and last order).
	fn check_placement(
		who: &T::AccountId,
		market_id: MarketId,
		price: Option<BalanceOf<T>>,
		amount: BalanceOf<T>,
		expiry: Option<BlockNumberFor<T>>,
		immediate_or_cancel: bool,
		max_fills: u32,
	) -> Result<Checked<T>, DispatchError> {
		ensure!(max_fills > 0, Error::<T>::ZeroFillCap);
		ensure!(max_fills <= T::MaxFills::get(), Error::<T>::FillCapTooHigh);
		let market = Markets::<T>::get(market_id).ok_or(Error::<T>::UnknownMarket)?;
		ensure!(market.status == MarketStatus::Active, Error::<T>::MarketPaused);
		Self::ensure_participant(market_id, &market, who)?;
		ensure!(!amount.is_zero() && (amount % market.lot).is_zero(), Error::<T>::InvalidAmount);
		ensure!(amount >= market.params.min_order, Error::<T>::BelowMinimumOrder);
		let limit = price.map(|price| Self::ticks_of(&market, price)).transpose()?;

		let now = frame_system::Pallet::<T>::block_number();
		let expiry = if immediate_or_cancel {
			now
		} else {
			let latest = now.saturating_add(market.params.max_lifetime);
			let expiry = expiry.unwrap_or(latest);
			ensure!(expiry >= now && expiry <= latest, Error::<T>::InvalidExpiry);
			expiry
		};
		let interval = market.params.min_interval;
		if !interval.is_zero() {
			if let Some(last) = LastOrderAt::<T>::get(market_id, who) {
				ensure!(now >= last.saturating_add(interval), Error::<T>::TooSoon);
			}
		}
		Ok(Checked { market, limit, expiry, now, max_fills })
	}

	/// Matches, then rests what is left of a limit order. `work` follows what it did, so that
	/// a failure is charged for it.
	fn execute_placement(
		who: T::AccountId,
		market_id: MarketId,
		checked: Checked<T>,
		side: Side,
		price: Option<BalanceOf<T>>,
		amount: BalanceOf<T>,
		immediate_or_cancel: bool,
		work: &mut Work,
	) -> DispatchResult {
		let Checked { market, limit, expiry, now, max_fills } = checked;
		if !market.params.min_interval.is_zero() {
			LastOrderAt::<T>::insert(market_id, &who, now);
		}
		let (mut steps, mut words) = (0u32, 0u32);
		let matched = Self::match_incoming(
			market_id, &market, &who, side, limit, amount, now, max_fills, &mut steps, &mut words,
		);
		*work = Work::Matched { steps, words };
		let matched = matched?;
		let filled = matched.filled;
		let remaining = amount.checked_sub(&filled).ok_or(Error::<T>::Overflow)?;
		let mut outcome = Placement { filled, resting: Zero::zero(), cancelled: Zero::zero() };
		let mut order = None;
		if !remaining.is_zero() {
			match limit {
				// A limit order rests unless the step cap stopped it while it still crossed
				// the book (resting then would cross the book).
				Some(ticks) if !immediate_or_cancel && !matched.capped => {
					*work = Work::Rested { steps, words, side, skipped: 0 };
					let (id, rested) =
						Self::rest(market_id, &market, &who, side, ticks, remaining, expiry, now)?;
					*work = Work::Rested {
						steps,
						words: words.saturating_add(rested.words),
						side,
						skipped: rested.skipped,
					};
					order = Some(id);
					outcome.resting = remaining;
				},
				_ => {
					// Orders taken out of the book on the way (expired, or unable to settle)
					// stay out: failing here would put them back in front of the next taker.
					ensure!(!filled.is_zero() || matched.removed > 0, Error::<T>::NoLiquidity);
					outcome.cancelled = remaining;
				},
			}
		}
		Self::deposit_event(Event::OrderPlaced {
			market: market_id,
			order,
			who,
			side,
			price: price.unwrap_or_default(),
			amount,
			immediate_or_cancel,
			outcome,
		});
		Ok(())
	}

	/// Steps a placement asking for `max_fills` is charged for: its cap (at most `MaxFills`:
	/// a higher one fails, refunded), and one more for a maker that cannot settle at the last
	/// step.
	fn charged_steps(max_fills: u32) -> u32 {
		max_fills.min(T::MaxFills::get()).saturating_add(1)
	}

	/// What `place_limit` is charged before dispatch: its steps and a rest, or its steps
	/// without one, whichever weighs more.
	pub fn place_limit_charge(max_fills: u32) -> Weight {
		let steps = Self::charged_steps(max_fills);
		T::WeightInfo::place_limit(steps).max(T::WeightInfo::place_market(steps))
	}

	/// What `place_market` is charged before dispatch.
	pub fn place_market_charge(max_fills: u32) -> Weight {
		T::WeightInfo::place_market(Self::charged_steps(max_fills))
	}

	/// The weight a placement used: the benchmark's for its steps (and rest), less the writes
	/// of the price-index words the benchmark wrote and it did not. A rest without steps has
	/// benchmarks of its own: the fitted `place_limit(f)` overstates `f = 0`.
	pub fn placement_weight(work: Work) -> Weight {
		let unwritten = |steps: u32, rest: u32, words: u32| {
			let benchmarked = steps.saturating_mul(STEP_INDEX_WORDS).saturating_add(rest);
			T::DbWeight::get().writes(benchmarked.saturating_sub(words).into())
		};
		match work {
			Work::Checked => T::WeightInfo::place_rejected(),
			Work::Matched { steps, words } => {
				T::WeightInfo::place_market(steps).saturating_sub(unwritten(steps, 0, words))
			},
			Work::Rested { steps: 0, words, side, skipped } => match side {
				Side::Buy => T::WeightInfo::rest_buy(),
				Side::Sell => T::WeightInfo::rest_sell(),
			}
			.saturating_sub(unwritten(0, REST_INDEX_WORDS, words))
			.saturating_sub(T::DbWeight::get().writes(skipped.into())),
			Work::Rested { steps, words, .. } => T::WeightInfo::place_limit(steps)
				.saturating_sub(unwritten(steps, REST_INDEX_WORDS, words)),
		}
	}

	/// Whether an incoming order of `side` with `limit` trades with a resting order at `ticks`.
	fn crosses(side: Side, ticks: Ticks, limit: Option<Ticks>) -> bool {
		match (side, limit) {
			(_, None) => true,
			(Side::Buy, Some(limit)) => ticks <= limit,
			(Side::Sell, Some(limit)) => ticks >= limit,
		}
	}

	/// Trades an incoming order against the book: best price first, oldest first at a price,
	/// at most `max_steps` steps (`steps` counts them). A step is a fill or an expired order
	/// removed; a maker that cannot settle takes two (its attempt and its close). Each step
	/// reads its level once and writes it once, with the maker's removal when it leaves.
	///
	/// Each fill settles in its own storage layer. If it fails and the maker is the cause (it
	/// cannot receive what it bought, or pay from its hold under its freezes), the fill is
	/// undone, the maker's order is closed and matching goes on with the next one; any other
	/// failure is the taker's and fails the call.
	fn match_incoming(
		market_id: MarketId,
		market: &MarketOf<T>,
		taker: &T::AccountId,
		side: Side,
		limit: Option<Ticks>,
		amount: BalanceOf<T>,
		now: BlockNumberFor<T>,
		max_steps: u32,
		steps: &mut u32,
		words: &mut u32,
	) -> Result<Matched<BalanceOf<T>>, DispatchError> {
		let book = side.opposite();
		let mut matched = Matched { filled: Zero::zero(), removed: 0, capped: false };
		while matched.filled < amount {
			let Some(ticks) = Self::best_price(market_id, book) else { break };
			if !Self::crosses(side, ticks, limit) {
				break;
			}
			if *steps >= max_steps {
				matched.capped = true;
				break;
			}
			steps.saturating_inc();
			let mut level =
				Levels::<T>::get((market_id, book), ticks).ok_or(Error::<T>::Overflow)?;
			let maker_id = level.head;
			let mut maker = Orders::<T>::get(maker_id).ok_or(Error::<T>::UnknownOrder)?;
			if maker.expiry < now {
				// An expired order never trades; it leaves the book here if cleanup has not
				// reached it yet.
				words.saturating_accrue(Self::take_out(maker_id, &maker, &mut level, market.base)?);
				Self::deposit_event(Event::OrderClosed {
					order: maker_id,
					reason: CloseReason::Expired,
					remaining: maker.remaining,
				});
				matched.removed.saturating_inc();
				continue;
			}
			ensure!(maker.owner != *taker, Error::<T>::SelfTrade);

			let want = amount.saturating_sub(matched.filled);
			let qty = want.min(maker.remaining);
			let value = Self::value_of(market, ticks, qty)?;
			let fill = Fill {
				amount: qty,
				value,
				maker_fee: maker.maker_fee.mul_floor(value),
				taker_fee: market.params.taker_fee.mul_floor(value),
			};
			// What stays set aside for the maker after this fill.
			let reserved = match book {
				Side::Sell => maker.reserved.checked_sub(&qty),
				Side::Buy => Self::add(value, fill.maker_fee)
					.ok()
					.and_then(|spent| maker.reserved.checked_sub(&spent)),
			}
			.ok_or(Error::<T>::Overflow)?;
			let settled = with_storage_layer(|| {
				Self::settle_fill(market_id, market, &maker.owner, taker, side, &fill)
			});
			if let Err(error) = settled {
				if Self::maker_can_settle(market, &maker.owner, side, &fill) {
					return Err(error);
				}
				steps.saturating_inc();
				words.saturating_accrue(Self::take_out(maker_id, &maker, &mut level, market.base)?);
				Self::deposit_event(Event::OrderClosed {
					order: maker_id,
					reason: CloseReason::CannotSettle,
					remaining: maker.remaining,
				});
				matched.removed.saturating_inc();
				continue;
			}
			maker.reserved = reserved;
			matched.filled = Self::add(matched.filled, qty)?;
			maker.remaining = maker.remaining.saturating_sub(qty);
			level.total = level.total.saturating_sub(qty);
			let price = Self::price_of(market, ticks)?;
			Self::record_trade(market_id, maker_id, &maker.owner, taker, side, price, &fill, now);
			if maker.remaining.is_zero() {
				// Its leftover hold (rounding of the fees) and deposit are released.
				words.saturating_accrue(Self::take_out(maker_id, &maker, &mut level, market.base)?);
				Self::deposit_event(Event::OrderFilled { order: maker_id });
			} else {
				Levels::<T>::insert((market_id, book), ticks, level);
				Orders::<T>::insert(maker_id, maker);
			}
		}
		Ok(matched)
	}

	/// Whether the maker's side of a fill that failed could have gone through, read on the
	/// state before the fill: it can receive what it gets, and a buyer can pay from its hold
	/// under its freezes. Only when it cannot is its order closed instead of the taker's call
	/// failing, so a taker cannot have others' orders closed by failing itself.
	fn maker_can_settle(
		market: &MarketOf<T>,
		maker: &T::AccountId,
		taker_side: Side,
		fill: &Fill<BalanceOf<T>>,
	) -> bool {
		match taker_side {
			// The maker sells from escrow and receives BDES.
			Side::Buy => {
				let to_maker = fill.value.saturating_sub(fill.maker_fee);
				to_maker.is_zero()
					|| T::Currency::can_deposit(maker, to_maker, Provenance::Extant)
						== DepositConsequence::Success
			},
			// The maker receives the asset and pays value and its fee from its hold.
			Side::Sell => {
				let Ok(from_hold) = Self::add(fill.value, fill.maker_fee) else { return false };
				let receives =
					T::Assets::can_deposit(market.base, maker, fill.amount, Provenance::Extant)
						== DepositConsequence::Success;
				let held = T::Currency::balance_on_hold(&HoldReason::BuyOrder.into(), maker);
				let payable =
					T::Currency::reducible_total_balance_on_hold(maker, Fortitude::Polite);
				receives && held.min(payable) >= from_hold
			},
		}
	}

	/// Moves the funds of one trade: the asset from the seller (or escrow) to the buyer, the
	/// BDES value less the seller's fee to the seller, both fees to the reserve pool.
	fn settle_fill(
		market_id: MarketId,
		market: &MarketOf<T>,
		maker: &T::AccountId,
		taker: &T::AccountId,
		taker_side: Side,
		fill: &Fill<BalanceOf<T>>,
	) -> DispatchResult {
		let fees = Self::add(fill.maker_fee, fill.taker_fee)?;
		let fee_destination = T::FeeDestination::get();
		match taker_side {
			// The maker sells from escrow; the taker pays value + taker fee from its balance.
			Side::Buy => {
				T::Assets::transfer(
					market.base,
					&Self::escrow(market_id),
					taker,
					fill.amount,
					Preservation::Expendable,
				)?;
				let to_maker = fill.value.saturating_sub(fill.maker_fee);
				Self::pay(taker, maker, to_maker)?;
				Self::pay(taker, &fee_destination, fees)?;
			},
			// The maker buys with held BDES: value + maker fee leave its hold.
			Side::Sell => {
				T::Assets::transfer(
					market.base,
					taker,
					maker,
					fill.amount,
					Preservation::Expendable,
				)?;
				let to_taker = fill.value.saturating_sub(fill.taker_fee);
				Self::pay_from_hold(maker, taker, to_taker)?;
				Self::pay_from_hold(maker, &fee_destination, fees)?;
			},
		}
		Ok(())
	}

	fn pay(from: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::transfer(from, to, amount, Preservation::Preserve)?;
		}
		Ok(())
	}

	fn pay_from_hold(
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::BuyOrder.into(),
				from,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		Ok(())
	}

	fn record_trade(
		market_id: MarketId,
		maker_order: OrderId,
		maker: &T::AccountId,
		taker: &T::AccountId,
		taker_side: Side,
		price: BalanceOf<T>,
		fill: &Fill<BalanceOf<T>>,
		now: BlockNumberFor<T>,
	) {
		let slots = u64::from(T::RecentTrades::get());
		if slots > 0 {
			let count = TradeCount::<T>::get(market_id);
			let slot = (count % slots) as u32;
			Trades::<T>::insert(
				market_id,
				slot,
				Trade {
					maker_order,
					maker: maker.clone(),
					taker: taker.clone(),
					taker_side,
					price,
					amount: fill.amount,
					value: fill.value,
					block: now,
				},
			);
			TradeCount::<T>::insert(market_id, count.saturating_add(1));
		}
		Self::deposit_event(Event::Traded {
			market: market_id,
			maker_order,
			maker: maker.clone(),
			taker: taker.clone(),
			taker_side,
			price,
			amount: fill.amount,
			value: fill.value,
			maker_fee: fill.maker_fee,
			taker_fee: fill.taker_fee,
		});
	}

	/// Puts the rest of a limit order in the book under a new id, which it returns with what it
	/// wrote: holds its cost and maker fee (buy) or moves its units to escrow (sell), holds the
	/// deposit, appends it to its price level and to the account's list.
	fn rest(
		market_id: MarketId,
		market: &MarketOf<T>,
		who: &T::AccountId,
		side: Side,
		ticks: Ticks,
		remaining: BalanceOf<T>,
		expiry: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) -> Result<(OrderId, Rested), DispatchError> {
		let mut skipped = 0u32;
		let mut listed = AccountOrders::<T>::get(who);
		let id = NextOrderId::<T>::get();
		listed.try_push(id).map_err(|_| Error::<T>::TooManyOrders)?;
		NextOrderId::<T>::put(id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?);
		let maker_fee = market.params.maker_fee;
		let reserved = match side {
			Side::Buy => {
				let cost = Self::value_of(market, ticks, remaining)?;
				let reserved = Self::buy_hold(maker_fee, cost).ok_or(Error::<T>::Overflow)?;
				T::Currency::hold(&HoldReason::BuyOrder.into(), who, reserved)?;
				reserved
			},
			Side::Sell => {
				let escrow = Self::escrow(market_id);
				// An escrow that holds units has its account of the asset already: neither the
				// asset's account count nor the escrow's consumer references change.
				if !T::Assets::balance(market.base, &escrow).is_zero() {
					skipped.saturating_accrue(ESCROW_OPENING_WRITES);
				}
				T::Assets::transfer(
					market.base,
					who,
					&escrow,
					remaining,
					Preservation::Expendable,
				)?;
				remaining
			},
		};
		let deposit = T::OrderDeposit::get();
		T::Currency::hold(&HoldReason::OrderDeposit.into(), who, deposit)?;
		if side == Side::Buy {
			Self::ensure_buy_holds_payable(who)?;
		}

		let key = (market_id, side);
		let mut words = 0;
		let prev = match Levels::<T>::get(key, ticks) {
			Some(mut level) => {
				let tail = level.tail;
				Orders::<T>::try_mutate(tail, |order| {
					let order = order.as_mut().ok_or(Error::<T>::UnknownOrder)?;
					order.next = Some(id);
					Ok::<_, Error<T>>(())
				})?;
				level.tail = id;
				level.count.saturating_inc();
				level.total = Self::add(level.total, remaining)?;
				Levels::<T>::insert(key, ticks, level);
				Some(tail)
			},
			None => {
				Levels::<T>::insert(
					key,
					ticks,
					Level { head: id, tail: id, count: 1, total: remaining },
				);
				words = Self::index_insert(market_id, side, ticks);
				None
			},
		};
		Orders::<T>::insert(
			id,
			Order {
				market: market_id,
				owner: who.clone(),
				side,
				ticks,
				remaining,
				amount: remaining,
				reserved,
				maker_fee,
				placed_at: now,
				expiry,
				deposit,
				prev,
				next: None,
			},
		);
		AccountOrders::<T>::insert(who, listed);
		if !Self::queue_expiry(expiry, id) {
			skipped.saturating_inc();
		}
		Ok((id, Rested { words, skipped }))
	}

	/// Closes a resting order outside matching (cancel, force cancel, cleanup).
	pub(crate) fn close_order(
		id: OrderId,
		order: OrderOf<T>,
		reason: CloseReason,
	) -> DispatchResult {
		let base = Markets::<T>::get(order.market).ok_or(Error::<T>::UnknownMarket)?.base;
		let mut level = Levels::<T>::get((order.market, order.side), order.ticks)
			.ok_or(Error::<T>::UnknownOrder)?;
		Self::take_out(id, &order, &mut level, base)?;
		Self::deposit_event(Event::OrderClosed { order: id, reason, remaining: order.remaining });
		Ok(())
	}

	/// Takes an order out of the book and the records, with `level` its price level as read:
	/// unlinks it, stores the level (or removes it and its index bits when it empties) and
	/// releases what the order set aside (a filled order: its leftover hold and its deposit).
	/// Callers announce why it left. Returns the price-index words it wrote.
	pub(crate) fn take_out(
		id: OrderId,
		order: &OrderOf<T>,
		level: &mut Level<BalanceOf<T>>,
		base: AssetIdOf<T>,
	) -> Result<u32, DispatchError> {
		match order.prev {
			Some(prev) => Orders::<T>::mutate(prev, |o| {
				if let Some(o) = o {
					o.next = order.next;
				}
			}),
			None => level.head = order.next.unwrap_or_default(),
		}
		match order.next {
			Some(next) => Orders::<T>::mutate(next, |o| {
				if let Some(o) = o {
					o.prev = order.prev;
				}
			}),
			None => level.tail = order.prev.unwrap_or_default(),
		}
		level.count.saturating_dec();
		level.total = level.total.saturating_sub(order.remaining);
		let key = (order.market, order.side);
		let mut words = 0;
		if level.count == 0 {
			Levels::<T>::remove(key, order.ticks);
			words = Self::index_remove(order.market, order.side, order.ticks);
		} else {
			Levels::<T>::insert(key, order.ticks, &*level);
		}

		let mut deposit = order.deposit;
		match order.side {
			Side::Buy => {
				if !order.reserved.is_zero() {
					T::Currency::release(
						&HoldReason::BuyOrder.into(),
						&order.owner,
						order.reserved,
						Precision::Exact,
					)?;
				}
			},
			Side::Sell => {
				if !order.reserved.is_zero() {
					// The owner may be unable to take the units back now (at its consumer
					// limit, say); they then stay in escrow for it to claim, so that closing
					// never fails and no expired or unsettleable order sticks in the book.
					let returned = with_storage_layer(|| {
						T::Assets::transfer(
							base,
							&Self::escrow(order.market),
							&order.owner,
							order.reserved,
							Preservation::Expendable,
						)
					});
					if returned.is_err() {
						deposit = Self::keep_unreturned(
							&order.owner,
							order.market,
							order.reserved,
							order.deposit,
						)?;
					}
				}
			},
		}
		if !deposit.is_zero() {
			T::Currency::release(
				&HoldReason::OrderDeposit.into(),
				&order.owner,
				deposit,
				Precision::Exact,
			)?;
		}

		Orders::<T>::remove(id);
		AccountOrders::<T>::mutate_exists(&order.owner, |listed| {
			if let Some(ids) = listed {
				ids.retain(|listed_id| *listed_id != id);
				if ids.is_empty() {
					*listed = None;
				}
			}
		});
		// Its expiry-queue entry stays: cleanup drops it when the bucket comes due (ids are
		// never reused), which saves every fill and cancel a write.
		Ok(words)
	}

	/// Every BDES held for `who`'s buy orders can be paid out under its freezes (vesting,
	/// locks). A freeze applies to the total balance, so pallet-balances lets held funds count
	/// towards it, and `hold` ignores freezes: a frozen account could otherwise hold BDES it
	/// can never pay with (`transfer_on_hold` moves at most `on hold − (frozen − free)`). The
	/// check is on all of the account's buy holds, not only the new one: checking each hold
	/// alone against `reducible_balance` lets a second order lean on the first one's hold.
	fn ensure_buy_holds_payable(who: &T::AccountId) -> DispatchResult {
		let payable = T::Currency::reducible_total_balance_on_hold(who, Fortitude::Polite);
		let held = T::Currency::balance_on_hold(&HoldReason::BuyOrder.into(), who);
		ensure!(held <= payable, Error::<T>::NotSpendable);
		Ok(())
	}

	/// What a buy order of `cost` holds: the cost and its maker fee. Fees of partial fills are
	/// rounded down each, so their sum never exceeds the fee on the whole.
	pub fn buy_hold(fee: Permill, cost: BalanceOf<T>) -> Option<BalanceOf<T>> {
		cost.checked_add(&fee.mul_floor(cost))
	}

	/// The expiry bucket an order expiring after block `expiry` is cleaned up in: the first
	/// bucket boundary after it.
	pub(crate) fn bucket_of(expiry: BlockNumberFor<T>) -> BlockNumberFor<T> {
		let size = T::ExpiryBucket::get().max(One::one());
		let first_expired = expiry.saturating_add(One::one());
		let rest = first_expired % size;
		if rest.is_zero() {
			first_expired
		} else {
			first_expired.saturating_add(size.saturating_sub(rest))
		}
	}
}
