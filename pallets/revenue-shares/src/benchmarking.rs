//! Benchmarks (frame-benchmarking v2), each on its call's worst path.

use super::*;
use crate::Pallet as RevenueShares;
use alloc::vec;
use bdes_primitives::{DataAssetBenchmarkHelper, DataAssetInspect};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_support::traits::{fungible::Mutate, fungibles::Mutate as _, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, One, Saturating, Zero};

/// Funds `who` with a sixty-fourth of the balance type's range, so the ten or so accounts of a
/// benchmark fit in the total issuance (a `u64` in the mock).
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 64u32.into());
	who
}

fn supply<T: Config>() -> BalanceOf<T> {
	T::MinSupply::get().saturating_mul(1000u32.into())
}

/// A listed data asset with issued shares (names at their longest) owned by `owner`.
fn issued<T: Config>(owner: &T::AccountId) -> DataAssetId {
	T::Currency::set_balance(
		&RevenueShares::<T>::account_id(),
		BalanceOf::<T>::max_value() / 64u32.into(),
	);
	let asset = T::BenchmarkHelper::listed_asset(owner);
	let name = vec![b'n'; T::StringLimit::get() as usize];
	assert!(RevenueShares::<T>::do_issue(
		owner.clone(),
		asset,
		supply::<T>(),
		name.clone(),
		name,
		18
	)
	.is_ok());
	asset
}

/// `who` gets `amount` shares from the owner's unlocked part and stakes them.
fn staked_holder<T: Config>(
	asset: DataAssetId,
	owner: &T::AccountId,
	who: &T::AccountId,
	amount: BalanceOf<T>,
) {
	let class = Classes::<T>::get(asset).expect("issued");
	assert!(T::Fungibles::transfer(
		class.share_asset,
		owner,
		who,
		amount,
		frame_support::traits::tokens::Preservation::Expendable
	)
	.is_ok());
	assert!(RevenueShares::<T>::do_stake(who.clone(), asset, amount).is_ok());
}

fn pay<T: Config>(asset: DataAssetId) {
	let payer = funded::<T>("payer", 0);
	assert!(RevenueShares::<T>::do_pay_revenue(asset, &payer, 1_000_000u32.into()).is_ok());
}

fn at<T: Config>(block: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(block);
}

fn blocks<T: Config>(n: u32) -> BlockNumberFor<T> {
	n.into()
}

/// Stakes use a warm-up period of 4 blocks from now on, until [`change_to_ten`].
fn period_four<T: Config>() {
	WarmUpPeriod::<T>::put(blocks::<T>(4));
}

/// The period changes from 4 to 10 blocks through the call's own path (the first change).
fn change_to_ten<T: Config>() {
	assert!(T::MaxWarmUp::get() >= blocks::<T>(10), "the benchmarks need MaxWarmUp >= 10");
	assert!(RevenueShares::<T>::do_set_warm_up(blocks::<T>(10)).is_ok());
}

/// The worst a call meets while activating: four buckets of warming shares whose block has
/// come, the first holding `holders[0]`'s shares. Under a period of 4, `holders[0]` stakes at
/// block 5 (earning from 12) and `holders[1]` at 9 (from 16); the period becomes 10 and
/// `holders[2]` stakes at 9 (from 20), `holders[3]` at 11 (from 30); revenue arrives while all
/// warm up; then the block moves to 30, where none has been activated yet.
fn four_due_buckets<T: Config>(
	asset: DataAssetId,
	owner: &T::AccountId,
	holders: &[T::AccountId; 4],
) {
	period_four::<T>();
	at::<T>(blocks::<T>(5));
	staked_holder::<T>(asset, owner, &holders[0], One::one());
	at::<T>(blocks::<T>(9));
	staked_holder::<T>(asset, owner, &holders[1], One::one());
	change_to_ten::<T>();
	staked_holder::<T>(asset, owner, &holders[2], One::one());
	at::<T>(blocks::<T>(11));
	staked_holder::<T>(asset, owner, &holders[3], One::one());
	assert_eq!(WarmingTotals::<T>::get(asset).len(), 4);
	pay::<T>(asset);
	at::<T>(blocks::<T>(30));
}

