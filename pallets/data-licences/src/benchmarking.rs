//! Benchmarks (frame-benchmarking v2), each on its call's worst path.

use super::*;
use crate::Pallet as DataLicences;
use bdes_primitives::DataAssetBenchmarkHelper;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Bounded, One, Saturating, Zero},
	Permill,
};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 8u32.into());
	who
}

/// Worst-case terms: not transferable (the NFT is locked and unlocked), revenue shared.
fn terms<T: Config>() -> OfferTermsOf<T> {
	OfferTerms {
		price: 1_000_000u32.into(),
		duration: T::MaxDuration::get(),
		calls: 1_000,
		max_sales: Some(u32::MAX),
		transferable: false,
		revenue_share: Permill::from_percent(30),
	}
}

/// A listed asset with revenue shares, owned by a funded owner, and the pallet account funded.
fn asset<T: Config>() -> (T::AccountId, DataAssetId) {
	T::Currency::set_balance(
		&DataLicences::<T>::account_id(),
		BalanceOf::<T>::max_value() / 8u32.into(),
	);
	let owner = funded::<T>("owner", 0);
	let asset = T::BenchmarkHelper::listed_asset(&owner);
	T::BenchmarkHelper::enable_revenue(asset, &owner);
	(owner, asset)
}

fn offer<T: Config>(owner: &T::AccountId, asset: DataAssetId) -> OfferId {
	let id = NextOfferId::<T>::get();
	assert!(DataLicences::<T>::do_create_offer(owner.clone(), asset, terms::<T>()).is_ok());
	id
}

fn licence<T: Config>(buyer: &T::AccountId, offer: OfferId) -> LicenceId {
	let id = NextLicenceId::<T>::get();
	assert!(DataLicences::<T>::do_buy(buyer.clone(), offer).is_ok());
	id
}

