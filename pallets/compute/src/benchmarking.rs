//! Benchmarks (frame-benchmarking v2), each on its call's worst path: queues as long as
//! `MaxProviders` allows, the most inputs, `MaxRedundancy` providers, stale providers met.

use super::*;
use crate::Pallet as Compute;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::{
	traits::{Bounded, One, Saturating, Zero},
	Permill,
};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

fn bytes<S: Get<u32>>(byte: u8) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(alloc::vec![byte; S::get() as usize])
}

fn price<T: Config>() -> BalanceOf<T> {
	1_000u32.into()
}

/// A model of `MaxInputs` inputs, its strings at their longest, a share fee.
fn model<T: Config>() -> ModelId {
	let owner = funded::<T>("model", 0);
	let id = NextModelId::<T>::get();
	let model = Model {
		owner,
		code: bytes::<T::MaxCidLen>(b'c'),
		code_hash: H256::repeat_byte(1),
		inputs: T::MaxInputs::get() as u8,
		params: bytes::<T::MaxSpecLen>(b'p'),
		output: bytes::<T::MaxSpecLen>(b'o'),
		fee: ModelFee::Share(Permill::from_percent(5)),
		fuel_per_byte: 1_000,
		status: ModelStatus::Registered,
		deposit: Zero::zero(),
	};
	assert!(Compute::<T>::do_register_model(model).is_ok());
	assert!(Compute::<T>::do_approve_model(id).is_ok());
	id
}

/// `n` providers of the largest capacity, all in the queue of load 0.
fn providers<T: Config>(n: u32) -> Vec<T::AccountId> {
	let capacity = T::MaxCapacity::get();
	let bond = T::BondPerCapacity::get().saturating_mul(capacity.into());
	(0..n)
		.map(|i| {
			let who = funded::<T>("provider", i);
			assert!(Compute::<T>::do_register_provider(who.clone(), capacity, price::<T>(), bond)
				.is_ok());
			who
		})
		.collect()
}

/// `stale` providers gone stale at the front of the queue of load 0, then fresh ones up to
/// `MaxProviders`.
fn queue_with_stale<T: Config>(stale: u32) -> Vec<T::AccountId> {
	let all = providers::<T>(T::MaxProviders::get());
	let later = frame_system::Pallet::<T>::block_number()
		.saturating_add(T::HeartbeatInterval::get())
		.saturating_add(One::one());
	frame_system::Pallet::<T>::set_block_number(later);
	for who in all.iter().skip(stale as usize) {
		assert!(Compute::<T>::do_heartbeat(who.clone()).is_ok());
	}
	all
}

fn inputs<T: Config>(buyer: &T::AccountId) -> InputsOf<T> {
	let list: Vec<_> = (0..T::MaxInputs::get())
		.map(|_| {
			let (asset, licence) = T::BenchmarkHelper::licensed_input(buyer);
			Input { asset, licence }
		})
		.collect();
	BoundedVec::truncate_from(list)
}

/// As far as a task may go, so that the replacement benchmark can pass the accept timeout and
/// the heartbeat interval before it.
fn deadline<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(T::MaxTaskDuration::get())
}

/// A task of `MaxRedundancy` providers posted by a buyer.
fn posted<T: Config>() -> (T::AccountId, TaskId, Vec<T::AccountId>) {
	providers::<T>(T::MaxProviders::get());
	let buyer = funded::<T>("buyer", 0);
	let id = NextTaskId::<T>::get();
	let k = T::MaxRedundancy::get() as u8;
	assert!(Compute::<T>::do_post(
		buyer.clone(),
		model::<T>(),
		inputs::<T>(&buyer),
		bytes::<T::MaxParamsLen>(b'x'),
		1_000_000,
		price::<T>(),
		k,
		deadline::<T>(),
	)
	.is_ok());
	let assigned = Tasks::<T>::get(id)
		.unwrap()
		.slots
		.iter()
		.map(|s| Providers::<T>::get(s.provider).unwrap().account)
		.collect();
	(buyer, id, assigned)
}

/// A CIDv1 (raw, sha2-256) of `digest`, in base32 text: what the data assets pallet takes.
fn cid_of<T: Config>(digest: &[u8; 32]) -> CidOf<T> {
	const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
	let mut raw = alloc::vec![0x01, 0x55, 0x12, 0x20];
	raw.extend_from_slice(digest);
	let mut text = alloc::vec![b'b'];
	let (mut buffer, mut bits) = (0u32, 0u32);
	for byte in raw {
		buffer = (buffer << 8) | byte as u32;
		bits += 8;
		while bits >= 5 {
			bits -= 5;
			text.push(ALPHABET[((buffer >> bits) & 31) as usize]);
		}
	}
	if bits > 0 {
		text.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize]);
	}
	BoundedVec::truncate_from(text)
}

fn result<T: Config>(digest: u8) -> RevealOf<T> {
	Reveal {
		cid: cid_of::<T>(&[digest; 32]),
		digest: H256::repeat_byte(digest),
		size: 1 << 20,
		fuel: 900_000,
	}
}

