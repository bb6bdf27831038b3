//! Tests of the order book: every call and error, funds before and after, and a property test
//! against a reference model of price-time matching.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResult, DispatchResultWithPostInfo},
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
	units(OrderBook::escrow(MARKET))
}
/// A placement's result without its post-dispatch weight (which failures report too).
fn err(result: DispatchResultWithPostInfo) -> DispatchResult {
	result.map(|_| ()).map_err(|e| e.error)
}
fn limit(who: AccountId, side: Side, price: Balance, amount: Balance) -> OrderId {
	let id = NextOrderId::<Test>::get();
	assert_ok!(OrderBook::place_limit(
		RuntimeOrigin::signed(who),
		MARKET,
		side,
		price,
		amount,
		None,
		MAX_FILLS
	));
	id
}
/// Orders resting for `who`.
fn open(who: AccountId) -> u32 {
	AccountOrders::<Test>::get(who).len() as u32
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
			Event::MarketCreated {
				market: 1,
				escrow: OrderBook::escrow(1),
				base: ASSET,
				tick: 10,
				lot: 20,
				params: wide,
			}
			.into(),
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
			err(OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Buy,
				100,
				20,
				None,
				MAX_FILLS
			)),
			Error::<Test>::BelowMinimumOrder
		);

		let id = limit(ALICE, Side::Buy, 100, 30);
		assert_ok!(OrderBook::set_status(RuntimeOrigin::root(), MARKET, MarketStatus::Paused));
		System::assert_last_event(
			Event::MarketStatusChanged { market: MARKET, status: MarketStatus::Paused }.into(),
		);
		assert_noop!(
			err(OrderBook::place_limit(
				RuntimeOrigin::signed(BOB),
				MARKET,
				Side::Sell,
				100,
				30,
				None,
				MAX_FILLS
			)),
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
			err(OrderBook::place_limit(
				RuntimeOrigin::signed(who),
				MARKET,
				Side::Buy,
				100,
				10,
				None,
				MAX_FILLS,
			))
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
		assert_eq!(open(ALICE), 1);
		System::assert_last_event(
			Event::OrderPlaced {
				market: MARKET,
				order: Some(id),
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
				order: Some(id),
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
			err(OrderBook::place_market(
				RuntimeOrigin::signed(BOB),
				MARKET,
				Side::Buy,
				10,
				None,
				MAX_FILLS
			)),
			Error::<Test>::NoLiquidity
		);
		limit(ALICE, Side::Sell, 1000, 20);
		limit(ALICE, Side::Sell, 1100, 20);
		assert_noop!(
			err(OrderBook::place_market(
				RuntimeOrigin::signed(BOB),
				MARKET,
				Side::Buy,
				10,
				Some(900),
				MAX_FILLS
			)),
			Error::<Test>::NoLiquidity
		);
		assert_ok!(OrderBook::place_market(
			RuntimeOrigin::signed(BOB),
			MARKET,
			Side::Buy,
			30,
			Some(1000),
			MAX_FILLS
		));
		System::assert_last_event(
			Event::OrderPlaced {
				market: MARKET,
				order: None,
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
		assert_eq!(open(BOB), 0);
		// Without a limit it takes any price.
		assert_ok!(OrderBook::place_market(
			RuntimeOrigin::signed(BOB),
			MARKET,
			Side::Buy,
			10,
			None,
			MAX_FILLS
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
				order: None,
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
			err(OrderBook::place_limit(
				RuntimeOrigin::signed(who),
				MARKET,
				Side::Buy,
				price,
				amount,
				expiry,
				MAX_FILLS,
			))
		};
		assert_noop!(
			err(OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				3,
				Side::Buy,
				1000,
				10,
				None,
				MAX_FILLS
			)),
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
			err(OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Sell,
				1000,
				10,
				None,
				MAX_FILLS
			)),
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
			err(OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Buy,
				1000,
				10,
				None,
				MAX_FILLS
			)),
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
		assert_eq!(Orders::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn expired_orders_never_trade_and_are_cleaned_up_in_bounded_steps() {
	new_test_ext().execute_with(|| {
		let expiring = |who| {
			assert_ok!(OrderBook::place_limit(
				RuntimeOrigin::signed(who),
				MARKET,
				Side::Sell,
				1000,
				10,
				Some(3),
				MAX_FILLS
			));
		};
		for _ in 0..5 {
			expiring(ALICE);
		}
		for _ in 0..3 {
			expiring(DAVE);
		}
		let late = limit(BOB, Side::Sell, 1000, 10);
		System::set_block_number(4);
		let carol = free(CAROL);
		// The taker meets expired orders first: they leave the book, each a step of the cap of
		// 4, so nothing trades; the call succeeds and the four stay removed.
		assert_ok!(OrderBook::place_market(
			RuntimeOrigin::signed(CAROL),
			MARKET,
			Side::Buy,
			10,
			None,
			MAX_FILLS
		));
		System::assert_last_event(
			Event::OrderPlaced {
				market: MARKET,
				order: None,
				who: CAROL,
				side: Side::Buy,
				price: 0,
				amount: 10,
				immediate_or_cancel: true,
				outcome: Placement { filled: 0, resting: 0, cancelled: 10 },
			}
			.into(),
		);
		System::assert_has_event(
			Event::OrderClosed { order: 0, reason: CloseReason::Expired, remaining: 10 }.into(),
		);
		assert!(trades().is_empty());
		assert_eq!((free(CAROL), open(ALICE)), (carol, 1));
		// Expiry 3 is due from block 4, in the bucket starting at block 5.
		assert_noop!(
			err(OrderBook::cleanup(RuntimeOrigin::signed(CAROL), 5)),
			Error::<Test>::NothingToClean
		);
		System::set_block_number(5);
		assert_ok!(OrderBook::cleanup(RuntimeOrigin::signed(CAROL), 2));
		assert_eq!(open(ALICE) + open(DAVE), 2);
		OrderBook::on_idle(5, Weight::MAX);
		assert_eq!(open(DAVE), 0, "idle cleanup takes the rest");
		assert_eq!((free(ALICE), units(ALICE)), (INITIAL, ASSET_UNITS));
		assert_eq!((free(DAVE), units(DAVE)), (INITIAL, ASSET_UNITS));
		assert!(Orders::<Test>::contains_key(late));
		assert_ok!(OrderBook::place_market(
			RuntimeOrigin::signed(CAROL),
			MARKET,
			Side::Buy,
			10,
			None,
			MAX_FILLS
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
				None,
				MAX_FILLS
			));
		}
		assert_noop!(
			err(OrderBook::place_market(
				RuntimeOrigin::signed(DAVE),
				MARKET,
				Side::Sell,
				10,
				None,
				MAX_FILLS
			)),
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

/// Random order flow against a reference model of price-time matching, with accounts whose
/// BDES get frozen and thawed.
mod model {
	use super::*;
	use frame_support::traits::{LockableCurrency, WithdrawReasons};
	use proptest::prelude::*;
	use sp_runtime::TokenError;
	use std::collections::{BTreeMap, BTreeSet};

	const LOCK: frame_support::traits::LockIdentifier = *b"vesting ";

	#[derive(Clone, Debug)]
	enum Op {
		Limit {
			who: usize,
			buy: bool,
			ticks: u32,
			lots: u64,
			life: Option<u64>,
			cap: u32,
		},
		Ioc {
			who: usize,
			buy: bool,
			lots: u64,
			limit: Option<u32>,
			cap: u32,
		},
		Cancel {
			pick: usize,
		},
		Advance {
			blocks: u64,
		},
		/// Freezes all of an account's BDES (as a vesting schedule or a vote lock does).
		Freeze {
			who: usize,
		},
		Thaw {
			who: usize,
		},
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			5 => (0..4usize, any::<bool>(), 196u32..204, 1u64..6, prop::option::of(0u64..8), 1..=MAX_FILLS)
				.prop_map(|(who, buy, ticks, lots, life, cap)| Op::Limit { who, buy, ticks, lots, life, cap }),
			2 => (0..4usize, any::<bool>(), 1u64..8, prop::option::of(196u32..204), 1..=MAX_FILLS)
				.prop_map(|(who, buy, lots, limit, cap)| Op::Ioc { who, buy, lots, limit, cap }),
			2 => (0..64usize).prop_map(|pick| Op::Cancel { pick }),
			1 => (1u64..4).prop_map(|blocks| Op::Advance { blocks }),
			1 => (0..4usize).prop_map(|who| Op::Freeze { who }),
			1 => (0..4usize).prop_map(|who| Op::Thaw { who }),
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

	/// What the model expects of one placement, or its error.
	#[derive(Debug)]
	struct Expected {
		/// (maker id, maker, ticks, amount).
		trades: Vec<(OrderId, AccountId, u32, u64)>,
		/// Expired orders met.
		expired: Vec<OrderId>,
		/// Makers that could not settle (frozen buyers), closed.
		closed: Vec<OrderId>,
		left: u64,
		capped: bool,
	}

	fn expect(
		book: &BTreeMap<OrderId, Resting>,
		frozen: &BTreeSet<AccountId>,
		taker: AccountId,
		buy: bool,
		limit: Option<u32>,
		amount: u64,
		now: u64,
		cap: u32,
	) -> Result<Expected, DispatchError> {
		let mut makers: Vec<(OrderId, &Resting)> =
			book.iter().filter(|(_, o)| o.buy != buy).map(|(id, o)| (*id, o)).collect();
		// Price priority, then time (ids grow with time).
		makers.sort_by_key(|(id, o)| (if buy { o.ticks as i64 } else { -(o.ticks as i64) }, *id));
		let mut out = Expected {
			trades: vec![],
			expired: vec![],
			closed: vec![],
			left: amount,
			capped: false,
		};
		let mut steps = 0u32;
		for (id, maker) in makers {
			if out.left == 0 {
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
			if steps >= cap {
				out.capped = true;
				break;
			}
			steps += 1;
			if maker.expiry < now {
				out.expired.push(id);
				continue;
			}
			if maker.owner == taker {
				return Err(Error::<Test>::SelfTrade.into());
			}
			// A frozen buyer cannot pay from its hold: its order closes, a second step.
			if maker.buy && frozen.contains(&maker.owner) {
				steps += 1;
				out.closed.push(id);
				continue;
			}
			// A frozen taker cannot pay for what it buys: its own failure.
			if buy && frozen.contains(&taker) {
				return Err(TokenError::Frozen.into());
			}
			let qty = out.left.min(maker.remaining);
			out.trades.push((id, maker.owner, maker.ticks, qty));
			out.left -= qty;
		}
		Ok(out)
	}

	fn totals() -> (Balance, Balance) {
		let extra = [ReservePool::get(), OrderBook::escrow(MARKET)];
		let accounts: Vec<AccountId> = TRADERS.iter().chain(&extra).copied().collect();
		let bdes = accounts.iter().map(Balances::total_balance).sum();
		let asset = accounts.iter().map(|who| units(*who)).sum();
		(bdes, asset)
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]
		#[test]
		fn matching_follows_price_time_priority_and_funds_add_up(ops in prop::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				let start = totals();
				let mut book: BTreeMap<OrderId, Resting> = BTreeMap::new();
				let mut frozen: BTreeSet<AccountId> = BTreeSet::new();
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
						Op::Freeze { who } => {
							Balances::set_lock(LOCK, &TRADERS[who], Balance::MAX, WithdrawReasons::all());
							frozen.insert(TRADERS[who]);
						},
						Op::Thaw { who } => {
							Balances::remove_lock(LOCK, &TRADERS[who]);
							frozen.remove(&TRADERS[who]);
						},
						Op::Limit { who, buy, ticks, lots, life, cap } => {
							let taker = TRADERS[who];
							let amount = lots * LOT;
							let side = if buy { Side::Buy } else { Side::Sell };
							let expected = expect(&book, &frozen, taker, buy, Some(ticks), amount, now, cap);
							let id = NextOrderId::<Test>::get();
							let result = err(OrderBook::place_limit(
								RuntimeOrigin::signed(taker), MARKET, side, ticks as u64 * TICK, amount,
								life.map(|l| now + l),
								cap,
							));
							let resting = Resting { owner: taker, buy, ticks, remaining: 0, expiry: now + life.unwrap_or(100) };
							apply(&mut book, &frozen, expected, result, id, resting, amount, false);
						},
						Op::Ioc { who, buy, lots, limit, cap } => {
							let taker = TRADERS[who];
							let amount = lots * LOT;
							let side = if buy { Side::Buy } else { Side::Sell };
							let expected = expect(&book, &frozen, taker, buy, limit, amount, now, cap);
							let id = NextOrderId::<Test>::get();
							let result = err(OrderBook::place_market(
								RuntimeOrigin::signed(taker), MARKET, side, amount,
								limit.map(|l| l as u64 * TICK),
								cap,
							));
							let resting = Resting { owner: taker, buy, ticks: limit.unwrap_or(0), remaining: 0, expiry: now };
							apply(&mut book, &frozen, expected, result, id, resting, amount, true);
						},
					}
					assert_ok!(OrderBook::do_try_state());
					assert_eq!(totals(), start, "BDES and units are only moved, never made or lost");
				}
			});
		}
	}

	/// Ids of the orders the last call closed for `reason`.
	fn closed_for(reason: CloseReason) -> Vec<OrderId> {
		System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::OrderBook(Event::OrderClosed { order, reason: r, .. })
					if r == reason =>
				{
					Some(order)
				},
				_ => None,
			})
			.collect()
	}

	/// Checks a placement's result against the model's expectation and updates the model.
	/// `taker` is the incoming order, as it would rest.
	fn apply(
		book: &mut BTreeMap<OrderId, Resting>,
		frozen: &BTreeSet<AccountId>,
		expected: Result<Expected, DispatchError>,
		result: DispatchResult,
		id: OrderId,
		taker: Resting,
		amount: u64,
		ioc: bool,
	) {
		let expected = match expected {
			Err(e) => {
				assert_eq!(result, Err(e));
				return;
			},
			Ok(x) => x,
		};
		let Expected { trades: trades_expected, expired, closed, left, capped } = expected;
		let filled = amount - left;
		let removed = expired.len() + closed.len();
		// Removals made on the way stand, so the call fails only if it did nothing.
		let must_fail_no_liquidity = left > 0 && (ioc || capped) && filled == 0 && removed == 0;
		let rests = left > 0 && !ioc && !capped;
		let open = book
			.iter()
			.filter(|(id, o)| o.owner == taker.owner && !expired.contains(id))
			.count() as u32;
		if must_fail_no_liquidity {
			assert_eq!(result, Err(Error::<Test>::NoLiquidity.into()));
			return;
		}
		if rests && open >= MAX_OPEN {
			assert_eq!(result, Err(Error::<Test>::TooManyOrders.into()));
			return;
		}
		if rests && taker.buy && frozen.contains(&taker.owner) {
			assert_eq!(result, Err(Error::<Test>::NotSpendable.into()));
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
					assert_eq!(t, taker.owner);
					Some((maker_order, maker, (price / TICK) as u32, amount))
				},
				_ => None,
			})
			.collect();
		assert_eq!(events, trades_expected, "trades follow price-time priority");
		assert_eq!(closed_for(CloseReason::Expired), expired, "expired orders met leave");
		assert_eq!(closed_for(CloseReason::CannotSettle), closed, "unpayable makers close");
		for (maker_id, _, maker_ticks, qty) in trades_expected {
			// Each trade is at the maker's price, within the taker's limit.
			if !ioc || taker.ticks != 0 {
				assert!(if taker.buy {
					maker_ticks <= taker.ticks
				} else {
					maker_ticks >= taker.ticks
				});
			}
			let maker = book.get_mut(&maker_id).expect("a traded maker rests");
			assert_eq!(maker.ticks, maker_ticks);
			maker.remaining -= qty;
			if maker.remaining == 0 {
				book.remove(&maker_id);
			}
		}
		for id in expired.iter().chain(&closed) {
			book.remove(id);
		}
		if rests {
			book.insert(id, Resting { remaining: left, ..taker });
		}
	}
}

