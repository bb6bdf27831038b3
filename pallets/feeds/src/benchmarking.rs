//! Benchmarks (frame-benchmarking v2), each on its call's worst path: the longest names and
//! schemas, the most collectors, `MaxFeeds` feeds sharing a deadline, a stale feed recovering.

use super::*;
use crate::Pallet as FeedsPallet;
use alloc::vec::Vec;
use bdes_primitives::ColumnType;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Mutate, MutateHold},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Bounded, Saturating},
	Permill,
};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

/// A name of `MaxNameLen` bytes, distinct by `index`.
fn name<T: Config>(index: u32) -> NameOf<T> {
	let mut text = alloc::vec![b'c'; T::MaxNameLen::get() as usize];
	// The index in base 26, in letters after the first.
	let mut rest = index;
	for b in text.iter_mut().skip(1).take(7) {
		*b = b'a' + (rest % 26) as u8;
		rest /= 26;
	}
	BoundedVec::truncate_from(text)
}

fn columns<T: Config>(c: u32) -> ColumnsOf<T> {
	BoundedVec::truncate_from(
		(0..c)
			.map(|i| Column { name: name::<T>(i), kind: ColumnType::Float64 })
			.collect(),
	)
}

fn schema<T: Config>() -> SchemaId {
	let owner = funded::<T>("schema", 0);
	let id = NextSchemaId::<T>::get();
	let c = T::MaxColumns::get();
	assert!(FeedsPallet::<T>::do_register_schema(owner, name::<T>(0), columns::<T>(c)).is_ok());
	id
}

fn collectors<T: Config>(n: u32) -> CollectorsOf<T> {
	let part = Permill::from_parts(1_000_000 / n.max(1));
	let mut list: Vec<_> = (0..n)
		.map(|i| Collector { account: funded::<T>("collector", i), part })
		.collect();
	if let Some(last) = list.last_mut() {
		// The parts sum to 100% exactly.
		let rest = 1_000_000 - part.deconstruct() * n.saturating_sub(1);
		last.part = Permill::from_parts(rest);
	}
	BoundedVec::truncate_from(list)
}

fn spec<T: Config>(schema: SchemaId, sale: SaleModeOf<T>, n: u32) -> FeedSpecOf<T> {
	FeedSpec {
		name: name::<T>(1),
		schema,
		interval: T::MinInterval::get(),
		sale,
		collectors: collectors::<T>(n),
	}
}

fn proposed<T: Config>(operator: &T::AccountId, schema: SchemaId, sale: SaleModeOf<T>) -> FeedId {
	let id = NextFeedId::<T>::get();
	let spec = spec::<T>(schema, sale, T::MaxCollectors::get());
	assert!(FeedsPallet::<T>::do_propose_feed(operator.clone(), spec).is_ok());
	id
}

fn approved<T: Config>(operator: &T::AccountId, schema: SchemaId, sale: SaleModeOf<T>) -> FeedId {
	let id = proposed::<T>(operator, schema, sale);
	assert!(FeedsPallet::<T>::do_approve_feed(id).is_ok());
	id
}

fn set_block<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

fn batch<T: Config>(schema: SchemaId, n: u32) -> BatchInputOf<T> {
	let mut digest = [7u8; 32];
	digest[..4].copy_from_slice(&n.to_le_bytes());
	BatchInput {
		cid: BoundedVec::truncate_from(T::BenchmarkHelper::cid(n)),
		digest,
		size: 1 << 20,
		schema,
		header: Schemas::<T>::get(schema).map(|s| s.hash).unwrap_or_default(),
		rows: 10_000,
		window: (u64::from(n) * 60, u64::from(n) * 60 + 59),
		source: BoundedVec::truncate_from(alloc::vec![b's'; T::MaxSourceLen::get() as usize]),
		encryption: None,
		keys: BoundedVec::new(),
	}
}

/// `batch` encrypted, its content key sealed (in `MaxSealedKeyLen` bytes) to `operator` and to
/// `k - 1` gateways; open when `k` is 0.
fn sealed_batch<T: Config>(
	schema: SchemaId,
	n: u32,
	operator: &T::AccountId,
	k: u32,
) -> BatchInputOf<T> {
	let mut input = batch::<T>(schema, n);
	if k == 0 {
		return input;
	}
	input.encryption =
		Some(bdes_primitives::Encryption { plain_digest: input.digest, plain_size: 1 << 19 });
	input.digest[31] ^= 0xff;
	let sealed = BoundedVec::truncate_from(alloc::vec![b'k'; T::MaxSealedKeyLen::get() as usize]);
	let keys = (0..k).map(|i| {
		let recipient = if i == 0 {
			operator.clone()
		} else {
			let gateway: T::AccountId = account("gateway", i, 0);
			T::BenchmarkHelper::register_gateway(&gateway);
			gateway
		};
		SealedKey { recipient, sealed: sealed.clone() }
	});
	input.keys = BoundedVec::truncate_from(keys.collect());
	input
}

