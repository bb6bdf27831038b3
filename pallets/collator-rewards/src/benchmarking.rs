//! Benchmarks for `pallet_collator_rewards`.

use super::*;
use crate::Pallet as CollatorRewards;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use sp_runtime::traits::Saturating;

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case: the author's account does not exist yet and the pot pays a full reward.
	#[benchmark]
	fn note_author() {
		let reward = T::RewardPerBlock::get();
		let pot = CollatorRewards::<T>::pot_account();
		let funding = reward
			.saturating_mul(10u32.into())
			.saturating_add(T::Currency::minimum_balance());
		T::Currency::set_balance(&pot, funding);
		let author: T::AccountId = account("author", 0, 0);

		#[block]
		{
			CollatorRewards::<T>::reward_author(&author);
		}

		assert_eq!(T::Currency::balance(&author), reward);
		assert_eq!(TotalPaid::<T>::get(), reward);
	}

	impl_benchmark_test_suite!(CollatorRewards, crate::mock::new_test_ext(), crate::mock::Test);
}
