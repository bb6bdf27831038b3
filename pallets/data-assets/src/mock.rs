//! Test runtime: System, Balances, Nfts and DataAssets, with offchain helpers.

use crate as pallet_data_assets;
use crate::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_core::{
	offchain::{
		testing::{OffchainState, PoolState, TestOffchainExt, TestTransactionPoolExt},
		HttpError, HttpRequestId, HttpRequestStatus, OffchainDbExt, OffchainWorkerExt,
		OpaqueNetworkState, Timestamp, TransactionPoolExt,
	},
	sr25519, OpaquePeerId,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	generic::UncheckedExtrinsic,
	traits::{IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, MultiSignature, MultiSigner,
};
use std::sync::{Arc, Mutex};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u64;
pub type Signature = MultiSignature;
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
pub type Extrinsic = UncheckedExtrinsic<AccountId, RuntimeCall, (), ()>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Nfts: pallet_nfts,
		DataAssets: pallet_data_assets,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type AccountId = AccountId;
	type Lookup = IdentityLookup<Self::AccountId>;
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub storage NftFeatures: pallet_nfts::PalletFeatures = pallet_nfts::PalletFeatures::all_enabled();
}

impl pallet_nfts::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type CollectionId = u32;
	type ItemId = u32;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<Self::AccountId>>;
	type ForceOrigin = EnsureRoot<Self::AccountId>;
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
	type OffchainSignature = Signature;
	type OffchainPublic = <Signature as Verify>::Signer;
	#[cfg(feature = "runtime-benchmarks")]
	type Helper = ();
	type WeightInfo = ();
	type BlockNumberProvider = System;
}

impl frame_system::offchain::SigningTypes for Test {
	type Public = MultiSigner;
	type Signature = Signature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		_public: MultiSigner,
		account: AccountId,
		_nonce: u32,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, account, (), ()))
	}
}

std::thread_local! {
	static GATEWAY_KEYS: core::cell::RefCell<Vec<(AccountId, [u8; 32])>> =
		const { core::cell::RefCell::new(Vec::new()) };
}

/// Stands in for the data-licences pallet's gateway registry.
pub struct MockGateways;

impl MockGateways {
	pub fn set(gateway: AccountId, key: [u8; 32]) {
		GATEWAY_KEYS.with(|g| g.borrow_mut().push((gateway, key)));
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl bdes_primitives::GatewayBenchmarkHelper<AccountId> for MockGateways {
	fn register_gateway(who: &AccountId, key: [u8; 32]) {
		Self::set(who.clone(), key);
	}
}

impl bdes_primitives::GatewayRegistry<AccountId> for MockGateways {
	fn sealing_key(who: &AccountId) -> Option<[u8; 32]> {
		GATEWAY_KEYS.with(|g| g.borrow().iter().find(|(g, _)| g == who).map(|(_, k)| *k))
	}
}

pub const COLLECTION_DEPOSIT: Balance = 20;
pub const ITEM_DEPOSIT: Balance = 3;
pub const DEPOSIT_BASE: Balance = 100;
pub const DEPOSIT_PER_BYTE: Balance = 1;
pub const LISTING_FEE: Balance = 500;
pub const DIGEST_CHECK_LIMIT: u64 = 1024;
pub const RECHECK_INTERVAL: u64 = 10;

parameter_types! {
	pub const DataAssetsPalletId: PalletId = PalletId(*b"bd/dasst");
	pub const ReservePool: AccountId = AccountId::new([0xee; 32]);
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CollectionId = u32;
	type Nfts = Nfts;
	type ApproveOrigin = EnsureRoot<AccountId>;
	type RatingOrigin = EnsureRoot<AccountId>;
	type PinnerOrigin = EnsureRoot<AccountId>;
	type AuthorityId = crypto::PinnerAuthId;
	type PalletId = DataAssetsPalletId;
	type FeeDestination = ReservePool;
	type DepositBase = ConstU64<DEPOSIT_BASE>;
	type DepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type ListingFee = ConstU64<LISTING_FEE>;
	type MaxTitleLen = ConstU32<64>;
	type MaxDescriptionLen = ConstU32<256>;
	type MaxTags = ConstU32<4>;
	type MaxTagLen = ConstU32<16>;
	type MaxFormatLen = ConstU32<32>;
	type MaxSourceLen = ConstU32<64>;
	type MaxCidLen = ConstU32<100>;
	type MaxRatingHistory = ConstU32<3>;
	type MaxPinners = ConstU32<3>;
	type MaxReportsPerCall = ConstU32<4>;
	type RecheckInterval = ConstU64<RECHECK_INTERVAL>;
	type DigestCheckLimit = ConstU64<DIGEST_CHECK_LIMIT>;
	type IpfsTimeoutMillis = ConstU64<5_000>;
	type Gateways = MockGateways;
	type MaxSealedKeyLen = ConstU32<64>;
	type MaxContentKeys = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockGateways;
}

pub fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}
pub fn alice() -> AccountId {
	account(1)
}
pub fn bob() -> AccountId {
	account(2)
}
pub fn charlie() -> AccountId {
	account(3)
}
/// Pinners registered at genesis (no offchain keys).
pub fn pinner1() -> AccountId {
	account(11)
}
pub fn pinner2() -> AccountId {
	account(12)
}
pub fn reserve_pool() -> AccountId {
	ReservePool::get()
}

pub const INITIAL_BALANCE: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	GATEWAY_KEYS.with(|g| g.borrow_mut().clear());
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(alice(), INITIAL_BALANCE),
			(bob(), INITIAL_BALANCE),
			(charlie(), 300),
			(pinner1(), INITIAL_BALANCE),
			(pinner2(), INITIAL_BALANCE),
			(reserve_pool(), 1),
			(DataAssets::account_id(), 1_000),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_data_assets::GenesisConfig::<Test> {
		pinners: vec![pinner1(), pinner2()],
		replication_target: 2,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs a test and checks the pallet's invariants after it.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		DataAssets::do_try_state().expect("invariants hold");
	});
}