/// Issue 11: frozen and full accounts, many markets, walls of expired orders, weights.
mod value_safety {
	use super::*;
	use frame_support::{
		dispatch::GetDispatchInfo,
		traits::{Currency, LockableCurrency, WithdrawReasons},
		BoundedVec,
	};
	use sp_runtime::{traits::AccountIdConversion, TokenError};

	const VESTING: frame_support::traits::LockIdentifier = *b"vesting ";
	/// The second market: a non-sufficient asset, as share tokens are.
	const SHARES: u32 = 8;
	const SHARE_MARKET: MarketId = 1;
	const EVE: AccountId = 5;

	/// Freezes all of `who`'s BDES but `spendable`, as a vesting schedule does (pallet-vesting
	/// sets a lock).
	fn lock_all_but(who: AccountId, spendable: Balance) {
		let total = <Balances as Currency<AccountId>>::total_balance(&who);
		Balances::set_lock(VESTING, &who, total - spendable, WithdrawReasons::all());
	}
	fn fund(who: AccountId) {
		let _ = Balances::deposit_creating(&who, INITIAL);
	}
	fn new_asset(id: u32) {
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, ALICE, false, MIN_BALANCE));
	}
	fn mint(asset: u32, who: AccountId, amount: Balance) {
		assert_ok!(<Assets as frame_support::traits::fungibles::Mutate<AccountId>>::mint_into(
			asset, &who, amount
		));
	}
	fn shares(who: AccountId) -> Balance {
		<Assets as AssetsInspect<AccountId>>::balance(SHARES, &who)
	}
	/// A market in a non-sufficient asset; the traders hold some of it.
	fn share_market() {
		new_asset(SHARES);
		for who in TRADERS {
			mint(SHARES, who, ASSET_UNITS);
		}
		assert_ok!(OrderBook::create_market(RuntimeOrigin::root(), SHARES, TICK, LOT, params()));
	}
	/// Takes every consumer reference `who` has left.
	fn exhaust_consumers(who: AccountId) {
		while System::inc_consumers(&who).is_ok() {}
	}
	fn place(
		who: AccountId,
		market: MarketId,
		side: Side,
		price: Balance,
		amount: Balance,
	) -> DispatchResultWithPostInfo {
		OrderBook::place_limit(
			RuntimeOrigin::signed(who),
			market,
			side,
			price,
			amount,
			None,
			MAX_FILLS,
		)
	}
	fn closed(order: OrderId, reason: CloseReason, remaining: Balance) -> RuntimeEvent {
		Event::OrderClosed { order, reason, remaining }.into()
	}
	/// A one-lot ask of `who` expiring after block `expiry`.
	fn ask_until(who: AccountId, expiry: u64) -> OrderId {
		let id = NextOrderId::<Test>::get();
		assert_ok!(OrderBook::place_limit(
			RuntimeOrigin::signed(who),
			MARKET,
			Side::Sell,
			1000,
			LOT,
			Some(expiry),
			MAX_FILLS
		));
		id
	}
	/// Queues orders so that cleanup at block 15 meets two empty buckets (5 and 10, emptied by
	/// cancels) and then three due orders (bucket 15).
	fn empty_buckets_then_three_due() {
		let a = ask_until(ALICE, 3);
		let b = ask_until(DAVE, 5);
		for who in [ALICE, BOB, CAROL] {
			ask_until(who, 10);
		}
		assert_ok!(OrderBook::cancel(RuntimeOrigin::signed(ALICE), a));
		assert_ok!(OrderBook::cancel(RuntimeOrigin::signed(DAVE), b));
		System::set_block_number(15);
	}

	#[test]
	fn a_vested_buy_one_tick_above_the_best_bid_blocks_no_seller() {
		new_test_ext().execute_with(|| {
			limit(CAROL, Side::Buy, 1000, 20);
			// Dave can spend 100: his 1-lot buy at 1005 would hold 1,010 with its fee and
			// deposit, which his hold could never pay.
			lock_all_but(DAVE, 100);
			assert_noop!(
				err(place(DAVE, MARKET, Side::Buy, 1005, 10)),
				Error::<Test>::NotSpendable
			);
			assert_eq!((held_buy(DAVE), held_deposit(DAVE)), (0, 0));
			// Within what he can spend he still bids (one lot at 5 holds 5 + 5).
			let small = limit(DAVE, Side::Buy, 5, 10);
			assert_ok!(place(BOB, MARKET, Side::Sell, 1000, 10));
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(BOB),
				MARKET,
				Side::Sell,
				10,
				Some(1000),
				MAX_FILLS
			));
			assert_eq!(trades(), vec![(CAROL, BOB, 1000, 10), (CAROL, BOB, 1000, 10)]);
			assert!(Orders::<Test>::contains_key(small));
			check();
		});
	}

	#[test]
	fn a_second_buy_cannot_lean_on_the_first_ones_hold() {
		new_test_ext().execute_with(|| {
			// 2,100 spendable; each 1-lot buy at 1000 holds 1,010. Checked one at a time
			// against `reducible_balance` (which counts holds towards the freeze) every one of
			// them would pass; all of them together must be payable.
			lock_all_but(DAVE, 2_100);
			limit(DAVE, Side::Buy, 1000, 10);
			limit(DAVE, Side::Buy, 1000, 10);
			assert_noop!(
				err(place(DAVE, MARKET, Side::Buy, 1000, 10)),
				Error::<Test>::NotSpendable
			);
			assert_eq!(held_buy(DAVE), 2 * 1005);
			// Both resting bids settle.
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(BOB),
				MARKET,
				Side::Sell,
				20,
				None,
				MAX_FILLS
			));
			assert_eq!(trades(), vec![(DAVE, BOB, 1000, 10), (DAVE, BOB, 1000, 10)]);
			assert_eq!(held_buy(DAVE), 0);
			check();
		});
	}

	#[test]
	fn a_maker_frozen_after_resting_is_closed_and_the_seller_trades_on() {
		new_test_ext().execute_with(|| {
			limit(CAROL, Side::Buy, 1000, 20);
			let dave = limit(DAVE, Side::Buy, 1005, 10);
			// A new lock (a vesting schedule merged, a vote) freezes what backs his bid.
			lock_all_but(DAVE, 0);
			let (bob, bob_units, carol) = (free(BOB), units(BOB), free(CAROL));
			assert_ok!(place(BOB, MARKET, Side::Sell, 1000, 10));
			System::assert_has_event(closed(dave, CloseReason::CannotSettle, 10));
			assert_eq!(trades(), vec![(CAROL, BOB, 1000, 10)]);
			// Dave has everything back; Bob sold to Carol at her price, less 1%.
			assert!(!Orders::<Test>::contains_key(dave));
			assert_eq!((held_buy(DAVE), held_deposit(DAVE), free(DAVE)), (0, 0, INITIAL));
			assert_eq!((free(BOB), units(BOB)), (bob + 1000 - 10, bob_units - 10));
			assert_eq!(free(CAROL), carol);
			assert_eq!(units(CAROL), ASSET_UNITS + 10);
			// The same through an immediate-or-cancel sell.
			Balances::remove_lock(VESTING, &DAVE);
			let dave = limit(DAVE, Side::Buy, 1005, 10);
			lock_all_but(DAVE, 0);
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(BOB),
				MARKET,
				Side::Sell,
				20,
				None,
				MAX_FILLS
			));
			assert!(!Orders::<Test>::contains_key(dave));
			assert_eq!(trades().last(), Some(&(CAROL, BOB, 1000, 10)));
			check();
		});
	}

	#[test]
	fn a_buyer_at_the_consumer_limit_blocks_no_seller() {
		new_test_ext().execute_with(|| {
			share_market();
			fund(EVE);
			assert_ok!(place(CAROL, SHARE_MARKET, Side::Buy, 1000, 10));
			let eve = NextOrderId::<Test>::get();
			assert_ok!(place(EVE, SHARE_MARKET, Side::Buy, 1005, 10));
			// Eve cannot open an account of the share token any more.
			exhaust_consumers(EVE);
			let bob = shares(BOB);
			assert_ok!(place(BOB, SHARE_MARKET, Side::Sell, 1000, 10));
			System::assert_has_event(closed(eve, CloseReason::CannotSettle, 10));
			assert_eq!(trades(), vec![(CAROL, BOB, 1000, 10)]);
			assert_eq!((held_buy(EVE), held_deposit(EVE), free(EVE)), (0, 0, INITIAL));
			assert_eq!((shares(BOB), shares(CAROL), shares(EVE)), (bob - 10, ASSET_UNITS + 10, 0));
			check();
		});
	}

	#[test]
	fn a_takers_own_failure_closes_no_maker() {
		new_test_ext().execute_with(|| {
			share_market();
			fund(EVE);
			let ask = NextOrderId::<Test>::get();
			assert_ok!(place(CAROL, SHARE_MARKET, Side::Sell, 1000, 10));
			// Eve cannot receive the token: her buy fails, Carol's ask stays.
			exhaust_consumers(EVE);
			assert_noop!(
				err(place(EVE, SHARE_MARKET, Side::Buy, 1000, 10)),
				TokenError::CannotCreate
			);
			// Dave's BDES are frozen: his buy fails, Carol's ask stays.
			lock_all_but(DAVE, 0);
			assert_noop!(
				err(OrderBook::place_market(
					RuntimeOrigin::signed(DAVE),
					SHARE_MARKET,
					Side::Buy,
					10,
					None,
					MAX_FILLS
				)),
				TokenError::Frozen
			);
			assert!(Orders::<Test>::contains_key(ask));
			check();
		});
	}

	#[test]
	fn an_expired_ask_whose_owner_cannot_take_units_back_blocks_no_buyer() {
		new_test_ext().execute_with(|| {
			share_market();
			fund(EVE);
			mint(SHARES, EVE, LOT);
			assert_ok!(place(CAROL, SHARE_MARKET, Side::Sell, 1000, 10));
			// Eve's whole balance goes to escrow: her account of the token closes.
			let eve = NextOrderId::<Test>::get();
			assert_ok!(OrderBook::place_limit(
				RuntimeOrigin::signed(EVE),
				SHARE_MARKET,
				Side::Sell,
				995,
				LOT,
				Some(3),
				MAX_FILLS
			));
			exhaust_consumers(EVE);
			System::set_block_number(4);
			let escrow = OrderBook::escrow(SHARE_MARKET);
			assert_ok!(place(BOB, SHARE_MARKET, Side::Buy, 1000, 10));
			assert_eq!(trades(), vec![(CAROL, BOB, 1000, 10)]);
			// Eve's units stay in escrow for her, with her order's deposit paying the record.
			System::assert_has_event(closed(eve, CloseReason::Expired, LOT));
			System::assert_has_event(
				Event::UnitsKept { who: EVE, market: SHARE_MARKET, amount: LOT }.into(),
			);
			assert_eq!(
				Unreturned::<Test>::get(EVE, SHARE_MARKET),
				Some(UnreturnedUnits { amount: LOT, deposit: ORDER_DEPOSIT })
			);
			assert_eq!((shares(EVE), shares(escrow), held_deposit(EVE)), (0, LOT, ORDER_DEPOSIT));
			check();
			assert_noop!(
				OrderBook::claim_units(RuntimeOrigin::signed(EVE), SHARE_MARKET),
				TokenError::CannotCreate
			);
			assert_noop!(
				OrderBook::claim_units(RuntimeOrigin::signed(BOB), SHARE_MARKET),
				Error::<Test>::NothingToClaim
			);
			// Once she frees a consumer reference she claims them.
			System::dec_consumers(&EVE);
			System::dec_consumers(&EVE);
			assert_ok!(OrderBook::claim_units(RuntimeOrigin::signed(EVE), SHARE_MARKET));
			System::assert_last_event(
				Event::UnitsClaimed { who: EVE, market: SHARE_MARKET, amount: LOT }.into(),
			);
			assert_eq!((shares(EVE), shares(escrow), held_deposit(EVE)), (LOT, 0, 0));
			assert_eq!(free(EVE), INITIAL);
			assert!(!Unreturned::<Test>::contains_key(EVE, SHARE_MARKET));
			check();
		});
	}

	#[test]
	fn kept_units_of_one_owner_and_market_share_one_record_and_deposit() {
		new_test_ext().execute_with(|| {
			share_market();
			fund(EVE);
			mint(SHARES, EVE, 2 * LOT);
			let first = NextOrderId::<Test>::get();
			for _ in 0..2 {
				assert_ok!(place(EVE, SHARE_MARKET, Side::Sell, 1000, LOT));
			}
			exhaust_consumers(EVE);
			assert_eq!(held_deposit(EVE), 2 * ORDER_DEPOSIT);
			assert_ok!(OrderBook::cancel(RuntimeOrigin::signed(EVE), first));
			assert_ok!(OrderBook::force_cancel(RuntimeOrigin::root(), first + 1));
			assert_eq!(
				Unreturned::<Test>::get(EVE, SHARE_MARKET),
				Some(UnreturnedUnits { amount: 2 * LOT, deposit: ORDER_DEPOSIT })
			);
			assert_eq!(held_deposit(EVE), ORDER_DEPOSIT);
			check();
		});
	}

	#[test]
	fn a_hundred_markets_each_with_a_resting_ask_all_trade() {
		new_test_ext().execute_with(|| {
			// The pallet account exists, as the runtime's genesis opens it: one escrow for
			// every market took one consumer reference per asset and failed at the 16th.
			let pallet: AccountId = OrderBookPalletId::get().into_account_truncating();
			fund(pallet);
			let traders = |i: u32| (10_000 + i as AccountId, 20_000 + i as AccountId);
			for i in 0..100u32 {
				let (asset, (seller, buyer)) = (100 + i, traders(i));
				new_asset(asset);
				fund(seller);
				fund(buyer);
				mint(asset, seller, LOT);
				assert_ok!(OrderBook::create_market(
					RuntimeOrigin::root(),
					asset,
					TICK,
					LOT,
					params()
				));
				let market = NextMarketId::<Test>::get() - 1;
				if let Err(e) = place(seller, market, Side::Sell, 1000, LOT) {
					panic!("the ask in market {market} failed: {e:?}");
				}
				assert_eq!(
					<Assets as AssetsInspect<AccountId>>::balance(
						asset,
						&OrderBook::escrow(market)
					),
					LOT
				);
			}
			check();
			for i in 0..100u32 {
				let (seller, buyer) = traders(i);
				assert_ok!(place(buyer, i + 1, Side::Buy, 1000, LOT));
				assert_eq!(trades().last(), Some(&(seller, buyer, 1000, LOT)));
				assert_eq!(<Assets as AssetsInspect<AccountId>>::balance(100 + i, &buyer), LOT);
			}
			assert_eq!(trades().len(), 100);
			check();
		});
	}

	#[test]
	fn escrow_accounts_are_distinct_and_open() {
		new_test_ext().execute_with(|| {
			<OrderBook as Hooks<u64>>::integrity_test();
			assert_ok!(OrderBook::create_market(RuntimeOrigin::root(), ASSET, TICK, LOT, params()));
			let (first, second) = (OrderBook::escrow(0), OrderBook::escrow(1));
			assert!(first != second);
			// Sub-account 0 encodes as the pallet account itself.
			let pallet: AccountId = OrderBookPalletId::get().into_account_truncating();
			assert_eq!(first, pallet);
			assert_eq!((System::providers(&first), System::providers(&second)), (1, 1));
			// It holds no BDES: nothing to reap or dust.
			assert_eq!(<Balances as Currency<AccountId>>::total_balance(&second), 0);
		});
	}

	/// 32 one-lot asks one tick under the best ask, expiring at block 5: their bucket is due at
	/// block 10. Returns their ids.
	fn expired_wall() -> Vec<OrderId> {
		limit(BOB, Side::Sell, 1000, 10);
		let wall = (0..32u128)
			.map(|i| {
				let who = 100 + i;
				fund(who);
				assert_ok!(Assets::transfer(RuntimeOrigin::signed(ALICE), ASSET, who, LOT));
				let id = NextOrderId::<Test>::get();
				assert_ok!(OrderBook::place_limit(
					RuntimeOrigin::signed(who),
					MARKET,
					Side::Sell,
					995,
					LOT,
					Some(5),
					MAX_FILLS
				));
				id
			})
			.collect();
		System::set_block_number(6);
		wall
	}

	#[test]
	fn a_wall_of_expired_asks_does_not_block_a_crossing_buy() {
		new_test_ext().execute_with(|| {
			let wall = expired_wall();
			assert_noop!(
				err(OrderBook::cleanup(RuntimeOrigin::signed(CAROL), 32)),
				Error::<Test>::NothingToClean
			);
			// Each crossing buy removes what its cap allows, and the removals stand.
			for _ in 0..8 {
				assert_ok!(OrderBook::place_market(
					RuntimeOrigin::signed(CAROL),
					MARKET,
					Side::Buy,
					10,
					Some(1000),
					MAX_FILLS
				));
			}
			assert!(wall.iter().all(|id| !Orders::<Test>::contains_key(id)));
			assert!(trades().is_empty());
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(CAROL),
				MARKET,
				Side::Buy,
				10,
				Some(1000),
				MAX_FILLS
			));
			assert_eq!(trades(), vec![(BOB, CAROL, 1000, 10)]);
			check();
		});
	}

	#[test]
	fn anyone_removes_named_expired_orders_at_once() {
		new_test_ext().execute_with(|| {
			let wall = expired_wall();
			let best = NextOrderId::<Test>::get() - 33;
			let ids = |ids: &[OrderId]| BoundedVec::try_from(ids.to_vec()).unwrap();
			assert_noop!(
				OrderBook::remove_expired(RuntimeOrigin::none(), ids(&wall[..4])),
				DispatchError::BadOrigin
			);
			assert_noop!(
				OrderBook::remove_expired(RuntimeOrigin::signed(DAVE), ids(&[wall[0], best])),
				Error::<Test>::NotExpired
			);
			let owner_free = free(100);
			let charged = crate::Call::<Test>::remove_expired { order_ids: ids(&wall[..4]) }
				.get_dispatch_info()
				.call_weight;
			for chunk in wall.chunks(MAX_FILLS as usize) {
				let used = OrderBook::remove_expired(RuntimeOrigin::signed(DAVE), ids(chunk));
				assert!(used.unwrap().actual_weight.unwrap().all_lte(charged));
			}
			System::assert_has_event(closed(wall[0], CloseReason::Expired, LOT));
			assert_eq!(
				(free(100), units(100), held_deposit(100)),
				(owner_free + ORDER_DEPOSIT, LOT, 0)
			);
			// Named again (or twice): nothing rests any more.
			assert_noop!(
				OrderBook::remove_expired(RuntimeOrigin::signed(DAVE), ids(&[wall[0], wall[0]])),
				Error::<Test>::NothingToClean
			);
			assert_eq!(escrow(), 10);
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(CAROL),
				MARKET,
				Side::Buy,
				10,
				Some(1000),
				MAX_FILLS
			));
			assert_eq!(trades(), vec![(BOB, CAROL, 1000, 10)]);
			check();
		});
	}

	#[test]
	fn cleanup_never_reports_more_weight_than_it_charged() {
		new_test_ext().execute_with(|| {
			empty_buckets_then_three_due();
			// Four looks before the three: two buckets whose orders were cancelled, each a look
			// at the cancelled order's entry and one at the emptied bucket.
			let charged = crate::Call::<Test>::cleanup { limit: 5 }.get_dispatch_info().call_weight;
			let used = OrderBook::cleanup(RuntimeOrigin::signed(DAVE), 5).unwrap();
			assert_eq!(open(BOB), 0, "the three due orders went");
			let used = used.actual_weight.unwrap();
			assert!(used.all_lte(charged), "used {used:?}, charged {charged:?}");
		});
	}

	#[test]
	fn idle_cleanup_stays_within_its_budget() {
		new_test_ext().execute_with(|| {
			empty_buckets_then_three_due();
			let w = |n| <() as crate::WeightInfo>::cleanup(n);
			let look = <Test as frame_system::Config>::DbWeight::get().reads_writes(2, 1);
			let budget = w(0) + look + (w(1) - w(0)) * 3;
			let used = OrderBook::on_idle(15, budget);
			assert!(used.all_lte(budget), "used {used:?} of {budget:?}");
			// Whatever the budget, it removes what it may.
			OrderBook::on_idle(15, Weight::MAX);
			assert_eq!(open(BOB), 0);
		});
	}

	#[test]
	fn a_placement_refused_early_pays_only_what_it_used() {
		new_test_ext().execute_with(|| {
			let call = crate::Call::<Test>::place_limit {
				market: MARKET,
				side: Side::Buy,
				price: 1000,
				amount: 15,
				expiry: None,
				max_fills: MAX_FILLS,
			};
			let charged = call.get_dispatch_info().call_weight;
			let err = OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Buy,
				1000,
				15,
				None,
				MAX_FILLS,
			)
			.unwrap_err();
			assert_eq!(err.error, Error::<Test>::InvalidAmount.into());
			let used = err.post_info.actual_weight.expect("the weight it used");
			assert_eq!(used, <() as crate::WeightInfo>::place_rejected());
			assert!(used.all_lt(charged) && used.ref_time() * 10 < charged.ref_time());
			// Too many orders: refused after matching, it pays for the steps it made.
			for _ in 0..MAX_OPEN {
				limit(ALICE, Side::Buy, 900, 10);
			}
			limit(BOB, Side::Sell, 1000, 10);
			let err = OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Buy,
				1000,
				20,
				None,
				MAX_FILLS,
			)
			.unwrap_err();
			assert_eq!(err.error, Error::<Test>::TooManyOrders.into());
			// Bob's ask was the only one: its fill removed all four index words, the failed
			// rest wrote none, and three of the seven words the weight counts are refunded.
			let db = <Test as frame_system::Config>::DbWeight::get();
			assert_eq!(
				err.post_info.actual_weight,
				Some(<() as crate::WeightInfo>::place_limit(1) - db.writes(3))
			);
			let err = OrderBook::place_market(
				RuntimeOrigin::signed(CAROL),
				MARKET,
				Side::Buy,
				10,
				Some(995),
				MAX_FILLS,
			)
			.unwrap_err();
			assert_eq!(err.error, Error::<Test>::NoLiquidity.into());
			assert_eq!(
				err.post_info.actual_weight,
				Some(<() as crate::WeightInfo>::place_market(0))
			);
		});
	}
}

