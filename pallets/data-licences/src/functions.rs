//! Logic of the data-licences pallet.

use crate::*;
use alloc::vec::Vec;
use bdes_primitives::{DataAssetInspect, RevenueSink};
use frame_support::traits::UnixTime;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate as _, MutateHold},
		tokens::{nonfungibles_v2, Precision, Preservation},
	},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use nonfungibles_v2::{
	Create as _, Inspect as _, InspectEnumerable as _, Mutate as _, Transfer as _,
};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedMul, One, Saturating, Verify, Zero},
	Permill,
};

impl<T: Config> Pallet<T> {
	/// The pallet account: owner of the licences collection.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The licences collection, created on first use. The pallet account pays its deposit.
	fn ensure_collection() -> Result<T::CollectionId, DispatchError> {
		if let Some(collection) = LicenceCollection::<T>::get() {
			return Ok(collection);
		}
		let account = Self::account_id();
		let config = CollectionConfigFor::<T> {
			settings: pallet_nfts::CollectionSettings::all_enabled(),
			max_supply: None,
			mint_settings: Default::default(),
		};
		let collection = T::Nfts::create_collection(&account, &account, &config)
			.map_err(|_| Error::<T>::CollectionUnavailable)?;
		LicenceCollection::<T>::put(collection);
		Ok(collection)
	}

	/// The end block of the expiry bucket `expiry` falls in.
	pub(crate) fn bucket_of(expiry: BlockNumberFor<T>) -> BlockNumberFor<T> {
		let size = T::ExpiryBucket::get().max(One::one());
		let rest = expiry % size;
		if rest.is_zero() {
			expiry
		} else {
			expiry.saturating_add(size.saturating_sub(rest))
		}
	}

	/// Who holds the licence NFT.
	pub fn holder(licence: LicenceId) -> Option<T::AccountId> {
		LicenceCollection::<T>::get().and_then(|collection| T::Nfts::owner(&collection, &licence))
	}

	fn holder_licence(who: &T::AccountId, id: LicenceId) -> Result<LicenceOf<T>, DispatchError> {
		let licence = Licences::<T>::get(id).ok_or(Error::<T>::UnknownLicence)?;
		ensure!(Self::holder(id).as_ref() == Some(who), Error::<T>::NotHolder);
		Ok(licence)
	}

	/// Splits `price` into (protocol fee, revenue share, owner's part); exact to the unit.
	pub fn split(
		price: BalanceOf<T>,
		revenue_share: Permill,
	) -> (BalanceOf<T>, BalanceOf<T>, BalanceOf<T>) {
		let fee = T::ProtocolFee::get().mul_floor(price);
		let revenue = revenue_share.mul_floor(price).min(price.saturating_sub(fee));
		(fee, revenue, price.saturating_sub(fee).saturating_sub(revenue))
	}

	/// Takes `price` from `payer`: fee to the reserve pool, revenue part to the share holders
	/// (to the owner when the asset has none), the rest to the owner.
	fn charge(
		payer: &T::AccountId,
		asset: DataAssetId,
		price: BalanceOf<T>,
		revenue_share: Permill,
	) -> Result<(BalanceOf<T>, BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let owner = T::DataAssets::owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		let (fee, mut revenue, mut to_owner) = Self::split(price, revenue_share);
		if !revenue.is_zero() {
			if T::Revenue::accepts(asset) {
				T::Revenue::pay(asset, payer, revenue)?;
			} else {
				to_owner = to_owner.saturating_add(revenue);
				revenue = Zero::zero();
			}
		}
		if !fee.is_zero() {
			T::Currency::transfer(payer, &T::FeeDestination::get(), fee, Preservation::Preserve)?;
		}
		if !to_owner.is_zero() {
			T::Currency::transfer(payer, &owner, to_owner, Preservation::Preserve)?;
		}
		Ok((fee, revenue, to_owner))
	}

	fn validate_terms(terms: &OfferTermsOf<T>) -> DispatchResult {
		ensure!(!terms.price.is_zero(), Error::<T>::ZeroPrice);
		ensure!(
			!terms.duration.is_zero() && terms.duration <= T::MaxDuration::get(),
			Error::<T>::InvalidDuration
		);
		ensure!(terms.calls > 0, Error::<T>::ZeroCalls);
		ensure!(terms.max_sales != Some(0), Error::<T>::InvalidMaxSales);
		let parts = terms
			.revenue_share
			.deconstruct()
			.saturating_add(T::ProtocolFee::get().deconstruct());
		ensure!(parts <= Permill::one().deconstruct(), Error::<T>::InvalidRevenueShare);
		Ok(())
	}

