//! Random sequences of calls over the whole runtime: every BDES pallet together with balances,
//! assets, nfts, vesting, proxy and utility, from accounts that are vested, that hold frozen
//! shares, that act through proxies and that sit at the consumer limit. After every block every
//! BDES pallet's `try_state` holds (and every pallet's, built with `try-runtime`), the balances
//! add up to BDES's total issuance and that stays 5,000,000,000 BDES, and the book stays live:
//! a healthy outside account can always sell one lot into the best bid and buy one lot from the
//! best ask, whatever state the other accounts' orders are in.
//!
//! `BDES_RANDOM_CALLS` (calls per seed, default 3,000) and `BDES_RANDOM_SEEDS` (comma-separated,
//! default three fixed seeds) reproduce a run; every failure prints its seed and step.

use super::{alice, bob, listed_asset, preset_ext};
use crate::{
	configs::{proxy::ProxyType, revenue_shares::SHARE_ASSET_ID_BASE},
	AccountId, Assets, Balance, Balances, DataAssets, DataLicences, NftMarket, Nfts, OrderBook,
	Proxy, RevenueShares, Runtime, RuntimeCall, RuntimeOrigin, System, Vesting, BDES,
	TOTAL_ISSUANCE,
};
use frame_support::{
	assert_ok,
	traits::{fungible::Inspect as _, OnFinalize, OnIdle, OnInitialize},
	weights::Weight,
};
use pallet_order_book::{MarketParams, Participation, Side};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, Permill};

/// The pallets with block hooks that matter here (system, timestamp and the parachain pallets
/// want inherents a unit test does not make).
type Hooked = (DataAssets, DataLicences, RevenueShares, OrderBook, NftMarket, Vesting);

/// xorshift64*: small, fast, and the same sequence for the same seed everywhere.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
		&items[self.below(items.len() as u64) as usize]
	}
}

/// Who acts: Alice and Bob (Council, owner of the data asset), Charlie (NFT seller), Dave
/// (vested: almost all his BDES frozen), Eve (staked, frozen shares), Ferdie (Eve's NonTransfer
/// proxy), George (at the consumer limit).
struct World {
	accounts: Vec<AccountId>,
	vested: AccountId,
	staker: AccountId,
	proxy: AccountId,
	full: AccountId,
	prober: AccountId,
	asset: u32,
	share: u32,
	collection: u32,
	ownership_collection: u32,
}

fn george() -> AccountId {
	AccountId::from([0x47; 32])
}

/// Takes no part in the random calls; only tries the book after every block.
fn prober() -> AccountId {
	AccountId::from([0x50; 32])
}