/// Issue 13: what a placement writes. The whole state is compared before and after a call:
/// every key whose value changed, was added or removed, named by its storage item. (A write of
/// an unchanged value does not show; the benchmarks count those.)
mod writes {
	use super::*;
	use std::collections::BTreeMap;

	fn state() -> BTreeMap<Vec<u8>, Vec<u8>> {
		let mut out = BTreeMap::new();
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			if let Some(value) = sp_io::storage::get(&next) {
				out.insert(next.clone(), value.to_vec());
			}
			key = next;
		}
		out
	}

	fn item_of(key: &[u8]) -> String {
		let items: &[(&str, &[&str])] = &[
			("System", &["Account"]),
			("Balances", &["Holds", "Freezes", "Locks"]),
			("Assets", &["Asset", "Account"]),
			(
				"OrderBook",
				&[
					"NextMarketId",
					"Markets",
					"NextOrderId",
					"Orders",
					"Levels",
					"PriceIndex",
					"OrdersOf",
					"OpenOrderCount",
					"AccountOrders",
					"LastOrderAt",
					"Listed",
					"Expiries",
					"CleanupCursor",
					"Trades",
					"TradeCount",
					"Unreturned",
				],
			),
		];
		for (pallet, names) in items {
			for name in *names {
				let prefix =
					frame_support::storage::storage_prefix(pallet.as_bytes(), name.as_bytes());
				if key.starts_with(&prefix) {
					return format!("{pallet}::{name}");
				}
			}
		}
		let events = frame_support::storage::storage_prefix(b"System", b"Event");
		if key.starts_with(&events[..16]) {
			// The System pallet's own bookkeeping (events, counters).
			return "System::(other)".into();
		}
		format!("unknown {}", sp_core::hexdisplay::HexDisplay::from(&key))
	}

	/// The storage items (one entry per key) that `call` changed, sorted; the System pallet's
	/// events and counters left out.
	fn changed_by(call: impl FnOnce()) -> Vec<String> {
		let before = state();
		call();
		let after = state();
		let mut changed: Vec<String> = before
			.keys()
			.chain(after.keys())
			.filter(|key| before.get(*key) != after.get(*key))
			.collect::<std::collections::BTreeSet<_>>()
			.into_iter()
			.map(|key| item_of(key))
			.filter(|item| item != "System::(other)")
			.collect();
		changed.sort();
		changed
	}

	fn items(list: &[&str]) -> Vec<String> {
		let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
		list.sort();
		list
	}

	#[test]
	fn a_resting_order_at_a_known_price_changes_eight_keys() {
		new_test_ext().execute_with(|| {
			limit(ALICE, Side::Buy, 1000, 10);
			let changed = changed_by(|| {
				limit(BOB, Side::Buy, 1000, 10);
			});
			// Its record and its predecessor's link, the level, the account's list, the expiry
			// queue, the id counter, and the hold (the holds and the account's balance).
			assert_eq!(
				changed,
				items(&[
					"OrderBook::NextOrderId",
					"OrderBook::Orders",
					"OrderBook::Orders",
					"OrderBook::Levels",
					"OrderBook::AccountOrders",
					"OrderBook::Expiries",
					"Balances::Holds",
					"System::Account",
				])
			);
			check();
		});
	}

	#[test]
	fn a_fill_that_does_not_rest_changes_only_the_trade_and_the_makers_removal() {
		new_test_ext().execute_with(|| {
			limit(ALICE, Side::Sell, 1000, 10);
			limit(BOB, Side::Sell, 1000, 10);
			let changed = changed_by(|| {
				limit(DAVE, Side::Buy, 1000, 10);
			});
			assert_eq!(trades(), vec![(ALICE, DAVE, 1000, 10)]);
			assert_eq!(
				changed,
				items(&[
					// The trade: units from escrow to Dave, BDES from Dave to Alice and the pool.
					"Assets::Account",
					"Assets::Account",
					"System::Account",
					"System::Account",
					"System::Account",
					"OrderBook::TradeCount",
					"OrderBook::Trades",
					// Alice's order leaves: its record, Bob's link to it, the level, her list,
					// her deposit's hold (its queue entry waits for cleanup).
					"OrderBook::Orders",
					"OrderBook::Orders",
					"OrderBook::Levels",
					"OrderBook::AccountOrders",
					"Balances::Holds",
				])
			);
			check();
		});
	}

	#[test]
	fn a_rest_is_refunded_the_writes_its_benchmark_made_and_it_did_not() {
		new_test_ext().execute_with(|| {
			let rest = |who, side| {
				OrderBook::place_limit(RuntimeOrigin::signed(who), MARKET, side, 1000, 10, None, 1)
					.unwrap()
					.actual_weight
					.unwrap()
			};
			let bid = |who| {
				OrderBook::place_limit(
					RuntimeOrigin::signed(who),
					MARKET,
					Side::Buy,
					900,
					10,
					None,
					1,
				)
				.unwrap()
				.actual_weight
				.unwrap()
			};
			let db = <Test as frame_system::Config>::DbWeight::get();
			// The first ask opens the escrow's account of the asset and sets the cleanup
			// cursor, in a level and index words of its own: the whole benchmark.
			let mut used = Weight::zero();
			let changed = changed_by(|| used = rest(ALICE, Side::Sell));
			assert!(changed.contains(&"Assets::Asset".to_string()));
			assert!(changed.contains(&"OrderBook::CleanupCursor".to_string()));
			assert_eq!(used, <() as crate::WeightInfo>::rest_sell());
			// The next one at that price writes no index word, no cursor and opens nothing.
			let changed = changed_by(|| used = rest(BOB, Side::Sell));
			assert_eq!(
				changed,
				items(&[
					"OrderBook::NextOrderId",
					"OrderBook::Orders",
					"OrderBook::Orders",
					"OrderBook::Levels",
					"OrderBook::AccountOrders",
					"OrderBook::Expiries",
					"Assets::Account",
					"Assets::Account",
					"Balances::Holds",
					"System::Account",
				])
			);
			let skipped = u64::from(REST_INDEX_WORDS) + 3;
			assert_eq!(used, <() as crate::WeightInfo>::rest_sell() - db.writes(skipped));
			// A bid below them: no cursor write either.
			let changed = changed_by(|| used = bid(CAROL));
			assert!(!changed.contains(&"OrderBook::CleanupCursor".to_string()));
			let skipped = u64::from(REST_INDEX_WORDS) + 1
				- changed.iter().filter(|k| *k == "OrderBook::PriceIndex").count() as u64;
			assert_eq!(used, <() as crate::WeightInfo>::rest_buy() - db.writes(skipped));
			check();
		});
	}

	#[test]
	fn orders_that_leave_early_keep_their_queue_entry_until_cleanup_reaches_it() {
		new_test_ext().execute_with(|| {
			let filled = limit(ALICE, Side::Sell, 1000, 10);
			limit(DAVE, Side::Buy, 1000, 10);
			let cancelled = limit(BOB, Side::Buy, 900, 10);
			assert_ok!(OrderBook::cancel(RuntimeOrigin::signed(BOB), cancelled));
			let bucket = OrderBook::bucket_of(System::block_number() + 100);
			assert!(Expiries::<Test>::contains_key(bucket, filled));
			assert!(Expiries::<Test>::contains_key(bucket, cancelled));
			check();
			let balances = [ALICE, BOB, DAVE].map(|who| (free(who), units(who)));
			System::reset_events();

			run_to(bucket);
			assert_eq!(Expiries::<Test>::iter().count(), 0);
			assert!(System::events().is_empty(), "nothing left the book: no events");
			assert_eq!([ALICE, BOB, DAVE].map(|who| (free(who), units(who))), balances);
			check();
		});
	}

	#[test]
	fn a_resting_order_at_a_new_price_adds_the_index_words_it_needs() {
		new_test_ext().execute_with(|| {
			limit(ALICE, Side::Buy, 1000, 10);
			// 200 and 201 ticks share their leaf word: one more bit in it.
			let changed = changed_by(|| {
				limit(BOB, Side::Buy, 1005, 10);
			});
			let index = changed.iter().filter(|i| *i == "OrderBook::PriceIndex").count();
			assert_eq!(index, 1);
			assert_eq!(changed.len(), 8, "{changed:?}");
			check();
		});
	}

	#[test]
	fn without_recent_trades_a_fill_writes_no_trade_record() {
		new_test_ext().execute_with(|| {
			RecentTradeSlots::set(&0);
			limit(ALICE, Side::Sell, 1000, 10);
			let changed = changed_by(|| {
				limit(DAVE, Side::Buy, 1000, 10);
			});
			assert_eq!(trades(), vec![(ALICE, DAVE, 1000, 10)]);
			assert!(!changed.iter().any(|i| i.starts_with("OrderBook::Trade")), "{changed:?}");
			assert!(OrderBook::recent_trades(MARKET, 10).is_empty());
			check();
		});
	}
}

