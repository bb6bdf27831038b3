//! Benchmarks (frame-benchmarking v2), each on its call's worst path.

use super::*;
use crate::Pallet as DataAssets;
use alloc::{string::ToString, vec, vec::Vec};
use bdes_primitives::GatewayBenchmarkHelper;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Mutate, MutateHold},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::Bounded;

/// A valid CIDv1 (raw, sha2-256) that differs for every `seed`.
pub fn cid_text(seed: u32) -> Vec<u8> {
	let digest = sp_io::hashing::sha2_256(&seed.to_le_bytes());
	let hash = cid::multihash::Multihash::<64>::wrap(0x12, &digest).expect("32 bytes fit in 64");
	cid::CidGeneric::<64>::new_v1(0x55, hash).to_string().into_bytes()
}

fn content(seed: u32) -> ContentInput {
	ContentInput {
		cid: cid_text(seed),
		digest: sp_io::hashing::sha2_256(&seed.to_be_bytes()),
		size: 1 << 20,
		// Encrypted: the longest record.
		encryption: Some(Encryption {
			plain_digest: sp_io::hashing::sha2_256(&seed.to_le_bytes()),
			plain_size: (1 << 20) - 1024,
		}),
	}
}

/// Metadata with every field at its longest.
fn metadata<T: Config>() -> MetadataInput {
	// Distinct tags of the longest length: the index, padded.
	let tag = |i: u32| {
		let mut tag = i.to_string().into_bytes();
		tag.resize(T::MaxTagLen::get() as usize, b'a');
		tag
	};
	let mut format = b"application/".to_vec();
	format.resize(T::MaxFormatLen::get() as usize, b'x');
	MetadataInput {
		title: vec![b't'; T::MaxTitleLen::get() as usize],
		description: vec![b'd'; T::MaxDescriptionLen::get() as usize],
		category: Category::Science,
		tags: (0..T::MaxTags::get()).map(tag).collect(),
		format,
		coverage: CoveragePeriod { start: 0, end: u64::MAX },
		source: vec![b's'; T::MaxSourceLen::get() as usize],
	}
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 4u32.into());
	who
}

fn fund_pallet<T: Config>() {
	T::Currency::set_balance(
		&DataAssets::<T>::account_id(),
		BalanceOf::<T>::max_value() / 4u32.into(),
	);
}

fn pending<T: Config>(provider: &T::AccountId, seed: u32) -> AssetId {
	let asset = NextAssetId::<T>::get();
	DataAssets::<T>::do_submit(provider.clone(), metadata::<T>(), content(seed))
		.expect("valid listing");
	asset
}

fn listed<T: Config>(provider: &T::AccountId, seed: u32) -> AssetId {
	fund_pallet::<T>();
	let asset = pending::<T>(provider, seed);
	DataAssets::<T>::do_approve(asset).expect("pending listing");
	asset
}

impl<T: Config> DataAssets<T> {
	/// A listed asset provided (and owned) by `owner`, for other pallets' benchmarks. The owner
	/// must be able to pay the deposit and the listing fee.
	pub fn benchmark_listed_asset(owner: &T::AccountId) -> AssetId {
		let seed = NextAssetId::<T>::get().saturating_add(1_000);
		listed::<T>(owner, seed)
	}

	/// A valid CID of its own content for each `seed`, for other pallets' benchmarks.
	pub fn benchmark_cid(seed: u32) -> Vec<u8> {
		cid_text(seed)
	}
}