fn holders<T: Config>() -> [T::AccountId; 4] {
	[0, 1, 2, 3].map(|i| funded::<T>("holder", i))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn issue() {
		let owner = funded::<T>("owner", 0);
		T::Currency::set_balance(
			&RevenueShares::<T>::account_id(),
			BalanceOf::<T>::max_value() / 64u32.into(),
		);
		let asset = T::BenchmarkHelper::listed_asset(&owner);
		let name = vec![b'n'; T::StringLimit::get() as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset, supply::<T>(), name.clone(), name, 18);

		assert_eq!(Classes::<T>::get(asset).map(|c| c.lock_holder), Some(owner));
	}

	// Worst case: four buckets of warming shares to activate, the holder's own shares in one
	// of them (settled from its activation), revenue since, and the new shares warming up.
	#[benchmark]
	fn stake() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holders = holders::<T>();
		let holder = holders[0].clone();
		four_due_buckets::<T>(asset, &owner, &holders);
		let class = Classes::<T>::get(asset).expect("issued");
		assert!(T::Fungibles::transfer(
			class.share_asset,
			&owner,
			&holder,
			One::one(),
			frame_support::traits::tokens::Preservation::Expendable
		)
		.is_ok());

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset, One::one());

		assert_eq!(WarmingTotals::<T>::get(asset).len(), 1);
		assert_eq!(Stakes::<T>::get(asset, &holder).map(|s| s.amount), Some(One::one()));
	}

	// Worst case: four buckets to activate, the holder's shares in one (its activation record
	// goes with it), and the whole stake with nothing owed, so the record is removed and its
	// deposit released.
	#[benchmark]
	fn unstake() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holders = holders::<T>();
		let holder = holders[0].clone();
		four_due_buckets::<T>(asset, &owner, &holders);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset, One::one());

		assert!(!Stakes::<T>::contains_key(asset, &holder));
	}

	// Worst case: four buckets to activate, the holder's earning shares settled and its warming
	// ones settled from their activation, then paid. (Removing an emptied record instead, the
	// other costly path, cannot happen with warming shares; its cost is below this one's.)
	#[benchmark]
	fn claim() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holder = funded::<T>("holder", 0);
		let others = [1, 2, 3].map(|i| funded::<T>("holder", i));
		let amount = T::MinSupply::get();
		// Under a period of 4 the holder's first stake earns from 8, where revenue comes and a
		// first bucket follows (12); the holder's next shares wait for 16; the period becomes
		// 10 and two more buckets follow (20 and 30), then revenue.
		period_four::<T>();
		at::<T>(One::one());
		staked_holder::<T>(asset, &owner, &holder, amount);
		at::<T>(blocks::<T>(8));
		pay::<T>(asset);
		staked_holder::<T>(asset, &owner, &others[0], One::one());
		at::<T>(blocks::<T>(9));
		staked_holder::<T>(asset, &owner, &holder, One::one());
		change_to_ten::<T>();
		staked_holder::<T>(asset, &owner, &others[1], One::one());
		at::<T>(blocks::<T>(11));
		staked_holder::<T>(asset, &owner, &others[2], One::one());
		assert_eq!(WarmingTotals::<T>::get(asset).len(), 4);
		pay::<T>(asset);
		at::<T>(blocks::<T>(30));

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset);

		assert!(WarmingTotals::<T>::get(asset).is_empty());
		assert!(Warming::<T>::get(asset, &holder).is_none());
	}

	// Worst case: four buckets of warming shares to activate first.
	#[benchmark]
	fn contribute() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		four_due_buckets::<T>(asset, &owner, &holders::<T>());
		let payer = funded::<T>("payer", 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), asset, 1_000_000u32.into());

		assert!(!Classes::<T>::get(asset).expect("issued").revenue.is_zero());
		assert!(WarmingTotals::<T>::get(asset).is_empty());
	}

	// Worst case: four buckets to activate, two holding the old and the new owner's warming
	// shares, both stakes settled from their activations.
	#[benchmark]
	fn take_over_lock() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		pay::<T>(asset);
		let buyer = funded::<T>("buyer", 0);
		let others = [1, 2].map(|i| funded::<T>("holder", i));
		// Under a period of 4 the owner stakes some of its unlocked shares at 5 (earning from
		// 12), the buyer one share at 9 (16); the period becomes 10 and two more buckets follow
		// (20 and 30), then revenue.
		period_four::<T>();
		at::<T>(blocks::<T>(5));
		assert!(RevenueShares::<T>::do_stake(owner.clone(), asset, One::one()).is_ok());
		at::<T>(blocks::<T>(9));
		staked_holder::<T>(asset, &owner, &buyer, One::one());
		change_to_ten::<T>();
		staked_holder::<T>(asset, &owner, &others[0], One::one());
		at::<T>(blocks::<T>(11));
		staked_holder::<T>(asset, &owner, &others[1], One::one());
		assert_eq!(WarmingTotals::<T>::get(asset).len(), 4);
		pay::<T>(asset);
		at::<T>(blocks::<T>(30));
		T::BenchmarkHelper::transfer_ownership(asset, &owner, &buyer);
		assert_eq!(T::DataAssets::owner(asset), Some(buyer.clone()));

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), asset);

		assert_eq!(Classes::<T>::get(asset).map(|c| c.lock_holder), Some(buyer));
	}

	// Worst case: the period changed before, so the time of the next change is read and
	// checked (and written again).
	#[benchmark]
	fn set_warm_up() -> Result<(), BenchmarkError> {
		let origin =
			T::WarmUpOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (one, max) = (One::one(), T::MaxWarmUp::get());
		assert!(max > one, "the benchmark needs MaxWarmUp > 1");
		let first = if WarmUpPeriod::<T>::get() == max { one } else { max };
		assert!(RevenueShares::<T>::do_set_warm_up(first).is_ok());
		at::<T>(NextWarmUpChange::<T>::get().expect("changed"));
		let second = if first == one { max } else { one };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, second);

		assert_eq!(WarmUpPeriod::<T>::get(), second);
		Ok(())
	}

	impl_benchmark_test_suite!(RevenueShares, crate::mock::new_test_ext(), crate::mock::Test);
}