/// Issue 13: what a placement is charged before dispatch and refunded to after.
mod charge {
	use super::*;
	use frame_support::dispatch::GetDispatchInfo;

	fn w() -> (Weight, Weight) {
		(<() as crate::WeightInfo>::place_limit(2), <() as crate::WeightInfo>::place_market(2))
	}

	#[test]
	fn a_placement_asking_for_one_fill_is_charged_for_one_step_and_one_to_spare() {
		new_test_ext().execute_with(|| {
			let call = crate::Call::<Test>::place_limit {
				market: MARKET,
				side: Side::Buy,
				price: 1000,
				amount: 10,
				expiry: None,
				max_fills: 1,
			};
			let (limit2, market2) = w();
			assert_eq!(call.get_dispatch_info().call_weight, limit2.max(market2));
		});
	}

	#[test]
	fn a_limit_order_that_does_not_rest_pays_for_its_matching_only() {
		new_test_ext().execute_with(|| {
			limit(ALICE, Side::Sell, 1000, 10);
			let used = OrderBook::place_limit(
				RuntimeOrigin::signed(DAVE),
				MARKET,
				Side::Buy,
				1000,
				10,
				None,
				MAX_FILLS,
			)
			.unwrap();
			assert_eq!(trades(), vec![(ALICE, DAVE, 1000, 10)]);
			assert_eq!(used.actual_weight, Some(<() as crate::WeightInfo>::place_market(1)));
		});
	}

