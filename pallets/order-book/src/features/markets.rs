//! Creating and supervising markets.

use crate::*;
use frame_support::{pallet_prelude::*, traits::fungibles::Inspect};
use sp_runtime::traits::{CheckedAdd, Zero};

impl<T: Config> Pallet<T> {
	fn ensure_params(lot: BalanceOf<T>, params: &MarketParamsOf<T>) -> DispatchResult {
		ensure!(
			!params.min_order.is_zero() && (params.min_order % lot).is_zero(),
			Error::<T>::InvalidMinOrder
		);
		ensure!(!params.max_lifetime.is_zero(), Error::<T>::ZeroLifetime);
		Ok(())
	}

	pub(crate) fn do_create_market(
		base: AssetIdOf<T>,
		tick: BalanceOf<T>,
		lot: BalanceOf<T>,
		params: MarketParamsOf<T>,
	) -> DispatchResult {
		ensure!(!tick.is_zero() && !lot.is_zero(), Error::<T>::ZeroStep);
		ensure!(T::Assets::asset_exists(base), Error::<T>::UnknownAsset);
		// Every resting amount is a multiple of the lot, so the escrow never holds a positive
		// balance below the minimum (which the asset pallet would sweep as dust).
		ensure!(lot >= T::Assets::minimum_balance(base), Error::<T>::LotBelowMinimumBalance);
		Self::ensure_params(lot, &params)?;
		let id = NextMarketId::<T>::get();
		NextMarketId::<T>::put(id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?);
		Markets::<T>::insert(
			id,
			Market { base, tick, lot, params: params.clone(), status: MarketStatus::Active },
		);
		Self::open_escrow(id);
		Self::deposit_event(Event::MarketCreated {
			market: id,
			escrow: Self::escrow(id),
			base,
			tick,
			lot,
			params,
		});
		Ok(())
	}

	pub(crate) fn do_set_params(market: MarketId, params: MarketParamsOf<T>) -> DispatchResult {
		Markets::<T>::try_mutate(market, |stored| {
			let stored = stored.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			Self::ensure_params(stored.lot, &params)?;
			stored.params = params.clone();
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::MarketUpdated { market, params });
		Ok(())
	}

	pub(crate) fn do_set_status(market: MarketId, status: MarketStatus) -> DispatchResult {
		Markets::<T>::try_mutate(market, |stored| {
			let stored = stored.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			stored.status = status;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::MarketStatusChanged { market, status });
		Ok(())
	}

	pub(crate) fn do_update_list(
		market: MarketId,
		add: BoundedVec<T::AccountId, T::MaxListUpdate>,
		remove: BoundedVec<T::AccountId, T::MaxListUpdate>,
	) -> DispatchResult {
		ensure!(Markets::<T>::contains_key(market), Error::<T>::UnknownMarket);
		ensure!(!add.is_empty() || !remove.is_empty(), Error::<T>::EmptyUpdate);
		for who in &add {
			Listed::<T>::insert(market, who, ());
		}
		for who in &remove {
			Listed::<T>::remove(market, who);
		}
		Self::deposit_event(Event::ListUpdated {
			market,
			added: add.len() as u32,
			removed: remove.len() as u32,
		});
		Ok(())
	}

	/// Whether the market's participation rule lets `who` place orders.
	pub(crate) fn ensure_participant(
		market: MarketId,
		stored: &MarketOf<T>,
		who: &T::AccountId,
	) -> DispatchResult {
		let listed = || Listed::<T>::contains_key(market, who);
		let allowed = match stored.params.participation {
			Participation::Open => true,
			Participation::AllowList => listed(),
			Participation::DenyList => !listed(),
		};
		ensure!(allowed, Error::<T>::NotAllowed);
		Ok(())
	}

	/// Price per lot of `ticks` ticks.
	pub fn price_of(stored: &MarketOf<T>, ticks: Ticks) -> Result<BalanceOf<T>, Error<T>> {
		stored.tick.checked_mul(&ticks.into()).ok_or(Error::<T>::Overflow)
	}

	/// Ticks of a price per lot: a positive multiple of the tick, at most `u32::MAX` ticks.
	pub(crate) fn ticks_of(stored: &MarketOf<T>, price: BalanceOf<T>) -> Result<Ticks, Error<T>> {
		ensure!(!price.is_zero() && (price % stored.tick).is_zero(), Error::<T>::InvalidPrice);
		(price / stored.tick).try_into().map_err(|_| Error::<T>::InvalidPrice)
	}

	/// BDES value of `amount` units at `ticks`: price per lot × lots.
	pub fn value_of(
		stored: &MarketOf<T>,
		ticks: Ticks,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, Error<T>> {
		let lots = amount.checked_div(&stored.lot).ok_or(Error::<T>::Overflow)?;
		Self::price_of(stored, ticks)?.checked_mul(&lots).ok_or(Error::<T>::Overflow)
	}

	/// `a + b`, or `Overflow`.
	pub(crate) fn add(a: BalanceOf<T>, b: BalanceOf<T>) -> Result<BalanceOf<T>, Error<T>> {
		a.checked_add(&b).ok_or(Error::<T>::Overflow)
	}
}

/// What the runtime API answers.
impl<T: Config> Pallet<T> {
	/// Up to `levels` prices a side, best first.
	pub fn depth(market_id: MarketId, levels: u32) -> DepthOf<T> {
		let side_depth = |side: Side| {
			let mut out = alloc::vec::Vec::new();
			let Some(market) = Markets::<T>::get(market_id) else { return out };
			let mut at = Self::best_price(market_id, side);
			while let Some(ticks) = at {
				if out.len() >= levels as usize {
					break;
				}
				if let (Some(level), Ok(price)) =
					(Levels::<T>::get((market_id, side), ticks), Self::price_of(&market, ticks))
				{
					out.push(PriceLevel { price, amount: level.total, orders: level.count });
				}
				at = Self::next_price(market_id, side, ticks);
			}
			out
		};
		Depth { bids: side_depth(Side::Buy), asks: side_depth(Side::Sell) }
	}

	/// The resting orders of `who` (at most `MaxOpenOrders`), oldest first.
	pub fn open_orders(who: &T::AccountId) -> alloc::vec::Vec<(OrderId, OrderOf<T>)> {
		AccountOrders::<T>::get(who)
			.into_iter()
			.filter_map(|id| Orders::<T>::get(id).map(|order| (id, order)))
			.collect()
	}

	/// Up to `limit` recent trades of a market, newest first.
	pub fn recent_trades(market_id: MarketId, limit: u32) -> alloc::vec::Vec<TradeOf<T>> {
		let count = TradeCount::<T>::get(market_id);
		let slots = u64::from(T::RecentTrades::get());
		if slots == 0 {
			return alloc::vec::Vec::new();
		}
		let take = count.min(slots).min(u64::from(limit));
		(1..=take)
			.filter_map(|back| {
				let slot = (count.saturating_sub(back) % slots) as u32;
				Trades::<T>::get(market_id, slot)
			})
			.collect()
	}
}
