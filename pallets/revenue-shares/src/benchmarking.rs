//! Benchmarks (frame-benchmarking v2), each on its call's worst path.

use super::*;
use crate::Pallet as RevenueShares;
use alloc::vec;
use bdes_primitives::{DataAssetBenchmarkHelper, DataAssetInspect};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, fungibles::Mutate as _, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, One, Saturating, Zero};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 8u32.into());
	who
}

fn supply<T: Config>() -> BalanceOf<T> {
	T::MinSupply::get().saturating_mul(1000u32.into())
}

/// A listed data asset with issued shares (names at their longest) owned by `owner`.
fn issued<T: Config>(owner: &T::AccountId) -> DataAssetId {
	T::Currency::set_balance(
		&RevenueShares::<T>::account_id(),
		BalanceOf::<T>::max_value() / 8u32.into(),
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

/// The worst a call meets while activating: two buckets of warming shares whose block has
/// come, the first holding `first`'s shares. `first` stakes at block 1 (earning from
/// `2 × WarmUp`), `second` at `WarmUp + 1` (earning from `3 × WarmUp`), revenue arrives while
/// both warm up; then the block moves to `3 × WarmUp`, where neither has been activated yet.
fn two_due_buckets<T: Config>(
	asset: DataAssetId,
	owner: &T::AccountId,
	first: &T::AccountId,
	second: &T::AccountId,
) {
	let warm_up = T::WarmUp::get();
	at::<T>(One::one());
	staked_holder::<T>(asset, owner, first, One::one());
	at::<T>(warm_up.saturating_add(One::one()));
	staked_holder::<T>(asset, owner, second, One::one());
	pay::<T>(asset);
	at::<T>(warm_up.saturating_mul(3u32.into()));
	if warm_up > One::one() {
		assert_eq!(WarmingTotals::<T>::get(asset).len(), 2);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn issue() {
		let owner = funded::<T>("owner", 0);
		T::Currency::set_balance(
			&RevenueShares::<T>::account_id(),
			BalanceOf::<T>::max_value() / 8u32.into(),
		);
		let asset = T::BenchmarkHelper::listed_asset(&owner);
		let name = vec![b'n'; T::StringLimit::get() as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset, supply::<T>(), name.clone(), name, 18);

		assert_eq!(Classes::<T>::get(asset).map(|c| c.lock_holder), Some(owner));
	}

	// Worst case: two buckets of warming shares to activate, the holder's own shares in one
	// of them (settled from its activation), revenue since, and the new shares warming up.
	#[benchmark]
	fn stake() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holder = funded::<T>("holder", 0);
		let other = funded::<T>("holder", 1);
		two_due_buckets::<T>(asset, &owner, &holder, &other);
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

		assert!(WarmingTotals::<T>::get(asset).len() <= 1);
		assert_eq!(Stakes::<T>::get(asset, &holder).map(|s| s.amount), Some(One::one()));
	}

	// Worst case: two buckets to activate, the holder's shares in one (its activation record
	// goes with it), and the whole stake with nothing owed, so the record is removed and its
	// deposit released.
	#[benchmark]
	fn unstake() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holder = funded::<T>("holder", 0);
		let other = funded::<T>("holder", 1);
		two_due_buckets::<T>(asset, &owner, &holder, &other);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset, One::one());

		assert!(!Stakes::<T>::contains_key(asset, &holder));
	}

	// Worst case: two buckets to activate, the holder's earning shares settled and its warming
	// ones settled from their activation, then paid. (Removing an emptied record instead, the
	// other costly path, cannot happen with warming shares; its cost is below this one's.)
	#[benchmark]
	fn claim() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holder = funded::<T>("holder", 0);
		let other = funded::<T>("holder", 1);
		let amount = T::MinSupply::get();
		let warm_up = T::WarmUp::get();
		// The holder's first stake earns from `2 × WarmUp`, revenue comes at `3 × WarmUp`, and
		// more warming shares follow in two buckets (`4 × WarmUp` and `5 × WarmUp`).
		at::<T>(One::one());
		staked_holder::<T>(asset, &owner, &holder, amount);
		at::<T>(warm_up.saturating_mul(3u32.into()));
		pay::<T>(asset);
		staked_holder::<T>(asset, &owner, &holder, One::one());
		at::<T>(warm_up.saturating_mul(3u32.into()).saturating_add(One::one()));
		staked_holder::<T>(asset, &owner, &other, One::one());
		at::<T>(warm_up.saturating_mul(5u32.into()));

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset);

		assert!(WarmingTotals::<T>::get(asset).is_empty());
		assert!(Warming::<T>::get(asset, &holder).is_none());
	}

	// Worst case: two buckets of warming shares to activate first.
	#[benchmark]
	fn contribute() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let (first, second) = (funded::<T>("holder", 0), funded::<T>("holder", 1));
		two_due_buckets::<T>(asset, &owner, &first, &second);
		let payer = funded::<T>("payer", 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), asset, 1_000_000u32.into());

		assert!(!Classes::<T>::get(asset).expect("issued").revenue.is_zero());
		assert!(WarmingTotals::<T>::get(asset).is_empty());
	}

	// Worst case: two buckets to activate, holding the old and the new owner's warming shares,
	// both stakes settled from their activations, the new one created.
	#[benchmark]
	fn take_over_lock() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		pay::<T>(asset);
		let buyer = funded::<T>("buyer", 0);
		let warm_up = T::WarmUp::get();
		// The owner stakes some of its unlocked shares, the buyer one share, in two periods.
		at::<T>(One::one());
		assert!(RevenueShares::<T>::do_stake(owner.clone(), asset, One::one()).is_ok());
		at::<T>(warm_up.saturating_add(One::one()));
		staked_holder::<T>(asset, &owner, &buyer, One::one());
		pay::<T>(asset);
		at::<T>(warm_up.saturating_mul(3u32.into()));
		T::BenchmarkHelper::transfer_ownership(asset, &owner, &buyer);
		assert_eq!(T::DataAssets::owner(asset), Some(buyer.clone()));

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), asset);

		assert_eq!(Classes::<T>::get(asset).map(|c| c.lock_holder), Some(buyer));
	}

	impl_benchmark_test_suite!(RevenueShares, crate::mock::new_test_ext(), crate::mock::Test);
}