fn setup() -> World {
	let [charlie, dave, eve, ferdie] = [
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.map(|k| k.to_account_id());
	let george = george();
	let asset = listed_asset();
	assert_ok!(RevenueShares::issue(
		RuntimeOrigin::signed(bob()),
		asset,
		1_000_000,
		b"Bavaria tiles".to_vec(),
		b"BAVT".to_vec(),
		2
	));
	let share = SHARE_ASSET_ID_BASE + asset;
	for to in [&alice(), &charlie, &dave, &eve, &ferdie] {
		assert_ok!(Assets::transfer(
			RuntimeOrigin::signed(bob()),
			share.into(),
			to.clone().into(),
			50_000
		));
	}
	assert_ok!(RevenueShares::stake(RuntimeOrigin::signed(eve.clone()), asset, 40_000));
	assert_ok!(Balances::transfer_keep_alive(
		RuntimeOrigin::signed(alice()),
		prober().into(),
		100_000 * BDES
	));
	assert_ok!(Assets::transfer(
		RuntimeOrigin::signed(bob()),
		share.into(),
		prober().into(),
		100_000
	));
	// Dave: 1,000,000 BDES vesting over a year on top of what he has, so most of it is frozen.
	assert_ok!(Vesting::vested_transfer(
		RuntimeOrigin::signed(alice()),
		dave.clone().into(),
		pallet_vesting::VestingInfo::new(
			1_000_000 * BDES,
			1_000_000 * BDES / crate::DAYS as u128 / 365,
			1
		)
	));
	// Ferdie may act for Eve, but not move her value.
	assert_ok!(Proxy::add_proxy(
		RuntimeOrigin::signed(eve.clone()),
		ferdie.clone().into(),
		ProxyType::NonTransfer,
		0
	));
	// George: 10,000 BDES, 15 one-unit tokens and a proxy deposit: 16 consumer references, the
	// most an account may have, so he can receive no new token.
	assert_ok!(Balances::transfer_keep_alive(
		RuntimeOrigin::signed(alice()),
		george.clone().into(),
		10_000 * BDES
	));
	for id in 1..=15u32 {
		assert_ok!(Assets::create(RuntimeOrigin::signed(alice()), id.into(), alice().into(), 1));
		assert_ok!(Assets::mint(
			RuntimeOrigin::signed(alice()),
			id.into(),
			george.clone().into(),
			1
		));
	}
	assert_ok!(Proxy::add_proxy(
		RuntimeOrigin::signed(george.clone()),
		alice().into(),
		ProxyType::Any,
		0
	));
	assert!(!frame_system::Pallet::<Runtime>::can_accrue_consumers(&george, 1));
	// The share market, as in the markets test.
	assert_ok!(OrderBook::create_market(
		RuntimeOrigin::root(),
		share,
		BDES / 100,
		100,
		MarketParams {
			min_order: 100,
			maker_fee: Permill::from_rational(1u32, 1000u32),
			taker_fee: Permill::from_rational(2u32, 1000u32),
			max_lifetime: 50,
			min_interval: 0,
			participation: Participation::Open,
		}
	));
	// Charlie's NFTs.
	assert_ok!(Nfts::create(
		RuntimeOrigin::signed(charlie.clone()),
		charlie.clone().into(),
		Default::default()
	));
	let collection = pallet_nfts::NextCollectionId::<Runtime>::get().unwrap_or(1) - 1;
	for item in 0..6 {
		assert_ok!(Nfts::mint(
			RuntimeOrigin::signed(charlie.clone()),
			collection,
			item,
			charlie.clone().into(),
			None
		));
	}
	// A licence offer on the data asset.
	assert_ok!(DataLicences::create_offer(
		RuntimeOrigin::signed(bob()),
		asset,
		pallet_data_licences::OfferTerms {
			price: 5 * BDES,
			duration: 30,
			calls: 100,
			max_sales: None,
			transferable: true,
			revenue_share: Permill::from_percent(30),
		}
	));
	let ownership_collection =
		pallet_data_assets::OwnershipCollection::<Runtime>::get().expect("minted");
	World {
		accounts: vec![
			alice(),
			bob(),
			charlie,
			dave.clone(),
			eve.clone(),
			ferdie.clone(),
			george.clone(),
		],
		vested: dave,
		staker: eve,
		proxy: ferdie,
		full: george,
		prober: prober(),
		asset,
		share,
		collection,
		ownership_collection,
	}
}

/// One random call of a random kind, with arguments from small domains so that calls meet
/// each other's state (the same orders, auctions, NFTs, licences).
fn random_call(rng: &mut Rng, w: &World) -> RuntimeCall {
	let to = rng.pick(&w.accounts).clone();
	let amount = *rng.pick(&[1, 100, 1_000, 10_000, 49_900]);
	let bdes = *rng.pick(&[1, BDES / 100, BDES, 10 * BDES, 1_000 * BDES, 999_000 * BDES]);
	let price = (1 + rng.below(20) as u128) * BDES / 100;
	let side = if rng.below(2) == 0 { Side::Buy } else { Side::Sell };
	let item = rng.below(6) as u32;
	let (collection, item) =
		if rng.below(4) == 0 { (w.ownership_collection, w.asset) } else { (w.collection, item) };
	let id = rng.below(40);
	match rng.below(25) {
		0 => pallet_balances::Call::transfer_keep_alive { dest: to.into(), value: bdes }.into(),
		1 => pallet_vesting::Call::vest {}.into(),
		2 => RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: w.share.into(),
			target: to.into(),
			amount,
		}),
		3 => pallet_revenue_shares::Call::stake { asset: w.asset, amount }.into(),
		4 => pallet_revenue_shares::Call::unstake { asset: w.asset, amount }.into(),
		5 => pallet_revenue_shares::Call::claim { asset: w.asset }.into(),
		6 => pallet_revenue_shares::Call::contribute { asset: w.asset, amount: bdes }.into(),
		7 | 8 => pallet_order_book::Call::place_limit {
			market: 0,
			side,
			price,
			amount: (1 + rng.below(5) as u128) * 100,
			expiry: if rng.below(2) == 0 {
				None
			} else {
				Some(System::block_number() + rng.below(10) as u32)
			},
			max_fills: 8,
		}
		.into(),
		9 => pallet_order_book::Call::place_market {
			market: 0,
			side,
			amount: (1 + rng.below(5) as u128) * 100,
			limit: if rng.below(2) == 0 { None } else { Some(price) },
			max_fills: 8,
		}
		.into(),
		10 => pallet_order_book::Call::cancel { order: id }.into(),
		11 => pallet_order_book::Call::cleanup { limit: 5 }.into(),
		12 => pallet_nft_market::Call::list { collection, item, price: bdes.max(BDES) }.into(),
		13 => pallet_nft_market::Call::buy { collection, item, max_price: bdes.max(BDES) }.into(),
		14 => pallet_nft_market::Call::cancel_sale { collection, item }.into(),
		15 => pallet_nft_market::Call::create_auction {
			collection,
			item,
			terms: pallet_nft_market::AuctionTerms {
				start_price: BDES,
				min_increment: BDES / 10,
				duration: 10 + rng.below(20) as u32,
				reserve: if rng.below(3) == 0 { Some(20 * BDES) } else { None },
			},
		}
		.into(),
		16 => pallet_nft_market::Call::bid { auction: id as u32, amount: bdes.max(BDES) }.into(),
		17 => pallet_nft_market::Call::settle { auction: id as u32 }.into(),
		18 => pallet_nft_market::Call::abandon { auction: id as u32 }.into(),
		19 => pallet_nfts::Call::transfer { collection, item, dest: to.into() }.into(),
		20 => pallet_data_licences::Call::buy { offer: 0 }.into(),
		21 => pallet_data_licences::Call::renew { licence: id as u32 }.into(),
		22 => pallet_data_licences::Call::top_up { licence: id as u32, packs: 1 }.into(),
		23 => pallet_vesting::Call::vested_transfer {
			target: to.into(),
			schedule: pallet_vesting::VestingInfo::new(bdes.max(BDES), BDES / 10, 1),
		}
		.into(),
		_ => pallet_utility::Call::batch { calls: vec![random_leaf(rng, w), random_leaf(rng, w)] }
			.into(),
	}
}