fn salt() -> H256 {
	H256::repeat_byte(7)
}

/// Posted; every provider accepted and committed; all reveal `1` but the last, `2`.
fn committed<T: Config>() -> (T::AccountId, TaskId, Vec<T::AccountId>) {
	let (buyer, id, assigned) = posted::<T>();
	let last = assigned.len() - 1;
	for (i, who) in assigned.iter().enumerate() {
		assert!(Compute::<T>::do_accept(who.clone(), id).is_ok());
		let digest = if i == last { 2 } else { 1 };
		let c = Compute::<T>::commitment(&result::<T>(digest), &salt(), who);
		assert!(Compute::<T>::do_commit(who.clone(), id, c).is_ok());
	}
	(buyer, id, assigned)
}

fn revealed<T: Config>() -> (T::AccountId, TaskId) {
	let (buyer, id, assigned) = committed::<T>();
	let last = assigned.len() - 1;
	for (i, who) in assigned.iter().enumerate() {
		let digest = if i == last { 2 } else { 1 };
		assert!(Compute::<T>::do_reveal(who.clone(), id, result::<T>(digest), salt()).is_ok());
	}
	(buyer, id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_model() {
		let owner = funded::<T>("model", 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			bytes::<T::MaxCidLen>(b'c'),
			H256::repeat_byte(1),
			T::MaxInputs::get() as u8,
			bytes::<T::MaxSpecLen>(b'p'),
			bytes::<T::MaxSpecLen>(b'o'),
			ModelFee::Fixed(1u32.into()),
			1_000,
		);

		assert!(Models::<T>::contains_key(0));
	}

	#[benchmark]
	fn approve_model() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("model", 0);
		let id = NextModelId::<T>::get();
		assert!(Compute::<T>::register_model(
			RawOrigin::Signed(owner).into(),
			bytes::<T::MaxCidLen>(b'c'),
			H256::zero(),
			1,
			Default::default(),
			Default::default(),
			ModelFee::Fixed(1u32.into()),
			1,
		)
		.is_ok());
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_eq!(Models::<T>::get(id).unwrap().status, ModelStatus::Approved);
		Ok(())
	}

	#[benchmark]
	fn retire_model() {
		let id = model::<T>();
		let owner = Models::<T>::get(id).unwrap().owner;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_eq!(Models::<T>::get(id).unwrap().status, ModelStatus::Retired);
	}

	// Into a queue holding every other provider.
	#[benchmark]
	fn register_provider() {
		let _ = providers::<T>(T::MaxProviders::get() - 1);
		let who = funded::<T>("newcomer", 0);
		let capacity = T::MaxCapacity::get();
		let bond = T::BondPerCapacity::get().saturating_mul(capacity.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), capacity, price::<T>(), bond);

		assert!(ProviderIndexOf::<T>::contains_key(&who));
	}

	// A stale provider back: its last run credited, then the new one, and back into a queue
	// holding every other provider.
	#[benchmark]
	fn heartbeat() {
		let all = queue_with_stale::<T>(1);
		let who = all[0].clone();
		let index = ProviderIndexOf::<T>::get(&who).unwrap();
		// Assignment met it and took it out.
		let _ = Compute::<T>::pick(1, price::<T>(), &[], false);
		assert!(!Providers::<T>::get(index).unwrap().queued);

		#[extrinsic_call]
		_(RawOrigin::Signed(who));

		assert!(Providers::<T>::get(index).unwrap().queued);
	}

	// Out of the middle of the longest queue (both neighbours relinked), the bond released,
	// the record removed.
	#[benchmark]
	fn deregister_provider() {
		let all = providers::<T>(T::MaxProviders::get());
		let who = all[all.len() / 2].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!ProviderIndexOf::<T>::contains_key(&who));
	}

	// More bond held, rewards credited, and out of the middle of its queue: down to the one
	// task it runs, its neighbours relinked.
	#[benchmark]
	fn update_provider() {
		let (_, _, assigned) = posted::<T>();
		let who = assigned[assigned.len() / 2].clone();
		let index = ProviderIndexOf::<T>::get(&who).unwrap();
		let info = Providers::<T>::get(index).unwrap();
		assert!(info.queued && info.prev.is_some() && info.next.is_some());
		let add = T::BondPerCapacity::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), 1, price::<T>(), add);

		let info = Providers::<T>::get(index).unwrap();
		assert!(!info.queued && info.capacity == 1);
	}

	#[benchmark]
	fn claim_standby() {
		let who = providers::<T>(1)[0].clone();
		T::Currency::set_balance(
			&T::RewardPot::get(),
			BalanceOf::<T>::max_value() / 1_000u32.into(),
		);
		// Online, a heartbeat every interval, through three epoch turns.
		let three = T::EpochLength::get().saturating_mul(3u32.into());
		let mut last = frame_system::Pallet::<T>::block_number();
		let mut n = last;
		while n <= three {
			n = n.saturating_add(One::one());
			frame_system::Pallet::<T>::set_block_number(n);
			Compute::<T>::on_initialize(n);
			if n >= last.saturating_add(T::HeartbeatInterval::get()) {
				assert!(Compute::<T>::do_heartbeat(who.clone()).is_ok());
				last = n;
			}
		}
		let before = Providers::<T>::get(0).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(who));

		assert!(before.earned.is_zero() || Providers::<T>::get(0).unwrap().earned.is_zero());
	}

	// `k` providers picked after `s` stale ones (taken out of the queue), `MaxInputs` licences
	// used, the escrow opened.
	#[benchmark]
	fn post_task(
		k: Linear<1, { T::MaxRedundancy::get() }>,
		s: Linear<0, { T::MaxLooks::get() - T::MaxRedundancy::get() }>,
	) {
		let _ = queue_with_stale::<T>(s);
		let buyer = funded::<T>("buyer", 0);
		let model = model::<T>();
		let inputs = inputs::<T>(&buyer);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(buyer),
			model,
			inputs,
			bytes::<T::MaxParamsLen>(b'x'),
			1_000_000,
			price::<T>(),
			k as u8,
			deadline::<T>(),
		);

		assert_eq!(Tasks::<T>::get(0).unwrap().slots.len() as u32, k);
	}

	#[benchmark]
	fn accept() {
		let (_, id, assigned) = posted::<T>();
		let who = assigned.last().unwrap().clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(Tasks::<T>::get(id).unwrap().slots.last().unwrap().accepted);
	}

	// The no-show slashed, out of its queue, a replacement found after `s` stale providers.
	#[benchmark]
	fn replace(s: Linear<0, { T::MaxLooks::get() - T::MaxRedundancy::get() }>) {
		let (buyer, id, _) = posted::<T>();
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::HeartbeatInterval::get().max(T::AcceptTimeout::get()))
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);
		let mut fresh = 0;
		for i in 0..T::MaxProviders::get() {
			let index = i as ProviderIndex;
			let info = Providers::<T>::get(index).unwrap();
			if info.load == 0 {
				if fresh >= s {
					assert!(Compute::<T>::do_heartbeat(info.account).is_ok());
				}
				fresh += 1;
			}
		}
		let slot = T::MaxRedundancy::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, slot);

		let task = Tasks::<T>::get(id).unwrap();
		assert_eq!(task.slots.len() as u32, T::MaxRedundancy::get());
	}

	#[benchmark]
	fn commit_result() {
		let (_, id, assigned) = posted::<T>();
		let who = assigned.last().unwrap().clone();
		assert!(Compute::<T>::do_accept(who.clone(), id).is_ok());
		let c = Compute::<T>::commitment(&result::<T>(1), &salt(), &who);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, c);

		assert!(Tasks::<T>::get(id).unwrap().slots.last().unwrap().commit.is_some());
	}

	#[benchmark]
	fn reveal_result() {
		let (_, id, assigned) = committed::<T>();
		let who = assigned.last().unwrap().clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, result::<T>(2), salt());

		assert!(Tasks::<T>::get(id).unwrap().slots.last().unwrap().reveal.is_some());
	}

	// Success by quorum: every winner paid, the model and the protocol fee, the wrong run
	// slashed both ways, every load down, the result minted, the escrow closed.
	#[benchmark]
	fn finalize() {
		let (buyer, id) = revealed::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);

		assert!(Results::<T>::get(id).unwrap().asset.is_some());
	}

	#[benchmark]
	fn mint_result() {
		let (buyer, id) = revealed::<T>();
		assert!(Compute::<T>::do_finalize(id).is_ok());
		// As if the buyer could not pay the data asset's deposits at the close: no asset yet
		// (a content of its own, as the first mint claimed the first).
		Results::<T>::mutate(id, |r| {
			if let Some(r) = r {
				if let Some(asset) = r.asset.take() {
					ResultOfAsset::<T>::remove(asset);
				}
				r.cid = cid_of::<T>(&[9; 32]);
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);

		assert!(Results::<T>::get(id).unwrap().asset.is_some());
	}

	#[benchmark]
	fn epoch_turn() {
		let _ = providers::<T>(1);
		let n = T::EpochLength::get().saturating_mul(2u32.into());
		// The division by the share base, and the new base, are the worst path.
		EpochCapacity::<T>::put(1);

		#[block]
		{
			Compute::<T>::epoch_turn(n);
		}

		assert!(
			RewardPerCapacity::<T>::get(2) >= RewardPerCapacity::<T>::get(1)
				&& EpochCapacity::<T>::get() == T::MaxCapacity::get()
		);
	}

	impl_benchmark_test_suite!(Compute, crate::mock::new_test_ext(), crate::mock::Test);
}

#[cfg(test)]
mod cid_tests {
	#[test]
	fn result_cids_are_base32_cidv1() {
		let cid = super::cid_of::<crate::mock::Test>(&[1; 32]);
		assert_eq!(&cid[..], b"bafkreiabaeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibae");
	}
}
