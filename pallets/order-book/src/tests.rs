//! Tests of the order book: every call and error, funds before and after, and a property test
//! against a reference model of price-time matching.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect as _, InspectHold},
		fungibles::Inspect as AssetsInspect,
		Hooks,
	},
	weights::Weight,
};
use sp_runtime::{DispatchError, Permill};

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}
fn units(who: AccountId) -> Balance {
	<Assets as AssetsInspect<AccountId>>::balance(ASSET, &who)
}
fn held_buy(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::BuyOrder.into(), &who)
}
fn held_deposit(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::OrderDeposit.into(), &who)
}
fn escrow() -> Balance {
	units(OrderBook::account_id())
}
fn limit(who: AccountId, side: Side, price: Balance, amount: Balance) -> OrderId {
	let id = NextOrderId::<Test>::get();
	assert_ok!(OrderBook::place_limit(
		RuntimeOrigin::signed(who),
		MARKET,
		side,
		price,
		amount,
		None
	));
	id
}
fn trades() -> Vec<(AccountId, AccountId, Balance, Balance)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::OrderBook(Event::Traded { maker, taker, price, amount, .. }) => {
				Some((maker, taker, price, amount))
			},
			_ => None,
		})
		.collect()
}
fn check() {
	assert_ok!(OrderBook::do_try_state());
}
fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		OrderBook::on_idle(next, Weight::MAX);
	}
}

#[test]
fn creating_markets_checks_every_parameter() {
	new_test_ext().execute_with(|| {
		let create = |tick, lot, params| {
			OrderBook::create_market(RuntimeOrigin::root(), ASSET, tick, lot, params)
		};
		assert_noop!(
			OrderBook::create_market(RuntimeOrigin::signed(ALICE), ASSET, TICK, LOT, params()),
			DispatchError::BadOrigin
		);
		assert_noop!(create(0, LOT, params()), Error::<Test>::ZeroStep);
		assert_noop!(create(TICK, 0, params()), Error::<Test>::ZeroStep);
		assert_noop!(
			OrderBook::create_market(RuntimeOrigin::root(), 99, TICK, LOT, params()),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			create(TICK, MIN_BALANCE - 1, params()),
			Error::<Test>::LotBelowMinimumBalance
		);
		assert_noop!(
			create(TICK, LOT, MarketParams { min_order: LOT + 5, ..params() }),
			Error::<Test>::InvalidMinOrder
		);
		assert_noop!(
			create(TICK, LOT, MarketParams { min_order: 0, ..params() }),
			Error::<Test>::InvalidMinOrder
		);
		assert_noop!(
			create(TICK, LOT, MarketParams { max_lifetime: 0, ..params() }),
			Error::<Test>::ZeroLifetime
		);
		let wide = MarketParams { min_order: 40, ..params() };
		assert_ok!(create(TICK * 2, LOT * 2, wide.clone()));
		System::assert_last_event(
			Event::MarketCreated { market: 1, base: ASSET, tick: 10, lot: 20, params: wide }.into(),
		);
		let market = Markets::<Test>::get(1).unwrap();
		assert_eq!((market.tick, market.lot, market.status), (10, 20, MarketStatus::Active));
	});
}

#[test]
fn params_status_and_lists_are_the_market_origins() {
	new_test_ext().execute_with(|| {
		let new = MarketParams { min_order: 30, taker_fee: Permill::from_percent(2), ..params() };
		assert_noop!(
			OrderBook::set_params(RuntimeOrigin::signed(ALICE), MARKET, new.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OrderBook::set_params(RuntimeOrigin::root(), 5, new.clone()),
			Error::<Test>::UnknownMarket
		);
		assert_noop!(
			OrderBook::set_params(
				RuntimeOrigin::root(),
				MARKET,
				MarketParams { min_order: 15, ..params() }
			),
			Error::<Test>::InvalidMinOrder
		);
		assert_ok!(OrderBook::set_params(RuntimeOrigin::root(), MARKET, new.clone()));
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().params, new);
		assert_noop!(
			OrderBook::place_limit(RuntimeOrigin::signed(ALICE), MARKET, Side::Buy, 100, 20, None),
			Error::<Test>::BelowMinimumOrder
		);

		let id = limit(ALICE, Side::Buy, 100, 30);
		assert_ok!(OrderBook::set_status(RuntimeOrigin::root(), MARKET, MarketStatus::Paused));
		System::assert_last_event(
			Event::MarketStatusChanged { market: MARKET, status: MarketStatus::Paused }.into(),
		);
		assert_noop!(
			OrderBook::place_limit(RuntimeOrigin::signed(BOB), MARKET, Side::Sell, 100, 30, None),
			Error::<Test>::MarketPaused
		);
		// Cancelling still works while paused.
		assert_ok!(OrderBook::cancel(RuntimeOrigin::signed(ALICE), id));
		assert_ok!(OrderBook::set_status(RuntimeOrigin::root(), MARKET, MarketStatus::Active));

		assert_noop!(
			OrderBook::update_list(
				RuntimeOrigin::root(),
				MARKET,
				Default::default(),
				Default::default()
			),
			Error::<Test>::EmptyUpdate
		);
		assert_noop!(
			OrderBook::update_list(
				RuntimeOrigin::root(),
				9,
				vec![BOB].try_into().unwrap(),
				Default::default()
			),
			Error::<Test>::UnknownMarket
		);
		check();
	});
}