	/// `n` writes of the mock's database.
	fn writes(n: u64) -> Weight {
		<Test as frame_system::Config>::DbWeight::get().writes(n)
	}
	fn rested(steps: u32) -> Weight {
		<() as crate::WeightInfo>::place_limit(steps)
	}
	fn rest_buy() -> Weight {
		<() as crate::WeightInfo>::rest_buy()
	}
	fn matched(steps: u32) -> Weight {
		<() as crate::WeightInfo>::place_market(steps)
	}
	fn limit_call(price: Balance, amount: Balance, max_fills: u32) -> crate::Call<Test> {
		crate::Call::<Test>::place_limit {
			market: MARKET,
			side: Side::Buy,
			price,
			amount,
			expiry: None,
			max_fills,
		}
	}
	fn market_call(amount: Balance, max_fills: u32) -> crate::Call<Test> {
		crate::Call::<Test>::place_market {
			market: MARKET,
			side: Side::Buy,
			amount,
			limit: None,
			max_fills,
		}
	}

	#[test]
	fn the_charge_grows_with_the_fills_asked_for() {
		new_test_ext().execute_with(|| {
			let mut last = (Weight::zero(), Weight::zero());
			for max_fills in 1..=MAX_FILLS {
				let limit = limit_call(1000, 10, max_fills).get_dispatch_info().call_weight;
				let market = market_call(10, max_fills).get_dispatch_info().call_weight;
				assert_eq!(limit, rested(max_fills + 1).max(matched(max_fills + 1)));
				assert_eq!(market, matched(max_fills + 1));
				assert!(limit.all_gt(last.0) && market.all_gt(last.1), "at {max_fills}");
				last = (limit, market);
			}
			// A cap above `MaxFills` is charged as `MaxFills` (and refused, see below).
			let too_high = limit_call(1000, 10, MAX_FILLS + 7).get_dispatch_info().call_weight;
			assert_eq!(too_high, last.0);
		});
	}

