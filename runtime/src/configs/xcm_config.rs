//! XCM: `pallet_xcm`, `cumulus_pallet_xcm` and the executor configuration.
//!
//! BDES is this chain's `Here` asset and the only asset `Balances` transacts. Every other asset
//! (the relay chain's token, a sibling's tokens) is a foreign asset in `ForeignAssets`, keyed by
//! its location and registered by the Council; a chain is trusted as the reserve of its own
//! assets only; nothing is teleported; fees are paid in BDES or in a registered sufficient
//! foreign asset and go to the reserve pool. So no XCM program mints or burns BDES. Teleports
//! and reserve transfers out by accounts are off, and only the relay chain (and its executive
//! body) executes unpaid. The ETH/ERC20 gateway and cross-chain BDES come with their own issues.

use crate::{
	configs::treasury::TreasuryAccount, AccountId, AllPalletsWithSystem, Balance, Balances,
	ForeignAssets, ParachainInfo, ParachainSystem, PolkadotXcm, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, WeightToFee, XcmpQueue,
};
use cumulus_primitives_utility::{ChargeWeightInFungibles, TakeFirstAssetTrader};
use frame_support::{
	parameter_types,
	traits::{
		tokens::{
			imbalance::{ResolveAssetTo, ResolveTo},
			ConversionToAssetBalance,
		},
		ConstU32, Contains, ContainsPair, Disabled, Everything, Nothing,
	},
	weights::{Weight, WeightToFee as _},
};
use frame_system::EnsureRoot;
use pallet_xcm::XcmPassthrough;
use polkadot_parachain_primitives::primitives::Sibling;
use sp_runtime::traits::{ConvertInto, Identity};
use xcm::latest::prelude::*;
use xcm_builder::{
	AccountId32Aliases, AllowExplicitUnpaidExecutionFrom, AllowTopLevelPaidExecutionFrom,
	DenyRecursively, DenyReserveTransferToRelayChain, DenyThenTry, EnsureXcmOrigin,
	FixedWeightBounds, FrameTransactionalProcessor, FungibleAdapter, FungiblesAdapter, IsConcrete,
	MatchedConvertedConcreteId, NoChecking, ParentIsPreset, RelayChainAsNative,
	SiblingParachainAsNative, SiblingParachainConvertsVia, SignedAccountId32AsNative,
	SignedToAccountId32, SovereignSignedViaLocation, TakeWeightCredit, TrailingSetTopicAsId,
	UsingComponents, WithComputedOrigin, WithUniqueTopic,
};
use xcm_executor::XcmExecutor;

parameter_types! {
	/// BDES, as XCM names it here.
	pub const HereLocation: Location = Location::here();
	/// Unused while teleports are off; the adapters want one.
	pub CheckingAccount: AccountId = PolkadotXcm::check_account();
	pub const RelayNetwork: Option<NetworkId> = None;
	pub RelayChainOrigin: RuntimeOrigin = cumulus_pallet_xcm::Origin::Relay.into();
	pub UniversalLocation: InteriorLocation = Parachain(ParachainInfo::parachain_id().into()).into();
}

/// Converts a `Location` into a local account.
pub type LocationToAccountId = (
	ParentIsPreset<AccountId>,
	SiblingParachainConvertsVia<Sibling, AccountId>,
	AccountId32Aliases<RelayNetwork, AccountId>,
);

/// Transacts BDES, this chain's own token (`Here`), and nothing else.
pub type LocalAssetTransactor =
	FungibleAdapter<Balances, IsConcrete<HereLocation>, LocationToAccountId, AccountId, ()>;

/// Locations of other chains' assets: anything outside this chain. This chain seen from outside,
/// `(1, [Parachain(ours), ..])`, is not foreign: registered, it would be a shadow BDES.
pub struct OutsideThisChain;
impl Contains<Location> for OutsideThisChain {
	fn contains(location: &Location) -> bool {
		let ours = Location::new(1, [Parachain(ParachainInfo::parachain_id().into())]);
		location.parent_count() > 0 && !location.starts_with(&ours)
	}
}

/// A foreign asset is `ForeignAssets`' asset of the same location.
pub type ForeignAssetsMatcher =
	MatchedConvertedConcreteId<Location, Balance, OutsideThisChain, Identity, Identity>;

/// Transacts registered foreign assets (an unregistered one fails as unknown).
pub type ForeignAssetsTransactor = FungiblesAdapter<
	ForeignAssets,
	ForeignAssetsMatcher,
	LocationToAccountId,
	AccountId,
	NoChecking,
	CheckingAccount,
>;

/// BDES first, then foreign assets.
pub type AssetTransactors = (LocalAssetTransactor, ForeignAssetsTransactor);