#[test]
fn allow_and_deny_lists_gate_placing() {
	new_test_ext().execute_with(|| {
		let place = |who| {
			OrderBook::place_limit(RuntimeOrigin::signed(who), MARKET, Side::Buy, 100, 10, None)
		};
		let set = |participation| {
			OrderBook::set_params(
				RuntimeOrigin::root(),
				MARKET,
				MarketParams { participation, ..params() },
			)
		};
		assert_ok!(OrderBook::update_list(
			RuntimeOrigin::root(),
			MARKET,
			vec![BOB].try_into().unwrap(),
			Default::default()
		));
		System::assert_last_event(
			Event::ListUpdated { market: MARKET, added: 1, removed: 0 }.into(),
		);
		assert_ok!(set(Participation::AllowList));
		assert_noop!(place(ALICE), Error::<Test>::NotAllowed);
		assert_ok!(place(BOB));
		assert_ok!(set(Participation::DenyList));
		assert_noop!(place(BOB), Error::<Test>::NotAllowed);
		assert_ok!(place(ALICE));
		assert_ok!(OrderBook::update_list(
			RuntimeOrigin::root(),
			MARKET,
			Default::default(),
			vec![BOB].try_into().unwrap()
		));
		assert_ok!(place(BOB));
		check();
	});
}

#[test]
fn a_resting_buy_holds_its_cost_and_maker_fee() {
	new_test_ext().execute_with(|| {
		let id = limit(ALICE, Side::Buy, 1000, 100);
		// 10 lots at 1000 = 10,000; maker fee 0.5% = 50; deposit 5.
		assert_eq!(held_buy(ALICE), 10_050);
		assert_eq!(held_deposit(ALICE), ORDER_DEPOSIT);
		assert_eq!(free(ALICE), INITIAL - 10_050 - ORDER_DEPOSIT);
		let order = Orders::<Test>::get(id).unwrap();
		assert_eq!((order.remaining, order.reserved, order.ticks), (100, 10_050, 200));
		assert_eq!(OpenOrderCount::<Test>::get(ALICE), 1);
		System::assert_last_event(
			Event::OrderPlaced {
				market: MARKET,
				order: id,
				who: ALICE,
				side: Side::Buy,
				price: 1000,
				amount: 100,
				immediate_or_cancel: false,
				outcome: Placement { filled: 0, resting: 100, cancelled: 0 },
			}
			.into(),
		);
		let depth = OrderBook::depth(MARKET, 10);
		assert_eq!(depth.bids, vec![PriceLevel { price: 1000, amount: 100, orders: 1 }]);
		assert!(depth.asks.is_empty());
		check();
	});
}

#[test]
fn a_resting_sell_moves_its_units_to_escrow() {
	new_test_ext().execute_with(|| {
		limit(ALICE, Side::Sell, 1000, 100);
		assert_eq!(units(ALICE), ASSET_UNITS - 100);
		assert_eq!(escrow(), 100);
		assert_eq!(held_buy(ALICE), 0);
		assert_eq!(free(ALICE), INITIAL - ORDER_DEPOSIT);
		check();
	});
}