fn assert_last_event<T: Config>(event: <T as Config>::RuntimeEvent) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// The content index is looked up (a miss) and written.
	#[benchmark]
	fn submit() {
		let provider = funded::<T>("provider", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), metadata::<T>(), content(1));
		assert!(Assets::<T>::contains_key(0));
		assert_eq!(ContentIndex::<T>::iter_values().collect::<Vec<_>>(), vec![0]);
	}

	// First approval: also creates the ownership collection.
	#[benchmark]
	fn approve_listing() -> Result<(), BenchmarkError> {
		fund_pallet::<T>();
		let provider = funded::<T>("provider", 0);
		let asset = pending::<T>(&provider, 1);
		let origin =
			T::ApproveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		approve(origin as T::RuntimeOrigin, asset);
		assert_eq!(DataAssets::<T>::owner_of(asset), Some(provider));
		Ok(())
	}

	#[benchmark]
	fn approve_revision() -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		DataAssets::<T>::do_submit_revision(provider, asset, content(2))?;
		let origin =
			T::ApproveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		approve(origin as T::RuntimeOrigin, asset);
		assert_eq!(Assets::<T>::get(asset).map(|d| d.revision), Some(1));
		Ok(())
	}

	// A revision (one more record than a listing): refunded, its content released.
	#[benchmark]
	fn reject() -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		DataAssets::<T>::do_submit_revision(provider, asset, content(2))?;
		let origin =
			T::ApproveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset);
		assert_last_event::<T>(Event::RevisionRejected { asset, revision: 1 }.into());
		Ok(())
	}

	// By the owner, with a pending revision to refund.
	#[benchmark]
	fn delist() -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		DataAssets::<T>::do_submit_revision(provider.clone(), asset, content(2))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), asset);
		assert_last_event::<T>(Event::Delisted { asset, by_council: false }.into());
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		let origin =
			T::ApproveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset);
		assert_last_event::<T>(Event::Suspended { asset }.into());
		Ok(())
	}

	#[benchmark]
	fn restore() -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		DataAssets::<T>::set_status(asset, AssetStatus::Listed, AssetStatus::Suspended)?;
		let origin =
			T::ApproveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset);
		assert_last_event::<T>(Event::Restored { asset }.into());
		Ok(())
	}

	// Longest metadata (read to size the deposit); new content (an index miss and a write).
	#[benchmark]
	fn submit_revision() {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), asset, content(2));
		assert!(PendingRevisions::<T>::contains_key(asset));
		assert_eq!(ContentIndex::<T>::iter_values().collect::<Vec<_>>(), vec![asset, asset]);
	}

	// With a full history, so the oldest rating is dropped.
	#[benchmark]
	fn rate() -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		let scores = QualityScores {
			source_credibility: 90,
			coverage_period: 80,
			coverage_range: 70,
			timeliness: 60,
			access_efficiency: 50,
		};
		for _ in 0..T::MaxRatingHistory::get() {
			DataAssets::<T>::do_rate(asset, scores)?;
		}
		let origin =
			T::RatingOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset, scores);
		assert_eq!(Ratings::<T>::get(asset).len() as u32, T::MaxRatingHistory::get());
		Ok(())
	}

	#[benchmark]
	fn register_pinner() -> Result<(), BenchmarkError> {
		let pinner: T::AccountId = account("pinner", 0, 0);
		let origin =
			T::PinnerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, pinner.clone());
		assert!(Pinners::<T>::contains_key(&pinner));
		Ok(())
	}

	#[benchmark]
	fn deregister_pinner() -> Result<(), BenchmarkError> {
		let pinner: T::AccountId = account("pinner", 0, 0);
		Pinners::<T>::insert(&pinner, frame_system::Pallet::<T>::block_number());
		let origin =
			T::PinnerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, pinner.clone());
		assert!(!Pinners::<T>::contains_key(&pinner));
		Ok(())
	}

	#[benchmark]
	fn set_replication_target() -> Result<(), BenchmarkError> {
		let origin =
			T::PinnerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let target = T::MaxPinners::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, target);
		assert_eq!(ReplicationTarget::<T>::get(), target);
		Ok(())
	}

	// `n` assets, each already pinned by every other pinner there is room for.
	#[benchmark]
	fn report_pins(n: Linear<1, { T::MaxReportsPerCall::get() }>) -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let others: Vec<T::AccountId> =
			(1..T::MaxPinners::get()).map(|i| account("pinner", i, 0)).collect();
		for other in &others {
			Pinners::<T>::insert(other, frame_system::Pallet::<T>::block_number());
		}
		let pinner: T::AccountId = account("pinner", 0, 0);
		Pinners::<T>::insert(&pinner, frame_system::Pallet::<T>::block_number());
		ReplicationTarget::<T>::put(T::MaxPinners::get());
		let mut reports = Vec::new();
		for i in 0..n {
			let asset = listed::<T>(&provider, i.saturating_add(1));
			let revision =
				Pins::<T>::get(asset).map(|s| s.revision).ok_or(BenchmarkError::Weightless)?;
			let report = PinReport { asset, revision, outcome: PinOutcome::Pinned };
			for other in &others {
				DataAssets::<T>::do_report_pins(
					other.clone(),
					BoundedVec::truncate_from(vec![report.clone()]),
				)?;
			}
			reports.push(report);
		}
		let reports = BoundedVec::<_, T::MaxReportsPerCall>::truncate_from(reports);
		#[extrinsic_call]
		_(RawOrigin::Signed(pinner.clone()), reports);
		let state = Pins::<T>::get(0).ok_or(BenchmarkError::Weightless)?;
		assert!(state.pinned_by.iter().any(|r| r.pinner == pinner));
		Ok(())
	}

	// A delisted asset with its NFT and a rating history.
	#[benchmark]
	fn remove() -> Result<(), BenchmarkError> {
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		DataAssets::<T>::do_rate(asset, QualityScores::default())?;
		DataAssets::<T>::do_delist(asset, false)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), asset);
		assert!(!Assets::<T>::contains_key(asset));
		Ok(())
	}

	// Worst case: sealed to a gateway (the registry is read), replacing another depositor's
	// key of the pending revision at the longest length.
	#[benchmark]
	fn set_content_key() -> Result<(), BenchmarkError> {
		fund_pallet::<T>();
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		DataAssets::<T>::do_submit_revision(provider.clone(), asset, content(2))?;
		let gateway: T::AccountId = account("gateway", 0, 0);
		T::BenchmarkHelper::register_gateway(&gateway, [9; 32]);
		let sealed = vec![7u8; T::MaxSealedKeyLen::get() as usize];
		let revision = Assets::<T>::get(asset).ok_or(BenchmarkError::Weightless)?.revision;
		DataAssets::<T>::do_set_content_key(
			provider.clone(),
			asset,
			gateway.clone(),
			revision.saturating_add(1),
			sealed.clone(),
		)?;
		// The previous key's depositor is someone else: two accounts' holds change.
		let depositor = funded::<T>("depositor", 0);
		ContentKeys::<T>::mutate(asset, &gateway, |key| {
			if let Some(key) = key {
				key.depositor = depositor.clone();
			}
		});
		let deposit = ContentKeys::<T>::get(asset, &gateway)
			.ok_or(BenchmarkError::Weightless)?
			.deposit;
		T::Currency::release(
			&HoldReason::ContentKeyDeposit.into(),
			&provider,
			deposit,
			frame_support::traits::tokens::Precision::Exact,
		)?;
		T::Currency::hold(&HoldReason::ContentKeyDeposit.into(), &depositor, deposit)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(provider.clone()),
			asset,
			gateway.clone(),
			revision.saturating_add(1),
			sealed,
		);

		assert_eq!(ContentKeys::<T>::get(asset, &gateway).map(|k| k.depositor), Some(provider));
		Ok(())
	}

	#[benchmark]
	fn remove_content_key() -> Result<(), BenchmarkError> {
		fund_pallet::<T>();
		let provider = funded::<T>("provider", 0);
		let asset = listed::<T>(&provider, 1);
		let gateway: T::AccountId = account("gateway", 0, 0);
		T::BenchmarkHelper::register_gateway(&gateway, [9; 32]);
		let sealed = vec![7u8; T::MaxSealedKeyLen::get() as usize];
		DataAssets::<T>::do_set_content_key(provider.clone(), asset, gateway.clone(), 0, sealed)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), asset, gateway.clone());

		assert!(!ContentKeys::<T>::contains_key(asset, &gateway));
		Ok(())
	}

	impl_benchmark_test_suite!(DataAssets, crate::mock::new_test_ext(), crate::mock::Test);
}
