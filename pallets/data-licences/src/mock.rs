//! Test runtime: System, Balances, Nfts and DataLicences, over a table of data assets and a
//! revenue sink standing in for the data-assets and revenue-shares pallets.

use crate as pallet_data_licences;
use crate::*;
use bdes_primitives::{DataAssetInspect, RevenueSink};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Mutate, tokens::Preservation, AsEnsureOriginWithArg, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{traits::IdentityLookup, BuildStorage, DispatchResult, Permill};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Nfts: pallet_nfts,
		DataLicences: pallet_data_licences,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
	// Real database weights, so the cleanup's per-bucket reads and writes weigh something.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const COLLECTION_DEPOSIT: Balance = 20;
pub const ITEM_DEPOSIT: Balance = 3;

parameter_types! {
	pub storage NftFeatures: pallet_nfts::PalletFeatures = pallet_nfts::PalletFeatures::all_enabled();
}

impl pallet_nfts::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type CollectionId = u32;
	type ItemId = u32;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Locker = ();
	type CollectionDeposit = ConstU64<COLLECTION_DEPOSIT>;
	type ItemDeposit = ConstU64<ITEM_DEPOSIT>;
	type MetadataDepositBase = ConstU64<1>;
	type AttributeDepositBase = ConstU64<1>;
	type DepositPerByte = ConstU64<1>;
	type StringLimit = ConstU32<50>;
	type KeyLimit = ConstU32<50>;
	type ValueLimit = ConstU32<50>;
	type ApprovalsLimit = ConstU32<10>;
	type ItemAttributesApprovalsLimit = ConstU32<2>;
	type MaxTips = ConstU32<10>;
	type MaxDeadlineDuration = ConstU64<10000>;
	type MaxAttributesPerCall = ConstU32<2>;
	type Features = NftFeatures;
	type OffchainSignature = sp_runtime::testing::TestSignature;
	type OffchainPublic = sp_runtime::testing::UintAuthorityId;
	#[cfg(feature = "runtime-benchmarks")]
	type Helper = NftsHelper;
	type WeightInfo = ();
	type BlockNumberProvider = System;
}

/// pallet-nfts asks for it under `runtime-benchmarks`; its offchain-signature benchmarks are
/// not run here.
#[cfg(feature = "runtime-benchmarks")]
pub struct NftsHelper;
#[cfg(feature = "runtime-benchmarks")]
impl
	pallet_nfts::BenchmarkHelper<
		u32,
		u32,
		sp_runtime::testing::UintAuthorityId,
		AccountId,
		sp_runtime::testing::TestSignature,
	> for NftsHelper
{
	fn collection(i: u16) -> u32 {
		i.into()
	}
	fn item(i: u16) -> u32 {
		i.into()
	}
	fn signer() -> (sp_runtime::testing::UintAuthorityId, AccountId) {
		(sp_runtime::testing::UintAuthorityId(1), 1)
	}
	fn sign(
		signer: &sp_runtime::testing::UintAuthorityId,
		message: &[u8],
	) -> sp_runtime::testing::TestSignature {
		sp_runtime::testing::TestSignature(signer.0, message.to_vec())
	}
}

thread_local! {
	/// Data assets: id → (owner, listed).
	static DATA_ASSETS: RefCell<BTreeMap<DataAssetId, (AccountId, bool)>> = const { RefCell::new(BTreeMap::new()) };
	/// Wall-clock time of the mock, in milliseconds.
	static NOW_MS: RefCell<u64> = const { RefCell::new(1_000_000) };
	/// Data assets with revenue shares.
	static WITH_SHARES: RefCell<BTreeSet<DataAssetId>> = const { RefCell::new(BTreeSet::new()) };
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

	fn enable_revenue(asset: DataAssetId, _owner: &AccountId) {
		MockRevenue::enable(asset);
	}

	fn transfer_ownership(asset: DataAssetId, _from: &AccountId, to: &AccountId) {
		Self::set(asset, *to, true);
	}
}

/// Wall-clock time for vouchers' `until_ms`.
pub struct MockTime;

impl MockTime {
	pub fn set(ms: u64) {
		NOW_MS.with(|n| *n.borrow_mut() = ms);
	}
}

impl frame_support::traits::UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MS.with(|n| *n.borrow()))
	}
}