#[test]
fn a_sell_into_a_bid_trades_at_the_bid_with_both_fees() {
	new_test_ext().execute_with(|| {
		let bid = limit(ALICE, Side::Buy, 1000, 100);
		let pool = free(ReservePool::get());
		let (bob_free, bob_units, alice_units) = (free(BOB), units(BOB), units(ALICE));
		limit(BOB, Side::Sell, 1000, 60);
		// value 6,000: the maker (Alice) pays 0.5% = 30 on top from her hold; the taker (Bob)
		// gets 6,000 less 1% = 60.
		assert_eq!(free(BOB), bob_free + 6_000 - 60);
		assert_eq!(units(BOB), bob_units - 60);
		assert_eq!(units(ALICE), alice_units + 60);
		assert_eq!(held_buy(ALICE), 10_050 - 6_030);
		assert_eq!(free(ReservePool::get()), pool + 90);
		assert_eq!(Orders::<Test>::get(bid).unwrap().remaining, 40);
		// Bob's order filled completely: nothing rests, no deposit.
		assert_eq!(held_deposit(BOB), 0);
		assert_eq!(trades(), vec![(ALICE, BOB, 1000, 60)]);
		assert_eq!(OrderBook::recent_trades(MARKET, 10).len(), 1);
		check();
	});
}

#[test]
fn a_buy_into_asks_pays_the_resting_prices_best_first_then_oldest() {
	new_test_ext().execute_with(|| {
		let a = limit(ALICE, Side::Sell, 1000, 10);
		limit(BOB, Side::Sell, 1000, 10);
		limit(CAROL, Side::Sell, 995, 10);
		limit(ALICE, Side::Sell, 1005, 10);
		let (dave_free, pool) = (free(DAVE), free(ReservePool::get()));
		let (alice_free, carol_free) = (free(ALICE), free(CAROL));
		// A buy up to 1000 for 30 units takes Carol's 995, then Alice's and Bob's 1000 (Alice
		// placed first); the 1005 ask is beyond the limit.
		limit(DAVE, Side::Buy, 1000, 30);
		assert_eq!(
			trades(),
			vec![(CAROL, DAVE, 995, 10), (ALICE, DAVE, 1000, 10), (BOB, DAVE, 1000, 10)]
		);
		let value = 995 + 1000 + 1000;
		let taker_fee = 9 + 10 + 10;
		let maker_fees = 4 + 5 + 5;
		assert_eq!(free(DAVE), dave_free - value - taker_fee);
		assert_eq!(units(DAVE), ASSET_UNITS + 30);
		assert_eq!(free(CAROL), carol_free + 995 - 4 + ORDER_DEPOSIT);
		// Alice's first order is filled (deposit back); her 1005 ask still rests.
		assert_eq!(free(ALICE), alice_free + 1000 - 5 + ORDER_DEPOSIT);
		assert!(Orders::<Test>::get(a).is_none());
		assert_eq!(free(ReservePool::get()), pool + taker_fee + maker_fees);
		assert_eq!(escrow(), 10);
		assert_eq!(
			OrderBook::depth(MARKET, 5).asks,
			vec![PriceLevel { price: 1005, amount: 10, orders: 1 }]
		);
		check();
	});
}

#[test]
fn a_crossing_limit_order_rests_what_is_left_at_its_own_price() {
	new_test_ext().execute_with(|| {
		limit(ALICE, Side::Sell, 990, 20);
		let id = limit(BOB, Side::Buy, 1000, 50);
		assert_eq!(trades(), vec![(ALICE, BOB, 990, 20)]);
		let order = Orders::<Test>::get(id).unwrap();
		assert_eq!(order.remaining, 30);
		// 3 lots at Bob's 1000 plus 0.5%.
		assert_eq!(held_buy(BOB), 3_000 + 15);
		System::assert_has_event(
			Event::OrderPlaced {
				market: MARKET,
				order: id,
				who: BOB,
				side: Side::Buy,
				price: 1000,
				amount: 50,
				immediate_or_cancel: false,
				outcome: Placement { filled: 20, resting: 30, cancelled: 0 },
			}
			.into(),
		);
		check();
	});
}

