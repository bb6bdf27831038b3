//! Test runtime: System, Balances, Assets with its freezer, the real RevenueShares, and the IDO
//! pallet, over a table of data assets standing in for the data-assets pallet.

use crate as pallet_ido;
use crate::*;
use bdes_primitives::DataAssetInspect;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64, ConstU8},
	PalletId,
};
use sp_runtime::{traits::Convert, BuildStorage, Perbill, Permill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
/// 16 bytes, so that escrow sub-accounts (`modl`, the pallet id, the IDO id) stay distinct.
pub type AccountId = u128;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		AssetsFreezer: pallet_assets_freezer,
		RevenueShares: pallet_revenue_shares,
		Ido: pallet_ido,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	type ForceOrigin = frame_system::EnsureRoot<AccountId>;
	type Freezer = AssetsFreezer;
}

impl pallet_assets_freezer::Config for Test {
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeEvent = RuntimeEvent;
}

thread_local! {
	/// Data assets: id → (owner, listed, rating).
	static DATA_ASSETS: RefCell<BTreeMap<DataAssetId, (AccountId, bool, Option<u8>)>> =
		const { RefCell::new(BTreeMap::new()) };
}

/// Stands in for the data-assets pallet.
pub struct MockDataAssets;

impl MockDataAssets {
	pub fn set(asset: DataAssetId, owner: AccountId, listed: bool, rating: Option<u8>) {
		DATA_ASSETS.with(|a| a.borrow_mut().insert(asset, (owner, listed, rating)));
	}
}

impl DataAssetInspect<AccountId> for MockDataAssets {
	fn owner(asset: DataAssetId) -> Option<AccountId> {
		DATA_ASSETS.with(|a| a.borrow().get(&asset).map(|(owner, ..)| *owner))
	}

	fn is_listed(asset: DataAssetId) -> bool {
		DATA_ASSETS.with(|a| a.borrow().get(&asset).is_some_and(|(_, listed, _)| *listed))
	}

	fn rating(asset: DataAssetId) -> Option<u8> {
		DATA_ASSETS.with(|a| a.borrow().get(&asset).and_then(|(.., rating)| *rating))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl bdes_primitives::DataAssetBenchmarkHelper<AccountId> for MockDataAssets {
	fn listed_asset(owner: &AccountId) -> DataAssetId {
		let id = DATA_ASSETS.with(|a| a.borrow().len() as DataAssetId);
		Self::set(id, *owner, true, Some(100));
		id
	}

	fn transfer_ownership(asset: DataAssetId, _from: &AccountId, to: &AccountId) {
		Self::set(asset, *to, true, Some(100));
	}
}

/// Share tokens get assets-pallet ids from 1000 on.
pub const SHARE_ID_BASE: u32 = 1000;

pub struct ShareIdOf;
impl Convert<DataAssetId, Option<u32>> for ShareIdOf {
	fn convert(asset: DataAssetId) -> Option<u32> {
		SHARE_ID_BASE.checked_add(asset)
	}
}

pub const ED: Balance = 10;
pub const STAKE_DEPOSIT: Balance = 5;
pub const IDO_DEPOSIT: Balance = 100;
pub const MIN_COMMITMENT: Balance = 10;
pub const WARM_UP: u64 = 10;

parameter_types! {
	pub const RevenueSharesPalletId: PalletId = PalletId(*b"bd/rvshr");
	pub const LockedShare: Perbill = Perbill::from_percent(51);
	pub const IdoPalletId: PalletId = PalletId(*b"bd/idooo");
	pub const ReservePool: AccountId = 999;
	pub const ProtocolFee: Permill = Permill::from_percent(2);
}

impl pallet_revenue_shares::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type ShareAssetId = u32;
	type ShareAssetIdOf = ShareIdOf;
	type Fungibles = Assets;
	type Freezer = AssetsFreezer;
	type DataAssets = MockDataAssets;
	type PalletId = RevenueSharesPalletId;
	type LockedShare = LockedShare;
	type MinSupply = ConstU64<100>;
	type ClassDeposit = ConstU64<50>;
	type StakeDeposit = ConstU64<STAKE_DEPOSIT>;
	type StringLimit = ConstU32<16>;
	type MaxDecimals = ConstU8<18>;
	type DefaultWarmUp = ConstU64<WARM_UP>;
	type MaxWarmUp = ConstU64<100>;
	type WarmUpOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDataAssets;
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ShareAssetId = u32;
	type Fungibles = Assets;
	type Shares = RevenueShares;
	type DataAssets = MockDataAssets;
	type CouncilOrigin = frame_system::EnsureRoot<AccountId>;
	type PalletId = IdoPalletId;
	type FeeDestination = ReservePool;
	type ProtocolFee = ProtocolFee;
	type MinRating = ConstU8<60>;
	type IdoDeposit = ConstU64<IDO_DEPOSIT>;
	type MinCommitment = ConstU64<MIN_COMMITMENT>;
	type MaxTranches = ConstU32<10>;
	type MaxMilestoneLen = ConstU32<64>;
	type StringLimit = ConstU32<16>;
	type MaxInvestors = ConstU32<2_000>;
	type MaxDuration = ConstU64<1_000>;
	type MaxOpen = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SaleHelper;
}

/// Lists, rates and issues shares of a data asset for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SaleHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, Balance> for SaleHelper {
	fn asset_for_sale(owner: &AccountId, supply: Balance) -> DataAssetId {
		let asset = Self::rated_asset(owner);
		frame_support::assert_ok!(RevenueShares::issue(
			RuntimeOrigin::signed(*owner),
			asset,
			supply,
			b"Sale".to_vec(),
			b"SALE".to_vec(),
			0
		));
		asset
	}

	fn rated_asset(owner: &AccountId) -> DataAssetId {
		let asset = DATA_ASSETS.with(|a| a.borrow().len() as DataAssetId) + 100;
		MockDataAssets::set(asset, *owner, true, Some(100));
		asset
	}
}

pub const OWNER: AccountId = 1;
pub const ALICE: AccountId = 2;
pub const BOB: AccountId = 3;
pub const CAROL: AccountId = 4;
pub const DAVE: AccountId = 5;
pub const INITIAL: Balance = 1_000_000;
/// A listed data asset owned by `OWNER`, rated 80, with 10,000 shares issued (5,100 locked).
pub const ASSET: DataAssetId = 7;
pub const SHARE: u32 = SHARE_ID_BASE + ASSET;
pub const SUPPLY: Balance = 10_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [OWNER, ALICE, BOB, CAROL, DAVE, ReservePool::get()]
			.into_iter()
			.map(|who| (who, INITIAL))
			.chain([(RevenueShares::account_id(), ED)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		DATA_ASSETS.with(|a| a.borrow_mut().clear());
		MockDataAssets::set(ASSET, OWNER, true, Some(80));
		frame_support::assert_ok!(RevenueShares::issue(
			RuntimeOrigin::signed(OWNER),
			ASSET,
			SUPPLY,
			b"Weather shares".to_vec(),
			b"WTHR".to_vec(),
			0
		));
	});
	ext
}
