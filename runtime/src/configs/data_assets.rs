//! `pallet_data_assets`: listings, Council approval and ratings, ownership NFTs, IPFS pinning.
//! Also the offchain transaction signing the pinners' offchain workers use.

use crate::{
	configs::{treasury::TreasuryAccount, RootOrCouncilMajority},
	currency::{deposit, BDES},
	AccountId, Balance, Balances, BlockNumber, Nonce, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, Signature, System, TxExtension, UncheckedExtrinsic, MINUTES,
};
use codec::Encode;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};
use polkadot_runtime_common::BlockHashCount;
use sp_runtime::{
	generic::{Era, SignedPayload},
	traits::{SaturatedConversion, Verify},
	MultiAddress,
};

parameter_types! {
	pub const DataAssetsPalletId: PalletId = PalletId(*b"bd/dasst");
	/// A listing's storage deposit: one item plus its bytes.
	pub const DataAssetDepositBase: Balance = deposit(1, 0);
	pub const DataAssetDepositPerByte: Balance = deposit(0, 1);
	/// Paid into the reserve pool when the Council approves a listing or a revision.
	pub const ListingFee: Balance = 10 * BDES;
	/// Pinners re-check their pins (`pin/ls`) every 10 minutes.
	pub const PinRecheckInterval: BlockNumber = 10 * MINUTES;
}

impl pallet_data_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CollectionId = u32;
	type Nfts = crate::Nfts;
	type ApproveOrigin = RootOrCouncilMajority;
	type RatingOrigin = RootOrCouncilMajority;
	type PinnerOrigin = RootOrCouncilMajority;
	type AuthorityId = pallet_data_assets::crypto::PinnerAuthId;
	type PalletId = DataAssetsPalletId;
	type FeeDestination = TreasuryAccount;
	type DepositBase = DataAssetDepositBase;
	type DepositPerByte = DataAssetDepositPerByte;
	type ListingFee = ListingFee;
	type MaxTitleLen = ConstU32<128>;
	type MaxDescriptionLen = ConstU32<2048>;
	type MaxTags = ConstU32<16>;
	type MaxTagLen = ConstU32<32>;
	type MaxFormatLen = ConstU32<128>;
	type MaxSourceLen = ConstU32<256>;
	type MaxCidLen = ConstU32<128>;
	type MaxRatingHistory = ConstU32<16>;
	type MaxPinners = ConstU32<32>;
	type MaxReportsPerCall = ConstU32<16>;
	type RecheckInterval = PinRecheckInterval;
	/// Content up to 64 MiB is read back and hashed after pinning.
	type DigestCheckLimit = ConstU64<{ 64 * 1024 * 1024 }>;
	type IpfsTimeoutMillis = ConstU64<60_000>;
	type Gateways = crate::DataLicences;
	/// An age file of one X25519 stanza around a 74-byte key is about 250 bytes.
	type MaxSealedKeyLen = ConstU32<512>;
	/// The owner's own copy and up to 16 gateways.
	type MaxContentKeys = ConstU32<17>;
	type WeightInfo = pallet_data_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = GatewayBenchmarkHelper;
}

/// Registers gateways in the data-licences pallet for the data-assets benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct GatewayBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl bdes_primitives::GatewayBenchmarkHelper<AccountId> for GatewayBenchmarkHelper {
	fn register_gateway(who: &AccountId, key: bdes_primitives::SealingKey) {
		pallet_data_licences::Gateways::<Runtime>::insert(who, System::block_number());
		pallet_data_licences::SealingKeys::<Runtime>::insert(who, key);
	}
}

impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <Signature as Verify>::Signer;
	type Signature = Signature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = UncheckedExtrinsic;
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		public: <Signature as Verify>::Signer,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		// Mortal, so a report that is never included does not linger.
		let period =
			BlockHashCount::get().checked_next_power_of_two().map(|c| c / 2).unwrap_or(2) as u64;
		let current = System::block_number().saturated_into::<u64>().saturating_sub(1);
		let extension: TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim::new((
			frame_system::AuthorizeCall::new(),
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::mortal(period, current)),
			frame_system::CheckNonce::from(nonce),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::new(false),
		));
		let payload = SignedPayload::new(call, extension)
			.map_err(|e| log::warn!(target: "data-assets", "cannot sign a report: {e:?}"))
			.ok()?;
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(call, MultiAddress::Id(account), signature, extension))
	}
}