#[test]
fn immediate_or_cancel_orders_never_rest() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			OrderBook::place_market(RuntimeOrigin::signed(BOB), MARKET, Side::Buy, 10, None),
			Error::<Test>::NoLiquidity
		);
		limit(ALICE, Side::Sell, 1000, 20);
		limit(ALICE, Side::Sell, 1100, 20);
		assert_noop!(
			OrderBook::place_market(RuntimeOrigin::signed(BOB), MARKET, Side::Buy, 10, Some(900)),
			Error::<Test>::NoLiquidity
		);
		assert_ok!(OrderBook::place_market(
			RuntimeOrigin::signed(BOB),
			MARKET,
			Side::Buy,
			30,
			Some(1000)
		));
		System::assert_last_event(
			Event::OrderPlaced {
				market: MARKET,
				order: 2,
				who: BOB,
				side: Side::Buy,
				price: 1000,
				amount: 30,
				immediate_or_cancel: true,
				outcome: Placement { filled: 20, resting: 0, cancelled: 10 },
			}
			.into(),
		);
		assert_eq!(held_buy(BOB) + held_deposit(BOB), 0);
		assert_eq!(OpenOrderCount::<Test>::get(BOB), 0);
		// Without a limit it takes any price.
		assert_ok!(OrderBook::place_market(
			RuntimeOrigin::signed(BOB),
			MARKET,
			Side::Buy,
			10,
			None
		));
		assert_eq!(trades().last(), Some(&(ALICE, BOB, 1100, 10)));
		check();
	});
}

#[test]
fn the_fill_cap_bounds_a_call_and_the_crossing_rest_is_dropped() {
	new_test_ext().execute_with(|| {
		for _ in 0..6 {
			limit(ALICE, Side::Sell, 1000, 10);
		}
		let id = limit(BOB, Side::Buy, 1000, 60);
		assert_eq!(trades().len(), MAX_FILLS as usize);
		assert!(Orders::<Test>::get(id).is_none(), "the rest would cross the book");
		System::assert_has_event(
			Event::OrderPlaced {
				market: MARKET,
				order: id,
				who: BOB,
				side: Side::Buy,
				price: 1000,
				amount: 60,
				immediate_or_cancel: false,
				outcome: Placement { filled: 40, resting: 0, cancelled: 20 },
			}
			.into(),
		);
		assert_eq!(OrderBook::depth(MARKET, 5).asks[0].orders, 2);
		check();
	});
}

#[test]
fn placing_checks_price_amount_expiry_and_limits() {
	new_test_ext().execute_with(|| {
		let place = |who, price, amount, expiry| {
			OrderBook::place_limit(
				RuntimeOrigin::signed(who),
				MARKET,
				Side::Buy,
				price,
				amount,
				expiry,
			)
		};
		assert_noop!(
			OrderBook::place_limit(RuntimeOrigin::signed(ALICE), 3, Side::Buy, 1000, 10, None),
			Error::<Test>::UnknownMarket
		);
		assert_noop!(place(ALICE, 0, 10, None), Error::<Test>::InvalidPrice);
		assert_noop!(place(ALICE, 1001, 10, None), Error::<Test>::InvalidPrice);
		assert_noop!(
			place(ALICE, TICK * (u32::MAX as u64 + 1), 10, None),
			Error::<Test>::InvalidPrice
		);
		assert_noop!(place(ALICE, 1000, 15, None), Error::<Test>::InvalidAmount);
		assert_noop!(place(ALICE, 1000, 0, None), Error::<Test>::InvalidAmount);
		assert_noop!(place(ALICE, 1000, 10, Some(0)), Error::<Test>::InvalidExpiry);
		assert_noop!(place(ALICE, 1000, 10, Some(102)), Error::<Test>::InvalidExpiry);
		assert_ok!(place(ALICE, 1000, 10, Some(101)));
		// More than the account can hold.
		assert!(place(BOB, 1_000_000, 10, None).is_err());
		assert_eq!(held_buy(BOB), 0);
		for _ in 1..MAX_OPEN {
			assert_ok!(place(ALICE, 1000, 10, None));
		}
		assert_noop!(place(ALICE, 1000, 10, None), Error::<Test>::TooManyOrders);
		// Own resting orders are not traded against.
		assert_noop!(
			OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Sell,
				1000,
				10,
				None
			),
			Error::<Test>::SelfTrade
		);
		check();
	});
}

#[test]
fn the_minimum_interval_spaces_an_accounts_orders() {
	new_test_ext().execute_with(|| {
		assert_ok!(OrderBook::set_params(
			RuntimeOrigin::root(),
			MARKET,
			MarketParams { min_interval: 3, ..params() }
		));
		limit(ALICE, Side::Buy, 1000, 10);
		assert_noop!(
			OrderBook::place_limit(RuntimeOrigin::signed(ALICE), MARKET, Side::Buy, 1000, 10, None),
			Error::<Test>::TooSoon
		);
		limit(BOB, Side::Buy, 1000, 10);
		run_to(4);
		limit(ALICE, Side::Buy, 1000, 10);
		check();
	});
}

