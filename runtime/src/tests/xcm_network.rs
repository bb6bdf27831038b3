//! XCM between chains, in `xcm-simulator`: a mock relay chain, a mock sibling parachain, and BDES
//! as the real [`crate::Runtime`] with its real [`XcmConfig`]. The relay chain's token and a
//! sibling's token reach BDES by reserve transfers made with the senders' `pallet_xcm`, and land
//! in `ForeignAssets`; nothing a sibling sends can pass off the relay token or BDES; BDES's total
//! issuance stays 5e9 BDES throughout.
//!
//! BDES receives through small adapters below that hand each message to the real executor, as
//! the relay chain (DMP) or as the sending sibling (XCMP). BDES's own outgoing messages are not
//! delivered: its real router writes them to `cumulus-pallet-parachain-system` and
//! `cumulus-pallet-xcmp-queue` storage, which the simulator does not read, and no program here
//! makes BDES send anything.

use super::{
	alice, bob, preset_ext,
	xcm::{beneficiary, register, relay_token},
};
use crate::{
	configs::{treasury::TreasuryAccount, xcm_config::XcmConfig},
	genesis_config_presets::PARACHAIN_ID,
	AccountId, Balance, Balances, ForeignAssets, ParachainInfo, RuntimeCall, WeightToFee, BDES,
	EXISTENTIAL_DEPOSIT, TOTAL_ISSUANCE,
};
use codec::Decode;
use frame_support::{
	assert_ok,
	traits::{fungible::Inspect as _, fungibles::Inspect as _},
	weights::{Weight, WeightToFee as _},
};
use polkadot_parachain_primitives::primitives::{
	DmpMessageHandler, Id as ParaId, XcmpMessageFormat, XcmpMessageHandler,
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use std::cell::RefCell;
use xcm::{latest::prelude::*, VersionedXcm};
use xcm_executor::{
	traits::{ConvertLocation, WeightBounds},
	XcmExecutor,
};
use xcm_simulator::{
	decl_test_network, decl_test_parachain, decl_test_relay_chain, RelayBlockNumber, TestExt,
};

/// BDES's para id in the development preset.
const BDES_PARA_ID: u32 = PARACHAIN_ID;
const SIBLING_PARA_ID: u32 = 2001;
/// One relay-chain token (10 decimals).
const DOT: Balance = 10_000_000_000;
/// One token of the sibling (12 decimals).
const SIB: Balance = 1_000_000_000_000;
/// Minimum balances of the two foreign assets on BDES. The executor's fee in a foreign asset is
/// the BDES fee at the ratio of the asset's minimum balance to the BDES existential deposit.
const RELAY_TOKEN_MIN: Balance = DOT / 100;
const SIBLING_TOKEN_MIN: Balance = SIB / 100;
/// What Alice holds on the relay chain and on the sibling at genesis.
const INITIAL: Balance = 1_000_000 * SIB;

/// The mock relay chain: balances, `pallet_xcm` and a UMP message queue, as in the upstream
/// `xcm-simulator` example, without Uniques and the parachains' origin pallets, which nothing
/// here uses.
mod relay {
	use frame_support::{
		construct_runtime, derive_impl, parameter_types,
		traits::{ConstU128, ConstU32, Disabled, Everything, Nothing, ProcessMessage},
		weights::{Weight, WeightMeter},
	};
	use frame_system::EnsureRoot;
	use polkadot_parachain_primitives::primitives::Id as ParaId;
	use sp_runtime::{traits::IdentityLookup, AccountId32};
	use xcm::latest::prelude::*;
	use xcm_builder::{
		AccountId32Aliases, ChildParachainConvertsVia, EnsureXcmOrigin, FixedWeightBounds,
		FrameTransactionalProcessor, FungibleAdapter, IsConcrete, ProcessXcmMessage,
		SignedAccountId32AsNative, SignedToAccountId32, SovereignSignedViaLocation,
		TakeWeightCredit,
	};
	use xcm_executor::XcmExecutor;
	use xcm_simulator::{AggregateMessageOrigin, ProcessMessageError, UmpQueueId};

	pub type AccountId = AccountId32;
	pub type Balance = u128;
	type Block = frame_system::mocking::MockBlock<Runtime>;

	#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
	impl frame_system::Config for Runtime {
		type AccountId = AccountId;
		type Lookup = IdentityLookup<Self::AccountId>;
		type Block = Block;
		type AccountData = pallet_balances::AccountData<Balance>;
	}

	#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
	impl pallet_balances::Config for Runtime {
		type Balance = Balance;
		type ExistentialDeposit = ConstU128<{ super::DOT / 100 }>;
		type AccountStore = System;
	}

	parameter_types! {
		pub const TokenLocation: Location = Here.into_location();
		pub const RelayNetwork: Option<NetworkId> = None;
		pub UniversalLocation: InteriorLocation = Here;
		pub UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
		pub const MaxInstructions: u32 = 100;
		pub const MaxAssetsIntoHolding: u32 = 64;
		pub MessageQueueServiceWeight: Weight = Weight::from_parts(100_000_000_000, 1_000_000);
	}

	/// Children by their para id, accounts by their key.
	pub type LocationToAccountId =
		(ChildParachainConvertsVia<ParaId, AccountId>, AccountId32Aliases<RelayNetwork, AccountId>);

	pub type LocalAssetTransactor =
		FungibleAdapter<Balances, IsConcrete<TokenLocation>, LocationToAccountId, AccountId, ()>;

	pub type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;

	pub struct XcmConfig;
	impl xcm_executor::Config for XcmConfig {
		type RuntimeCall = RuntimeCall;
		type XcmSender = super::RelayChainXcmRouter;
		type XcmEventEmitter = ();
		type AssetTransactor = LocalAssetTransactor;
		type OriginConverter = (
			SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
			SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
		);
		type IsReserve = ();
		type IsTeleporter = ();
		type UniversalLocation = UniversalLocation;
		// The relay chain runs only its own `pallet_xcm`'s programs in these tests, which come
		// with their weight as credit.
		type Barrier = TakeWeightCredit;
		type Weigher = Weigher;
		type Trader = ();
		type ResponseHandler = ();
		type AssetTrap = ();
		type AssetLocker = ();
		type AssetExchanger = ();
		type SubscriptionService = ();
		type PalletInstancesInfo = ();
		type FeeManager = ();
		type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
		type MessageExporter = ();
		type UniversalAliases = Nothing;
		type CallDispatcher = RuntimeCall;
		type SafeCallFilter = Everything;
		type Aliasers = Nothing;
		type TransactionalProcessor = FrameTransactionalProcessor;
		type HrmpNewChannelOpenRequestHandler = ();
		type HrmpChannelAcceptedHandler = ();
		type HrmpChannelClosingHandler = ();
		type XcmRecorder = ();
	}

	pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

	impl pallet_xcm::Config for Runtime {
		type RuntimeEvent = RuntimeEvent;
		type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
		type XcmRouter = super::RelayChainXcmRouter;
		type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
		type XcmExecuteFilter = Nothing;
		type XcmExecutor = XcmExecutor<XcmConfig>;
		type XcmTeleportFilter = Nothing;
		type XcmReserveTransferFilter = Everything;
		type Weigher = Weigher;
		type UniversalLocation = UniversalLocation;
		type RuntimeOrigin = RuntimeOrigin;
		type RuntimeCall = RuntimeCall;
		const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
		type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
		type Currency = Balances;
		type CurrencyMatcher = IsConcrete<TokenLocation>;
		type TrustedLockers = ();
		type SovereignAccountOf = LocationToAccountId;
		type MaxLockers = ConstU32<8>;
		type MaxRemoteLockConsumers = ConstU32<0>;
		type RemoteLockConsumerIdentifier = ();
		type WeightInfo = pallet_xcm::TestWeightInfo;
		type AdminOrigin = EnsureRoot<AccountId>;
		type AuthorizedAliasConsideration = Disabled;
	}

	/// Executes upward messages as their parachain.
	pub struct MessageProcessor;
	impl ProcessMessage for MessageProcessor {
		type Origin = AggregateMessageOrigin;

		fn process_message(
			message: &[u8],
			origin: Self::Origin,
			meter: &mut WeightMeter,
			id: &mut [u8; 32],
		) -> Result<bool, ProcessMessageError> {
			let AggregateMessageOrigin::Ump(UmpQueueId::Para(para)) = origin;
			ProcessXcmMessage::<Junction, XcmExecutor<XcmConfig>, RuntimeCall>::process_message(
				message,
				Junction::Parachain(para.into()),
				meter,
				id,
			)
		}
	}

	impl pallet_message_queue::Config for Runtime {
		type RuntimeEvent = RuntimeEvent;
		type Size = u32;
		type HeapSize = ConstU32<65_536>;
		type MaxStale = ConstU32<16>;
		type ServiceWeight = MessageQueueServiceWeight;
		type IdleMaxServiceWeight = ();
		type MessageProcessor = MessageProcessor;
		type QueueChangeHandler = ();
		type QueuePausedQuery = ();
		type WeightInfo = ();
	}

	construct_runtime!(
		pub enum Runtime {
			System: frame_system,
			Balances: pallet_balances,
			XcmPallet: pallet_xcm,
			MessageQueue: pallet_message_queue,
		}
	);
}

/// The mock sibling parachain: balances, `pallet_xcm` and the simulator's message queue, as in
/// the upstream `xcm-simulator` example. Its native token is `Here` to it and
/// `(1, [Parachain(SIBLING_PARA_ID)])` to BDES.
mod sibling {
	use frame_support::{
		construct_runtime, derive_impl, parameter_types,
		traits::{ConstU128, ConstU32, Disabled, Everything, Nothing},
		weights::Weight,
	};
	use frame_system::EnsureRoot;
	use polkadot_parachain_primitives::primitives::Sibling;
	use sp_runtime::{traits::IdentityLookup, AccountId32};
	use xcm::latest::prelude::*;
	use xcm_builder::{
		AccountId32Aliases, EnsureXcmOrigin, FixedWeightBounds, FrameTransactionalProcessor,
		FungibleAdapter, IsConcrete, ParentIsPreset, SiblingParachainConvertsVia,
		SignedAccountId32AsNative, SignedToAccountId32, SovereignSignedViaLocation,
		TakeWeightCredit,
	};
	use xcm_executor::XcmExecutor;
	use xcm_simulator::mock_message_queue;

	pub type AccountId = AccountId32;
	pub type Balance = u128;
	type Block = frame_system::mocking::MockBlock<Runtime>;

	#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
	impl frame_system::Config for Runtime {
		type AccountId = AccountId;
		type Lookup = IdentityLookup<Self::AccountId>;
		type Block = Block;
		type AccountData = pallet_balances::AccountData<Balance>;
	}

	#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
	impl pallet_balances::Config for Runtime {
		type Balance = Balance;
		type ExistentialDeposit = ConstU128<{ super::SIB / 1_000 }>;
		type AccountStore = System;
	}

	parameter_types! {
		pub const TokenLocation: Location = Here.into_location();
		pub const RelayNetwork: Option<NetworkId> = None;
		pub UniversalLocation: InteriorLocation = Parachain(super::SIBLING_PARA_ID).into();
		pub UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
		pub const MaxInstructions: u32 = 100;
		pub const MaxAssetsIntoHolding: u32 = 64;
	}

	pub type LocationToAccountId = (
		ParentIsPreset<AccountId>,
		SiblingParachainConvertsVia<Sibling, AccountId>,
		AccountId32Aliases<RelayNetwork, AccountId>,
	);

	pub type LocalAssetTransactor =
		FungibleAdapter<Balances, IsConcrete<TokenLocation>, LocationToAccountId, AccountId, ()>;

	pub type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;

	pub struct XcmConfig;
	impl xcm_executor::Config for XcmConfig {
		type RuntimeCall = RuntimeCall;
		type XcmSender = super::ParachainXcmRouter<MsgQueue>;
		type XcmEventEmitter = ();
		type AssetTransactor = LocalAssetTransactor;
		type OriginConverter = (
			SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
			SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
		);
		type IsReserve = ();
		type IsTeleporter = ();
		type UniversalLocation = UniversalLocation;
		// Like the relay chain, the sibling runs only its own `pallet_xcm`'s programs here.
		type Barrier = TakeWeightCredit;
		type Weigher = Weigher;
		type Trader = ();
		type ResponseHandler = ();
		type AssetTrap = ();
		type AssetLocker = ();
		type AssetExchanger = ();
		type SubscriptionService = ();
		type PalletInstancesInfo = ();
		type FeeManager = ();
		type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
		type MessageExporter = ();
		type UniversalAliases = Nothing;
		type CallDispatcher = RuntimeCall;
		type SafeCallFilter = Everything;
		type Aliasers = Nothing;
		type TransactionalProcessor = FrameTransactionalProcessor;
		type HrmpNewChannelOpenRequestHandler = ();
		type HrmpChannelAcceptedHandler = ();
		type HrmpChannelClosingHandler = ();
		type XcmRecorder = ();
	}

	impl mock_message_queue::Config for Runtime {
		type RuntimeEvent = RuntimeEvent;
		type XcmExecutor = XcmExecutor<XcmConfig>;
	}

	pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

	impl pallet_xcm::Config for Runtime {
		type RuntimeEvent = RuntimeEvent;
		// Root sends as the chain itself (`EnsureXcmOrigin` maps root to `Here`).
		type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
		type XcmRouter = super::ParachainXcmRouter<MsgQueue>;
		type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
		type XcmExecuteFilter = Nothing;
		type XcmExecutor = XcmExecutor<XcmConfig>;
		type XcmTeleportFilter = Nothing;
		type XcmReserveTransferFilter = Everything;
		type Weigher = Weigher;
		type UniversalLocation = UniversalLocation;
		type RuntimeOrigin = RuntimeOrigin;
		type RuntimeCall = RuntimeCall;
		const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
		type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
		type Currency = Balances;
		type CurrencyMatcher = IsConcrete<TokenLocation>;
		type TrustedLockers = ();
		type SovereignAccountOf = LocationToAccountId;
		type MaxLockers = ConstU32<8>;
		type MaxRemoteLockConsumers = ConstU32<0>;
		type RemoteLockConsumerIdentifier = ();
		type WeightInfo = pallet_xcm::TestWeightInfo;
		type AdminOrigin = EnsureRoot<AccountId>;
		type AuthorizedAliasConsideration = Disabled;
	}

	construct_runtime!(
		pub enum Runtime {
			System: frame_system,
			Balances: pallet_balances,
			MsgQueue: mock_message_queue,
			PolkadotXcm: pallet_xcm,
		}
	);
}

/// A message delivered to BDES and what its executor made of it.
#[derive(Debug)]
struct Delivery {
	origin: Location,
	message: Xcm<RuntimeCall>,
	outcome: Outcome,
}

thread_local! {
	static DELIVERED_TO_BDES: RefCell<Vec<Delivery>> = const { RefCell::new(Vec::new()) };
}

/// The messages delivered to BDES since the last call.
fn deliveries() -> Vec<Delivery> {
	DELIVERED_TO_BDES.with(|d| d.take())
}

/// The one message delivered to BDES since the last call.
fn delivery() -> Delivery {
	let mut all = deliveries();
	assert_eq!(all.len(), 1, "{all:?}");
	all.remove(0)
}

/// Runs one message through BDES's real executor, as the real queues do (with the topic of the
/// message as its id), and records the outcome.
fn execute_on_bdes(origin: Location, message: VersionedXcm<RuntimeCall>, limit: Weight) {
	let mut id = codec::Encode::using_encoded(&message, sp_io::hashing::blake2_256);
	let message = Xcm::<RuntimeCall>::try_from(message).expect("the simulator sends the latest");
	let outcome = XcmExecutor::<XcmConfig>::prepare_and_execute(
		origin.clone(),
		message.clone(),
		&mut id,
		limit,
		Weight::zero(),
	);
	DELIVERED_TO_BDES.with(|d| d.borrow_mut().push(Delivery { origin, message, outcome }));
}

/// BDES's receiving end: in the real runtime `cumulus-pallet-xcmp-queue` and the message queue
/// hand these messages to the same executor.
pub struct ToBdes;

impl XcmpMessageHandler for ToBdes {
	fn handle_xcmp_messages<'a, I: Iterator<Item = (ParaId, RelayBlockNumber, &'a [u8])>>(
		iter: I,
		max_weight: Weight,
	) -> Weight {
		for (sender, _sent_at, mut data) in iter {
			let format = XcmpMessageFormat::decode(&mut data).expect("a format");
			assert_eq!(format, XcmpMessageFormat::ConcatenatedVersionedXcm);
			while !data.is_empty() {
				let message = VersionedXcm::<RuntimeCall>::decode(&mut data).expect("an XCM");
				execute_on_bdes(Location::new(1, [Parachain(sender.into())]), message, max_weight);
			}
		}
		max_weight
	}
}