/// A call that is not itself a batch (batches nest one level).
fn random_leaf(rng: &mut Rng, w: &World) -> RuntimeCall {
	loop {
		let call = random_call(rng, w);
		if !matches!(call, RuntimeCall::Utility(..)) {
			return call;
		}
	}
}

fn next_block() {
	let n = System::block_number();
	<Hooked as OnFinalize<u32>>::on_finalize(n);
	System::set_block_number(n + 1);
	<Hooked as OnInitialize<u32>>::on_initialize(n + 1);
	<Hooked as OnIdle<u32>>::on_idle(n + 1, Weight::from_parts(500_000_000_000, 5 * 1024 * 1024));
}

/// Every balance adds up to the fixed supply, and every BDES pallet's bookkeeping holds.
fn check_invariants() -> Result<(), String> {
	let issuance = Balances::total_issuance();
	if issuance != TOTAL_ISSUANCE {
		return Err(format!("total issuance {issuance} != {TOTAL_ISSUANCE}"));
	}
	let held: Balance = frame_system::Account::<Runtime>::iter()
		.map(|(_, info)| info.data.free.saturating_add(info.data.reserved))
		.sum();
	if held != issuance {
		return Err(format!("accounts hold {held}, issuance is {issuance}"));
	}
	pallet_data_licences::Pallet::<Runtime>::do_try_state()
		.map_err(|e| format!("licences: {e:?}"))?;
	pallet_revenue_shares::Pallet::<Runtime>::do_try_state()
		.map_err(|e| format!("shares: {e:?}"))?;
	pallet_order_book::Pallet::<Runtime>::do_try_state()
		.map_err(|e| format!("order book: {e:?}"))?;
	pallet_nft_market::Pallet::<Runtime>::do_try_state()
		.map_err(|e| format!("nft market: {e:?}"))?;
	#[cfg(feature = "try-runtime")]
	{
		use frame_support::traits::{TryState, TryStateSelect};
		crate::AllPalletsWithSystem::try_state(System::block_number(), TryStateSelect::All)
			.map_err(|e| format!("try_state: {e:?}"))?;
	}
	Ok(())
}