#[test]
fn cancel_returns_everything_and_only_the_owner_or_the_origin_may() {
	new_test_ext().execute_with(|| {
		let buy = limit(ALICE, Side::Buy, 1000, 100);
		let sell = limit(BOB, Side::Sell, 1200, 50);
		assert_noop!(OrderBook::cancel(RuntimeOrigin::signed(BOB), buy), Error::<Test>::NotOwner);
		assert_noop!(
			OrderBook::cancel(RuntimeOrigin::signed(BOB), 77),
			Error::<Test>::UnknownOrder
		);
		assert_ok!(OrderBook::cancel(RuntimeOrigin::signed(ALICE), buy));
		System::assert_last_event(
			Event::OrderClosed { order: buy, reason: CloseReason::Cancelled, remaining: 100 }
				.into(),
		);
		assert_eq!((free(ALICE), held_buy(ALICE), held_deposit(ALICE)), (INITIAL, 0, 0));
		assert_noop!(
			OrderBook::force_cancel(RuntimeOrigin::signed(ALICE), sell),
			DispatchError::BadOrigin
		);
		assert_ok!(OrderBook::force_cancel(RuntimeOrigin::root(), sell));
		assert_eq!((units(BOB), escrow(), free(BOB)), (ASSET_UNITS, 0, INITIAL));
		assert!(OrderBook::depth(MARKET, 5).asks.is_empty());
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().open_orders, 0);
		check();
	});
}

#[test]
fn expired_orders_never_trade_and_are_cleaned_up_in_bounded_steps() {
	new_test_ext().execute_with(|| {
		for _ in 0..5 {
			assert_ok!(OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Sell,
				1000,
				10,
				Some(3)
			));
		}
		let late = limit(BOB, Side::Sell, 1000, 10);
		System::set_block_number(4);
		// The taker meets expired orders first: they leave the book (counting against the
		// cap) and the fifth step trades... the cap is 4, so nothing trades here.
		assert_noop!(
			OrderBook::place_market(RuntimeOrigin::signed(CAROL), MARKET, Side::Buy, 10, None),
			Error::<Test>::NoLiquidity
		);
		assert_noop!(
			OrderBook::cleanup(RuntimeOrigin::signed(CAROL), 5),
			Error::<Test>::NothingToClean
		);
		// Expiry 3 is due from block 4, in the bucket starting at block 5.
		System::set_block_number(5);
		assert_ok!(OrderBook::cleanup(RuntimeOrigin::signed(CAROL), 2));
		assert_eq!(OpenOrderCount::<Test>::get(ALICE), 3);
		OrderBook::on_idle(5, Weight::MAX);
		assert_eq!(OpenOrderCount::<Test>::get(ALICE), 0, "idle cleanup takes up to 3");
		assert_eq!((free(ALICE), units(ALICE)), (INITIAL, ASSET_UNITS));
		System::assert_has_event(
			Event::OrderClosed { order: 0, reason: CloseReason::Expired, remaining: 10 }.into(),
		);
		assert!(Orders::<Test>::contains_key(late));
		assert_ok!(OrderBook::place_market(
			RuntimeOrigin::signed(CAROL),
			MARKET,
			Side::Buy,
			10,
			None
		));
		assert_eq!(trades(), vec![(BOB, CAROL, 1000, 10)]);
		check();
	});
}

#[test]
fn runtime_api_views() {
	new_test_ext().execute_with(|| {
		limit(ALICE, Side::Buy, 990, 10);
		limit(BOB, Side::Buy, 990, 20);
		limit(BOB, Side::Buy, 980, 10);
		limit(CAROL, Side::Sell, 1010, 10);
		let depth = OrderBook::depth(MARKET, 1);
		assert_eq!(depth.bids, vec![PriceLevel { price: 990, amount: 30, orders: 2 }]);
		assert_eq!(depth.asks, vec![PriceLevel { price: 1010, amount: 10, orders: 1 }]);
		assert_eq!(OrderBook::depth(MARKET, 9).bids.len(), 2);
		assert_eq!(OrderBook::open_orders(&BOB).len(), 2);
		limit(CAROL, Side::Buy, 970, 30);
		for _ in 0..7 {
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(DAVE),
				MARKET,
				Side::Sell,
				10,
				None
			));
		}
		assert_noop!(
			OrderBook::place_market(RuntimeOrigin::signed(DAVE), MARKET, Side::Sell, 10, None),
			Error::<Test>::NoLiquidity
		);
		// A ring of 5: the newest first.
		let recent = OrderBook::recent_trades(MARKET, 10);
		let prices: Vec<Balance> = recent.iter().map(|t| t.price).collect();
		assert_eq!(prices, vec![970, 970, 970, 980, 990]);
		assert_eq!(OrderBook::recent_trades(MARKET, 2).len(), 2);
		assert_eq!(TradeCount::<Test>::get(MARKET), 7);
		check();
	});
}

