//! Benchmarks (frame-benchmarking v2), each on its call's worst path. Placement is measured over
//! matching steps `f` in a book of [`BENCHMARKED_DEPTH`] resting orders. Its worst path: a sell
//! (the side that also moves units to escrow when it rests) filling bids whose owners have no
//! account of the asset yet, each bid alone in its index words (every fill removes three of
//! them, [`STEP_INDEX_WORDS`]), then resting in index words of its own (four written,
//! [`REST_INDEX_WORDS`]).

use super::*;
use crate::Pallet as OrderBook;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Mutate, MutateHold},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::{
	traits::{Bounded, One, Saturating},
	Permill,
};

/// Amount step of the benchmark market.
const LOT: u32 = 10;
/// The makers a taker meets sit at these ticks and, `MAKER_SPACING` apart, up (asks) or down
/// (bids), one lot each.
const MAKER_TICKS: Ticks = 2_000_000_000;
/// Ticks between two makers: each gets the three lower words of the price index to itself, so
/// its fill removes all three (the root word is shared).
const MAKER_SPACING: Ticks = 1 << 24;
/// Depth filler: asks from here up (above every maker), bids from `BID_FILL_TICKS` up (below
/// every maker).
const ASK_FILL_TICKS: Ticks = 3_000_000_000;
const BID_FILL_TICKS: Ticks = 1_000;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

/// A market with a tick of 1 and a lot of 10 over a fresh asset.
fn market<T: Config>() -> (MarketId, AssetIdOf<T>) {
	let asset = T::BenchmarkHelper::create_asset(LOT.into());
	(market_of::<T>(asset), asset)
}

/// Another market over `asset`, as [`market`].
fn market_of<T: Config>(asset: AssetIdOf<T>) -> MarketId {
	let params = MarketParams {
		min_order: LOT.into(),
		maker_fee: Permill::from_rational(1u32, 1000u32),
		taker_fee: Permill::from_rational(2u32, 1000u32),
		max_lifetime: 1_000u32.into(),
		min_interval: 0u32.into(),
		participation: Participation::Open,
	};
	let id = NextMarketId::<T>::get();
	assert!(OrderBook::<T>::do_create_market(asset, One::one(), LOT.into(), params).is_ok());
	T::Currency::set_balance(
		&T::FeeDestination::get(),
		BalanceOf::<T>::max_value() / 1_000_000u32.into(),
	);
	id
}

fn place<T: Config>(who: &T::AccountId, market: MarketId, side: Side, ticks: Ticks, lots: u32) {
	let amount: BalanceOf<T> = (lots * LOT).into();
	assert!(OrderBook::<T>::do_place(
		who.clone(),
		market,
		side,
		Some(ticks.into()),
		amount,
		None,
		false,
		T::MaxFills::get(),
	)
	.is_ok());
}

/// Fills the book to `depth` resting orders without the calls: half asks far above the makers,
/// half bids far below, each at its own tick, so the price index is as full as it gets. These
/// are never touched by the measured call.
fn fill_depth<T: Config>(market_id: MarketId, depth: u32) {
	let owner: T::AccountId = account("depth", 0, 0);
	let now = frame_system::Pallet::<T>::block_number();
	for i in 0..depth {
		let (side, ticks) = if i % 2 == 0 {
			(Side::Sell, ASK_FILL_TICKS + 3 * (i / 2))
		} else {
			(Side::Buy, BID_FILL_TICKS + 3 * (i / 2))
		};
		let id = NextOrderId::<T>::get();
		NextOrderId::<T>::put(id + 1);
		let amount: BalanceOf<T> = LOT.into();
		Orders::<T>::insert(
			id,
			Order {
				market: market_id,
				owner: owner.clone(),
				side,
				ticks,
				remaining: amount,
				amount,
				reserved: amount,
				maker_fee: Permill::zero(),
				placed_at: now,
				expiry: now.saturating_add(1_000u32.into()),
				deposit: 0u32.into(),
				prev: None,
				next: None,
			},
		);
		Levels::<T>::insert(
			(market_id, side),
			ticks,
			Level { head: id, tail: id, count: 1, total: amount },
		);
		OrderBook::<T>::index_insert(market_id, side, ticks);
	}
}

