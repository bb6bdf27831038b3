use crate::{mock::*, Event, TotalPaid, WeightInfo};
use frame_support::{
	dispatch::DispatchClass,
	traits::{fungible::Inspect, Hooks},
};

/// Runs the authorship hook of block `n`, the way the executive does at block start.
fn author_block(n: u64, author: Option<u64>) {
	System::set_block_number(n);
	set_author(author);
	Authorship::on_initialize(n);
	Authorship::on_finalize(n);
}

fn pot() -> u64 {
	CollatorRewards::pot_account()
}

fn reward_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::CollatorRewards(e) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn author_is_paid_the_fixed_reward_from_the_pot() {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		assert_eq!(Balances::balance(&pot()), 10 * REWARD);
		assert_eq!(Balances::balance(&7), 0);

		author_block(2, Some(7));

		assert_eq!(Balances::balance(&7), REWARD);
		assert_eq!(Balances::balance(&pot()), 9 * REWARD);
		assert_eq!(Balances::total_issuance(), issuance, "rewards move BDES, never mint");
		assert_eq!(TotalPaid::<Test>::get(), REWARD);
		assert_eq!(reward_events(), vec![Event::CollatorRewarded { author: 7, amount: REWARD }]);
	});
}

#[test]
fn every_authored_block_pays_again() {
	new_test_ext().execute_with(|| {
		for n in 2..5 {
			author_block(n, Some(1));
		}
		assert_eq!(Balances::balance(&1), 1_000 + 3 * REWARD);
		assert_eq!(Balances::balance(&pot()), 7 * REWARD);
		assert_eq!(TotalPaid::<Test>::get(), 3 * REWARD);
	});
}

#[test]
fn no_author_pays_nothing() {
	new_test_ext().execute_with(|| {
		author_block(2, None);
		assert_eq!(Balances::balance(&pot()), 10 * REWARD);
		assert_eq!(TotalPaid::<Test>::get(), 0);
		assert!(reward_events().is_empty());
	});
}

#[test]
fn last_partial_reward_empties_the_pot_then_rewards_stop() {
	ext_with_pot(REWARD + REWARD / 2).execute_with(|| {
		let issuance = Balances::total_issuance();
		author_block(2, Some(1));
		assert_eq!(Balances::balance(&pot()), REWARD / 2);

		author_block(3, Some(1));
		assert_eq!(Balances::balance(&1), 1_000 + REWARD + REWARD / 2);
		assert_eq!(Balances::balance(&pot()), 0);
		assert_eq!(
			reward_events(),
			vec![
				Event::CollatorRewarded { author: 1, amount: REWARD },
				Event::CollatorRewarded { author: 1, amount: REWARD / 2 },
				Event::PotExhausted { last_reward: REWARD / 2 },
			]
		);

		System::reset_events();
		author_block(4, Some(1));
		assert_eq!(Balances::balance(&1), 1_000 + REWARD + REWARD / 2);
		assert!(reward_events().is_empty());
		assert_eq!(TotalPaid::<Test>::get(), REWARD + REWARD / 2);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn unfunded_pot_pays_nothing() {
	ext_with_pot(0).execute_with(|| {
		author_block(2, Some(1));
		assert_eq!(Balances::balance(&1), 1_000);
		assert!(reward_events().is_empty());
	});
}

#[test]
fn failed_payment_changes_nothing_and_block_goes_on() {
	new_test_ext().execute_with(|| {
		// A reward below the existential deposit cannot create the author's account.
		RewardPerBlock::set(&(ED - 1));
		author_block(2, Some(42));
		assert_eq!(Balances::balance(&42), 0);
		assert_eq!(Balances::balance(&pot()), 10 * REWARD);
		assert_eq!(TotalPaid::<Test>::get(), 0);
		assert!(reward_events().is_empty());

		// An existing author receives it.
		author_block(3, Some(1));
		assert_eq!(Balances::balance(&1), 1_000 + ED - 1);
	});
}

#[test]
fn pot_topped_up_by_anyone_keeps_paying() {
	ext_with_pot(0).execute_with(|| {
		assert_eq!(CollatorRewards::pot_balance(), 0);
		assert!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&1,
			&pot(),
			2 * REWARD,
			frame_support::traits::tokens::Preservation::Preserve
		)
		.is_ok());
		author_block(2, Some(1));
		assert_eq!(Balances::balance(&pot()), REWARD);
	});
}

#[test]
fn reward_weight_is_registered_as_mandatory() {
	new_test_ext().execute_with(|| {
		let before = *System::block_weight().get(DispatchClass::Mandatory);
		set_author(Some(1));
		Authorship::on_initialize(2);
		let after = *System::block_weight().get(DispatchClass::Mandatory);
		assert_eq!(after, before + <() as WeightInfo>::note_author());
	});
}