fn gateway<T: Config>() -> T::AccountId {
	let gateway = funded::<T>("gateway", 0);
	assert!(DataLicences::<T>::do_register_gateway(gateway.clone()).is_ok());
	gateway
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case: the asset's offer list is one short of full.
	#[benchmark]
	fn create_offer() {
		let (owner, asset) = asset::<T>();
		for _ in 1..T::MaxOffersPerAsset::get() {
			offer::<T>(&owner, asset);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), asset, terms::<T>());

		assert_eq!(OffersOf::<T>::get(asset).len() as u32, T::MaxOffersPerAsset::get());
	}

	// Worst case: the last of a full offer list.
	#[benchmark]
	fn close_offer() {
		let (owner, asset) = asset::<T>();
		let mut last = 0;
		for _ in 0..T::MaxOffersPerAsset::get() {
			last = offer::<T>(&owner, asset);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), last);

		assert!(!Offers::<T>::contains_key(last));
	}

	// Worst case: the first sale creates the licences collection; revenue goes to share
	// holders; the NFT is locked.
	#[benchmark]
	fn buy() {
		let (owner, asset) = asset::<T>();
		let offer = offer::<T>(&owner, asset);
		let buyer = funded::<T>("buyer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), offer);

		assert_eq!(DataLicences::<T>::holder(0), Some(buyer));
	}

	#[benchmark]
	fn renew() {
		let (owner, asset) = asset::<T>();
		let offer = offer::<T>(&owner, asset);
		let buyer = funded::<T>("buyer", 0);
		let id = licence::<T>(&buyer, offer);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);

		assert_eq!(Licences::<T>::get(id).map(|l| l.calls_left), Some(2_000));
	}

	#[benchmark]
	fn top_up() {
		let (owner, asset) = asset::<T>();
		let offer = offer::<T>(&owner, asset);
		let buyer = funded::<T>("buyer", 0);
		let id = licence::<T>(&buyer, offer);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, 2);

		assert_eq!(Licences::<T>::get(id).map(|l| l.calls_left), Some(3_000));
	}

	#[benchmark]
	fn register_gateway() -> Result<(), BenchmarkError> {
		let origin =
			T::GatewayOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let gateway: T::AccountId = account("gateway", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, gateway.clone());

		assert!(Gateways::<T>::contains_key(&gateway));
		Ok(())
	}

	#[benchmark]
	fn deregister_gateway() -> Result<(), BenchmarkError> {
		let origin =
			T::GatewayOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let gateway = gateway::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, gateway.clone());

		assert!(!Gateways::<T>::contains_key(&gateway));
		Ok(())
	}

	// `n` vouchers on `n` different licences, each the gateway's first on its licence (a new
	// counter), after `MaxGatewaysPerLicence - 1` other gateways' counters (the longest scan), and
	// signed over the wrapped payload (two signature checks each).
	#[benchmark]
	fn report_usage(n: Linear<1, { T::MaxUsageBatch::get() }>) {
		let (owner, asset) = asset::<T>();
		let offer = offer::<T>(&owner, asset);
		let buyer = T::VoucherSigner::signer();
		T::Currency::set_balance(&buyer, BalanceOf::<T>::max_value() / 8u32.into());
		let gateway = gateway::<T>();
		let others: alloc::vec::Vec<(T::AccountId, u32)> = (1..T::MaxGatewaysPerLicence::get())
			.map(|i| (account::<T::AccountId>("other-gateway", i, 0), 1))
			.collect();
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let until_ms = u64::MAX;
		let vouchers: alloc::vec::Vec<_> = (0..n)
			.map(|_| {
				let id = licence::<T>(&buyer, offer);
				let charged: BoundedVec<_, T::MaxGatewaysPerLicence> =
					others.clone().try_into().expect("one short of the bound");
				UsageCharged::<T>::insert(id, charged);
				let request = [7u8; 32];
				let payload = voucher_payload(&genesis, &gateway, id, 900, until_ms, &request);
				let wrapped = [&b"<Bytes>"[..], &payload, &b"</Bytes>"[..]].concat();
				let signature = T::VoucherSigner::sign(&buyer, &wrapped);
				Voucher { licence: id, calls: 900, until_ms, request, signature }
			})
			.collect();
		let vouchers: BoundedVec<_, T::MaxUsageBatch> = vouchers.try_into().expect("n is bounded");

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway.clone()), vouchers);

		assert_eq!(Licences::<T>::get(0).map(|l| l.calls_left), Some(100));
		assert_eq!(DataLicences::<T>::charged(0, &gateway), 900);
	}

	// Replacing a key is no dearer than setting the first.
	#[benchmark]
	fn set_sealing_key() {
		let gateway = gateway::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway.clone()), [9u8; 32]);

		assert_eq!(SealingKeys::<T>::get(&gateway), Some([9u8; 32]));
	}

	// `n` expired, locked licences in one due bucket, each with usage counters to remove.
	#[benchmark]
	fn cleanup(n: Linear<0, 100>) {
		let (owner, asset) = asset::<T>();
		let offer = offer::<T>(&owner, asset);
		let buyer = funded::<T>("buyer", 0);
		let counters: alloc::vec::Vec<(T::AccountId, u32)> = (0..T::MaxGatewaysPerLicence::get())
			.map(|i| (account::<T::AccountId>("gateway", i, 0), 1))
			.collect();
		for _ in 0..n {
			let id = licence::<T>(&buyer, offer);
			let charged: BoundedVec<_, T::MaxGatewaysPerLicence> =
				counters.clone().try_into().expect("at the bound");
			UsageCharged::<T>::insert(id, charged);
		}
		let after = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::MaxDuration::get())
			.saturating_add(T::SettlementGrace::get())
			.saturating_add(T::ExpiryBucket::get())
			.saturating_add(One::one());
		let due: BlockNumberFor<T> = DataLicences::<T>::bucket_of(after);
		frame_system::Pallet::<T>::set_block_number(due);
		// The cursor stands on the due bucket.
		if n > 0 {
			let first = Licences::<T>::get(0).expect("bought").expiry;
			CleanupCursor::<T>::put(DataLicences::<T>::bucket_of(first));
		}

		#[block]
		{
			DataLicences::<T>::do_cleanup(n, n.max(1));
		}

		assert_eq!(Licences::<T>::iter().count(), 0);
		assert_eq!(UsageCharged::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(DataLicences, crate::mock::new_test_ext(), crate::mock::Test);
}