	// ---- views ------------------------------------------------------------------------------

	/// Whether `licence` lets `who` use `asset` now, with how many calls left and until when.
	pub fn check(
		licence: LicenceId,
		asset: DataAssetId,
		who: &T::AccountId,
	) -> LicenceCheck<BlockNumberFor<T>> {
		let Some(record) = Licences::<T>::get(licence) else {
			return LicenceCheck::Invalid(Invalid::Unknown);
		};
		let now = frame_system::Pallet::<T>::block_number();
		let reason = if record.asset != asset {
			Invalid::WrongAsset
		} else if Self::holder(licence).as_ref() != Some(who) {
			Invalid::NotHolder
		} else if now >= record.expiry {
			Invalid::Expired
		} else if record.calls_left == 0 {
			Invalid::Exhausted
		} else if !T::DataAssets::is_listed(asset) {
			Invalid::AssetUnavailable
		} else {
			return LicenceCheck::Valid { calls_left: record.calls_left, expiry: record.expiry };
		};
		LicenceCheck::Invalid(reason)
	}

	/// A licence with its current holder.
	pub fn licence_info(id: LicenceId) -> Option<LicenceInfoOf<T>> {
		let licence = Licences::<T>::get(id)?;
		Some(LicenceInfo {
			id,
			asset: licence.asset,
			offer: licence.offer,
			holder: Self::holder(id),
			expiry: licence.expiry,
			calls_left: licence.calls_left,
			transferable: licence.transferable,
		})
	}

	/// The licences `who` holds.
	pub fn licences_of(who: &T::AccountId) -> Vec<LicenceInfoOf<T>> {
		let Some(collection) = LicenceCollection::<T>::get() else { return Vec::new() };
		T::Nfts::owned_in_collection(&collection, who)
			.filter_map(Self::licence_info)
			.collect()
	}

	/// The open offers of `asset`.
	pub fn offers_of(asset: DataAssetId) -> Vec<(OfferId, OfferOf<T>)> {
		OffersOf::<T>::get(asset)
			.into_iter()
			.filter_map(|id| Offers::<T>::get(id).map(|offer| (id, offer)))
			.collect()
	}

	// ---- offers -----------------------------------------------------------------------------

	pub(crate) fn do_create_offer(
		who: T::AccountId,
		asset: DataAssetId,
		terms: OfferTermsOf<T>,
	) -> DispatchResult {
		let owner = T::DataAssets::owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(owner == who, Error::<T>::NotOwner);
		ensure!(T::DataAssets::is_listed(asset), Error::<T>::NotListed);
		Self::validate_terms(&terms)?;
		let id = NextOfferId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?;
		OffersOf::<T>::try_mutate(asset, |offers| offers.try_push(id))
			.map_err(|_| Error::<T>::TooManyOffers)?;
		let deposit = T::OfferDeposit::get();
		T::Currency::hold(&HoldReason::OfferDeposit.into(), &who, deposit)?;
		Offers::<T>::insert(
			id,
			Offer { asset, terms: terms.clone(), sold: 0, creator: who, deposit },
		);
		NextOfferId::<T>::put(next);
		Self::deposit_event(Event::OfferCreated { offer: id, asset, terms });
		Ok(())
	}

	pub(crate) fn do_close_offer(who: T::AccountId, id: OfferId) -> DispatchResult {
		let offer = Offers::<T>::get(id).ok_or(Error::<T>::UnknownOffer)?;
		// The owner closes; once the data asset is gone, its creator may still.
		let allowed = T::DataAssets::owner(offer.asset).unwrap_or_else(|| offer.creator.clone());
		ensure!(allowed == who, Error::<T>::NotOwner);
		OffersOf::<T>::mutate(offer.asset, |offers| offers.retain(|o| *o != id));
		T::Currency::release(
			&HoldReason::OfferDeposit.into(),
			&offer.creator,
			offer.deposit,
			Precision::Exact,
		)?;
		Offers::<T>::remove(id);
		Self::deposit_event(Event::OfferClosed { offer: id, asset: offer.asset });
		Ok(())
	}

	// ---- licences ---------------------------------------------------------------------------

