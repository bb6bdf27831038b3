//! What must hold between blocks: the book's lists, index and records agree, what orders set
//! aside is exactly what is held or in their market's escrow (with the units kept for owners).
//! That buy holds stay payable is not one of them: an owner's own transfers and new locks can
//! change it, which is why matching closes a maker that cannot settle.

#[cfg(any(feature = "try-runtime", feature = "std"))]
use crate::*;

#[cfg(any(feature = "try-runtime", feature = "std"))]
impl<T: Config> Pallet<T> {
	/// Checks the book and the funds behind it.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{BTreeMap, BTreeSet};
		use frame_support::{
			ensure,
			traits::{fungible::InspectHold, fungibles::Inspect as AssetsInspect},
		};
		use sp_runtime::traits::{Saturating, Zero};

		let mut held: BTreeMap<T::AccountId, (BalanceOf<T>, BalanceOf<T>, u32)> = BTreeMap::new();
		let mut escrow: BTreeMap<MarketId, BalanceOf<T>> = BTreeMap::new();
		let queued: BTreeSet<OrderId> = Expiries::<T>::iter_keys().map(|(_, id)| id).collect();
		for (id, order) in Orders::<T>::iter() {
			let market = Markets::<T>::get(order.market).ok_or("order in an unknown market")?;
			ensure!(!order.remaining.is_zero(), "a filled order rests");
			ensure!((order.remaining % market.lot).is_zero(), "remaining off the lot");
			ensure!(
				AccountOrders::<T>::get(&order.owner).contains(&id),
				"order not listed for owner"
			);
			ensure!(queued.contains(&id), "order not in the expiry queue");
			let entry = held.entry(order.owner.clone()).or_default();
			match order.side {
				Side::Buy => {
					let cost = Self::value_of(&market, order.ticks, order.remaining)
						.map_err(|_| "overflow")?;
					let needed = Self::buy_hold(order.maker_fee, cost).ok_or("overflow")?;
					ensure!(order.reserved >= needed, "a buy order holds less than it may spend");
					entry.0 = entry.0.saturating_add(order.reserved);
				},
				Side::Sell => {
					ensure!(order.reserved == order.remaining, "escrow differs from remaining");
					let e = escrow.entry(order.market).or_default();
					*e = e.saturating_add(order.reserved);
				},
			}
			entry.1 = entry.1.saturating_add(order.deposit);
			entry.2 = entry.2.saturating_add(1);
		}
		for (who, market, kept) in Unreturned::<T>::iter() {
			ensure!(Markets::<T>::contains_key(market), "units kept in an unknown market");
			ensure!(!kept.amount.is_zero(), "an empty record of kept units");
			let e = escrow.entry(market).or_default();
			*e = e.saturating_add(kept.amount);
			let entry = held.entry(who).or_default();
			entry.1 = entry.1.saturating_add(kept.deposit);
		}
		for (who, (buy, deposits, count)) in &held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::BuyOrder.into(), who) == *buy,
				"held BDES differs from what buy orders reserve"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::OrderDeposit.into(), who) == *deposits,
				"held deposits differ from the orders'"
			);
			ensure!(
				AccountOrders::<T>::get(who).len() as u32 == *count,
				"an account's list differs from its orders"
			);
		}
		// Each list names resting orders of its account only, oldest first, none twice; with
		// the counts above, the lists name every resting order.
		for (who, ids) in AccountOrders::<T>::iter() {
			ensure!(!ids.is_empty(), "an empty list of orders is stored");
			ensure!(ids.windows(2).all(|w| w[0] < w[1]), "a list of orders is out of order");
			for id in ids.iter() {
				let order = Orders::<T>::get(id).ok_or("a list names a missing order")?;
				ensure!(order.owner == who, "a list names another account's order");
			}
		}
		for (market_id, market) in Markets::<T>::iter() {
			let account = Self::escrow(market_id);
			ensure!(frame_system::Pallet::<T>::providers(&account) > 0, "escrow not opened");
			// Anybody can send units to an escrow account, so it may hold more, never less.
			ensure!(
				T::Assets::balance(market.base, &account)
					>= escrow.get(&market_id).copied().unwrap_or_default(),
				"escrow holds less than the sell orders and the kept units"
			);
			let mut best = BTreeMap::new();
			for side in [Side::Buy, Side::Sell] {
				let levels: BTreeMap<Ticks, Level<BalanceOf<T>>> =
					Levels::<T>::iter_prefix((market_id, side)).collect();
				// The index lists exactly the levels, best first.
				let mut indexed = alloc::vec::Vec::new();
				let mut at = Self::best_price(market_id, side);
				while let Some(ticks) = at {
					indexed.push(ticks);
					at = Self::next_price(market_id, side, ticks);
				}
				let mut expected: alloc::vec::Vec<Ticks> = levels.keys().copied().collect();
				if side == Side::Buy {
					expected.reverse();
				}
				ensure!(indexed == expected, "price index differs from the levels");
				best.insert(side, indexed.first().copied());
				for (ticks, level) in &levels {
					// Walk the FIFO: oldest first, links both ways, totals add up.
					let (mut at, mut prev, mut count, mut total) =
						(Some(level.head), None, 0u32, BalanceOf::<T>::zero());
					while let Some(id) = at {
						let order = Orders::<T>::get(id).ok_or("level lists a missing order")?;
						ensure!(
							order.market == market_id
								&& order.side == side && order.ticks == *ticks,
							"order in the wrong level"
						);
						ensure!(order.prev == prev, "broken prev link");
						if let Some(prev) = prev {
							ensure!(prev < id, "time priority broken");
						}
						count = count.saturating_add(1);
						total = total.saturating_add(order.remaining);
						prev = Some(id);
						at = order.next;
					}
					ensure!(prev == Some(level.tail), "level tail is wrong");
					ensure!(count == level.count && total == level.total, "level totals are wrong");
				}
			}
			if let (Some(Some(bid)), Some(Some(ask))) =
				(best.get(&Side::Buy), best.get(&Side::Sell))
			{
				ensure!(bid < ask, "the book is crossed");
			}
		}
		Ok(())
	}
}