	#[test]
	fn fill_caps_of_zero_or_above_max_fills_are_refused_for_what_they_read() {
		new_test_ext().execute_with(|| {
			limit(ALICE, Side::Sell, 1000, 10);
			let rejected = <() as crate::WeightInfo>::place_rejected();
			for (max_fills, error) in
				[(0, Error::<Test>::ZeroFillCap), (MAX_FILLS + 1, Error::<Test>::FillCapTooHigh)]
			{
				let error: DispatchError = error.into();
				assert_noop!(
					err(OrderBook::place_limit(
						RuntimeOrigin::signed(BOB),
						MARKET,
						Side::Buy,
						1000,
						10,
						None,
						max_fills
					)),
					error
				);
				assert_noop!(
					err(OrderBook::place_market(
						RuntimeOrigin::signed(BOB),
						MARKET,
						Side::Buy,
						10,
						None,
						max_fills
					)),
					error
				);
				let e = OrderBook::place_market(
					RuntimeOrigin::signed(BOB),
					MARKET,
					Side::Buy,
					10,
					None,
					max_fills,
				)
				.unwrap_err();
				assert_eq!(e.post_info.actual_weight, Some(rejected));
			}
			// The largest cap is allowed.
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(BOB),
				MARKET,
				Side::Buy,
				10,
				None,
				MAX_FILLS
			));
			assert_eq!(trades(), vec![(ALICE, BOB, 1000, 10)]);
		});
	}

	#[test]
	fn the_callers_cap_stops_matching_a_crossing_rest_is_dropped_the_rest_rests() {
		new_test_ext().execute_with(|| {
			for who in [ALICE, BOB, CAROL] {
				limit(who, Side::Sell, 1000, 10);
			}
			// Two fills asked for, three asks crossing: the third lot would cross the book.
			let placed = OrderBook::place_limit(
				RuntimeOrigin::signed(DAVE),
				MARKET,
				Side::Buy,
				1000,
				30,
				None,
				2,
			)
			.unwrap();
			assert_eq!(trades(), vec![(ALICE, DAVE, 1000, 10), (BOB, DAVE, 1000, 10)]);
			System::assert_last_event(
				Event::OrderPlaced {
					market: MARKET,
					order: None,
					who: DAVE,
					side: Side::Buy,
					price: 1000,
					amount: 30,
					immediate_or_cancel: false,
					outcome: Placement { filled: 20, resting: 0, cancelled: 10 },
				}
				.into(),
			);
			// Both fills left the level in place: none of their six index words was written.
			assert_eq!(placed.actual_weight, Some(matched(2) - writes(6)));
			assert_eq!((held_buy(DAVE), held_deposit(DAVE), open(DAVE)), (0, 0, 0));
			assert_eq!(OrderBook::depth(MARKET, 5).asks[0].orders, 1);
			// One fill asked for and the next price does not cross: the rest rests.
			limit(ALICE, Side::Sell, 1010, 10);
			System::reset_events();
			let id = NextOrderId::<Test>::get();
			let placed = OrderBook::place_limit(
				RuntimeOrigin::signed(DAVE),
				MARKET,
				Side::Buy,
				1005,
				20,
				None,
				1,
			)
			.unwrap();
			assert_eq!(trades(), vec![(CAROL, DAVE, 1000, 10)]);
			// Carol's level emptied (one leaf word written), the bid rested on an empty side (four
			// words): two of seven refunded.
			assert_eq!(placed.actual_weight, Some(rested(1) - writes(2)));
			System::assert_last_event(
				Event::OrderPlaced {
					market: MARKET,
					order: Some(id),
					who: DAVE,
					side: Side::Buy,
					price: 1005,
					amount: 20,
					immediate_or_cancel: false,
					outcome: Placement { filled: 10, resting: 10, cancelled: 0 },
				}
				.into(),
			);
			assert_eq!(Orders::<Test>::get(id).unwrap().remaining, 10);
			// An immediate-or-cancel order drops what its cap leaves.
			limit(BOB, Side::Sell, 1010, 10);
			System::reset_events();
			assert_ok!(OrderBook::place_market(
				RuntimeOrigin::signed(CAROL),
				MARKET,
				Side::Buy,
				20,
				None,
				1
			));
			assert_eq!(trades(), vec![(ALICE, CAROL, 1010, 10)]);
			assert_eq!(OrderBook::depth(MARKET, 5).asks[0].orders, 1);
			check();
		});
	}

	#[test]
	fn a_failing_placement_is_charged_for_the_steps_it_made_not_its_cap() {
		new_test_ext().execute_with(|| {
			limit(BOB, Side::Sell, 995, 10);
			limit(ALICE, Side::Sell, 1000, 10);
			let charged = limit_call(1000, 20, MAX_FILLS).get_dispatch_info().call_weight;
			// One fill, then Alice's own ask: refused after two steps, before resting.
			let e = OrderBook::place_limit(
				RuntimeOrigin::signed(ALICE),
				MARKET,
				Side::Buy,
				1000,
				20,
				None,
				MAX_FILLS,
			)
			.unwrap_err();
			assert_eq!(e.error, Error::<Test>::SelfTrade.into());
			let used = e.post_info.actual_weight.unwrap();
			// Bob's level emptied, its leaf word written: five of six index words refunded.
			assert_eq!(used, matched(2) - writes(5));
			assert!(used.all_lt(charged));
			// Everything it did is undone.
			assert!(trades().is_empty());
			assert_eq!(OrderBook::depth(MARKET, 5).asks.len(), 2);
			// A resting order that rests without matching is charged for a rest only.
			let used = OrderBook::place_limit(
				RuntimeOrigin::signed(CAROL),
				MARKET,
				Side::Buy,
				900,
				10,
				None,
				MAX_FILLS,
			)
			.unwrap()
			.actual_weight
			.unwrap();
			// On an empty side: all four index words written (the cleanup cursor was set).
			assert_eq!(used, rest_buy() - writes(1));
			assert!(used.all_lt(limit_call(900, 10, 1).get_dispatch_info().call_weight));
		});
	}

	#[test]
	fn a_placement_is_refunded_the_index_words_it_did_not_write() {
		new_test_ext().execute_with(|| {
			limit(ALICE, Side::Buy, 1000, 10);
			let place = |who, price| {
				OrderBook::place_limit(
					RuntimeOrigin::signed(who),
					MARKET,
					Side::Buy,
					price,
					10,
					None,
					MAX_FILLS,
				)
				.unwrap()
				.actual_weight
				.unwrap()
			};
			// At a price with orders: no index word (nor the cleanup cursor, set already).
			assert_eq!(place(BOB, 1000), rest_buy() - writes(4 + 1));
			// At a new price in a leaf word in use: one.
			assert_eq!(place(CAROL, 1005), rest_buy() - writes(3 + 1));
			// A fill that empties a level whose leaf word stays: one of three.
			let used = OrderBook::place_market(
				RuntimeOrigin::signed(DAVE),
				MARKET,
				Side::Sell,
				10,
				None,
				MAX_FILLS,
			)
			.unwrap()
			.actual_weight
			.unwrap();
			assert_eq!(trades(), vec![(CAROL, DAVE, 1005, 10)]);
			assert_eq!(used, matched(1) - writes(2));
			check();
		});
	}
}

