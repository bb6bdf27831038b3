//! The reward payment.

use crate::{pallet::*, BalanceOf};
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	tokens::{Fortitude, Preservation},
	Get,
};
use sp_runtime::traits::{AccountIdConversion, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The pot account the rewards are paid from.
	pub fn pot_account() -> T::AccountId {
		T::PotId::get().into_account_truncating()
	}

	/// What the pot can still pay out.
	pub fn pot_balance() -> BalanceOf<T> {
		T::Currency::reducible_balance(
			&Self::pot_account(),
			Preservation::Expendable,
			Fortitude::Polite,
		)
	}

	/// Pays `author` the block reward, or whatever is left of the pot if that is less.
	///
	/// A failed transfer (e.g. a last remainder below the existential deposit for an author
	/// account that does not exist yet) is logged and leaves everything unchanged: block
	/// production must never fail because of a reward.
	pub(crate) fn reward_author(author: &T::AccountId) {
		let reward = T::RewardPerBlock::get();
		let available = Self::pot_balance();
		let amount = available.min(reward);
		if amount.is_zero() {
			return;
		}
		match T::Currency::transfer(&Self::pot_account(), author, amount, Preservation::Expendable)
		{
			Ok(paid) => {
				TotalPaid::<T>::mutate(|total| *total = total.saturating_add(paid));
				Self::deposit_event(Event::CollatorRewarded {
					author: author.clone(),
					amount: paid,
				});
				if paid < reward || Self::pot_balance().is_zero() {
					Self::deposit_event(Event::PotExhausted { last_reward: paid });
				}
			},
			Err(error) => {
				log::warn!(target: "runtime::collator-rewards", "reward not paid: {error:?}");
			},
		}
	}
}