/// Whether a healthy account can take one lot from each side of the book right now (tried and
/// rolled back). A maker that cannot pay or receive, or a wall of expired orders, must not make
/// a crossing order fail.
fn probe_book(w: &World) -> Result<(), String> {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	let depth = OrderBook::depth(0, 1);
	for (side, present) in
		[(Side::Sell, !depth.bids.is_empty()), (Side::Buy, !depth.asks.is_empty())]
	{
		if !present {
			continue;
		}
		let result: Result<_, sp_runtime::DispatchError> = with_transaction(|| {
			let r = OrderBook::place_market(
				RuntimeOrigin::signed(w.prober.clone()),
				0,
				side,
				100,
				None,
				32,
			);
			TransactionOutcome::Rollback(Ok(r))
		});
		match result {
			Ok(Ok(_)) => {},
			Ok(Err(e)) => {
				return Err(format!("a one-lot {side:?} into the book failed: {:?}", e.error))
			},
			Err(e) => return Err(format!("probe: {e:?}")),
		}
	}
	Ok(())
}

/// Runs `calls` random calls from `seed`; returns (calls that succeeded, blocks).
fn run_seed(seed: u64, calls: u64) -> (u64, u32) {
	let mut ok = 0;
	let mut blocks = 0;
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let w = setup();
		check_invariants().unwrap_or_else(|e| panic!("seed {seed}: after setup: {e}"));
		let mut rng = Rng(seed.max(1));
		for step in 0..calls {
			let call = random_call(&mut rng, &w);
			// Who: anyone; the proxy acts for the staker through `proxy`.
			let who = rng.pick(&w.accounts).clone();
			let (origin, call) = if who == w.proxy && rng.below(2) == 0 {
				let proxied: RuntimeCall = pallet_proxy::Call::proxy {
					real: w.staker.clone().into(),
					force_proxy_type: None,
					call: Box::new(call),
				}
				.into();
				(RuntimeOrigin::signed(who), proxied)
			} else {
				(RuntimeOrigin::signed(who), call)
			};
			let before = Balances::balance(&w.staker);
			let through_proxy = matches!(call, RuntimeCall::Proxy(..));
			if call.clone().dispatch(origin).is_ok() {
				ok += 1;
			}
			// Ferdie's NonTransfer proxy never moves Eve's BDES away (she may only gain).
			if through_proxy {
				assert!(
					Balances::balance(&w.staker) >= before,
					"seed {seed} step {step}: the proxy spent the staker's BDES: {call:?}"
				);
			}
			if rng.below(20) == 0 {
				next_block();
				blocks += 1;
				check_invariants().unwrap_or_else(|e| panic!("seed {seed} step {step}: {e}"));
				probe_book(&w).unwrap_or_else(|e| panic!("seed {seed} step {step}: {e}"));
			}
		}
		next_block();
		check_invariants().unwrap_or_else(|e| panic!("seed {seed} at the end: {e}"));
		// The accounts the issue names are still there to be exercised.
		assert!(Balances::balance(&w.vested) > 0 && Balances::balance(&w.full) > 0);
	});
	(ok, blocks)
}

#[test]
fn random_call_sequences_keep_every_invariant_and_the_fixed_supply() {
	let calls: u64 = std::env::var("BDES_RANDOM_CALLS")
		.ok()
		.and_then(|v| v.parse().ok())
		.unwrap_or(3_000);
	let seeds: Vec<u64> = std::env::var("BDES_RANDOM_SEEDS")
		.ok()
		.map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
		.unwrap_or_else(|| vec![1, 0x5eed, 20261201]);
	for seed in seeds {
		let (ok, blocks) = run_seed(seed, calls);
		println!("random calls: seed {seed}: {calls} calls, {ok} succeeded, {blocks} blocks");
		// A harness whose calls all fail tests nothing.
		assert!(ok * 10 >= calls, "seed {seed}: only {ok} of {calls} calls succeeded");
	}
}