	pub(crate) fn do_buy(who: T::AccountId, offer_id: OfferId) -> DispatchResult {
		let mut offer = Offers::<T>::get(offer_id).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(T::DataAssets::is_listed(offer.asset), Error::<T>::NotListed);
		if let Some(max) = offer.terms.max_sales {
			ensure!(offer.sold < max, Error::<T>::SoldOut);
		}
		let id = NextLicenceId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?;
		let now = frame_system::Pallet::<T>::block_number();
		let expiry = now.checked_add(&offer.terms.duration).ok_or(Error::<T>::Overflow)?;
		let collection = Self::ensure_collection()?;

		let price = offer.terms.price;
		let (fee, revenue, to_owner) =
			Self::charge(&who, offer.asset, price, offer.terms.revenue_share)?;
		let deposit = T::LicenceDeposit::get();
		T::Currency::hold(&HoldReason::LicenceDeposit.into(), &who, deposit)?;
		// The buyer pays the NFT's item deposit too (returned when it is burned).
		T::Nfts::mint_into(&collection, &id, &who, &pallet_nfts::ItemConfig::default(), false)?;
		if !offer.terms.transferable {
			T::Nfts::disable_transfer(&collection, &id)?;
		}

		let calls = offer.terms.calls;
		Licences::<T>::insert(
			id,
			Licence {
				asset: offer.asset,
				offer: offer_id,
				expiry,
				calls_left: calls,
				transferable: offer.terms.transferable,
				depositor: who.clone(),
				deposit,
			},
		);
		Expiries::<T>::insert(Self::bucket_of(expiry), id, ());
		if CleanupCursor::<T>::get().is_zero() {
			// First licence: cleanup starts at the current bucket, not at genesis.
			CleanupCursor::<T>::put(Self::bucket_of(now).max(T::ExpiryBucket::get()));
		}
		offer.sold = offer.sold.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let asset = offer.asset;
		Offers::<T>::insert(offer_id, offer);
		NextLicenceId::<T>::put(next);
		Self::deposit_event(Event::LicenceBought {
			licence: id,
			asset,
			offer: offer_id,
			buyer: who,
			price,
			fee,
			revenue,
			to_owner,
			expiry,
			calls,
		});
		Ok(())
	}

	pub(crate) fn do_renew(who: T::AccountId, id: LicenceId) -> DispatchResult {
		let mut licence = Self::holder_licence(&who, id)?;
		let offer = Offers::<T>::get(licence.offer).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(T::DataAssets::is_listed(licence.asset), Error::<T>::NotListed);
		let now = frame_system::Pallet::<T>::block_number();
		let expiry = licence
			.expiry
			.max(now)
			.checked_add(&offer.terms.duration)
			.ok_or(Error::<T>::Overflow)?;
		licence.calls_left =
			licence.calls_left.checked_add(offer.terms.calls).ok_or(Error::<T>::Overflow)?;
		let price = offer.terms.price;
		Self::charge(&who, licence.asset, price, offer.terms.revenue_share)?;
		Expiries::<T>::remove(Self::bucket_of(licence.expiry), id);
		Expiries::<T>::insert(Self::bucket_of(expiry), id, ());
		licence.expiry = expiry;
		let calls_left = licence.calls_left;
		Licences::<T>::insert(id, licence);
		Self::deposit_event(Event::Renewed { licence: id, price, expiry, calls_left });
		Ok(())
	}

