//! `pallet_data_licences`: usage licences metered by expiry and call quota.

use crate::{
	configs::{treasury::TreasuryAccount, RootOrCouncilMajority},
	currency::deposit,
	Balance, Balances, BlockNumber, DataAssets, RevenueShares, Runtime, RuntimeEvent,
	RuntimeHoldReason, Signature, Timestamp, DAYS, HOURS, MINUTES,
};
use frame_support::{parameter_types, traits::ConstU32, PalletId};
use sp_runtime::Permill;

parameter_types! {
	pub const DataLicencesPalletId: PalletId = PalletId(*b"bd/licnc");
	/// Of every licence payment, to the reserve pool.
	pub const LicenceProtocolFee: Permill = Permill::from_percent(2);
	pub const OfferDeposit: Balance = deposit(1, 100);
	pub const LicenceDeposit: Balance = deposit(1, 90);
	/// A licence lasts at most a year (and can be renewed).
	pub const MaxLicenceDuration: BlockNumber = 366 * DAYS;
	/// Expired licences are cleaned up within 10 minutes of expiring.
	pub const ExpiryBucket: BlockNumber = 10 * MINUTES;
	/// Gateways settle calls served before a licence's expiry up to an hour after it.
	pub const SettlementGrace: BlockNumber = HOURS;
}

impl pallet_data_licences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CollectionId = u32;
	type Nfts = crate::Nfts;
	type DataAssets = DataAssets;
	// Revenue-share holders first; else the collectors of the feed that made the asset.
	type Revenue = (RevenueShares, crate::Feeds);
	type GatewayOrigin = RootOrCouncilMajority;
	type PalletId = DataLicencesPalletId;
	type FeeDestination = TreasuryAccount;
	type ProtocolFee = LicenceProtocolFee;
	type OfferDeposit = OfferDeposit;
	type LicenceDeposit = LicenceDeposit;
	type MaxDuration = MaxLicenceDuration;
	type MaxOffersPerAsset = ConstU32<8>;
	type MaxGateways = ConstU32<16>;
	type MaxUsageBatch = ConstU32<64>;
	type ExpiryBucket = ExpiryBucket;
	type MaxCleanupPerBlock = ConstU32<20>;
	type Signature = Signature;
	type Time = Timestamp;
	type SettlementGrace = SettlementGrace;
	type MaxGatewaysPerLicence = ConstU32<8>;
	type WeightInfo = pallet_data_licences::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::configs::revenue_shares::benchmarks::RightsBenchmarkHelper;
	#[cfg(feature = "runtime-benchmarks")]
	type VoucherSigner = benchmarks::VoucherSigner;
}

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use crate::{AccountId, Signature};
	use sp_core::{crypto::KeyTypeId, sr25519};

	const KEY_TYPE: KeyTypeId = KeyTypeId(*b"bdvo");

	/// Licence holders' keys in the benchmark's keystore (the bencher provides one).
	pub struct VoucherSigner;

	impl pallet_data_licences::VoucherBenchmarkHelper<AccountId, Signature> for VoucherSigner {
		fn signer() -> AccountId {
			sp_io::crypto::sr25519_generate(KEY_TYPE, None).into()
		}

		fn sign(signer: &AccountId, payload: &[u8]) -> Signature {
			let public = sr25519::Public::from_raw(*signer.as_ref());
			sp_io::crypto::sr25519_sign(KEY_TYPE, &public, payload)
				.expect("the benchmark's keystore holds the signer's key")
				.into()
		}
	}
}