// ---- offchain ---------------------------------------------------------------------------------

/// How the fake IPFS behaves for requests the test did not script.
#[derive(Default)]
pub struct Faults {
	/// Every request fails to connect (IPFS down).
	pub down: bool,
	/// Requests whose URL contains one of these never answer in time.
	pub timeouts: Vec<String>,
}

/// Offchain externalities: the scripted [`TestOffchainExt`], plus connection failures and
/// deadlines it cannot simulate.
#[derive(Clone)]
pub struct FaultyOffchain {
	inner: TestOffchainExt,
	faults: Arc<Mutex<Faults>>,
	timed_out: Arc<Mutex<Vec<u16>>>,
}

const TIMED_OUT_BASE: u16 = 60_000;

impl sp_core::offchain::Externalities for FaultyOffchain {
	fn is_validator(&self) -> bool {
		self.inner.is_validator()
	}
	fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
		self.inner.network_state()
	}
	fn timestamp(&mut self) -> Timestamp {
		self.inner.timestamp()
	}
	fn sleep_until(&mut self, deadline: Timestamp) {
		self.inner.sleep_until(deadline)
	}
	fn random_seed(&mut self) -> [u8; 32] {
		self.inner.random_seed()
	}
	fn http_request_start(
		&mut self,
		method: &str,
		uri: &str,
		meta: &[u8],
	) -> Result<HttpRequestId, ()> {
		let faults = self.faults.lock().unwrap();
		if faults.down {
			return Err(());
		}
		if faults.timeouts.iter().any(|t| uri.contains(t.as_str())) {
			let mut timed_out = self.timed_out.lock().unwrap();
			let id = TIMED_OUT_BASE + timed_out.len() as u16;
			timed_out.push(id);
			return Ok(HttpRequestId(id));
		}
		drop(faults);
		self.inner.http_request_start(method, uri, meta)
	}
	fn http_request_add_header(
		&mut self,
		id: HttpRequestId,
		name: &str,
		value: &str,
	) -> Result<(), ()> {
		if id.0 >= TIMED_OUT_BASE {
			return Ok(());
		}
		self.inner.http_request_add_header(id, name, value)
	}
	fn http_request_write_body(
		&mut self,
		id: HttpRequestId,
		chunk: &[u8],
		deadline: Option<Timestamp>,
	) -> Result<(), HttpError> {
		if id.0 >= TIMED_OUT_BASE {
			return Ok(());
		}
		self.inner.http_request_write_body(id, chunk, deadline)
	}
	fn http_response_wait(
		&mut self,
		ids: &[HttpRequestId],
		deadline: Option<Timestamp>,
	) -> Vec<HttpRequestStatus> {
		ids.iter()
			.map(|id| {
				if id.0 >= TIMED_OUT_BASE {
					HttpRequestStatus::DeadlineReached
				} else {
					self.inner.http_response_wait(&[*id], deadline)[0]
				}
			})
			.collect()
	}
	fn http_response_headers(&mut self, id: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		self.inner.http_response_headers(id)
	}
	fn http_response_read_body(
		&mut self,
		id: HttpRequestId,
		buffer: &mut [u8],
		deadline: Option<Timestamp>,
	) -> Result<usize, HttpError> {
		self.inner.http_response_read_body(id, buffer, deadline)
	}
	fn set_authorized_nodes(&mut self, nodes: Vec<OpaquePeerId>, authorized_only: bool) {
		self.inner.set_authorized_nodes(nodes, authorized_only)
	}
}

/// Handles of an offchain test environment.
pub struct OffchainEnv {
	pub ext: sp_io::TestExternalities,
	pub http: Arc<parking_lot::RwLock<OffchainState>>,
	pub pool: Arc<parking_lot::RwLock<PoolState>>,
	pub faults: Arc<Mutex<Faults>>,
	/// The account of the pinner key in the node's keystore.
	pub pinner: AccountId,
}

/// A test environment whose keystore holds one pinner key, registered on chain.
pub fn offchain_env() -> OffchainEnv {
	let (offchain, http) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	let public = keystore.sr25519_generate_new(KEY_TYPE, Some("//Pinner")).unwrap();
	let pinner = MultiSigner::from(sr25519::Public::from(public)).into_account();
	let faults = Arc::new(Mutex::new(Faults::default()));
	let faulty = FaultyOffchain {
		inner: offchain.clone(),
		faults: faults.clone(),
		timed_out: Default::default(),
	};

	let mut ext = new_test_ext();
	ext.register_extension(OffchainWorkerExt::new(faulty));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	ext.execute_with(|| {
		Balances::force_set_balance(RuntimeOrigin::root(), pinner.clone(), INITIAL_BALANCE)
			.unwrap();
		DataAssets::register_pinner(RuntimeOrigin::root(), pinner.clone()).unwrap();
	});
	OffchainEnv { ext, http, pool: pool_state, faults, pinner }
}
