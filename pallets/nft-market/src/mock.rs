//! Test runtime: System, Balances, Nfts (locked by the market) and the NFT market, over a
//! table of ownership NFTs and a revenue sink standing in for the data-assets and
//! revenue-shares pallets.

use crate as pallet_nft_market;
use crate::*;
use bdes_primitives::{DataAssetId, OwnershipNft, RevenueSink};
use core::cell::RefCell;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{fungible::Mutate, tokens::Preservation, AsEnsureOriginWithArg, ConstU32, ConstU64},
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
		NftMarket: pallet_nft_market,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
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
	type Locker = NftMarket;
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
	/// Ownership NFTs: (collection, item) → data asset.
	static OWNERSHIP: RefCell<BTreeMap<(u32, u32), DataAssetId>> = const { RefCell::new(BTreeMap::new()) };
	/// Data assets with revenue shares.
	static WITH_SHARES: RefCell<BTreeSet<DataAssetId>> = const { RefCell::new(BTreeSet::new()) };
	/// Data assets whose dividend pool refuses payments (a receiver that cannot take funds).
	static REFUSING: RefCell<BTreeSet<DataAssetId>> = const { RefCell::new(BTreeSet::new()) };
}

/// Stands in for the data-assets pallet.
pub struct MockOwnership;

impl MockOwnership {
	pub fn set(collection: u32, item: u32, asset: DataAssetId, shares: bool) {
		OWNERSHIP.with(|o| o.borrow_mut().insert((collection, item), asset));
		if shares {
			WITH_SHARES.with(|s| s.borrow_mut().insert(asset));
		}
	}
}

impl OwnershipNft<u32, u32> for MockOwnership {
	fn data_asset(collection: &u32, item: &u32) -> Option<DataAssetId> {
		OWNERSHIP.with(|o| o.borrow().get(&(*collection, *item)).copied())
	}

	fn nft(asset: DataAssetId) -> Option<(u32, u32)> {
		OWNERSHIP.with(|o| o.borrow().iter().find(|(_, a)| **a == asset).map(|(nft, _)| *nft))
	}
}

/// The account the mock revenue sink collects into.
pub const REVENUE_POT: AccountId = 777;

/// Stands in for the revenue-shares pallet: collects into `REVENUE_POT`.
pub struct MockRevenue;

impl MockRevenue {
	/// Makes the dividend pool of `asset` refuse payments (`true`) or take them again.
	pub fn refuse(asset: DataAssetId, refuse: bool) {
		REFUSING.with(|r| {
			if refuse {
				r.borrow_mut().insert(asset);
			} else {
				r.borrow_mut().remove(&asset);
			}
		});
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
		if REFUSING.with(|r| r.borrow().contains(&asset)) {
			return Err(sp_runtime::DispatchError::Other("the pool refuses"));
		}
		Balances::transfer(from, &REVENUE_POT, amount, Preservation::Preserve).map(|_| ())
	}
}

pub const SALE_DEPOSIT: Balance = 4;
pub const AUCTION_DEPOSIT: Balance = 6;
pub const WINDOW: u64 = 3;
pub const MAX_SETTLE: u32 = 2;
pub const RETRY_DELAY: u64 = 2;
pub const MAX_ATTEMPTS: u32 = 2;

parameter_types! {
	pub const ReservePool: AccountId = 999;
	/// 2% to the reserve pool, 10% of an ownership NFT's price to its dividend pool.
	pub const ProtocolFee: Permill = Permill::from_percent(2);
	pub const DividendShare: Permill = Permill::from_percent(10);
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CollectionId = u32;
	type ItemId = u32;
	type Nfts = Nfts;
	type OwnershipNfts = MockOwnership;
	type Revenue = MockRevenue;
	type FeeDestination = ReservePool;
	type ProtocolFee = ProtocolFee;
	type DividendShare = DividendShare;
	type SaleDeposit = ConstU64<SALE_DEPOSIT>;
	type AuctionDeposit = ConstU64<AUCTION_DEPOSIT>;
	type MinDuration = ConstU64<2>;
	type MaxDuration = ConstU64<1000>;
	type ExtensionWindow = ConstU64<WINDOW>;
	type MaxSettlementsPerBlock = ConstU32<MAX_SETTLE>;
	type RetryDelay = ConstU64<RETRY_DELAY>;
	type MaxSettleAttempts = ConstU32<MAX_ATTEMPTS>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NftHelper;
}

/// Mints NFTs in collection 0 (created by `SELLER`) for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct NftHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId, u32, u32> for NftHelper {
	fn nft(owner: &AccountId, with_dividends: bool) -> (u32, u32) {
		let item = mint_to(*owner);
		if with_dividends {
			MockOwnership::set(COLLECTION, item, item, true);
		}
		(COLLECTION, item)
	}
}

pub const SELLER: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CAROL: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const INITIAL: Balance = 1_000_000;
pub const COLLECTION: u32 = 0;

thread_local! {
	static NEXT_ITEM: RefCell<u32> = const { RefCell::new(0) };
}

/// Mints the next item of the test collection to `owner`.
pub fn mint_to(owner: AccountId) -> u32 {
	let item = NEXT_ITEM.with(|n| {
		let item = *n.borrow();
		*n.borrow_mut() = item + 1;
		item
	});
	if pallet_nfts::Collection::<Test>::get(COLLECTION).is_none() {
		assert_ok!(Nfts::force_create(
			RuntimeOrigin::root(),
			SELLER,
			pallet_nfts::CollectionConfig {
				settings: Default::default(),
				max_supply: None,
				mint_settings: Default::default(),
			}
		));
	}
	assert_ok!(Nfts::mint(RuntimeOrigin::signed(SELLER), COLLECTION, item, owner, None));
	item
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [SELLER, BOB, CAROL, DAVE, ReservePool::get(), REVENUE_POT]
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
		OWNERSHIP.with(|o| o.borrow_mut().clear());
		WITH_SHARES.with(|s| s.borrow_mut().clear());
		REFUSING.with(|r| r.borrow_mut().clear());
		NEXT_ITEM.with(|n| *n.borrow_mut() = 0);
	});
	ext
}
