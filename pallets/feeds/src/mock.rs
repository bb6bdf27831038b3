//! Test runtime: System, Balances and the feeds pallet, over a table of data assets and their
//! sales standing in for the data-assets, data-licences and NFT-market pallets.

use crate as pallet_feeds;
use crate::*;
use bdes_primitives::{
	AssetDescription, ColumnType, DataAssetId, DataAssetInspect, DataAssetMint, LicenceOffers,
	MintContent, OwnershipSale,
};
use codec::{Decode, Encode};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU32, ConstU64},
};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Feeds: pallet_feeds,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
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

/// A data asset the mock made.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct MockAsset {
	pub owner: AccountId,
	pub digest: [u8; 32],
	pub listed: bool,
	pub title: Vec<u8>,
	pub coverage: (u64, u64),
	pub encryption: Option<bdes_primitives::Encryption>,
	/// Content keys as minted: (recipient, sealed bytes).
	pub keys: Vec<(AccountId, Vec<u8>)>,
}

/// How a mock asset is on sale.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub enum MockSale {
	Offer(u32),
	Fixed(Balance),
	Auction(u32),
}

// In storage, so that a failed call's changes are undone as the real pallets' would be.
fn asset_key(id: DataAssetId) -> Vec<u8> {
	(b"mock/asset", id).encode()
}
fn sale_key(id: DataAssetId) -> Vec<u8> {
	(b"mock/sale", id).encode()
}
fn gateway_key(who: &AccountId) -> Vec<u8> {
	(b"mock/gateway", who).encode()
}
const NEXT_ASSET: &[u8] = b"mock/next-asset";
const SALES_FAIL: &[u8] = b"mock/sales-fail";

/// Makes `who` a gateway content keys may be sealed to.
pub fn register_gateway(who: &AccountId) {
	unhashed::put(&gateway_key(who), &true);
}
pub fn is_gateway(who: &AccountId) -> bool {
	unhashed::exists(&gateway_key(who))
}
pub fn asset(id: DataAssetId) -> Option<MockAsset> {
	unhashed::get(&asset_key(id))
}
pub fn sale(id: DataAssetId) -> Option<MockSale> {
	unhashed::get(&sale_key(id))
}
/// Assets the mock made, in order.
pub fn assets() -> Vec<DataAssetId> {
	(0..unhashed::get_or::<DataAssetId>(NEXT_ASSET, 0))
		.filter(|id| asset(*id).is_some())
		.collect()
}
/// Makes every sale and offer fail (the owner cannot pay the market's deposit, say).
pub fn set_sales_fail(fail: bool) {
	unhashed::put(SALES_FAIL, &fail);
}
pub fn delist(id: DataAssetId) {
	let mut a = asset(id).unwrap();
	a.listed = false;
	unhashed::put(&asset_key(id), &a);
}
pub fn set_owner(id: DataAssetId, owner: AccountId) {
	let mut a = asset(id).unwrap();
	a.owner = owner;
	unhashed::put(&asset_key(id), &a);
}

pub struct MockMarket;
impl DataAssetInspect<AccountId> for MockMarket {
	fn owner(id: DataAssetId) -> Option<AccountId> {
		asset(id).map(|a| a.owner)
	}
	fn is_listed(id: DataAssetId) -> bool {
		asset(id).is_some_and(|a| a.listed)
	}
}

impl DataAssetMint<AccountId> for MockMarket {
	fn mint(
		owner: &AccountId,
		content: MintContent<AccountId>,
		about: AssetDescription,
		listed: bool,
	) -> Result<DataAssetId, DispatchError> {
		// As the data-assets pallet: one content, one asset; keys only to the owner or a
		// gateway, and only for encrypted content.
		let next: DataAssetId = unhashed::get_or(NEXT_ASSET, 0);
		let digest = content.digest;
		if (0..next).filter_map(asset).any(|a| a.digest == digest) {
			return Err(DispatchError::Other("ContentAlreadyListed"));
		}
		if content.encryption.is_none() && !content.keys.is_empty() {
			return Err(DispatchError::Other("NotEncrypted"));
		}
		if content.keys.iter().any(|(to, _)| to != owner && !is_gateway(to)) {
			return Err(DispatchError::Other("NotARecipient"));
		}
		unhashed::put(NEXT_ASSET, &(next + 1));
		let a = MockAsset {
			owner: *owner,
			digest,
			listed,
			title: about.title,
			coverage: about.coverage,
			encryption: content.encryption,
			keys: content.keys,
		};
		unhashed::put(&asset_key(next), &a);
		Ok(next)
	}
}

