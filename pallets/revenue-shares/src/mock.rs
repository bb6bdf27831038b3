//! Test runtime: System, Balances, Assets with its freezer, and RevenueShares over a table of
//! data assets standing in for the data-assets pallet.

use crate as pallet_revenue_shares;
use crate::*;
use bdes_primitives::DataAssetInspect;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64, ConstU8},
	PalletId,
};
use sp_runtime::{traits::Convert, BuildStorage, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		AssetsFreezer: pallet_assets_freezer,
		RevenueShares: pallet_revenue_shares,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
}

pub const METADATA_DEPOSIT_BASE: Balance = 7;
pub const METADATA_DEPOSIT_PER_BYTE: Balance = 1;

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	type ForceOrigin = frame_system::EnsureRoot<AccountId>;
	type MetadataDepositBase = ConstU64<METADATA_DEPOSIT_BASE>;
	type MetadataDepositPerByte = ConstU64<METADATA_DEPOSIT_PER_BYTE>;
	type Freezer = AssetsFreezer;
}

impl pallet_assets_freezer::Config for Test {
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeEvent = RuntimeEvent;
}

thread_local! {
	/// Data assets: id → (owner, listed).
	static DATA_ASSETS: RefCell<BTreeMap<DataAssetId, (AccountId, bool)>> = const { RefCell::new(BTreeMap::new()) };
}

/// Stands in for the data-assets pallet.
pub struct MockDataAssets;

impl MockDataAssets {
	pub fn set(asset: DataAssetId, owner: AccountId, listed: bool) {
		DATA_ASSETS.with(|a| a.borrow_mut().insert(asset, (owner, listed)));
	}
}

impl DataAssetInspect<AccountId> for MockDataAssets {
	fn owner(asset: DataAssetId) -> Option<AccountId> {
		DATA_ASSETS.with(|a| a.borrow().get(&asset).map(|(owner, _)| *owner))
	}

	fn is_listed(asset: DataAssetId) -> bool {
		DATA_ASSETS.with(|a| a.borrow().get(&asset).is_some_and(|(_, listed)| *listed))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl bdes_primitives::DataAssetBenchmarkHelper<AccountId> for MockDataAssets {
	fn listed_asset(owner: &AccountId) -> DataAssetId {
		let id = DATA_ASSETS.with(|a| a.borrow().len() as DataAssetId);
		Self::set(id, *owner, true);
		id
	}

	fn transfer_ownership(asset: DataAssetId, _from: &AccountId, to: &AccountId) {
		Self::set(asset, *to, true);
	}
}

/// Share tokens get assets-pallet ids from 1000 on, so ids below are free for anyone.
pub const SHARE_ID_BASE: u32 = 1000;

pub struct ShareIdOf;
impl Convert<DataAssetId, Option<u32>> for ShareIdOf {
	fn convert(asset: DataAssetId) -> Option<u32> {
		SHARE_ID_BASE.checked_add(asset)
	}
}

pub const CLASS_DEPOSIT: Balance = 50;
pub const STAKE_DEPOSIT: Balance = 5;
pub const MIN_SUPPLY: Balance = 100;
pub const ED: Balance = 1;
/// A stake earns from the first multiple of 10 at least 10 blocks after it, until the period
/// changes.
pub const WARM_UP: u64 = 10;
/// The longest warm-up `set_warm_up` accepts.
pub const MAX_WARM_UP: u64 = 100;

parameter_types! {
	pub const RevenueSharesPalletId: PalletId = PalletId(*b"bd/rvshr");
	pub const LockedShare: Perbill = Perbill::from_percent(51);
}

impl Config for Test {
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
	type MinSupply = ConstU64<MIN_SUPPLY>;
	type ClassDeposit = ConstU64<CLASS_DEPOSIT>;
	type StakeDeposit = ConstU64<STAKE_DEPOSIT>;
	type StringLimit = ConstU32<16>;
	type MaxDecimals = ConstU8<18>;
	type DefaultWarmUp = ConstU64<WARM_UP>;
	type MaxWarmUp = ConstU64<MAX_WARM_UP>;
	type WarmUpOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDataAssets;
}

pub const OWNER: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const BUYER: AccountId = 9;
pub const INITIAL: Balance = 1_000_000;
/// A listed data asset owned by `OWNER`.
pub const ASSET: DataAssetId = 7;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [OWNER, BOB, CHARLIE, DAVE, BUYER]
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
		MockDataAssets::set(ASSET, OWNER, true);
	});
	ext
}