/// A chain is trusted as the reserve of its own assets only: the relay chain of its token, a
/// sibling parachain of the assets under its location. Nobody is the reserve of BDES but us.
pub struct ReserveOfItsOwnAssets;
impl ContainsPair<Asset, Location> for ReserveOfItsOwnAssets {
	fn contains(asset: &Asset, origin: &Location) -> bool {
		let id = &asset.id.0;
		match origin.unpack() {
			(1, []) => id == origin,
			(1, [Parachain(_)]) => id.starts_with(origin),
			_ => false,
		}
	}
}

/// XCM fees in a foreign asset: the BDES fee converted at the ratio of the asset's minimum
/// balance to the BDES existential deposit (the Council sets that ratio when it registers the
/// asset). Only sufficient assets qualify, their minimum balance being a deliberate value.
pub struct ForeignAssetFee;
impl ChargeWeightInFungibles<AccountId, ForeignAssets> for ForeignAssetFee {
	fn charge_weight_in_fungibles(asset: Location, weight: Weight) -> Result<Balance, XcmError> {
		let fee = WeightToFee::weight_to_fee(&weight);
		pallet_assets::BalanceToAssetBalance::<
			Balances,
			Runtime,
			ConvertInto,
			pallet_assets::Instance2,
		>::to_asset_balance(fee, asset)
		.map_err(|_| XcmError::TooExpensive)
	}
}

/// Buys execution with BDES, or else with the first asset given if it is a registered
/// sufficient foreign asset; either way the fee goes to the reserve pool.
pub type Traders = (
	UsingComponents<
		WeightToFee,
		HereLocation,
		AccountId,
		Balances,
		ResolveTo<TreasuryAccount, Balances>,
	>,
	TakeFirstAssetTrader<
		AccountId,
		ForeignAssetFee,
		ForeignAssetsMatcher,
		ForeignAssets,
		ResolveAssetTo<TreasuryAccount, ForeignAssets>,
	>,
);

/// Converts an incoming XCM origin into a local origin for `Transact`.
pub type XcmOriginToTransactDispatchOrigin = (
	SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
	RelayChainAsNative<RelayChainOrigin, RuntimeOrigin>,
	SiblingParachainAsNative<cumulus_pallet_xcm::Origin, RuntimeOrigin>,
	SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
	XcmPassthrough<RuntimeOrigin>,
);

parameter_types! {
	// A conservative cost per XCM instruction.
	pub UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
	pub const MaxInstructions: u32 = 100;
	pub const MaxAssetsIntoHolding: u32 = 64;
}

/// The relay chain and its executive body.
pub struct ParentOrParentsExecutivePlurality;
impl Contains<Location> for ParentOrParentsExecutivePlurality {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, []) | (1, [Plurality { id: BodyId::Executive, .. }]))
	}
}

/// What may execute here.
pub type Barrier = TrailingSetTopicAsId<
	DenyThenTry<
		DenyRecursively<DenyReserveTransferToRelayChain>,
		(
			TakeWeightCredit,
			WithComputedOrigin<
				(
					AllowTopLevelPaidExecutionFrom<Everything>,
					AllowExplicitUnpaidExecutionFrom<ParentOrParentsExecutivePlurality>,
				),
				UniversalLocation,
				ConstU32<8>,
			>,
		),
	>,
>;

/// The XCM executor's configuration.
pub struct XcmConfig;
impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = AssetTransactors;
	type OriginConverter = XcmOriginToTransactDispatchOrigin;
	type IsReserve = ReserveOfItsOwnAssets;
	type IsTeleporter = ();
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type Trader = Traders;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type AssetLocker = ();
	type AssetExchanger = ();
	type FeeManager = ();
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = Everything;
	type Aliasers = Nothing;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

/// Local signed origins become `AccountId32` locations when sending XCM.
pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

/// Routes outgoing XCM: UMP to the relay chain, XCMP to siblings.
pub type XcmRouter =
	WithUniqueTopic<(cumulus_primitives_utility::ParentAsUmp<ParachainSystem, (), ()>, XcmpQueue)>;

impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmRouter = XcmRouter;
	type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	// No arbitrary XCM execution by accounts.
	type XcmExecuteFilter = Nothing;
	type XcmExecutor = XcmExecutor<XcmConfig>;
	type XcmTeleportFilter = Nothing;
	type XcmReserveTransferFilter = Nothing;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type UniversalLocation = UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	type Currency = Balances;
	type CurrencyMatcher = ();
	type TrustedLockers = ();
	type SovereignAccountOf = LocationToAccountId;
	type MaxLockers = ConstU32<8>;
	type WeightInfo = pallet_xcm::TestWeightInfo;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	type AuthorizedAliasConsideration = Disabled;
}

impl cumulus_pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type XcmExecutor = XcmExecutor<XcmConfig>;
}