/// The worst batch: its feed stale and recovering, its old deadline gone, its new deadline
/// shared by `MaxFeeds - 1` other feeds; encrypted with `k` content keys when `k > 0`.
fn worst_batch<T: Config>(sale: SaleModeOf<T>, k: u32) -> (T::AccountId, FeedId, BatchInputOf<T>) {
	T::BenchmarkHelper::prepare();
	let schema = schema::<T>();
	let operator = funded::<T>("operator", 0);
	set_block::<T>(1u32.into());
	let feed = approved::<T>(&operator, schema, sale.clone());
	assert!(
		FeedsPallet::<T>::do_submit_batch(operator.clone(), feed, batch::<T>(schema, 0)).is_ok()
	);
	let interval = T::MinInterval::get();
	let one: BlockNumberFor<T> = 1u32.into();
	let now = one.saturating_add(interval).saturating_add(interval).saturating_add(one);
	set_block::<T>(now);
	FeedsPallet::<T>::mark_stale(now.saturating_sub(1u32.into()));
	assert_eq!(Feeds::<T>::get(feed).map(|f| f.status), Some(FeedStatus::Stale));
	for i in 1..T::MaxFeeds::get() {
		approved::<T>(&funded::<T>("operator", i), schema, sale.clone());
	}
	let input = sealed_batch::<T>(schema, 1, &operator, k);
	(operator, feed, input)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_schema(c: Linear<1, { T::MaxColumns::get() }>) {
		let owner = funded::<T>("schema", 0);
		let columns = columns::<T>(c);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), name::<T>(0), columns);
		assert!(Schemas::<T>::contains_key(0));
	}

	#[benchmark]
	fn propose_feed(c: Linear<0, { T::MaxCollectors::get() }>) {
		let schema = schema::<T>();
		let operator = funded::<T>("operator", 0);
		let spec = spec::<T>(schema, SaleMode::Auction(T::BenchmarkHelper::auction_terms()), c);
		#[extrinsic_call]
		_(RawOrigin::Signed(operator), spec);
		assert!(Feeds::<T>::contains_key(0));
	}

	#[benchmark]
	fn approve_feed() -> Result<(), BenchmarkError> {
		let schema = schema::<T>();
		let sale = SaleMode::FixedPrice(T::BenchmarkHelper::price());
		for i in 1..T::MaxFeeds::get() {
			approved::<T>(&funded::<T>("operator", i), schema, sale.clone());
		}
		let feed = proposed::<T>(&funded::<T>("operator", 0), schema, sale);
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, feed);
		assert_eq!(LiveFeeds::<T>::get().len() as u32, T::MaxFeeds::get());
		Ok(())
	}

	#[benchmark]
	fn reject_feed() -> Result<(), BenchmarkError> {
		let schema = schema::<T>();
		let sale = SaleMode::FixedPrice(T::BenchmarkHelper::price());
		let feed = proposed::<T>(&funded::<T>("operator", 0), schema, sale);
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, feed);
		assert!(!Feeds::<T>::contains_key(feed));
		Ok(())
	}

	#[benchmark]
	fn submit_batch_offer(k: Linear<0, { T::MaxBatchKeys::get() }>) {
		let (operator, feed, input) =
			worst_batch::<T>(SaleMode::Offers(T::BenchmarkHelper::offer_terms()), k);
		#[extrinsic_call]
		submit_batch(RawOrigin::Signed(operator), feed, input);
		assert_eq!(Feeds::<T>::get(feed).map(|f| f.status), Some(FeedStatus::Active));
	}

	#[benchmark]
	fn submit_batch_fixed(k: Linear<0, { T::MaxBatchKeys::get() }>) {
		let (operator, feed, input) =
			worst_batch::<T>(SaleMode::FixedPrice(T::BenchmarkHelper::price()), k);
		#[extrinsic_call]
		submit_batch(RawOrigin::Signed(operator), feed, input);
		assert_eq!(Feeds::<T>::get(feed).map(|f| f.status), Some(FeedStatus::Active));
	}

	#[benchmark]
	fn submit_batch_auction(k: Linear<0, { T::MaxBatchKeys::get() }>) {
		let (operator, feed, input) =
			worst_batch::<T>(SaleMode::Auction(T::BenchmarkHelper::auction_terms()), k);
		#[extrinsic_call]
		submit_batch(RawOrigin::Signed(operator), feed, input);
		assert_eq!(Feeds::<T>::get(feed).map(|f| f.status), Some(FeedStatus::Active));
	}

	/// With `MaxFeeds` feeds sharing its deadline.
	#[benchmark]
	fn suspend_feed() -> Result<(), BenchmarkError> {
		let schema = schema::<T>();
		let sale = SaleMode::FixedPrice(T::BenchmarkHelper::price());
		let feeds: Vec<FeedId> = (0..T::MaxFeeds::get())
			.map(|i| approved::<T>(&funded::<T>("operator", i), schema, sale.clone()))
			.collect();
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, feeds[0]);
		assert_eq!(Feeds::<T>::get(feeds[0]).map(|f| f.status), Some(FeedStatus::Suspended));
		Ok(())
	}

	#[benchmark]
	fn resume_feed() -> Result<(), BenchmarkError> {
		let schema = schema::<T>();
		let sale = SaleMode::FixedPrice(T::BenchmarkHelper::price());
		let feed = approved::<T>(&funded::<T>("operator", 0), schema, sale.clone());
		assert!(FeedsPallet::<T>::do_suspend_feed(feed).is_ok());
		for i in 1..T::MaxFeeds::get() {
			approved::<T>(&funded::<T>("operator", i), schema, sale.clone());
		}
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, feed);
		assert_eq!(Feeds::<T>::get(feed).map(|f| f.status), Some(FeedStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn close_feed() {
		let schema = schema::<T>();
		let sale = SaleMode::FixedPrice(T::BenchmarkHelper::price());
		let operator = funded::<T>("operator", 0);
		let feed = approved::<T>(&operator, schema, sale.clone());
		for i in 1..T::MaxFeeds::get() {
			approved::<T>(&funded::<T>("operator", i), schema, sale.clone());
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(operator), feed);
		assert_eq!(Feeds::<T>::get(feed).map(|f| f.status), Some(FeedStatus::Closed));
	}

	#[benchmark]
	fn release_batch() {
		// A batch record whose asset does not exist: not listed.
		let depositor = funded::<T>("operator", 0);
		let deposit = T::BatchDeposit::get();
		assert!(T::Currency::hold(&HoldReason::Deposit.into(), &depositor, deposit).is_ok());
		let asset = u32::MAX;
		Batches::<T>::insert(
			asset,
			Batch { feed: 0, seq: 0, rows: 1, window: (0, 0), digest: [9; 32], depositor, deposit },
		);
		BatchOfDigest::<T>::insert(0, [9; 32], asset);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), asset);
		assert!(!Batches::<T>::contains_key(asset));
	}

	/// `n` feeds going stale in one block.
	#[benchmark]
	fn mark_stale(n: Linear<1, { T::MaxFeeds::get() }>) {
		let schema = schema::<T>();
		let sale = SaleMode::FixedPrice(T::BenchmarkHelper::price());
		set_block::<T>(1u32.into());
		for i in 0..n {
			approved::<T>(&funded::<T>("operator", i), schema, sale.clone());
		}
		let interval = T::MinInterval::get();
		let one: BlockNumberFor<T> = 1u32.into();
		let deadline = one.saturating_add(interval).saturating_add(interval);
		#[block]
		{
			FeedsPallet::<T>::mark_stale(deadline);
		}
		assert!(Feeds::<T>::iter().all(|(_, f)| f.status == FeedStatus::Stale));
	}

	/// `n` live feeds, all punctual for the whole epoch: each paid.
	#[benchmark]
	fn epoch_turn(n: Linear<1, { T::MaxFeeds::get() }>) {
		let schema = schema::<T>();
		let sale = SaleMode::FixedPrice(T::BenchmarkHelper::price());
		set_block::<T>(0u32.into());
		let operators: Vec<T::AccountId> = (0..n).map(|i| funded::<T>("operator", i)).collect();
		for who in &operators {
			approved::<T>(who, schema, sale.clone());
		}
		let pot = T::RewardPot::get();
		T::Currency::set_balance(&pot, BalanceOf::<T>::max_value() / 1_000u32.into());
		let epoch = T::EpochLength::get();
		// Each feed's last batch just now: punctual.
		let end = epoch + epoch;
		for (id, _) in Feeds::<T>::iter().collect::<Vec<_>>() {
			Feeds::<T>::mutate(id, |f| {
				if let Some(f) = f {
					f.last_batch = end.saturating_sub(1u32.into());
				}
			});
		}
		set_block::<T>(end);
		#[block]
		{
			FeedsPallet::<T>::epoch_turn(end);
		}
		assert!(frame_system::Pallet::<T>::events().len() as u32 >= n);
	}

	impl_benchmark_test_suite!(FeedsPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
