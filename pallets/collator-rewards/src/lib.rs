//! # Collator rewards
//!
//! Pays the author of every block a fixed reward ([`Config::RewardPerBlock`]) out of a pot
//! account ([`Config::PotId`]) that genesis funds with the block-producer allocation. When the pot
//! runs dry the rewards stop: this pallet moves existing BDES and never mints.
//!
//! It plugs into `pallet_authorship` as an `EventHandler`, so it has no calls. The weight of each
//! payment is registered as mandatory block weight, as `pallet_collator_selection` does.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use weights::WeightInfo;

/// Balance type of the configured currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		dispatch::DispatchClass, pallet_prelude::*, traits::fungible::Mutate, PalletId,
	};
	use frame_system::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The native currency the rewards are paid in.
		type Currency: Mutate<Self::AccountId>;

		/// The reward paid for each authored block while the pot can cover it.
		#[pallet::constant]
		type RewardPerBlock: Get<BalanceOf<Self>>;

		/// Seed of the pot account the rewards are paid from.
		#[pallet::constant]
		type PotId: Get<PalletId>;

		/// Weights of this pallet's work.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Total paid to collators since genesis.
	#[pallet::storage]
	pub type TotalPaid<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The block's author was paid its reward from the pot.
		CollatorRewarded { author: T::AccountId, amount: BalanceOf<T> },
		/// The pot paid its last (possibly partial) reward and is now empty.
		PotExhausted { last_reward: BalanceOf<T> },
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::RewardPerBlock::get().is_zero(), "a zero reward pays nothing");
		}
	}

	impl<T: Config> pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
		fn note_author(author: T::AccountId) {
			Self::reward_author(&author);
			frame_system::Pallet::<T>::register_extra_weight_unchecked(
				T::WeightInfo::note_author(),
				DispatchClass::Mandatory,
			);
		}
	}
}
