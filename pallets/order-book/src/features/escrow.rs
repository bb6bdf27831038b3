//! Escrow of resting sell orders: one account per market, and units kept for owners that could
//! not take them back when their order left the book.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		fungibles::Mutate as AssetsMutate,
		tokens::{Precision, Preservation},
	},
};
use sp_runtime::traits::{AccountIdConversion, Zero};

impl<T: Config> Pallet<T> {
	/// The escrow account of a market: a sub-account of the pallet id, one per market.
	///
	/// One account for every market would take one consumer reference per non-sufficient
	/// asset resting in it (share tokens are non-sufficient), and with `MaxConsumers` of them
	/// every further market's asks would fail. A market's escrow holds only its own asset.
	/// (Sub-account 0 encodes as the pallet account itself, which has no other use.)
	pub fn escrow(market: MarketId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(market)
	}

	/// Opens a new market's escrow account so that it can hold a non-sufficient asset (an
	/// account needs a provider before it takes consumer references).
	///
	/// It gets a provider reference rather than an existential deposit: markets are created by
	/// an origin without an account to pay one, a deposit would have to come from a pallet pot
	/// that runs dry, and BDES would sit idle in a thousand accounts. The reference is never
	/// dropped, as markets are never removed; the account holds no BDES, so it can never be
	/// reaped or dusted.
	pub(crate) fn open_escrow(market: MarketId) {
		frame_system::Pallet::<T>::inc_providers(&Self::escrow(market));
	}

	/// Keeps `amount` units a closed sell order could not return in its market's escrow, for
	/// `who` to claim, and returns the part of `deposit` to release now. The first kept amount
	/// of an account in a market keeps its order's deposit held: it pays for the record.
	pub(crate) fn keep_unreturned(
		who: &T::AccountId,
		market: MarketId,
		amount: BalanceOf<T>,
		deposit: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let release = Unreturned::<T>::try_mutate(who, market, |kept| {
			let release = match kept {
				Some(kept) => {
					kept.amount = Self::add(kept.amount, amount)?;
					deposit
				},
				None => {
					*kept = Some(UnreturnedUnits { amount, deposit });
					Zero::zero()
				},
			};
			Ok::<_, Error<T>>(release)
		})?;
		Self::deposit_event(Event::UnitsKept { who: who.clone(), market, amount });
		Ok(release)
	}

	/// Sends `who` the units kept for it in `market` and releases the record's deposit.
	pub(crate) fn do_claim_units(who: T::AccountId, market: MarketId) -> DispatchResult {
		let kept = Unreturned::<T>::take(&who, market).ok_or(Error::<T>::NothingToClaim)?;
		let base = Markets::<T>::get(market).ok_or(Error::<T>::UnknownMarket)?.base;
		T::Assets::transfer(
			base,
			&Self::escrow(market),
			&who,
			kept.amount,
			Preservation::Expendable,
		)?;
		if !kept.deposit.is_zero() {
			T::Currency::release(
				&HoldReason::OrderDeposit.into(),
				&who,
				kept.deposit,
				Precision::Exact,
			)?;
		}
		Self::deposit_event(Event::UnitsClaimed { who, market, amount: kept.amount });
		Ok(())
	}
}