	pub(crate) fn do_top_up(who: T::AccountId, id: LicenceId, packs: u32) -> DispatchResult {
		ensure!(packs > 0, Error::<T>::ZeroPacks);
		let mut licence = Self::holder_licence(&who, id)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < licence.expiry, Error::<T>::LicenceExpired);
		let offer = Offers::<T>::get(licence.offer).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(T::DataAssets::is_listed(licence.asset), Error::<T>::NotListed);
		let price = offer.terms.price.checked_mul(&packs.into()).ok_or(Error::<T>::Overflow)?;
		let calls = offer.terms.calls.checked_mul(packs).ok_or(Error::<T>::Overflow)?;
		licence.calls_left = licence.calls_left.checked_add(calls).ok_or(Error::<T>::Overflow)?;
		Self::charge(&who, licence.asset, price, offer.terms.revenue_share)?;
		let calls_left = licence.calls_left;
		Licences::<T>::insert(id, licence);
		Self::deposit_event(Event::ToppedUp { licence: id, price, calls_left });
		Ok(())
	}

	// ---- gateways and metering ----------------------------------------------------------------

	pub(crate) fn do_register_gateway(gateway: T::AccountId) -> DispatchResult {
		ensure!(!Gateways::<T>::contains_key(&gateway), Error::<T>::AlreadyGateway);
		ensure!(Gateways::<T>::count() < T::MaxGateways::get(), Error::<T>::TooManyGateways);
		Gateways::<T>::insert(&gateway, frame_system::Pallet::<T>::block_number());
		Self::deposit_event(Event::GatewayRegistered { gateway });
		Ok(())
	}

	/// Whether `voucher` is signed by `holder` for `gateway` on this chain: the payload as is,
	/// or wrapped in `<Bytes>`…`</Bytes>` as wallets sign raw bytes.
	pub fn voucher_signed_by(
		voucher: &Voucher<T::Signature>,
		gateway: &T::AccountId,
		holder: &T::AccountId,
	) -> bool {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let payload = voucher_payload(
			&genesis,
			gateway,
			voucher.licence,
			voucher.calls,
			voucher.until_ms,
			&voucher.request,
		);
		if voucher.signature.verify(&payload[..], holder) {
			return true;
		}
		let mut wrapped = Vec::with_capacity(payload.len().saturating_add(15));
		wrapped.extend_from_slice(b"<Bytes>");
		wrapped.extend_from_slice(&payload);
		wrapped.extend_from_slice(b"</Bytes>");
		voucher.signature.verify(&wrapped[..], holder)
	}

	/// The last block at which usage of a licence expiring at `expiry` can be settled is the
	/// block before this one.
	pub(crate) fn settlement_end(expiry: BlockNumberFor<T>) -> BlockNumberFor<T> {
		expiry.saturating_add(T::SettlementGrace::get())
	}

	/// What `gateway` has charged on `licence` so far.
	pub fn charged(licence: LicenceId, gateway: &T::AccountId) -> u32 {
		UsageCharged::<T>::get(licence)
			.iter()
			.find(|(g, _)| g == gateway)
			.map_or(0, |(_, calls)| *calls)
	}

	/// [`Self::check`] as a gateway needs it: with the gateway's counter and the settlement end.
	pub fn gateway_check(
		licence: LicenceId,
		asset: DataAssetId,
		who: &T::AccountId,
		gateway: &T::AccountId,
	) -> GatewayCheck<BlockNumberFor<T>> {
		match Self::check(licence, asset, who) {
			LicenceCheck::Valid { calls_left, expiry } => GatewayCheck::Valid {
				calls_left,
				expiry,
				charged: Self::charged(licence, gateway),
				settle_until: Self::settlement_end(expiry),
			},
			LicenceCheck::Invalid(reason) => GatewayCheck::Invalid(reason),
		}
	}

	pub(crate) fn do_report_usage(
		gateway: T::AccountId,
		vouchers: BoundedVec<Voucher<T::Signature>, T::MaxUsageBatch>,
	) -> DispatchResult {
		ensure!(Gateways::<T>::contains_key(&gateway), Error::<T>::NotGateway);
		ensure!(!vouchers.is_empty(), Error::<T>::EmptyBatch);
		let now = frame_system::Pallet::<T>::block_number();
		let now_ms = u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX);
		// The call is transactional: one bad voucher undoes the ones before it.
		for voucher in vouchers {
			let id = voucher.licence;
			let mut licence = Licences::<T>::get(id).ok_or(Error::<T>::UnknownLicence)?;
			ensure!(now < Self::settlement_end(licence.expiry), Error::<T>::SettlementClosed);
			ensure!(now_ms <= voucher.until_ms, Error::<T>::VoucherExpired);
			// Only the current holder's signature counts: once the NFT moved, the former
			// holder's vouchers charge nothing.
			let holder = Self::holder(id).ok_or(Error::<T>::BadVoucher)?;
			ensure!(Self::voucher_signed_by(&voucher, &gateway, &holder), Error::<T>::BadVoucher);
			let mut charged = UsageCharged::<T>::get(id);
			let position = charged.iter().position(|(g, _)| g == &gateway);
			let before = position.and_then(|i| charged.get(i)).map_or(0, |(_, calls)| *calls);
			ensure!(voucher.calls > before, Error::<T>::StaleVoucher);
			let calls = voucher.calls.saturating_sub(before);
			licence.calls_left =
				licence.calls_left.checked_sub(calls).ok_or(Error::<T>::QuotaExceeded)?;
			match position.and_then(|i| charged.get_mut(i)) {
				Some(entry) => entry.1 = voucher.calls,
				None => charged
					.try_push((gateway.clone(), voucher.calls))
					.map_err(|_| Error::<T>::LicenceGatewaysFull)?,
			}
			let calls_left = licence.calls_left;
			Licences::<T>::insert(id, licence);
			UsageCharged::<T>::insert(id, charged);
			Self::deposit_event(Event::UsageRecorded {
				gateway: gateway.clone(),
				licence: id,
				calls,
				charged: voucher.calls,
				calls_left,
			});
		}
		Ok(())
	}

	// ---- cleanup ----------------------------------------------------------------------------

	/// Removes up to `max_removed` expired licences, looking at no more than `max_buckets`
	/// expiry buckets. Returns (licences removed, buckets looked at).
	pub(crate) fn do_cleanup(max_removed: u32, max_buckets: u32) -> (u32, u32) {
		let mut cursor = CleanupCursor::<T>::get();
		if cursor.is_zero() {
			return (0, 0);
		}
		let now = frame_system::Pallet::<T>::block_number();
		let size = T::ExpiryBucket::get().max(One::one());
		let (mut removed, mut scanned) = (0u32, 0u32);
		// A bucket is due once its end block plus the settlement grace has come: every licence
		// in it has expired and can no longer be settled.
		let grace = T::SettlementGrace::get();
		while removed < max_removed && scanned < max_buckets && cursor.saturating_add(grace) <= now
		{
			scanned.saturating_inc();
			let due: Vec<LicenceId> = Expiries::<T>::iter_key_prefix(cursor)
				.take(max_removed.saturating_sub(removed) as usize)
				.collect();
			if due.is_empty() {
				cursor = cursor.saturating_add(size);
				continue;
			}
			for id in due {
				Self::remove_licence(cursor, id);
				removed.saturating_inc();
			}
		}
		CleanupCursor::<T>::put(cursor);
		(removed, scanned)
	}

	/// Burns an expired licence's NFT, returns its deposit and drops its records. Runs outside
	/// a transaction (idle time), so nothing here may fail half-way.
	fn remove_licence(bucket: BlockNumberFor<T>, id: LicenceId) {
		Expiries::<T>::remove(bucket, id);
		UsageCharged::<T>::remove(id);
		let Some(licence) = Licences::<T>::take(id) else { return };
		if let Some(collection) = LicenceCollection::<T>::get() {
			// A transferable licence's holder may have burned the NFT already; a
			// non-transferable one must be unlocked before it can be burned.
			if !licence.transferable {
				let _ = T::Nfts::enable_transfer(&collection, &id);
			}
			let _ = T::Nfts::burn(&collection, &id, None);
		}
		let _ = T::Currency::release(
			&HoldReason::LicenceDeposit.into(),
			&licence.depositor,
			licence.deposit,
			Precision::BestEffort,
		);
		Self::deposit_event(Event::LicenceRemoved { licence: id, asset: licence.asset });
	}

	/// Weight of removing `removed` licences while looking at `buckets` expiry buckets (the
	/// benchmark measures removals in one bucket; each further bucket is a read of its prefix
	/// and, once, the cursor's write).
	pub fn cleanup_weight(removed: u32, buckets: u32) -> Weight {
		T::WeightInfo::cleanup(removed)
			.saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(buckets.into()))
	}

	/// Cleanup in a block's idle time, as far as the remaining weight allows.
	pub(crate) fn idle_cleanup(remaining: Weight) -> Weight {
		// `do_cleanup(max, max)` removes at most `max` licences and looks at at most `max`
		// buckets: a step costs a removal plus a bucket, so it never takes more than
		// `base + max * step`.
		let base = Self::cleanup_weight(0, 0);
		let step = Self::cleanup_weight(1, 1).saturating_sub(base);
		if remaining.any_lt(base.saturating_add(step)) {
			return Weight::zero();
		}
		let fits = remaining.saturating_sub(base).checked_div_per_component(&step);
		let max = fits.unwrap_or(0).min(T::MaxCleanupPerBlock::get() as u64) as u32;
		if max == 0 {
			return Weight::zero();
		}
		let (removed, scanned) = Self::do_cleanup(max, max);
		Self::cleanup_weight(removed, scanned)
	}

	// ---- invariants -------------------------------------------------------------------------

	/// Records, queues and deposits agree.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let cursor = CleanupCursor::<T>::get();
		let mut deposits: BTreeMap<(T::AccountId, u8), BalanceOf<T>> = BTreeMap::new();
		for (id, licence) in Licences::<T>::iter() {
			ensure!(id < NextLicenceId::<T>::get(), "licence id not yet given");
			ensure!(
				Expiries::<T>::contains_key(Self::bucket_of(licence.expiry), id),
				"licence missing from the expiry queue"
			);
			deposits
				.entry((licence.depositor, 1))
				.or_default()
				.saturating_accrue(licence.deposit);
		}
		for (bucket, id, ()) in Expiries::<T>::iter() {
			let licence = Licences::<T>::get(id).ok_or("queued licence does not exist")?;
			ensure!(Self::bucket_of(licence.expiry) == bucket, "licence queued in a wrong bucket");
			ensure!(bucket >= cursor, "licence queued behind the cleanup cursor");
		}
		for (id, offer) in Offers::<T>::iter() {
			ensure!(id < NextOfferId::<T>::get(), "offer id not yet given");
			ensure!(
				OffersOf::<T>::get(offer.asset).contains(&id),
				"offer not listed for its asset"
			);
			if let Some(max) = offer.terms.max_sales {
				ensure!(offer.sold <= max, "offer sold more than it may");
			}
			deposits.entry((offer.creator, 0)).or_default().saturating_accrue(offer.deposit);
		}
		for (_, ids) in OffersOf::<T>::iter() {
			ensure!(ids.iter().all(Offers::<T>::contains_key), "listed offer missing");
		}
		for ((who, kind), deposit) in deposits {
			let reason =
				if kind == 0 { HoldReason::OfferDeposit } else { HoldReason::LicenceDeposit };
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), &who) == deposit,
				"deposits held differ from the records"
			);
		}
		ensure!(Gateways::<T>::count() <= T::MaxGateways::get(), "too many gateways");
		for (gateway, _) in SealingKeys::<T>::iter() {
			ensure!(Gateways::<T>::contains_key(gateway), "sealing key of a removed gateway");
		}
		for (id, charged) in UsageCharged::<T>::iter() {
			ensure!(Licences::<T>::contains_key(id), "usage counters of a removed licence");
			ensure!(charged.iter().all(|(_, calls)| *calls > 0), "a zero usage counter");
		}
		Ok(())
	}
}