fn start_sale(owner: &AccountId, id: DataAssetId, sale: MockSale) -> DispatchResult {
	if unhashed::get_or_default::<bool>(SALES_FAIL) {
		return Err(DispatchError::Other("no deposit for the sale"));
	}
	if MockMarket::owner(id) != Some(*owner) || !MockMarket::is_listed(id) {
		return Err(DispatchError::Other("not the owner"));
	}
	unhashed::put(&sale_key(id), &sale);
	Ok(())
}

impl LicenceOffers<AccountId, u32> for MockMarket {
	fn check_terms(terms: &u32) -> DispatchResult {
		if *terms == 0 {
			return Err(DispatchError::Other("ZeroPrice"));
		}
		Ok(())
	}
	fn open_offer(owner: &AccountId, asset: DataAssetId, terms: u32) -> DispatchResult {
		start_sale(owner, asset, MockSale::Offer(terms))
	}
}

impl OwnershipSale<AccountId, Balance, u32> for MockMarket {
	fn check_auction(terms: &u32) -> DispatchResult {
		if *terms == 0 {
			return Err(DispatchError::Other("InvalidDuration"));
		}
		Ok(())
	}
	fn sell(owner: &AccountId, asset: DataAssetId, price: Balance) -> DispatchResult {
		start_sale(owner, asset, MockSale::Fixed(price))
	}
	fn auction(owner: &AccountId, asset: DataAssetId, terms: u32) -> DispatchResult {
		start_sale(owner, asset, MockSale::Auction(terms))
	}
}

parameter_types! {
	pub const RewardPot: AccountId = 998;
}

pub const SCHEMA_DEPOSIT: Balance = 30;
pub const FEED_DEPOSIT: Balance = 50;
pub const BATCH_DEPOSIT: Balance = 5;
pub const EPOCH: u64 = 100;
pub const REWARD: Balance = 900;
pub const MAX_FEEDS: u32 = 8;

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DataAssets = MockMarket;
	type Assets = MockMarket;
	type OfferTerms = u32;
	type Offers = MockMarket;
	type AuctionTerms = u32;
	type Sales = MockMarket;
	type CouncilOrigin = frame_system::EnsureRoot<AccountId>;
	type RewardPot = RewardPot;
	type SchemaDeposit = ConstU64<SCHEMA_DEPOSIT>;
	type FeedDeposit = ConstU64<FEED_DEPOSIT>;
	type BatchDeposit = ConstU64<BATCH_DEPOSIT>;
	type MinInterval = ConstU64<2>;
	type MaxInterval = ConstU64<1_000>;
	type EpochLength = ConstU64<EPOCH>;
	type ContributionReward = ConstU64<REWARD>;
	type MaxFeeds = ConstU32<MAX_FEEDS>;
	type MaxColumns = ConstU32<8>;
	type MaxNameLen = ConstU32<16>;
	type MaxCollectors = ConstU32<4>;
	type MaxCidLen = ConstU32<64>;
	type MaxSourceLen = ConstU32<64>;
	type MaxSealedKeyLen = ConstU32<64>;
	type MaxBatchKeys = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u32, u32, Balance, AccountId> for () {
	fn offer_terms() -> u32 {
		7
	}
	fn auction_terms() -> u32 {
		7
	}
	fn price() -> Balance {
		100
	}
	fn cid(n: u32) -> Vec<u8> {
		format!("bafybatch{n}").into_bytes()
	}
	fn register_gateway(who: &AccountId) {
		register_gateway(who);
	}
}

pub const OPERATOR: AccountId = 1;
pub const OTHER: AccountId = 2;
pub const BUYER: AccountId = 3;
/// A registered gateway (content keys may be sealed to it).
pub const GATEWAY: AccountId = 4;
pub const INITIAL: Balance = 100_000;

/// The columns of the test schema: `ts:timestamp_ms,station:utf8,temp_c:float64`.
pub fn columns() -> ColumnsOf<Test> {
	[
		(&b"ts"[..], ColumnType::TimestampMillis),
		(b"station", ColumnType::Utf8),
		(b"temp_c", ColumnType::Float64),
	]
	.into_iter()
	.map(|(name, kind)| Column { name: name.to_vec().try_into().unwrap(), kind })
	.collect::<Vec<_>>()
	.try_into()
	.unwrap()
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [OPERATOR, OTHER, BUYER, RewardPot::get(), 10, 11, 12]
			.into_iter()
			.map(|who| (who, INITIAL))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		register_gateway(&GATEWAY);
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Feeds::do_try_state().unwrap();
	});
}