/// Issue 13: the v1 → v2 migration of markets and accounts' lists.
mod migration {
	use super::*;
	use crate::migrations::v2::{OldMarket, OpenOrderCount as OldCount, OrdersOf as OldLists};
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn v1_markets_and_order_lists_are_migrated() {
		new_test_ext().execute_with(|| {
			let a = limit(ALICE, Side::Buy, 1000, 10);
			let b = limit(BOB, Side::Sell, 1200, 10);
			let c = limit(ALICE, Side::Sell, 1300, 20);
			// Back to v1: a market with its count, a key per order and a counter per account.
			let market = Markets::<Test>::get(MARKET).unwrap();
			let old = OldMarket {
				base: market.base,
				tick: market.tick,
				lot: market.lot,
				params: market.params.clone(),
				status: market.status,
				open_orders: 3,
			};
			frame_support::storage::unhashed::put_raw(
				&Markets::<Test>::hashed_key_for(MARKET),
				&old.encode(),
			);
			let _ = AccountOrders::<Test>::clear(u32::MAX, None);
			for (who, id) in [(ALICE, c), (BOB, b), (ALICE, a)] {
				OldLists::<Test>::insert(who, id, ());
			}
			OldCount::<Test>::insert(ALICE, 2);
			OldCount::<Test>::insert(BOB, 1);
			StorageVersion::new(1).put::<OrderBook>();

			crate::migrations::MigrateV1ToV2::<Test>::on_runtime_upgrade();

			assert_eq!(OrderBook::on_chain_storage_version(), StorageVersion::new(2));
			assert_eq!(Markets::<Test>::get(MARKET), Some(market));
			assert_eq!(AccountOrders::<Test>::get(ALICE).into_inner(), vec![a, c]);
			assert_eq!(AccountOrders::<Test>::get(BOB).into_inner(), vec![b]);
			assert_eq!(OldLists::<Test>::iter().count() + OldCount::<Test>::iter().count(), 0);
			check();
			// Run again, it changes nothing.
			crate::migrations::MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(AccountOrders::<Test>::get(ALICE).len(), 2);
		});
	}
}
