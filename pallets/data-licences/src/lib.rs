//! # Data licences
//!
//! Usage rights of listed data assets, metered by time and by calls.
//!
//! The owner of a data asset (the holder of its ownership NFT) creates offers: a price, a
//! duration, a call quota, how many licences may be sold, whether they may be transferred and
//! the part of each payment that goes to the asset's revenue-share holders. A buyer pays — a
//! protocol fee to the reserve pool, the revenue part to the share holders, the rest to the
//! owner — and receives a licence NFT (licence id = item id) valid until its expiry block and
//! for its remaining calls. Licences can be renewed (another period and quota) and topped up
//! (more calls now).
//!
//! Data gateways, registered by the Council, serve the bytes to licence holders. Metering rests
//! on the holder's own signatures: every request the holder signs is also a cumulative
//! [`Voucher`] for that gateway ("up to n calls in total"), and a gateway settles a licence's
//! calls only by submitting the holder's latest voucher; the chain charges what it adds to the
//! last voucher it accepted from that gateway. A gateway can never charge more calls than the
//! holder signed for it, nor touch a licence it did not serve, and a replayed voucher charges
//! nothing. Calls served before a licence's expiry can be settled for `SettlementGrace` blocks
//! after it; a licence is removed only after that, in bounded steps (`on_idle`, or anyone's
//! `cleanup`), its NFT burned and its deposit returned.
//!
//! Logic lives in [`functions`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod functions;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use bdes_primitives::{DataAssetInspect, RevenueSink};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::nonfungibles_v2,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{IdentifyAccount, Verify},
		Permill,
	};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of an offer.
		#[codec(index = 0)]
		OfferDeposit,
		/// Storage deposit of a licence.
		#[codec(index = 1)]
		LicenceDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// BDES: prices, fees and deposits.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Collection id type of the NFT pallet.
		type CollectionId: Parameter + MaxEncodedLen + Copy;

		/// The NFT pallet that mints licence NFTs (item id = licence id).
		type Nfts: nonfungibles_v2::Inspect<
				Self::AccountId,
				ItemId = LicenceId,
				CollectionId = Self::CollectionId,
			> + nonfungibles_v2::InspectEnumerable<Self::AccountId>
			+ nonfungibles_v2::Create<Self::AccountId, CollectionConfigFor<Self>>
			+ nonfungibles_v2::Mutate<Self::AccountId, pallet_nfts::ItemConfig>
			+ nonfungibles_v2::Transfer<Self::AccountId>;

		/// Who owns which data asset, and whether it is listed.
		type DataAssets: DataAssetInspect<Self::AccountId>;

		/// Where the revenue part of each payment goes (the revenue-share holders).
		type Revenue: RevenueSink<Self::AccountId, BalanceOf<Self>>;

		/// Registers and removes data gateways (the Council in the runtime).
		type GatewayOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The pallet account: owner of the licences collection.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Where protocol fees go (the reserve pool).
		type FeeDestination: Get<Self::AccountId>;

		/// Part of each payment that goes to the reserve pool.
		#[pallet::constant]
		type ProtocolFee: Get<Permill>;

		/// Storage deposit of an offer.
		#[pallet::constant]
		type OfferDeposit: Get<BalanceOf<Self>>;

		/// Storage deposit of a licence, returned when it is cleaned up.
		#[pallet::constant]
		type LicenceDeposit: Get<BalanceOf<Self>>;

		/// Longest duration of an offer, in blocks.
		#[pallet::constant]
		type MaxDuration: Get<BlockNumberFor<Self>>;

		/// Open offers per data asset.
		#[pallet::constant]
		type MaxOffersPerAsset: Get<u32>;

		/// Registered gateways.
		#[pallet::constant]
		type MaxGateways: Get<u32>;

		/// Entries in one usage batch.
		#[pallet::constant]
		type MaxUsageBatch: Get<u32>;

		/// Expiries are queued in buckets of this many blocks; a licence is cleaned up at most
		/// one bucket after it expired (it is invalid from its expiry on regardless).
		#[pallet::constant]
		type ExpiryBucket: Get<BlockNumberFor<Self>>;

		/// Licences removed in one block's idle time, at most.
		#[pallet::constant]
		type MaxCleanupPerBlock: Get<u32>;

		/// Signatures of licence holders on usage vouchers (`MultiSignature` in the runtime).
		type Signature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>> + Parameter;

		/// Wall-clock time, to refuse expired vouchers.
		type Time: frame_support::traits::UnixTime;

		/// Blocks after a licence's expiry during which gateways can still settle the calls
		/// they served before it; the licence is removed only after this.
		#[pallet::constant]
		type SettlementGrace: Get<BlockNumberFor<Self>>;

		/// Gateways that may settle usage of one licence.
		#[pallet::constant]
		type MaxGatewaysPerLicence: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates listed data assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: bdes_primitives::DataAssetBenchmarkHelper<Self::AccountId>;

		/// Signs vouchers for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type VoucherSigner: VoucherBenchmarkHelper<Self::AccountId, Self::Signature>;
	}

	/// The id the next offer gets.
	#[pallet::storage]
	pub type NextOfferId<T> = StorageValue<_, OfferId, ValueQuery>;

	/// Open offers.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Blake2_128Concat, OfferId, OfferOf<T>>;

	/// Open offers of each data asset.
	#[pallet::storage]
	pub type OffersOf<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DataAssetId,
		BoundedVec<OfferId, T::MaxOffersPerAsset>,
		ValueQuery,
	>;

	/// The id the next licence gets.
	#[pallet::storage]
	pub type NextLicenceId<T> = StorageValue<_, LicenceId, ValueQuery>;

	/// Licences not yet cleaned up.
	#[pallet::storage]
	pub type Licences<T: Config> = StorageMap<_, Blake2_128Concat, LicenceId, LicenceOf<T>>;

	/// Expiry queue: (end block of the expiry's bucket, licence).
	#[pallet::storage]
	pub type Expiries<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		LicenceId,
		(),
		OptionQuery,
	>;

	/// The next expiry bucket cleanup looks at.
	#[pallet::storage]
	pub type CleanupCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Registered data gateways, with the block they were registered at.
	#[pallet::storage]
	pub type Gateways<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// Per licence, the cumulative calls each gateway has charged on it (the `calls` of the last
	/// voucher it settled). One counter per gateway across holders, so a former holder's
	/// vouchers can never count again. Removed with the licence.
	#[pallet::storage]
	pub type UsageCharged<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		LicenceId,
		BoundedVec<(T::AccountId, u32), T::MaxGatewaysPerLicence>,
		ValueQuery,
	>;

	/// Registered gateways' X25519 keys, which asset owners seal content keys to. Set by the
	/// gateway itself; removed when it is deregistered.
	#[pallet::storage]
	pub type SealingKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, bdes_primitives::SealingKey>;

	/// The NFT collection of licences, once created.
	#[pallet::storage]
	pub type LicenceCollection<T: Config> = StorageValue<_, T::CollectionId>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Gateways registered from the start.
		pub gateways: alloc::vec::Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.gateways.len() as u32 <= T::MaxGateways::get(),
				"more genesis gateways than MaxGateways"
			);
			for gateway in &self.gateways {
				Gateways::<T>::insert(gateway, BlockNumberFor::<T>::zero());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The owner of `asset` opened an offer.
		OfferCreated { offer: OfferId, asset: DataAssetId, terms: OfferTermsOf<T> },
		/// An offer was closed; its licences stay valid until they expire.
		OfferClosed { offer: OfferId, asset: DataAssetId },
		/// `buyer` bought licence `licence`. `price` = `fee` (reserve pool) + `revenue` (share
		/// holders) + `to_owner`.
		LicenceBought {
			licence: LicenceId,
			asset: DataAssetId,
			offer: OfferId,
			buyer: T::AccountId,
			price: BalanceOf<T>,
			fee: BalanceOf<T>,
			revenue: BalanceOf<T>,
			to_owner: BalanceOf<T>,
			expiry: BlockNumberFor<T>,
			calls: u32,
		},
		/// A licence was renewed: valid until `expiry` with `calls_left` calls.
		Renewed {
			licence: LicenceId,
			price: BalanceOf<T>,
			expiry: BlockNumberFor<T>,
			calls_left: u32,
		},
		/// A licence was topped up with more calls.
		ToppedUp { licence: LicenceId, price: BalanceOf<T>, calls_left: u32 },
		/// A gateway was registered.
		GatewayRegistered { gateway: T::AccountId },
		/// A gateway was removed.
		GatewayDeregistered { gateway: T::AccountId },
		/// A gateway set the X25519 key that content keys are sealed to for it.
		SealingKeySet { gateway: T::AccountId, key: bdes_primitives::SealingKey },
		/// `gateway` settled a voucher of `licence`'s holder: `calls` more calls charged,
		/// `charged` in total by this gateway, `calls_left` remain.
		UsageRecorded {
			gateway: T::AccountId,
			licence: LicenceId,
			calls: u32,
			charged: u32,
			calls_left: u32,
		},
		/// An expired licence was removed: its NFT burned, its deposit returned.
		LicenceRemoved { licence: LicenceId, asset: DataAssetId },
		/// A compute task of `holder`'s used one call of `licence`; `calls_left` remain.
		CallUsed { licence: LicenceId, holder: T::AccountId, calls_left: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No data asset with this id.
		UnknownAsset,
		/// The caller does not own the data asset.
		NotOwner,
		/// The data asset is not listed.
		NotListed,
		/// No open offer with this id.
		UnknownOffer,
		/// The price is zero.
		ZeroPrice,
		/// The duration is zero or above `MaxDuration`.
		InvalidDuration,
		/// The call quota is zero.
		ZeroCalls,
		/// `max_sales` is zero.
		InvalidMaxSales,
		/// The revenue share and the protocol fee add up to more than the price.
		InvalidRevenueShare,
		/// The asset has `MaxOffersPerAsset` open offers.
		TooManyOffers,
		/// The offer sold all the licences it may.
		SoldOut,
		/// No licence with this id.
		UnknownLicence,
		/// The caller does not hold the licence.
		NotHolder,
		/// The licence has expired.
		LicenceExpired,
		/// A usage entry asks for more calls than the licence has left.
		QuotaExceeded,
		/// A top-up needs at least one pack.
		ZeroPacks,
		/// The account is already a gateway.
		AlreadyGateway,
		/// The account is not a registered gateway.
		NotGateway,
		/// `MaxGateways` gateways are registered already.
		TooManyGateways,
		/// A usage batch needs at least one entry.
		EmptyBatch,
		/// The licence's settlement grace after its expiry has passed.
		SettlementClosed,
		/// The voucher's `until_ms` has passed.
		VoucherExpired,
		/// The voucher is not signed by the licence's current holder for this gateway and chain.
		BadVoucher,
		/// The voucher's calls are not above what this gateway has charged already.
		StaleVoucher,
		/// `MaxGatewaysPerLicence` gateways settle usage of this licence already.
		LicenceGatewaysFull,
		/// The sealing key is all zeroes.
		InvalidSealingKey,
		/// No expired licence is waiting for cleanup.
		NothingToClean,
		/// The licences collection could not be created.
		CollectionUnavailable,
		/// No more ids.
		NoMoreIds,
		/// An amount does not fit the arithmetic.
		Overflow,
		/// The licence is for another data asset.
		WrongAsset,
		/// The licence has no calls left.
		Exhausted,
		/// The licensed data asset is not listed now.
		AssetUnavailable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::idle_cleanup(remaining)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Open a licence offer for a listed data asset you own: price, duration in blocks,
		/// call quota, how many may be sold, transferability and the revenue-share part of each
		/// payment. Holds a storage deposit until the offer is closed.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_offer())]
		pub fn create_offer(
			origin: OriginFor<T>,
			asset: DataAssetId,
			terms: OfferTermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_offer(who, asset, terms)
		}

		/// Close an offer of an asset you own: no more sales, renewals or top-ups under it.
		/// Licences already sold stay valid until they expire. Returns the offer's deposit.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::close_offer())]
		pub fn close_offer(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_offer(who, offer)
		}

		/// Buy a licence under `offer`: pays its price (protocol fee, revenue share, owner) and
		/// holds a storage deposit; mints the licence NFT to you, valid for the offer's duration
		/// and calls.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::buy())]
		pub fn buy(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_buy(who, offer)
		}

		/// Renew a licence you hold for its offer's price: another full period (from its expiry,
		/// or from now if it has expired) and another call quota.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::renew())]
		pub fn renew(origin: OriginFor<T>, licence: LicenceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_renew(who, licence)
		}

		/// Top up a licence you hold with `packs` more call quotas, each at the offer's price,
		/// without changing its expiry.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(origin: OriginFor<T>, licence: LicenceId, packs: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up(who, licence, packs)
		}

		/// Register a data gateway: it may submit usage batches.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::register_gateway())]
		pub fn register_gateway(origin: OriginFor<T>, gateway: T::AccountId) -> DispatchResult {
			T::GatewayOrigin::ensure_origin(origin)?;
			Self::do_register_gateway(gateway)
		}

		/// Remove a data gateway.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::deregister_gateway())]
		pub fn deregister_gateway(origin: OriginFor<T>, gateway: T::AccountId) -> DispatchResult {
			T::GatewayOrigin::ensure_origin(origin)?;
			ensure!(Gateways::<T>::contains_key(&gateway), Error::<T>::NotGateway);
			Gateways::<T>::remove(&gateway);
			SealingKeys::<T>::remove(&gateway);
			Self::deposit_event(Event::GatewayDeregistered { gateway });
			Ok(())
		}

		/// As a registered gateway, settle the calls you served: for each licence, the latest
		/// voucher its holder signed for you. Each charges its `calls` minus what you charged on
		/// that licence before. All or nothing: a voucher that is expired, not signed by the
		/// licence's current holder for you, not above your last one, or beyond the licence's
		/// calls fails the batch. Free when accepted.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::report_usage(vouchers.len() as u32))]
		pub fn report_usage(
			origin: OriginFor<T>,
			vouchers: BoundedVec<Voucher<T::Signature>, T::MaxUsageBatch>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_report_usage(who, vouchers)?;
			Ok(Pays::No.into())
		}

		/// As a registered gateway, set the X25519 public key (an age recipient's 32 bytes)
		/// that asset owners seal content keys to for you. Replaces the previous one: content
		/// keys sealed to it stay readable only with its identity, so owners re-seal to the new
		/// one. Free when accepted, like usage settlement.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_sealing_key())]
		pub fn set_sealing_key(
			origin: OriginFor<T>,
			key: bdes_primitives::SealingKey,
		) -> DispatchResultWithPostInfo {
			let gateway = ensure_signed(origin)?;
			ensure!(Gateways::<T>::contains_key(&gateway), Error::<T>::NotGateway);
			ensure!(key != [0; 32], Error::<T>::InvalidSealingKey);
			SealingKeys::<T>::insert(&gateway, key);
			Self::deposit_event(Event::SealingKeySet { gateway, key });
			Ok(Pays::No.into())
		}

		/// Remove up to `limit` expired licences, looking at up to `limit` expiry buckets: burn
		/// their NFTs and return their deposits. Anyone may call it; it also runs in blocks'
		/// idle time. Charged for `limit` removals and `limit` bucket scans, refunded down to
		/// what it did.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::cleanup_weight(*limit, *limit))]
		pub fn cleanup(origin: OriginFor<T>, limit: u32) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (removed, buckets) = Self::do_cleanup(limit, limit);
			ensure!(removed > 0, Error::<T>::NothingToClean);
			Ok(Some(Self::cleanup_weight(removed, buckets)).into())
		}
	}
}