/// The ticks of the `i`th maker on `side`.
fn maker_ticks(side: Side, i: u32) -> Ticks {
	match side {
		Side::Sell => MAKER_TICKS + i * MAKER_SPACING,
		Side::Buy => MAKER_TICKS - i * MAKER_SPACING,
	}
}

/// `f` makers, one lot each from `MAKER_TICKS`, each from its own account and alone in its
/// index words (so every fill also empties a level and removes three words). Bidders have no
/// account of the asset: the fill opens it.
fn makers<T: Config>(market: MarketId, asset: AssetIdOf<T>, side: Side, f: u32) {
	for i in 0..f {
		let maker = funded::<T>("maker", i);
		if side == Side::Sell {
			T::BenchmarkHelper::mint(asset, &maker, (100 * LOT).into());
		}
		place::<T>(&maker, market, side, maker_ticks(side, i), 1);
	}
}

/// Whether the price index has the word of `ticks` at `level` on `side`.
fn indexed<T: Config>(market: MarketId, side: Side, ticks: Ticks, level: u8) -> bool {
	let index = ticks.checked_shr(8 * u32::from(level) + 8).unwrap_or(0);
	PriceIndex::<T>::contains_key((market, side), (level, index))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_market() {
		let asset = T::BenchmarkHelper::create_asset(LOT.into());
		let origin = T::MarketOrigin::try_successful_origin().map_err(|_| "origin").unwrap();
		let params = MarketParams {
			min_order: LOT.into(),
			maker_fee: Permill::zero(),
			taker_fee: Permill::zero(),
			max_lifetime: 10u32.into(),
			min_interval: 0u32.into(),
			participation: Participation::Open,
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset, One::one(), LOT.into(), params);

		assert!(Markets::<T>::contains_key(NextMarketId::<T>::get() - 1));
	}

	#[benchmark]
	fn set_params() {
		let (market, _) = market::<T>();
		let origin = T::MarketOrigin::try_successful_origin().map_err(|_| "origin").unwrap();
		let mut params = Markets::<T>::get(market).unwrap().params;
		params.min_interval = 5u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, market, params);

		assert_eq!(Markets::<T>::get(market).unwrap().params.min_interval, 5u32.into());
	}

	#[benchmark]
	fn set_status() {
		let (market, _) = market::<T>();
		let origin = T::MarketOrigin::try_successful_origin().map_err(|_| "origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, market, MarketStatus::Paused);

		assert_eq!(Markets::<T>::get(market).unwrap().status, MarketStatus::Paused);
	}

	#[benchmark]
	fn update_list(
		a: Linear<0, { T::MaxListUpdate::get() }>,
		r: Linear<0, { T::MaxListUpdate::get() }>,
	) {
		let (market, _) = market::<T>();
		let origin = T::MarketOrigin::try_successful_origin().map_err(|_| "origin").unwrap();
		let add: BoundedVec<_, _> = (0..a)
			.map(|i| account("listed", i, 0))
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.unwrap();
		let mut remove: alloc::vec::Vec<T::AccountId> =
			(0..r).map(|i| account("unlisted", i, 0)).collect();
		if a + r == 0 {
			remove.push(account("unlisted", 0, 0));
		}
		let remove: BoundedVec<_, _> = remove.try_into().unwrap_or_default();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, market, add, remove);

		assert_eq!(Listed::<T>::iter_prefix(market).count() as u32, a);
	}

	// A sell that fills `f` bids (at least one: a rest without fills is `rest_sell`/`rest_buy`;
	// each fill opening its owner's account of the asset, paying from a hold, emptying a level
	// and three index words), then rests its last lot as an ask in four
	// index words it writes, in a book `BENCHMARKED_DEPTH` orders deep. The depth is not a
	// component: the keys read and written do not depend on it, and what a deeper trie costs
	// each access is `DbWeight`'s (see `BENCHMARKED_DEPTH`).
	#[benchmark]
	fn place_limit(f: Linear<1, { T::MaxFills::get() }>) {
		let (market, asset) = market::<T>();
		fill_depth::<T>(market, BENCHMARKED_DEPTH);
		makers::<T>(market, asset, Side::Buy, f);
		let taker = funded::<T>("taker", 0);
		T::BenchmarkHelper::mint(asset, &taker, (100 * LOT).into());
		let ticks = maker_ticks(Side::Buy, f.saturating_sub(1));
		assert!(!(0..3).any(|level| indexed::<T>(market, Side::Sell, ticks, level)));
		let amount: BalanceOf<T> = ((f + 1) * LOT).into();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(taker.clone()),
			market,
			Side::Sell,
			ticks.into(),
			amount,
			None,
			T::MaxFills::get(),
		);

		assert_eq!(AccountOrders::<T>::get(&taker).len(), 1);
		assert_eq!(TradeCount::<T>::get(market), f as u64);
		assert!((0..3).all(|level| indexed::<T>(market, Side::Sell, ticks, level)));
		assert!(!(0..f).any(|i| indexed::<T>(market, Side::Buy, maker_ticks(Side::Buy, i), 2)));
	}

	// A sell that rests without trading, in four index words it writes: its units go to the
	// market's escrow (opening the escrow's account of the asset) and its deposit is held,
	// `BENCHMARKED_DEPTH` orders deep.
	#[benchmark]
	fn rest_sell() {
		let (market, asset) = market::<T>();
		fill_depth::<T>(market, BENCHMARKED_DEPTH);
		let seller = funded::<T>("seller", 0);
		T::BenchmarkHelper::mint(asset, &seller, (100 * LOT).into());
		assert!(!(0..3).any(|level| indexed::<T>(market, Side::Sell, MAKER_TICKS, level)));

		#[extrinsic_call]
		place_limit(
			RawOrigin::Signed(seller.clone()),
			market,
			Side::Sell,
			MAKER_TICKS.into(),
			LOT.into(),
			None,
			T::MaxFills::get(),
		);

		assert_eq!(AccountOrders::<T>::get(&seller).len(), 1);
		assert_eq!(TradeCount::<T>::get(market), 0);
		assert!((0..3).all(|level| indexed::<T>(market, Side::Sell, MAKER_TICKS, level)));
	}

	// A buy that rests without trading, in four index words it writes: its cost, maker fee and
	// deposit are held, `BENCHMARKED_DEPTH` orders deep.
	#[benchmark]
	fn rest_buy() {
		let (market, _) = market::<T>();
		fill_depth::<T>(market, BENCHMARKED_DEPTH);
		let buyer = funded::<T>("buyer", 0);
		assert!(!(0..3).any(|level| indexed::<T>(market, Side::Buy, MAKER_TICKS, level)));

		#[extrinsic_call]
		place_limit(
			RawOrigin::Signed(buyer.clone()),
			market,
			Side::Buy,
			MAKER_TICKS.into(),
			LOT.into(),
			None,
			T::MaxFills::get(),
		);

		assert_eq!(AccountOrders::<T>::get(&buyer).len(), 1);
		assert_eq!(TradeCount::<T>::get(market), 0);
		assert!((0..3).all(|level| indexed::<T>(market, Side::Buy, MAKER_TICKS, level)));
	}

	// A sell that fills `f` bids as above and drops nothing, `BENCHMARKED_DEPTH` orders deep.
	#[benchmark]
	fn place_market(f: Linear<1, { T::MaxFills::get() }>) {
		let (market, asset) = market::<T>();
		fill_depth::<T>(market, BENCHMARKED_DEPTH);
		makers::<T>(market, asset, Side::Buy, f);
		let taker = funded::<T>("taker", 0);
		T::BenchmarkHelper::mint(asset, &taker, (100 * LOT).into());
		let amount: BalanceOf<T> = (f * LOT).into();

		#[extrinsic_call]
		_(RawOrigin::Signed(taker), market, Side::Sell, amount, None, T::MaxFills::get());

		assert_eq!(TradeCount::<T>::get(market), f as u64);
		assert!(!(0..f).any(|i| indexed::<T>(market, Side::Buy, maker_ticks(Side::Buy, i), 2)));
	}

	// The only order at its price: the level and its index bits go.
	#[benchmark]
	fn cancel() {
		let (market, asset) = market::<T>();
		fill_depth::<T>(market, 1_000);
		let owner = funded::<T>("owner", 0);
		T::BenchmarkHelper::mint(asset, &owner, (100 * LOT).into());
		let id = NextOrderId::<T>::get();
		place::<T>(&owner, market, Side::Sell, MAKER_TICKS, 5);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), id);

		assert!(!Orders::<T>::contains_key(id));
		assert!(AccountOrders::<T>::get(&owner).is_empty());
	}

	// A placement refused at its last check, after every read: an allow-listed caller in a
	// market with a minimum interval, placing again too soon.
	#[benchmark]
	fn place_rejected() {
		let (market, _) = market::<T>();
		let who = funded::<T>("trader", 0);
		let mut params = Markets::<T>::get(market).unwrap().params;
		params.min_interval = 10u32.into();
		params.participation = Participation::AllowList;
		assert!(OrderBook::<T>::do_set_params(market, params).is_ok());
		Listed::<T>::insert(market, &who, ());
		LastOrderAt::<T>::insert(market, &who, frame_system::Pallet::<T>::block_number());
		let amount: BalanceOf<T> = LOT.into();
		let result;

		#[block]
		{
			result = OrderBook::<T>::do_place(
				who,
				market,
				Side::Buy,
				Some(MAKER_TICKS.into()),
				amount,
				None,
				false,
				T::MaxFills::get(),
			);
		}

		assert!(matches!(result, Err((_, Work::Checked))));
	}

	// `n` expired sell orders, each in its own market (so each close reads and writes one).
	#[benchmark]
	fn remove_expired(n: Linear<1, { T::MaxFills::get() }>) {
		let asset = T::BenchmarkHelper::create_asset(LOT.into());
		let mut ids = alloc::vec::Vec::new();
		for i in 0..n {
			let market = market_of::<T>(asset);
			let owner = funded::<T>("owner", i);
			T::BenchmarkHelper::mint(asset, &owner, (100 * LOT).into());
			ids.push(NextOrderId::<T>::get());
			place::<T>(&owner, market, Side::Sell, MAKER_TICKS, 1);
		}
		let expiry = frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into());
		frame_system::Pallet::<T>::set_block_number(expiry.saturating_add(One::one()));
		let ids: BoundedVec<OrderId, T::MaxFills> = ids.try_into().unwrap();
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), ids);

		assert_eq!(Orders::<T>::iter().count(), 0);
	}

	// Units kept for an owner without an account of the asset, so the claim opens one.
	#[benchmark]
	fn claim_units() {
		let (market, asset) = market::<T>();
		let owner = funded::<T>("owner", 0);
		let amount: BalanceOf<T> = (5 * LOT).into();
		T::BenchmarkHelper::mint(asset, &OrderBook::<T>::escrow(market), amount);
		let deposit = T::OrderDeposit::get();
		assert!(T::Currency::hold(&HoldReason::OrderDeposit.into(), &owner, deposit).is_ok());
		Unreturned::<T>::insert(&owner, market, UnreturnedUnits { amount, deposit });

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), market);

		assert!(!Unreturned::<T>::contains_key(&owner, market));
	}

	// `n` expired sell orders in one due bucket.
	#[benchmark]
	fn cleanup(n: Linear<0, 100>) {
		let (market, asset) = market::<T>();
		for i in 0..n {
			let owner = funded::<T>("owner", i);
			T::BenchmarkHelper::mint(asset, &owner, (100 * LOT).into());
			place::<T>(&owner, market, Side::Sell, MAKER_TICKS + i, 1);
		}
		let expiry = frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into());
		let due = OrderBook::<T>::bucket_of(expiry);
		frame_system::Pallet::<T>::set_block_number(due);
		if n > 0 {
			CleanupCursor::<T>::put(due);
		}

		#[block]
		{
			OrderBook::<T>::do_cleanup(n, n.max(1));
		}

		assert_eq!(Orders::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(OrderBook, crate::mock::new_test_ext(), crate::mock::Test);
}