impl<T: Config> bdes_primitives::GatewayRegistry<T::AccountId> for Pallet<T> {
	fn sealing_key(who: &T::AccountId) -> Option<bdes_primitives::SealingKey> {
		if Gateways::<T>::contains_key(who) {
			SealingKeys::<T>::get(who)
		} else {
			None
		}
	}
}

impl<T: Config> bdes_primitives::LicenceUse<T::AccountId, LicenceId> for Pallet<T> {
	/// One call of a valid licence, as a compute task of its holder's uses it (the gateway's
	/// vouchers count calls the same way).
	fn use_call(who: &T::AccountId, licence: LicenceId, asset: DataAssetId) -> DispatchResult {
		if let LicenceCheck::Invalid(reason) = Self::check(licence, asset, who) {
			return Err(match reason {
				Invalid::Unknown => Error::<T>::UnknownLicence,
				Invalid::WrongAsset => Error::<T>::WrongAsset,
				Invalid::NotHolder => Error::<T>::NotHolder,
				Invalid::Expired => Error::<T>::LicenceExpired,
				Invalid::Exhausted => Error::<T>::Exhausted,
				Invalid::AssetUnavailable => Error::<T>::AssetUnavailable,
			}
			.into());
		}
		let calls_left = Licences::<T>::try_mutate(licence, |record| {
			let record = record.as_mut().ok_or(Error::<T>::UnknownLicence)?;
			record.calls_left = record.calls_left.checked_sub(1).ok_or(Error::<T>::Exhausted)?;
			Ok::<_, DispatchError>(record.calls_left)
		})?;
		Self::deposit_event(Event::CallUsed { licence, holder: who.clone(), calls_left });
		Ok(())
	}
}

/// Offers opened by another pallet for an owner (a feed's batches), with the same checks and
/// deposit as the `create_offer` call.
impl<T: Config> bdes_primitives::LicenceOffers<T::AccountId, OfferTermsOf<T>> for Pallet<T> {
	fn check_terms(terms: &OfferTermsOf<T>) -> DispatchResult {
		Self::validate_terms(terms)
	}

	fn open_offer(
		owner: &T::AccountId,
		asset: DataAssetId,
		terms: OfferTermsOf<T>,
	) -> DispatchResult {
		Self::do_create_offer(owner.clone(), asset, terms)
	}
}