impl DmpMessageHandler for ToBdes {
	fn handle_dmp_messages(
		iter: impl Iterator<Item = (RelayBlockNumber, Vec<u8>)>,
		max_weight: Weight,
	) -> Weight {
		for (_sent_at, data) in iter {
			let message = VersionedXcm::<RuntimeCall>::decode(&mut &data[..]).expect("an XCM");
			execute_on_bdes(Location::parent(), message, max_weight);
		}
		max_weight
	}
}

/// BDES at the development preset's genesis, with the relay token registered by root as the
/// Council registers a foreign asset.
fn bdes_ext() -> sp_io::TestExternalities {
	let mut ext = preset_ext(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		assert_eq!(u32::from(ParachainInfo::parachain_id()), BDES_PARA_ID);
		register(Location::parent(), RELAY_TOKEN_MIN);
	});
	ext
}

fn relay_ext() -> sp_io::TestExternalities {
	use sp_runtime::BuildStorage;
	let mut storage = frame_system::GenesisConfig::<relay::Runtime>::default()
		.build_storage()
		.expect("builds");
	pallet_balances::GenesisConfig::<relay::Runtime> {
		balances: vec![(alice(), INITIAL)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| relay::System::set_block_number(1));
	ext
}

fn sibling_ext() -> sp_io::TestExternalities {
	use sp_runtime::BuildStorage;
	let mut storage = frame_system::GenesisConfig::<sibling::Runtime>::default()
		.build_storage()
		.expect("builds");
	pallet_balances::GenesisConfig::<sibling::Runtime> {
		balances: vec![(alice(), INITIAL)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		sibling::System::set_block_number(1);
		sibling::MsgQueue::set_para_id(SIBLING_PARA_ID.into());
	});
	ext
}

decl_test_relay_chain! {
	pub struct Relay {
		Runtime = relay::Runtime,
		RuntimeCall = relay::RuntimeCall,
		RuntimeEvent = relay::RuntimeEvent,
		XcmConfig = relay::XcmConfig,
		MessageQueue = relay::MessageQueue,
		System = relay::System,
		new_ext = relay_ext(),
	}
}

decl_test_parachain! {
	pub struct Bdes {
		Runtime = crate::Runtime,
		XcmpMessageHandler = ToBdes,
		DmpMessageHandler = ToBdes,
		new_ext = bdes_ext(),
	}
}

decl_test_parachain! {
	pub struct SiblingChain {
		Runtime = sibling::Runtime,
		XcmpMessageHandler = sibling::MsgQueue,
		DmpMessageHandler = sibling::MsgQueue,
		new_ext = sibling_ext(),
	}
}

decl_test_network! {
	pub struct Network {
		relay_chain = Relay,
		parachains = vec![
			(BDES_PARA_ID, Bdes),
			(SIBLING_PARA_ID, SiblingChain),
		],
	}
}

fn reset() {
	Network::reset();
	deliveries();
}

/// The sibling's native token, as BDES names it.
fn sibling_token() -> Location {
	Location::new(1, [Parachain(SIBLING_PARA_ID)])
}

/// What BDES's executor charges for `message` in a foreign asset of minimum balance `min`.
fn fee_in_foreign_asset(message: &Xcm<RuntimeCall>, min: Balance) -> Balance {
	let weight =
		<XcmConfig as xcm_executor::Config>::Weigher::weight(&mut message.clone(), Weight::MAX)
			.expect("weighable");
	WeightToFee::weight_to_fee(&weight) * min / EXISTENTIAL_DEPOSIT
}

fn error_of(outcome: &Outcome) -> XcmError {
	match outcome {
		Outcome::Incomplete { error, .. } | Outcome::Error(error) => error.error,
		Outcome::Complete { .. } => panic!("completed"),
	}
}

/// BDES balances that no foreign transfer may touch: Bob's and the reserve pool's.
fn bdes_balances() -> (Balance, Balance) {
	(Balances::balance(&bob()), Balances::balance(&TreasuryAccount::get()))
}

fn relay_sovereign_of_bdes() -> AccountId {
	relay::LocationToAccountId::convert_location(&Parachain(BDES_PARA_ID).into())
		.expect("a child's account")
}

fn sibling_sovereign_of_bdes() -> AccountId {
	sibling::LocationToAccountId::convert_location(&Location::new(1, [Parachain(BDES_PARA_ID)]))
		.expect("a sibling's account")
}

/// Alice on the sibling reserve-transfers `amount` of its native token to Bob on BDES.
fn sibling_reserve_transfer(amount: Balance) {
	SiblingChain::execute_with(|| {
		assert_ok!(sibling::PolkadotXcm::limited_reserve_transfer_assets(
			sibling::RuntimeOrigin::signed(alice()),
			Box::new(Location::new(1, [Parachain(BDES_PARA_ID)]).into()),
			Box::new(beneficiary(&bob()).into()),
			Box::new((Here, amount).into()),
			0,
			Unlimited,
		));
	});
}

#[test]
fn a_reserve_transfer_of_the_relay_token_lands_on_bdes_as_the_foreign_asset() {
	reset();
	let amount = 10 * DOT;
	let sovereign = relay_sovereign_of_bdes();
	let (bob_bdes, pool_bdes) = Bdes::execute_with(|| {
		assert_eq!(ForeignAssets::balance(relay_token(), bob()), 0);
		bdes_balances()
	});

	Relay::execute_with(|| {
		let issuance = relay::Balances::total_issuance();
		assert_eq!(relay::Balances::free_balance(&sovereign), 0);
		assert_ok!(relay::XcmPallet::limited_reserve_transfer_assets(
			relay::RuntimeOrigin::signed(alice()),
			Box::new(Parachain(BDES_PARA_ID).into()),
			Box::new(beneficiary(&bob()).into()),
			Box::new((Here, amount).into()),
			0,
			Unlimited,
		));
		// The relay chain holds the amount for BDES, in BDES's sovereign account.
		assert_eq!(relay::Balances::free_balance(alice()), INITIAL - amount);
		assert_eq!(relay::Balances::free_balance(&sovereign), amount);
		assert_eq!(relay::Balances::total_issuance(), issuance);
	});

	Bdes::execute_with(|| {
		let Delivery { origin, message, outcome } = delivery();
		assert_eq!(origin, Location::parent());
		assert!(
			matches!(message.first(), Some(ReserveAssetDeposited(assets))
				if *assets == Assets::from((relay_token(), amount))),
			"{message:?}"
		);
		assert!(matches!(outcome, Outcome::Complete { .. }), "{outcome:?}");
		let fee = fee_in_foreign_asset(&message, RELAY_TOKEN_MIN);
		assert!(fee > 0 && fee < amount);

		// Bob holds the relay token less the fee, which is in the reserve pool, as the foreign
		// asset; BDES itself did not move, and its supply is what it was.
		assert_eq!(ForeignAssets::balance(relay_token(), bob()), amount - fee);
		assert_eq!(ForeignAssets::balance(relay_token(), TreasuryAccount::get()), fee);
		assert_eq!(ForeignAssets::total_issuance(relay_token()), amount);
		assert_eq!(bdes_balances(), (bob_bdes, pool_bdes));
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}

#[test]
fn a_sibling_token_lands_as_the_foreign_asset_once_registered() {
	reset();
	let amount = 100 * SIB;
	let sovereign = sibling_sovereign_of_bdes();
	let (bob_bdes, pool_bdes) = Bdes::execute_with(bdes_balances);

	// Unregistered: the sibling holds the tokens for BDES, but BDES cannot take its fee in an
	// unknown asset, so nothing lands (the executor traps what it held).
	sibling_reserve_transfer(amount);
	Bdes::execute_with(|| {
		let Delivery { origin, outcome, .. } = delivery();
		assert_eq!(origin, sibling_token());
		assert!(
			matches!(error_of(&outcome), XcmError::TooExpensive | XcmError::AssetNotFound),
			"{outcome:?}"
		);
		assert_eq!(ForeignAssets::total_issuance(sibling_token()), 0);
		assert_eq!(ForeignAssets::balance(sibling_token(), bob()), 0);
		assert_eq!(bdes_balances(), (bob_bdes, pool_bdes));
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
		register(sibling_token(), SIBLING_TOKEN_MIN);
	});

	// Registered: it lands, less the fee, which goes to the reserve pool.
	sibling_reserve_transfer(amount);
	Bdes::execute_with(|| {
		let Delivery { origin, message, outcome } = delivery();
		assert_eq!(origin, sibling_token());
		assert!(matches!(outcome, Outcome::Complete { .. }), "{outcome:?}");
		let fee = fee_in_foreign_asset(&message, SIBLING_TOKEN_MIN);
		assert!(fee > 0 && fee < amount);
		assert_eq!(ForeignAssets::balance(sibling_token(), bob()), amount - fee);
		assert_eq!(ForeignAssets::balance(sibling_token(), TreasuryAccount::get()), fee);
		assert_eq!(ForeignAssets::total_issuance(sibling_token()), amount);
		assert_eq!(bdes_balances(), (bob_bdes, pool_bdes));
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});

	SiblingChain::execute_with(|| {
		assert_eq!(sibling::Balances::free_balance(alice()), INITIAL - 2 * amount);
		assert_eq!(sibling::Balances::free_balance(&sovereign), 2 * amount);
	});
}

#[test]
fn a_sibling_cannot_pass_off_the_relay_token_or_bdes() {
	reset();
	let (bob_bdes, pool_bdes) = Bdes::execute_with(bdes_balances);
	// BDES as BDES names itself, and as the sibling names it.
	let bdes_here = Location::here();
	let bdes_from_outside = Location::new(1, [Parachain(BDES_PARA_ID)]);
	for (asset, amount) in [
		(relay_token(), 1_000 * DOT),
		(bdes_here, 1_000_000 * BDES),
		(bdes_from_outside.clone(), 1_000_000 * BDES),
	] {
		// The sibling's root sends it as the chain itself, without any reserve behind it.
		let forged: Xcm<()> = Xcm(vec![
			ReserveAssetDeposited((asset.clone(), amount).into()),
			ClearOrigin,
			BuyExecution { fees: (asset.clone(), amount).into(), weight_limit: Unlimited },
			DepositAsset { assets: AllCounted(1).into(), beneficiary: beneficiary(&bob()) },
		]);
		SiblingChain::execute_with(|| {
			assert_ok!(sibling::PolkadotXcm::send(
				sibling::RuntimeOrigin::root(),
				Box::new(bdes_from_outside.clone().into()),
				Box::new(VersionedXcm::from(forged)),
			));
		});
		Bdes::execute_with(|| {
			let Delivery { origin, message, outcome } = delivery();
			assert_eq!(origin, sibling_token());
			assert!(
				matches!(message.first(), Some(ReserveAssetDeposited(assets))
					if *assets == Assets::from((asset.clone(), amount))),
				"{message:?}"
			);
			assert_eq!(error_of(&outcome), XcmError::UntrustedReserveLocation, "{asset:?}");
		});
	}

	Bdes::execute_with(|| {
		assert_eq!(ForeignAssets::balance(relay_token(), bob()), 0);
		assert_eq!(ForeignAssets::total_issuance(relay_token()), 0);
		assert!(!ForeignAssets::asset_exists(bdes_from_outside));
		assert_eq!(bdes_balances(), (bob_bdes, pool_bdes));
		assert_eq!(Balances::total_issuance(), TOTAL_ISSUANCE);
	});
}
