//! Logic of the revenue-shares pallet.

use crate::*;
use alloc::vec::Vec;
use bdes_primitives::{DataAssetInspect, RevenueSink};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate as _, MutateHold},
		fungibles::{
			self,
			metadata::{MetadataDeposit, Mutate as _},
			Create as _, Inspect as _, Mutate as _, MutateFreeze,
		},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
};
use sp_runtime::traits::{
	AccountIdConversion, CheckedAdd, CheckedSub, Convert, One, SaturatedConversion, Zero,
};

impl<T: Config> Pallet<T> {
	/// The pallet account: owner of the share tokens, keeper of the dividends.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	fn to_u128(balance: BalanceOf<T>) -> u128 {
		balance.saturated_into()
	}

	fn from_u128(value: u128) -> Result<BalanceOf<T>, DispatchError> {
		value.try_into().map_err(|_| Error::<T>::Overflow.into())
	}

	fn add(a: BalanceOf<T>, b: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		a.checked_add(&b).ok_or_else(|| Error::<T>::Overflow.into())
	}

	fn sub(a: BalanceOf<T>, b: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		a.checked_sub(&b).ok_or_else(|| Error::<T>::Overflow.into())
	}

	// ---- accounting -------------------------------------------------------------------------

	/// Moves what `stake` earned since its last snapshot into its `unclaimed`.
	pub(crate) fn settle(class: &ShareClassOf<T>, stake: &mut StakeOf<T>) -> DispatchResult {
		let delta = class
			.acc_per_share
			.checked_sub(stake.acc_snapshot)
			.ok_or(Error::<T>::Overflow)?;
		if !delta.is_zero() && !stake.amount.is_zero() {
			let scaled = Self::to_u128(stake.amount)
				.checked_mul(delta)
				.and_then(|v| v.checked_add(stake.remainder))
				.ok_or(Error::<T>::Overflow)?;
			stake.unclaimed = Self::add(stake.unclaimed, Self::from_u128(scaled / ACC_SCALE)?)?;
			stake.remainder = scaled % ACC_SCALE;
		}
		stake.acc_snapshot = class.acc_per_share;
		Ok(())
	}

	/// Adds `amount` of revenue to the accumulator of `class`, carrying the remainder.
	pub(crate) fn accrue(class: &mut ShareClassOf<T>, amount: BalanceOf<T>) -> DispatchResult {
		let staked = Self::to_u128(class.total_staked);
		// The owner's lock keeps at least one share staked; a class without stakes is corrupt.
		ensure!(!staked.is_zero(), Error::<T>::Overflow);
		let scaled = Self::to_u128(amount)
			.checked_mul(ACC_SCALE)
			.and_then(|v| v.checked_add(class.carry))
			.ok_or(Error::<T>::Overflow)?;
		class.acc_per_share =
			class.acc_per_share.checked_add(scaled / staked).ok_or(Error::<T>::Overflow)?;
		class.carry = scaled % staked;
		class.revenue = Self::add(class.revenue, amount)?;
		Ok(())
	}

	/// The dividends `who` could claim now from `asset`.
	pub fn claimable(asset: DataAssetId, who: &T::AccountId) -> BalanceOf<T> {
		let (Some(class), Some(mut stake)) =
			(Classes::<T>::get(asset), Stakes::<T>::get(asset, who))
		else {
			return Zero::zero();
		};
		match Self::settle(&class, &mut stake) {
			Ok(()) => stake.unclaimed,
			Err(_) => Zero::zero(),
		}
	}

	/// Stores a stake, or removes it and releases its deposit once it is empty.
	fn store_stake(asset: DataAssetId, who: &T::AccountId, stake: StakeOf<T>) -> DispatchResult {
		if stake.amount.is_zero() && stake.unclaimed.is_zero() {
			if !stake.deposit.is_zero() {
				T::Currency::release(
					&HoldReason::Deposit.into(),
					who,
					stake.deposit,
					Precision::Exact,
				)?;
			}
			Stakes::<T>::remove(asset, who);
		} else {
			Stakes::<T>::insert(asset, who, stake);
		}
		Ok(())
	}

	/// `who`'s stake, or a new empty one whose deposit is held now.
	fn stake_or_new(
		asset: DataAssetId,
		class: &ShareClassOf<T>,
		who: &T::AccountId,
	) -> Result<StakeOf<T>, DispatchError> {
		if let Some(stake) = Stakes::<T>::get(asset, who) {
			return Ok(stake);
		}
		let deposit = T::StakeDeposit::get();
		T::Currency::hold(&HoldReason::Deposit.into(), who, deposit)?;
		Ok(Stake {
			amount: Zero::zero(),
			acc_snapshot: class.acc_per_share,
			unclaimed: Zero::zero(),
			remainder: 0,
			deposit,
		})
	}

	fn freeze(class: &ShareClassOf<T>, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Freezer::set_freeze(class.share_asset, &FreezeReason::Staked.into(), who, amount)
	}

	// ---- calls ------------------------------------------------------------------------------

	pub(crate) fn do_issue(
		who: T::AccountId,
		asset: DataAssetId,
		supply: BalanceOf<T>,
		name: Vec<u8>,
		symbol: Vec<u8>,
		decimals: u8,
	) -> DispatchResult {
		let owner = T::DataAssets::owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(owner == who, Error::<T>::NotOwner);
		ensure!(T::DataAssets::is_listed(asset), Error::<T>::NotListed);
		ensure!(!Classes::<T>::contains_key(asset), Error::<T>::AlreadyIssued);
		ensure!(supply >= T::MinSupply::get(), Error::<T>::SupplyTooLow);
		ensure!(!name.is_empty() && !symbol.is_empty(), Error::<T>::EmptyName);
		let limit = T::StringLimit::get() as usize;
		ensure!(name.len() <= limit && symbol.len() <= limit, Error::<T>::NameTooLong);
		ensure!(decimals <= T::MaxDecimals::get(), Error::<T>::TooManyDecimals);
		let share_asset = T::ShareAssetIdOf::convert(asset).ok_or(Error::<T>::NoShareAssetId)?;
		ensure!(!T::Fungibles::asset_exists(share_asset), Error::<T>::ShareAssetIdTaken);

		let pallet = Self::account_id();
		let deposit = T::ClassDeposit::get();
		T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
		// The pallet account owns the token (so nobody can mint more) and so reserves the
		// metadata deposit in the assets pallet; the issuer pays it.
		let metadata_deposit = T::Fungibles::calc_metadata_deposit(&name, &symbol);
		T::Currency::transfer(&who, &pallet, metadata_deposit, Preservation::Preserve)?;
		T::Fungibles::create(share_asset, pallet.clone(), false, One::one())?;
		T::Fungibles::set(share_asset, &pallet, name, symbol, decimals)?;
		T::Fungibles::mint_into(share_asset, &who, supply)?;

		let locked = T::LockedShare::get().mul_ceil(supply);
		let mut class = ShareClass {
			share_asset,
			supply,
			issuer: who.clone(),
			deposit,
			metadata_deposit,
			lock_holder: who.clone(),
			locked,
			total_staked: Zero::zero(),
			acc_per_share: 0,
			carry: 0,
			revenue: Zero::zero(),
			claimed: Zero::zero(),
		};
		let mut stake = Self::stake_or_new(asset, &class, &who)?;
		stake.amount = locked;
		class.total_staked = locked;
		Self::freeze(&class, &who, locked)?;
		Stakes::<T>::insert(asset, &who, stake);
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::Issued { asset, share_asset, owner: who, supply, locked });
		Ok(())
	}

	pub(crate) fn do_stake(
		who: T::AccountId,
		asset: DataAssetId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut class = Classes::<T>::get(asset).ok_or(Error::<T>::NoShares)?;
		// What is not frozen yet (and not held) can be staked.
		let free = <T::Fungibles as fungibles::Inspect<_>>::reducible_balance(
			class.share_asset,
			&who,
			Preservation::Expendable,
			Fortitude::Polite,
		);
		ensure!(amount <= free, Error::<T>::InsufficientShares);
		let mut stake = Self::stake_or_new(asset, &class, &who)?;
		Self::settle(&class, &mut stake)?;
		stake.amount = Self::add(stake.amount, amount)?;
		class.total_staked = Self::add(class.total_staked, amount)?;
		Self::freeze(&class, &who, stake.amount)?;
		Stakes::<T>::insert(asset, &who, stake);
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::Staked { asset, who, amount });
		Ok(())
	}

	pub(crate) fn do_unstake(
		who: T::AccountId,
		asset: DataAssetId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut class = Classes::<T>::get(asset).ok_or(Error::<T>::NoShares)?;
		let mut stake = Stakes::<T>::get(asset, &who).ok_or(Error::<T>::InsufficientStake)?;
		ensure!(amount <= stake.amount, Error::<T>::InsufficientStake);
		Self::settle(&class, &mut stake)?;
		let left = Self::sub(stake.amount, amount)?;
		if who == class.lock_holder {
			ensure!(left >= class.locked, Error::<T>::BelowLock);
		}
		stake.amount = left;
		class.total_staked = Self::sub(class.total_staked, amount)?;
		Self::freeze(&class, &who, left)?;
		Self::store_stake(asset, &who, stake)?;
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::Unstaked { asset, who, amount });
		Ok(())
	}

	pub(crate) fn do_claim(who: T::AccountId, asset: DataAssetId) -> DispatchResult {
		let mut class = Classes::<T>::get(asset).ok_or(Error::<T>::NoShares)?;
		let mut stake = Stakes::<T>::get(asset, &who).ok_or(Error::<T>::NothingToClaim)?;
		Self::settle(&class, &mut stake)?;
		let amount = stake.unclaimed;
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		T::Currency::transfer_on_hold(
			&HoldReason::Dividends.into(),
			&Self::account_id(),
			&who,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		stake.unclaimed = Zero::zero();
		class.claimed = Self::add(class.claimed, amount)?;
		Self::store_stake(asset, &who, stake)?;
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::Claimed { asset, who, amount });
		Ok(())
	}

	pub(crate) fn do_pay_revenue(
		asset: DataAssetId,
		from: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut class = Classes::<T>::get(asset).ok_or(Error::<T>::NoShares)?;
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_and_hold(
			&HoldReason::Dividends.into(),
			from,
			&Self::account_id(),
			amount,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)?;
		Self::accrue(&mut class, amount)?;
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::RevenueReceived { asset, from: from.clone(), amount });
		Ok(())
	}

	pub(crate) fn do_take_over_lock(who: T::AccountId, asset: DataAssetId) -> DispatchResult {
		let mut class = Classes::<T>::get(asset).ok_or(Error::<T>::NoShares)?;
		let owner = T::DataAssets::owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(owner == who, Error::<T>::NotOwner);
		ensure!(class.lock_holder != who, Error::<T>::AlreadyLockHolder);
		let previous = class.lock_holder.clone();
		let moved = class.locked;

		let mut old = Stakes::<T>::get(asset, &previous).ok_or(Error::<T>::InsufficientStake)?;
		Self::settle(&class, &mut old)?;
		old.amount = Self::sub(old.amount, moved).map_err(|_| Error::<T>::InsufficientStake)?;
		Self::freeze(&class, &previous, old.amount)?;
		<T::Fungibles as fungibles::Mutate<_>>::transfer(
			class.share_asset,
			&previous,
			&who,
			moved,
			Preservation::Expendable,
		)?;
		Self::store_stake(asset, &previous, old)?;

		let mut new = Self::stake_or_new(asset, &class, &who)?;
		Self::settle(&class, &mut new)?;
		new.amount = Self::add(new.amount, moved)?;
		Self::freeze(&class, &who, new.amount)?;
		Stakes::<T>::insert(asset, &who, new);

		class.lock_holder = who.clone();
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::LockTakenOver { asset, from: previous, to: who, amount: moved });
		Ok(())
	}

	// ---- invariants -------------------------------------------------------------------------

	/// Dividends held equal what is owed; stakes add up and are frozen; locks and deposits hold.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::{fungible::InspectHold, fungibles::InspectFreeze};
		use sp_runtime::traits::Saturating;

		let mut owed_total = BalanceOf::<T>::zero();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (asset, class) in Classes::<T>::iter() {
			let owed = class.revenue.checked_sub(&class.claimed).ok_or("claimed above revenue")?;
			owed_total = owed_total.saturating_add(owed);
			deposits
				.entry(class.issuer.clone())
				.or_default()
				.saturating_accrue(class.deposit);
			ensure!(
				<T::Fungibles as fungibles::Inspect<_>>::total_issuance(class.share_asset)
					== class.supply,
				"share supply changed"
			);
			ensure!(
				class.locked >= T::LockedShare::get().mul_ceil(class.supply),
				"lock below the locked share"
			);
			let mut staked = BalanceOf::<T>::zero();
			let mut earned = BalanceOf::<T>::zero();
			for (who, stake) in Stakes::<T>::iter_prefix(asset) {
				staked.saturating_accrue(stake.amount);
				let mut settled = stake.clone();
				Self::settle(&class, &mut settled).map_err(|_| "settlement overflows")?;
				earned.saturating_accrue(settled.unclaimed);
				ensure!(
					T::Freezer::balance_frozen(
						class.share_asset,
						&FreezeReason::Staked.into(),
						&who
					) == stake.amount,
					"stake not frozen"
				);
				if who == class.lock_holder {
					ensure!(stake.amount >= class.locked, "lock holder below the lock");
				}
				deposits.entry(who).or_default().saturating_accrue(stake.deposit);
			}
			ensure!(staked == class.total_staked, "stakes do not add up");
			ensure!(earned <= owed, "holders are owed more than the pool holds");
			ensure!(
				Stakes::<T>::contains_key(asset, &class.lock_holder),
				"lock holder has no stake"
			);
		}
		ensure!(
			Stakes::<T>::iter_keys().all(|(asset, _)| Classes::<T>::contains_key(asset)),
			"stake without a share class"
		);
		ensure!(
			T::Currency::balance_on_hold(&HoldReason::Dividends.into(), &Self::account_id())
				== owed_total,
			"dividends held differ from what is owed"
		);
		for (who, deposit) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Deposit.into(), &who) == deposit,
				"deposits held differ from the records"
			);
		}
		Ok(())
	}
}

impl<T: Config> RevenueSink<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn accepts(asset: DataAssetId) -> bool {
		Classes::<T>::contains_key(asset)
	}

	fn pay(asset: DataAssetId, from: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		Self::do_pay_revenue(asset, from, amount)
	}
}
