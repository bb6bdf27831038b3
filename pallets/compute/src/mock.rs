//! Test runtime: System, Balances and the compute pallet, over tables of data assets and
//! licences standing in for the data-assets and data-licences pallets.

use crate as pallet_compute;
use crate::*;
use bdes_primitives::{DataAssetInspect, DataAssetMint, LicenceUse};
use codec::Encode;
use frame_support::storage::unhashed;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Permill};

type Block = frame_system::mocking::MockBlock<Test>;
/// 16 bytes, so that escrow sub-accounts (`modl`, the pallet id, the task id) stay distinct.
pub type AccountId = u128;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Compute: pallet_compute,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
}

/// A data asset: owner, content size, whether listed.
#[derive(Clone, codec::Encode, codec::Decode)]
pub struct MockAsset {
	pub owner: AccountId,
	pub size: u64,
	pub listed: bool,
}

/// A licence: holder, asset, calls left.
#[derive(Clone, Copy, codec::Encode, codec::Decode)]
pub struct MockLicence {
	pub holder: AccountId,
	pub asset: DataAssetId,
	pub calls: u32,
}

// The tables live in storage, so that a failed call's changes to them are undone as the real
// pallets' would be.
fn asset_key(id: DataAssetId) -> Vec<u8> {
	(b"mock/asset", id).encode()
}
fn licence_key(id: u32) -> Vec<u8> {
	(b"mock/licence", id).encode()
}
const NEXT_ASSET: &[u8] = b"mock/next-asset";
const MINT_FAILS: &[u8] = b"mock/mint-fails";

fn asset(id: DataAssetId) -> Option<MockAsset> {
	unhashed::get(&asset_key(id))
}

/// Makes `mint` fail (the buyer cannot pay a data asset's deposits) or succeed again.
pub fn set_mint_fails(fails: bool) {
	unhashed::put(MINT_FAILS, &fails);
}

pub struct MockDataAssets;
impl DataAssetInspect<AccountId> for MockDataAssets {
	fn owner(id: DataAssetId) -> Option<AccountId> {
		asset(id).map(|a| a.owner)
	}
	fn is_listed(id: DataAssetId) -> bool {
		asset(id).is_some_and(|a| a.listed)
	}
	fn content_size(id: DataAssetId) -> Option<u64> {
		asset(id).map(|a| a.size)
	}
}

impl DataAssetMint<AccountId> for MockDataAssets {
	fn mint(
		owner: &AccountId,
		content: bdes_primitives::MintContent<AccountId>,
		_about: bdes_primitives::AssetDescription,
		listed: bool,
	) -> Result<DataAssetId, DispatchError> {
		if unhashed::get_or_default::<bool>(MINT_FAILS) {
			return Err(DispatchError::Other("no deposit"));
		}
		let id: DataAssetId = unhashed::get_or(NEXT_ASSET, 10_000);
		unhashed::put(NEXT_ASSET, &(id + 1));
		add_asset(id, *owner, content.size);
		if !listed {
			let mut a = asset(id).unwrap();
			a.listed = false;
			unhashed::put(&asset_key(id), &a);
		}
		Ok(id)
	}
}

pub struct MockLicences;
impl LicenceUse<AccountId, u32> for MockLicences {
	fn use_call(who: &AccountId, licence: u32, asset: DataAssetId) -> DispatchResult {
		let mut entry: MockLicence =
			unhashed::get(&licence_key(licence)).ok_or(DispatchError::Other("no licence"))?;
		if entry.holder != *who || entry.asset != asset || entry.calls == 0 {
			return Err(DispatchError::Other("licence not valid"));
		}
		entry.calls -= 1;
		unhashed::put(&licence_key(licence), &entry);
		Ok(())
	}
}

pub fn add_asset(id: DataAssetId, owner: AccountId, size: u64) {
	unhashed::put(&asset_key(id), &MockAsset { owner, size, listed: true });
}
pub fn add_licence(id: u32, holder: AccountId, asset: DataAssetId, calls: u32) {
	unhashed::put(&licence_key(id), &MockLicence { holder, asset, calls });
}
pub fn calls_left(id: u32) -> u32 {
	unhashed::get::<MockLicence>(&licence_key(id)).map_or(0, |l| l.calls)
}

parameter_types! {
	pub const ComputePalletId: PalletId = PalletId(*b"bd/compt");
	pub const ReservePool: AccountId = 999;
	pub const RewardPot: AccountId = 998;
	pub const ProtocolFee: Permill = Permill::from_percent(2);
	pub const NoShow: Permill = Permill::from_percent(1);
	pub const Missed: Permill = Permill::from_percent(5);
	pub const Wrong: Permill = Permill::from_percent(20);
}

pub const MODEL_DEPOSIT: Balance = 50;
pub const TASK_DEPOSIT: Balance = 20;
pub const BOND_PER_CAPACITY: Balance = 1_000;
pub const HEARTBEAT: u64 = 10;
pub const EPOCH: u64 = 20;
pub const STANDBY_REWARD: Balance = 1_200;
pub const ACCEPT_TIMEOUT: u64 = 3;
pub const REVEAL_PERIOD: u64 = 5;

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DataAssets = MockDataAssets;
	type Results = MockDataAssets;
	type LicenceId = u32;
	type Licences = MockLicences;
	type CouncilOrigin = frame_system::EnsureRoot<AccountId>;
	type PalletId = ComputePalletId;
	type ReservePool = ReservePool;
	type RewardPot = RewardPot;
	type ProtocolFee = ProtocolFee;
	type ModelDeposit = ConstU64<MODEL_DEPOSIT>;
	type TaskDeposit = ConstU64<TASK_DEPOSIT>;
	type BondPerCapacity = ConstU64<BOND_PER_CAPACITY>;
	type MaxCapacity = ConstU32<8>;
	type MaxProviders = ConstU32<64>;
	type HeartbeatInterval = ConstU64<HEARTBEAT>;
	type EpochLength = ConstU64<EPOCH>;
	type StandbyReward = ConstU64<STANDBY_REWARD>;
	type AcceptTimeout = ConstU64<ACCEPT_TIMEOUT>;
	type RevealPeriod = ConstU64<REVEAL_PERIOD>;
	type MaxTaskDuration = ConstU64<1_000>;
	type NoShowSlash = NoShow;
	type MissedSlash = Missed;
	type WrongSlash = Wrong;
	type MaxRedundancy = ConstU32<5>;
	type MaxInputs = ConstU32<4>;
	type MaxLooks = ConstU32<40>;
	type MaxCidLen = ConstU32<64>;
	type MaxSpecLen = ConstU32<64>;
	type MaxParamsLen = ConstU32<128>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, u32> for () {
	fn licensed_input(buyer: &AccountId) -> (DataAssetId, u32) {
		let asset: DataAssetId = unhashed::get_or(b"mock/bench-asset", 1_000);
		unhashed::put(b"mock/bench-asset", &(asset + 1));
		add_asset(asset, 7, 1_000);
		add_licence(asset, *buyer, asset, u32::MAX);
		(asset, asset)
	}
}

pub const MODEL_OWNER: AccountId = 1;
pub const BUYER: AccountId = 2;
/// Providers are accounts 100 onwards.
pub const P0: AccountId = 100;
pub const INITIAL: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [MODEL_OWNER, BUYER, ReservePool::get(), RewardPot::get()]
			.into_iter()
			.chain((0..40).map(|i| P0 + i))
			.map(|who| (who, INITIAL))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