/// Signs vouchers in the benchmarks: the test signature names its signer and the payload.
#[cfg(feature = "runtime-benchmarks")]
impl crate::VoucherBenchmarkHelper<AccountId, sp_runtime::testing::TestSignature> for MockTime {
	fn signer() -> AccountId {
		4_242
	}
	fn sign(signer: &AccountId, payload: &[u8]) -> sp_runtime::testing::TestSignature {
		sp_runtime::testing::TestSignature(*signer, payload.to_vec())
	}
}

/// The account the mock revenue sink collects into.
pub const REVENUE_POT: AccountId = 777;

/// Stands in for the revenue-shares pallet: collects into `REVENUE_POT`.
pub struct MockRevenue;

impl MockRevenue {
	pub fn enable(asset: DataAssetId) {
		WITH_SHARES.with(|s| s.borrow_mut().insert(asset));
	}
}

impl RevenueSink<AccountId, Balance> for MockRevenue {
	fn accepts(asset: DataAssetId) -> bool {
		WITH_SHARES.with(|s| s.borrow().contains(&asset))
	}

	fn pay(asset: DataAssetId, from: &AccountId, amount: Balance) -> DispatchResult {
		if !Self::accepts(asset) {
			return Err(sp_runtime::DispatchError::Other("no shares"));
		}
		Balances::transfer(from, &REVENUE_POT, amount, Preservation::Preserve).map(|_| ())
	}
}

pub const OFFER_DEPOSIT: Balance = 40;
pub const LICENCE_DEPOSIT: Balance = 10;
pub const EXPIRY_BUCKET: u64 = 10;
pub const MAX_CLEANUP: u32 = 3;
parameter_types! {
	/// Blocks after expiry to settle usage; tests of the grace set it, the others keep 0.
	pub static SettlementGrace: u64 = 0;
	pub static MaxGatewaysPerLicence: u32 = 2;
}

parameter_types! {
	pub const DataLicencesPalletId: PalletId = PalletId(*b"bd/licnc");
	pub const ReservePool: AccountId = 999;
	/// 2% to the reserve pool.
	pub const ProtocolFee: Permill = Permill::from_percent(2);
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CollectionId = u32;
	type Nfts = Nfts;
	type DataAssets = MockDataAssets;
	type Revenue = MockRevenue;
	type GatewayOrigin = EnsureRoot<AccountId>;
	type PalletId = DataLicencesPalletId;
	type FeeDestination = ReservePool;
	type ProtocolFee = ProtocolFee;
	type OfferDeposit = ConstU64<OFFER_DEPOSIT>;
	type LicenceDeposit = ConstU64<LICENCE_DEPOSIT>;
	type MaxDuration = ConstU64<1000>;
	type MaxOffersPerAsset = ConstU32<2>;
	type MaxGateways = ConstU32<3>;
	type MaxUsageBatch = ConstU32<4>;
	type ExpiryBucket = ConstU64<EXPIRY_BUCKET>;
	type MaxCleanupPerBlock = ConstU32<MAX_CLEANUP>;
	type Signature = sp_runtime::testing::TestSignature;
	type Time = MockTime;
	type SettlementGrace = SettlementGrace;
	type MaxGatewaysPerLicence = MaxGatewaysPerLicence;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDataAssets;
	#[cfg(feature = "runtime-benchmarks")]
	type VoucherSigner = MockTime;
}

pub const OWNER: AccountId = 1;
pub const BUYER: AccountId = 2;
pub const OTHER: AccountId = 3;
pub const GATEWAY: AccountId = 5;
/// A second registered gateway.
pub const GATEWAY2: AccountId = 6;
pub const INITIAL: Balance = 1_000_000;
/// A listed data asset owned by `OWNER`.
pub const ASSET: DataAssetId = 7;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [OWNER, BUYER, OTHER, GATEWAY, GATEWAY2, ReservePool::get(), REVENUE_POT]
			.into_iter()
			.map(|who| (who, INITIAL))
			.chain([(DataLicences::account_id(), 1_000)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_data_licences::GenesisConfig::<Test> { gateways: vec![GATEWAY, GATEWAY2] }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		DATA_ASSETS.with(|a| a.borrow_mut().clear());
		WITH_SHARES.with(|s| s.borrow_mut().clear());
		MockTime::set(1_000_000);
		SettlementGrace::set(0);
		MaxGatewaysPerLicence::set(2);
		MockDataAssets::set(ASSET, OWNER, true);
	});
	ext
}
