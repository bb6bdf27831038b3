//! Test runtime: System, Balances, Assets and the order book.

use crate as pallet_order_book;
use crate::*;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Permill};

type Block = frame_system::mocking::MockBlock<Test>;
/// 16 bytes, so that each market's escrow sub-account (`modl` + pallet id + market id) is its
/// own account, as with the runtime's 32-byte ids.
pub type AccountId = u128;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		OrderBook: pallet_order_book,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	// Storage costs what it costs in the runtime, so that weights counting reads add up.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
}

parameter_types! {
	pub const OrderBookPalletId: PalletId = PalletId(*b"bd/ordbk");
	pub const ReservePool: AccountId = 999;
	/// Trades kept per market; a test sets it to zero (events only).
	pub storage RecentTradeSlots: u32 = 5;
}

pub const ORDER_DEPOSIT: Balance = 5;
pub const MAX_FILLS: u32 = 4;
pub const MAX_OPEN: u32 = 6;
pub const EXPIRY_BUCKET: u64 = 5;
pub const MAX_CLEANUP: u32 = 3;

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetId = u32;
	type Assets = Assets;
	type MarketOrigin = EnsureRoot<AccountId>;
	type PalletId = OrderBookPalletId;
	type FeeDestination = ReservePool;
	type OrderDeposit = ConstU64<ORDER_DEPOSIT>;
	type MaxFills = ConstU32<MAX_FILLS>;
	type MaxOpenOrders = ConstU32<MAX_OPEN>;
	type MaxListUpdate = ConstU32<4>;
	type RecentTrades = RecentTradeSlots;
	type ExpiryBucket = ConstU64<EXPIRY_BUCKET>;
	type MaxCleanupPerBlock = ConstU32<MAX_CLEANUP>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AssetsHelper;
}

/// Creates and mints assets for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct AssetsHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u32, AccountId, Balance> for AssetsHelper {
	fn create_asset(lot: Balance) -> u32 {
		use frame_support::traits::fungibles::Create;
		let id = 1_000;
		assert_ok!(<Assets as Create<AccountId>>::create(id, 0, true, lot));
		id
	}
	fn mint(asset: u32, who: &AccountId, amount: Balance) {
		use frame_support::traits::fungibles::Mutate;
		assert_ok!(<Assets as Mutate<AccountId>>::mint_into(asset, who, amount));
	}
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CAROL: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const TRADERS: [AccountId; 4] = [ALICE, BOB, CAROL, DAVE];
pub const INITIAL: Balance = 1_000_000;
pub const ASSET: u32 = 7;
pub const ASSET_UNITS: Balance = 100_000;
pub const MIN_BALANCE: Balance = 10;
/// Price step (BDES per lot) and lot (asset units) of the test market.
pub const TICK: Balance = 5;
pub const LOT: Balance = 10;
pub const MARKET: MarketId = 0;

/// Maker 0.5%, taker 1%, orders live up to 100 blocks, no interval, open.
pub fn params() -> MarketParamsOf<Test> {
	MarketParams {
		min_order: LOT,
		maker_fee: Permill::from_rational(5u32, 1000u32),
		taker_fee: Permill::from_percent(1),
		max_lifetime: 100,
		min_interval: 0,
		participation: Participation::Open,
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: TRADERS.iter().chain(&[ReservePool::get()]).map(|who| (*who, INITIAL)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(ASSET, ALICE, true, MIN_BALANCE)],
		metadata: vec![],
		accounts: TRADERS.iter().map(|who| (ASSET, *who, ASSET_UNITS)).collect(),
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		assert_ok!(OrderBook::create_market(RuntimeOrigin::root(), ASSET, TICK, LOT, params()));
	});
	ext
}
