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
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{
	AccountIdConversion, CheckedAdd, CheckedSub, Convert, One, SaturatedConversion, Saturating,
	Zero,
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

	/// Adds to `stake` what `amount` shares earned while the accumulator went from `from` to
	/// `to`, carrying the fraction below one unit in its `remainder`.
	fn earn(stake: &mut StakeOf<T>, amount: BalanceOf<T>, from: u128, to: u128) -> DispatchResult {
		let delta = to.checked_sub(from).ok_or(Error::<T>::Overflow)?;
		if !delta.is_zero() && !amount.is_zero() {
			let scaled = Self::to_u128(amount)
				.checked_mul(delta)
				.and_then(|v| v.checked_add(stake.remainder))
				.ok_or(Error::<T>::Overflow)?;
			stake.unclaimed = Self::add(stake.unclaimed, Self::from_u128(scaled / ACC_SCALE)?)?;
			stake.remainder = scaled % ACC_SCALE;
		}
		Ok(())
	}

	/// Moves what `stake` earned since its last snapshot into its `unclaimed`.
	pub(crate) fn settle(class: &ShareClassOf<T>, stake: &mut StakeOf<T>) -> DispatchResult {
		Self::earn(stake, stake.amount, stake.acc_snapshot, class.acc_per_share)?;
		stake.acc_snapshot = class.acc_per_share;
		Ok(())
	}

	/// The accumulator at which shares warming until `earns_from` started earning, or `None`
	/// while they are still warming up. Shares whose block has come but that the class has not
	/// activated yet start at the current accumulator: no revenue is accrued before activation.
	fn activation_acc(
		asset: DataAssetId,
		class: &ShareClassOf<T>,
		earns_from: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) -> Option<u128> {
		Activations::<T>::get(asset, earns_from)
			.map(|activation| activation.acc_per_share)
			.or_else(|| (earns_from <= now).then_some(class.acc_per_share))
	}

	/// Settles `stake`, and once `warming`'s warm-up is over makes those shares part of it,
	/// paid what they earned since they started earning. Changes no storage: a caller that
	/// stores the stake passes the returned block to [`Self::consume_activation`].
	pub(crate) fn settle_holder(
		asset: DataAssetId,
		class: &ShareClassOf<T>,
		stake: &mut StakeOf<T>,
		warming: &mut Option<WarmingStakeOf<T>>,
		now: BlockNumberFor<T>,
	) -> Result<Option<BlockNumberFor<T>>, DispatchError> {
		Self::settle(class, stake)?;
		let Some(shares) = warming.as_ref() else { return Ok(None) };
		let Some(from) = Self::activation_acc(asset, class, shares.earns_from, now) else {
			return Ok(None);
		};
		let earns_from = shares.earns_from;
		Self::earn(stake, shares.amount, from, class.acc_per_share)?;
		stake.amount = Self::add(stake.amount, shares.amount)?;
		*warming = None;
		Ok(Some(earns_from))
	}

	/// One more stake has read the activation of `earns_from`; the last one removes it.
	fn consume_activation(asset: DataAssetId, earns_from: Option<BlockNumberFor<T>>) {
		let Some(earns_from) = earns_from else { return };
		Activations::<T>::mutate_exists(asset, earns_from, |entry| {
			if let Some(activation) = entry {
				activation.stakes.saturating_dec();
				if activation.stakes == 0 {
					*entry = None;
				}
			}
		});
	}

	/// Settles `who`'s stake in `asset` (activating its warmed-up shares), for a call that
	/// changes it and stores it back.
	fn load_settled(
		asset: DataAssetId,
		class: &ShareClassOf<T>,
		who: &T::AccountId,
		stake: &mut StakeOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<Option<WarmingStakeOf<T>>, DispatchError> {
		let mut warming = Warming::<T>::get(asset, who);
		let activated = Self::settle_holder(asset, class, stake, &mut warming, now)?;
		Self::consume_activation(asset, activated);
		Ok(warming)
	}

	/// Makes the warming shares of `asset` whose block has come earn: they join `total_staked`
	/// and the accumulator now is recorded for their holders. Runs before anything reads or
	/// changes the accumulator of the class; at most two buckets.
	pub(crate) fn activate_due(
		asset: DataAssetId,
		class: &mut ShareClassOf<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let mut totals = WarmingTotals::<T>::get(asset);
		let due = totals.iter().take_while(|bucket| bucket.earns_from <= now).count();
		if due == 0 {
			return Ok(());
		}
		for bucket in totals.iter().take(due) {
			class.total_staked = Self::add(class.total_staked, bucket.amount)?;
			Activations::<T>::insert(
				asset,
				bucket.earns_from,
				Activation { acc_per_share: class.acc_per_share, stakes: bucket.stakes },
			);
		}
		totals.retain(|bucket| bucket.earns_from > now);
		Self::store_totals(asset, totals);
		Ok(())
	}

	fn store_totals(asset: DataAssetId, totals: WarmingOf<T>) {
		if totals.is_empty() {
			WarmingTotals::<T>::remove(asset);
		} else {
			WarmingTotals::<T>::insert(asset, totals);
		}
	}

	/// Adds `amount` shares of one more stake to the bucket of `earns_from`.
	fn warm(
		asset: DataAssetId,
		earns_from: BlockNumberFor<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut totals = WarmingTotals::<T>::get(asset);
		if let Some(bucket) = totals.iter_mut().find(|bucket| bucket.earns_from == earns_from) {
			bucket.amount = Self::add(bucket.amount, amount)?;
			bucket.stakes = bucket.stakes.checked_add(1).ok_or(Error::<T>::Overflow)?;
		} else {
			let at = totals.iter().take_while(|bucket| bucket.earns_from < earns_from).count();
			// Cannot be full: every bucket is for a block ahead, and at most two of the current
			// period and two of the one before lie ahead (see `MaxWarming`).
			totals
				.try_insert(at, WarmingShares { earns_from, amount, stakes: 1 })
				.map_err(|_| Error::<T>::Overflow)?;
		}
		Self::store_totals(asset, totals);
		Ok(())
	}

	/// Takes `amount` shares out of the bucket of `earns_from` (not yet activated); `whole`:
	/// they were all of one stake's warming shares.
	fn unwarm(
		asset: DataAssetId,
		earns_from: BlockNumberFor<T>,
		amount: BalanceOf<T>,
		whole: bool,
	) -> DispatchResult {
		let mut totals = WarmingTotals::<T>::get(asset);
		let bucket = totals
			.iter_mut()
			.find(|bucket| bucket.earns_from == earns_from)
			.ok_or(Error::<T>::Overflow)?;
		bucket.amount = Self::sub(bucket.amount, amount)?;
		if whole {
			bucket.stakes = bucket.stakes.checked_sub(1).ok_or(Error::<T>::Overflow)?;
		}
		totals.retain(|bucket| bucket.stakes > 0);
		Self::store_totals(asset, totals);
		Ok(())
	}

	/// The first block in which a stake made at `now` earns: the first multiple of the
	/// [`WarmUpPeriod`] at least that many blocks after `now`.
	pub fn earns_from(now: BlockNumberFor<T>) -> BlockNumberFor<T> {
		Self::earns_from_with(WarmUpPeriod::<T>::get(), now)
	}

	/// The first multiple of `warm_up` at least `warm_up` blocks after `now`. Rounding to
	/// multiples keeps the blocks that warming shares of one period can wait for at once to
	/// two. Zero (which `set_warm_up` and genesis refuse): `now`.
	pub fn earns_from_with(
		warm_up: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) -> BlockNumberFor<T> {
		if warm_up.is_zero() {
			return now;
		}
		let rest = now % warm_up;
		let boundary =
			if rest.is_zero() { now } else { now.saturating_add(warm_up.saturating_sub(rest)) };
		boundary.saturating_add(warm_up)
	}

	/// `blocks` is a warm-up period `set_warm_up` and genesis accept.
	pub(crate) fn check_warm_up(blocks: BlockNumberFor<T>) -> DispatchResult {
		ensure!(!blocks.is_zero(), Error::<T>::ZeroWarmUp);
		ensure!(blocks <= T::MaxWarmUp::get(), Error::<T>::WarmUpTooLong);
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
		let mut warming = Warming::<T>::get(asset, who);
		let now = frame_system::Pallet::<T>::block_number();
		match Self::settle_holder(asset, &class, &mut stake, &mut warming, now) {
			Ok(_) => stake.unclaimed,
			Err(_) => Zero::zero(),
		}
	}

	/// Stores a stake and its warming shares, or removes the record and releases its deposit
	/// once it is empty; the record's fraction below one unit goes to the class's carry, so it
	/// is paid out with the next revenue instead of being lost.
	fn store_stake(
		asset: DataAssetId,
		class: &mut ShareClassOf<T>,
		who: &T::AccountId,
		stake: StakeOf<T>,
		warming: Option<WarmingStakeOf<T>>,
	) -> DispatchResult {
		let empty = stake.amount.is_zero() && stake.unclaimed.is_zero() && warming.is_none();
		match warming {
			Some(warming) => Warming::<T>::insert(asset, who, warming),
			None => Warming::<T>::remove(asset, who),
		}
		if empty {
			if !stake.deposit.is_zero() {
				T::Currency::release(
					&HoldReason::Deposit.into(),
					who,
					stake.deposit,
					Precision::Exact,
				)?;
			}
			class.carry = class.carry.checked_add(stake.remainder).ok_or(Error::<T>::Overflow)?;
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
		let now = frame_system::Pallet::<T>::block_number();
		Self::activate_due(asset, &mut class, now)?;
		let mut stake = Self::stake_or_new(asset, &class, &who)?;
		let mut warming = Self::load_settled(asset, &class, &who, &mut stake, now)?;
		let earns_from = Self::earns_from(now);
		if earns_from <= now {
			// No warm-up.
			stake.amount = Self::add(stake.amount, amount)?;
			class.total_staked = Self::add(class.total_staked, amount)?;
		} else {
			// Shares still warming up wait with the new ones, so a stake is in one bucket.
			let mut waiting = amount;
			if let Some(previous) = warming.take() {
				Self::unwarm(asset, previous.earns_from, previous.amount, true)?;
				waiting = Self::add(waiting, previous.amount)?;
			}
			Self::warm(asset, earns_from, waiting)?;
			warming = Some(WarmingStake { amount: waiting, earns_from });
		}
		Self::freeze(&class, &who, Self::staked(&stake, &warming)?)?;
		Self::store_stake(asset, &mut class, &who, stake, warming)?;
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::Staked { asset, who, amount, earns_from });
		Ok(())
	}

	/// All of a holder's staked shares: earning and warming up.
	fn staked(
		stake: &StakeOf<T>,
		warming: &Option<WarmingStakeOf<T>>,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::add(stake.amount, warming.as_ref().map_or_else(Zero::zero, |w| w.amount))
	}

	pub(crate) fn do_unstake(
		who: T::AccountId,
		asset: DataAssetId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut class = Classes::<T>::get(asset).ok_or(Error::<T>::NoShares)?;
		let mut stake = Stakes::<T>::get(asset, &who).ok_or(Error::<T>::InsufficientStake)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::activate_due(asset, &mut class, now)?;
		let mut warming = Self::load_settled(asset, &class, &who, &mut stake, now)?;
		ensure!(amount <= Self::staked(&stake, &warming)?, Error::<T>::InsufficientStake);
		// Warming shares go first: they earn nothing yet.
		let mut earning = amount;
		if let Some(mut shares) = warming.take() {
			let taken = shares.amount.min(amount);
			Self::unwarm(asset, shares.earns_from, taken, taken == shares.amount)?;
			shares.amount = Self::sub(shares.amount, taken)?;
			earning = Self::sub(amount, taken)?;
			warming = (!shares.amount.is_zero()).then_some(shares);
		}
		let left = Self::sub(stake.amount, earning)?;
		if who == class.lock_holder {
			ensure!(left >= class.locked, Error::<T>::BelowLock);
		}
		let staked_left = Self::add(left, warming.as_ref().map_or_else(Zero::zero, |w| w.amount))?;
		ensure!(staked_left >= SaleLocks::<T>::get(asset, &who), Error::<T>::LockedBySale);
		stake.amount = left;
		class.total_staked = Self::sub(class.total_staked, earning)?;
		Self::freeze(&class, &who, Self::staked(&stake, &warming)?)?;
		Self::store_stake(asset, &mut class, &who, stake, warming)?;
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::Unstaked { asset, who, amount });
		Ok(())
	}

	pub(crate) fn do_claim(who: T::AccountId, asset: DataAssetId) -> DispatchResult {
		let mut class = Classes::<T>::get(asset).ok_or(Error::<T>::NoShares)?;
		let mut stake = Stakes::<T>::get(asset, &who).ok_or(Error::<T>::NothingToClaim)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::activate_due(asset, &mut class, now)?;
		let warming = Self::load_settled(asset, &class, &who, &mut stake, now)?;
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
		Self::store_stake(asset, &mut class, &who, stake, warming)?;
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
		// Shares whose warm-up is over earn this revenue; those still warming up do not.
		Self::activate_due(asset, &mut class, frame_system::Pallet::<T>::block_number())?;
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
		let now = frame_system::Pallet::<T>::block_number();
		Self::activate_due(asset, &mut class, now)?;

		let mut old = Stakes::<T>::get(asset, &previous).ok_or(Error::<T>::InsufficientStake)?;
		let old_warming = Self::load_settled(asset, &class, &previous, &mut old, now)?;
		old.amount = Self::sub(old.amount, moved).map_err(|_| Error::<T>::InsufficientStake)?;
		Self::freeze(&class, &previous, Self::staked(&old, &old_warming)?)?;
		<T::Fungibles as fungibles::Mutate<_>>::transfer(
			class.share_asset,
			&previous,
			&who,
			moved,
			Preservation::Expendable,
		)?;
		Self::store_stake(asset, &mut class, &previous, old, old_warming)?;

		// The locked shares never stop earning: they move as earning shares.
		let mut new = Self::stake_or_new(asset, &class, &who)?;
		let new_warming = Self::load_settled(asset, &class, &who, &mut new, now)?;
		new.amount = Self::add(new.amount, moved)?;
		Self::freeze(&class, &who, Self::staked(&new, &new_warming)?)?;
		Self::store_stake(asset, &mut class, &who, new, new_warming)?;

		class.lock_holder = who.clone();
		Classes::<T>::insert(asset, class);
		Self::deposit_event(Event::LockTakenOver { asset, from: previous, to: who, amount: moved });
		Ok(())
	}

	pub(crate) fn do_set_warm_up(blocks: BlockNumberFor<T>) -> DispatchResult {
		Self::check_warm_up(blocks)?;
		let previous = WarmUpPeriod::<T>::get();
		ensure!(blocks != previous, Error::<T>::WarmUpUnchanged);
		let now = frame_system::Pallet::<T>::block_number();
		// Buckets of the period before the last change must all be due, or a third period's
		// buckets could wait beside them (see `MaxWarming`).
		if let Some(from) = NextWarmUpChange::<T>::get() {
			ensure!(now >= from, Error::<T>::WarmUpChangeTooSoon);
		}
		// Stakes made up to now under `previous` (this block's included) earn by then.
		let next_change = Self::earns_from_with(previous, now);
		WarmUpPeriod::<T>::put(blocks);
		NextWarmUpChange::<T>::put(next_change);
		Self::deposit_event(Event::WarmUpSet { blocks, previous, next_change });
		Ok(())
	}

	// ---- invariants -------------------------------------------------------------------------

	/// The dividend pool holds exactly what holders can claim plus the carry; stakes add up and
	/// are frozen; warming shares add up to their buckets, and every warmed-up share earns;
	/// locks and deposits hold.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::{fungible::InspectHold, fungibles::InspectFreeze};

		let now = frame_system::Pallet::<T>::block_number();
		ensure!(Self::check_warm_up(WarmUpPeriod::<T>::get()).is_ok(), "warm-up out of range");
		// The latest block a share can wait for: a stake under the current period made now, or
		// one under the period before the last change.
		let latest =
			Self::earns_from(now).max(NextWarmUpChange::<T>::get().unwrap_or_else(Zero::zero));
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
			let totals = WarmingTotals::<T>::get(asset);
			ensure!(
				totals.windows(2).all(|pair| pair[0].earns_from < pair[1].earns_from),
				"warming buckets out of order"
			);
			// Shares still warming up, and stakes of each activation not yet settled.
			let mut warming_by_block: BTreeMap<BlockNumberFor<T>, (BalanceOf<T>, u32)> =
				BTreeMap::new();
			let mut activated = BalanceOf::<T>::zero();
			let mut staked = BalanceOf::<T>::zero();
			// Claimable and carried fractions, times `ACC_SCALE`.
			let mut owed_scaled = class.carry;
			for (who, stake) in Stakes::<T>::iter_prefix(asset) {
				staked.saturating_accrue(stake.amount);
				let mut warming = Warming::<T>::get(asset, &who);
				if let Some(shares) = &warming {
					ensure!(!shares.amount.is_zero(), "an empty warming stake");
					ensure!(shares.earns_from <= latest, "shares warm up longer than the warm-up");
					if Activations::<T>::contains_key(asset, shares.earns_from) {
						activated.saturating_accrue(shares.amount);
					}
					let entry = warming_by_block.entry(shares.earns_from).or_default();
					entry.0.saturating_accrue(shares.amount);
					entry.1.saturating_inc();
				}
				let frozen = T::Freezer::balance_frozen(
					class.share_asset,
					&FreezeReason::Staked.into(),
					&who,
				);
				ensure!(Self::staked(&stake, &warming).ok() == Some(frozen), "stake not frozen");
				ensure!(
					frozen >= SaleLocks::<T>::get(asset, &who),
					"staked below what a sale locks"
				);
				let mut settled = stake.clone();
				Self::settle_holder(asset, &class, &mut settled, &mut warming, now)
					.map_err(|_| "settlement overflows")?;
				owed_scaled = Self::to_u128(settled.unclaimed)
					.checked_mul(ACC_SCALE)
					.and_then(|v| v.checked_add(settled.remainder))
					.and_then(|v| v.checked_add(owed_scaled))
					.ok_or("owed overflows")?;
				if who == class.lock_holder {
					ensure!(stake.amount >= class.locked, "lock holder below the lock");
				}
				deposits.entry(who).or_default().saturating_accrue(stake.deposit);
			}
			ensure!(
				staked.checked_add(&activated) == Some(class.total_staked),
				"earning stakes do not add up"
			);
			ensure!(
				Self::to_u128(owed).checked_mul(ACC_SCALE) == Some(owed_scaled),
				"the dividend pool differs from what is claimable plus the carry"
			);
			for bucket in totals.iter() {
				ensure!(
					!Activations::<T>::contains_key(asset, bucket.earns_from),
					"a bucket both warming and activated"
				);
				ensure!(
					warming_by_block.remove(&bucket.earns_from)
						== Some((bucket.amount, bucket.stakes)),
					"warming shares differ from their bucket"
				);
			}
			for (earns_from, activation) in Activations::<T>::iter_prefix(asset) {
				ensure!(earns_from <= now, "activated before its block");
				ensure!(
					warming_by_block.remove(&earns_from).map(|(_, stakes)| stakes)
						== Some(activation.stakes),
					"an activation's stakes differ"
				);
			}
			ensure!(warming_by_block.is_empty(), "warming shares outside any bucket");
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
			Warming::<T>::iter_keys().all(|(asset, who)| Stakes::<T>::contains_key(asset, who)),
			"warming shares without a stake record"
		);
		ensure!(
			WarmingTotals::<T>::iter_keys().all(Classes::<T>::contains_key),
			"warming bucket without a share class"
		);
		ensure!(
			Activations::<T>::iter_keys().all(|(asset, _)| Classes::<T>::contains_key(asset)),
			"activation without a share class"
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

impl<T: Config> bdes_primitives::ShareSale<T::AccountId, T::ShareAssetId, BalanceOf<T>>
	for Pallet<T>
{
	fn share_asset(asset: DataAssetId) -> Option<T::ShareAssetId> {
		Classes::<T>::get(asset).map(|class| class.share_asset)
	}

	fn issue(
		asset: DataAssetId,
		who: &T::AccountId,
		supply: BalanceOf<T>,
		name: Vec<u8>,
		symbol: Vec<u8>,
		decimals: u8,
	) -> DispatchResult {
		Self::do_issue(who.clone(), asset, supply, name, symbol, decimals)
	}

	fn stake_locked(
		asset: DataAssetId,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::do_stake(who.clone(), asset, amount)?;
		SaleLocks::<T>::try_mutate(asset, who, |locked| -> DispatchResult {
			*locked = Self::add(*locked, amount)?;
			Ok(())
		})
	}

	fn unlock(
		asset: DataAssetId,
		who: &T::AccountId,
		amount: BalanceOf<T>,
		unstake: bool,
	) -> DispatchResult {
		SaleLocks::<T>::try_mutate_exists(asset, who, |locked| {
			let left = Self::sub(locked.unwrap_or_default(), amount)?;
			*locked = (!left.is_zero()).then_some(left);
			Ok::<_, DispatchError>(())
		})?;
		if unstake && !amount.is_zero() {
			Self::do_unstake(who.clone(), asset, amount)?;
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