/// Random order flow against a reference model of price-time matching.
mod model {
	use super::*;
	use proptest::prelude::*;
	use std::collections::BTreeMap;

	#[derive(Clone, Debug)]
	enum Op {
		Limit { who: usize, buy: bool, ticks: u32, lots: u64, life: Option<u64> },
		Ioc { who: usize, buy: bool, lots: u64, limit: Option<u32> },
		Cancel { pick: usize },
		Advance { blocks: u64 },
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			5 => (0..4usize, any::<bool>(), 196u32..204, 1u64..6, prop::option::of(0u64..8))
				.prop_map(|(who, buy, ticks, lots, life)| Op::Limit { who, buy, ticks, lots, life }),
			2 => (0..4usize, any::<bool>(), 1u64..8, prop::option::of(196u32..204))
				.prop_map(|(who, buy, lots, limit)| Op::Ioc { who, buy, lots, limit }),
			2 => (0..64usize).prop_map(|pick| Op::Cancel { pick }),
			1 => (1u64..4).prop_map(|blocks| Op::Advance { blocks }),
		]
	}

	#[derive(Clone, Debug)]
	struct Resting {
		owner: AccountId,
		buy: bool,
		ticks: u32,
		remaining: u64,
		expiry: u64,
	}

	/// What the model expects of one placement: the trades (maker id, maker, ticks, amount) and
	/// the amount left, or an error.
	fn expect(
		book: &BTreeMap<OrderId, Resting>,
		taker: AccountId,
		buy: bool,
		limit: Option<u32>,
		amount: u64,
		now: u64,
	) -> Result<(Vec<(OrderId, AccountId, u32, u64)>, Vec<OrderId>, u64, bool), Error<Test>> {
		let mut makers: Vec<(OrderId, &Resting)> =
			book.iter().filter(|(_, o)| o.buy != buy).map(|(id, o)| (*id, o)).collect();
		// Price priority, then time (ids grow with time).
		makers.sort_by_key(|(id, o)| (if buy { o.ticks as i64 } else { -(o.ticks as i64) }, *id));
		let (mut trades, mut expired, mut left, mut steps) = (vec![], vec![], amount, 0u32);
		for (id, maker) in makers {
			if left == 0 {
				break;
			}
			let crosses = match limit {
				None => true,
				Some(l) => {
					if buy {
						maker.ticks <= l
					} else {
						maker.ticks >= l
					}
				},
			};
			if !crosses {
				break;
			}
			if steps >= MAX_FILLS {
				return Ok((trades, expired, left, true));
			}
			steps += 1;
			if maker.expiry < now {
				expired.push(id);
				continue;
			}
			if maker.owner == taker {
				return Err(Error::<Test>::SelfTrade);
			}
			let qty = left.min(maker.remaining);
			trades.push((id, maker.owner, maker.ticks, qty));
			left -= qty;
		}
		Ok((trades, expired, left, false))
	}

	fn totals() -> (Balance, Balance) {
		let extra = [ReservePool::get(), OrderBook::account_id()];
		let accounts: Vec<AccountId> = TRADERS.iter().chain(&extra).copied().collect();
		let bdes = accounts.iter().map(Balances::total_balance).sum();
		let asset = accounts.iter().map(|who| units(*who)).sum();
		(bdes, asset)
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]
		#[test]
		fn matching_follows_price_time_priority_and_funds_add_up(ops in prop::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				let start = totals();
				let mut book: BTreeMap<OrderId, Resting> = BTreeMap::new();
				for op in ops {
					System::reset_events();
					let now = System::block_number();
					match op {
						Op::Advance { blocks } => {
							run_to(now + blocks);
							// Cleanup only removes expired orders.
							book.retain(|id, o| {
								let kept = Orders::<Test>::contains_key(id);
								assert!(kept || o.expiry < System::block_number());
								kept
							});
						},
						Op::Cancel { pick } => {
							if let Some((&id, o)) = book.iter().nth(pick % book.len().max(1)) {
								assert_ok!(OrderBook::cancel(RuntimeOrigin::signed(o.owner), id));
								book.remove(&id);
							}
						},
						Op::Limit { who, buy, ticks, lots, life } => {
							let taker = TRADERS[who];
							let amount = lots * LOT;
							let side = if buy { Side::Buy } else { Side::Sell };
							let expected = expect(&book, taker, buy, Some(ticks), amount, now);
							let id = NextOrderId::<Test>::get();
							let result = OrderBook::place_limit(
								RuntimeOrigin::signed(taker), MARKET, side, ticks as u64 * TICK, amount,
								life.map(|l| now + l),
							);
							apply(&mut book, expected, result.map(|_| ()).map_err(|e| e.error), id, taker, buy, ticks, amount, now + life.unwrap_or(100), false);
						},
						Op::Ioc { who, buy, lots, limit } => {
							let taker = TRADERS[who];
							let amount = lots * LOT;
							let side = if buy { Side::Buy } else { Side::Sell };
							let expected = expect(&book, taker, buy, limit, amount, now);
							let id = NextOrderId::<Test>::get();
							let result = OrderBook::place_market(
								RuntimeOrigin::signed(taker), MARKET, side, amount,
								limit.map(|l| l as u64 * TICK),
							);
							apply(&mut book, expected, result.map(|_| ()).map_err(|e| e.error), id, taker, buy, limit.unwrap_or(0), amount, now, true);
						},
					}
					assert_ok!(OrderBook::do_try_state());
					assert_eq!(totals(), start, "BDES and units are only moved, never made or lost");
				}
			});
		}
	}

	/// Checks a placement's result against the model's expectation and updates the model.
	fn apply(
		book: &mut BTreeMap<OrderId, Resting>,
		expected: Result<
			(Vec<(OrderId, AccountId, u32, u64)>, Vec<OrderId>, u64, bool),
			Error<Test>,
		>,
		result: Result<(), DispatchError>,
		id: OrderId,
		taker: AccountId,
		buy: bool,
		ticks: u32,
		amount: u64,
		expiry: u64,
		ioc: bool,
	) {
		let (trades_expected, expired, left, capped) = match expected {
			Err(e) => {
				assert_eq!(result, Err(e.into()));
				return;
			},
			Ok(x) => x,
		};
		let filled = amount - left;
		let must_fail_no_liquidity = left > 0 && (ioc || capped) && filled == 0;
		let open =
			book.iter().filter(|(id, o)| o.owner == taker && !expired.contains(id)).count() as u32;
		let too_many = left > 0 && !ioc && !capped && open >= MAX_OPEN;
		if must_fail_no_liquidity {
			assert_eq!(result, Err(Error::<Test>::NoLiquidity.into()));
			return;
		}
		if too_many {
			assert_eq!(result, Err(Error::<Test>::TooManyOrders.into()));
			return;
		}
		assert_eq!(result, Ok(()), "the model expected success");
		let events: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::OrderBook(Event::Traded {
					maker_order,
					maker,
					taker: t,
					price,
					amount,
					..
				}) => {
					assert_eq!(t, taker);
					Some((maker_order, maker, (price / TICK) as u32, amount))
				},
				_ => None,
			})
			.collect();
		assert_eq!(events, trades_expected, "trades follow price-time priority");
		for (maker_id, _, maker_ticks, qty) in trades_expected {
			// Each trade is at the maker's price, within the taker's limit.
			if !ioc || ticks != 0 {
				assert!(if buy { maker_ticks <= ticks } else { maker_ticks >= ticks });
			}
			let maker = book.get_mut(&maker_id).expect("a traded maker rests");
			assert_eq!(maker.ticks, maker_ticks);
			maker.remaining -= qty;
			if maker.remaining == 0 {
				book.remove(&maker_id);
			}
		}
		for id in expired {
			book.remove(&id);
		}
		if left > 0 && !ioc && !capped {
			book.insert(id, Resting { owner: taker, buy, ticks, remaining: left, expiry });
		}
	}
}
