//! Benchmarks (frame-benchmarking v2), each on its call's worst path.

use super::*;
use crate::Pallet as RevenueShares;
use alloc::vec;
use bdes_primitives::{DataAssetBenchmarkHelper, DataAssetInspect};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, fungibles::Mutate as _, Get};
use frame_system::RawOrigin;
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

	// Worst case: a new stake record (deposit held) after revenue arrived.
	#[benchmark]
	fn stake() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holder = funded::<T>("holder", 0);
		let class = Classes::<T>::get(asset).expect("issued");
		assert!(T::Fungibles::transfer(
			class.share_asset,
			&owner,
			&holder,
			One::one(),
			frame_support::traits::tokens::Preservation::Expendable
		)
		.is_ok());
		pay::<T>(asset);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset, One::one());

		assert!(Stakes::<T>::contains_key(asset, &holder));
	}

	// Worst case: the whole stake with nothing owed, so the record is removed and its deposit
	// released.
	#[benchmark]
	fn unstake() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holder = funded::<T>("holder", 0);
		staked_holder::<T>(asset, &owner, &holder, One::one());

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset, One::one());

		assert!(!Stakes::<T>::contains_key(asset, &holder));
	}

	// Worst case: settles, pays, and removes an unstaked record.
	#[benchmark]
	fn claim() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let holder = funded::<T>("holder", 0);
		let amount = T::MinSupply::get();
		staked_holder::<T>(asset, &owner, &holder, amount);
		pay::<T>(asset);
		assert!(RevenueShares::<T>::do_unstake(holder.clone(), asset, amount).is_ok());

		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), asset);

		assert!(!Stakes::<T>::contains_key(asset, &holder));
	}

	#[benchmark]
	fn contribute() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		let payer = funded::<T>("payer", 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), asset, 1_000_000u32.into());

		assert!(!Classes::<T>::get(asset).expect("issued").revenue.is_zero());
	}

	// Worst case: both stakes are settled, the old one emptied, the new one created.
	#[benchmark]
	fn take_over_lock() {
		let owner = funded::<T>("owner", 0);
		let asset = issued::<T>(&owner);
		pay::<T>(asset);
		let buyer = funded::<T>("buyer", 0);
		T::BenchmarkHelper::transfer_ownership(asset, &owner, &buyer);
		assert_eq!(T::DataAssets::owner(asset), Some(buyer.clone()));

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), asset);

		assert_eq!(Classes::<T>::get(asset).map(|c| c.lock_holder), Some(buyer));
	}

	impl_benchmark_test_suite!(RevenueShares, crate::mock::new_test_ext(), crate::mock::Test);
}
