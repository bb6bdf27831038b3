//! The reserve pool in the runtime: the development preset's Council, producer and a standby
//! candidate paid from the treasury's account, the rest locked where treasury spends cannot
//! reach it and released back to them, and the settlement of 100 recipients within 5% of a
//! block.

use super::{free, preset_ext};
use crate::{
	configs::{
		reserve_pool::ReservePeriod, system::RuntimeBlockWeights, treasury::TreasuryAccount,
	},
	Balances, ReservePool, Runtime, RuntimeOrigin, System, Treasury, BDES,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Hooks},
};
use pallet_reserve_pool::{SplitShares, WeightInfo};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring;
use sp_runtime::Permill;

fn run_to(n: u32, author: &crate::AccountId) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		<ReservePool as pallet_authorship::EventHandler<_, _>>::note_author(author.clone());
		ReservePool::on_initialize(next);
	}
}

#[test]
fn a_hundred_recipients_settle_within_five_percent_of_a_block() {
	// 40 councillors, 20 producers and 40 candidates, charged as a settlement is: for every
	// candidate there can be.
	let settle = <Runtime as pallet_reserve_pool::Config>::WeightInfo::settle(40, 20, 100);
	let block = RuntimeBlockWeights::get().max_block;
	assert!(
		settle.ref_time() * 20 <= block.ref_time()
			&& settle.proof_size() * 20 <= block.proof_size(),
		"settling 100 recipients takes {settle:?} of a block of {block:?}"
	);
	// And the worst case the bounds allow fits in a block at all.
	let worst = <Runtime as pallet_reserve_pool::Config>::WeightInfo::settle(100, 200, 100);
	assert!(worst.all_lte(block), "{worst:?}");
}

#[test]
fn the_preset_council_and_producer_are_paid_and_the_rest_is_locked_from_spends() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let [alice, bob, charlie, dave] = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.map(|k| k.to_account_id());
		ReservePeriod::set(&10);
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(dave),
			TreasuryAccount::get().into(),
			1_000_000 * BDES
		));
		let shares = SplitShares {
			council: Permill::from_percent(30),
			collators: Permill::from_percent(10),
			candidates: Permill::from_percent(10),
		};
		assert_noop!(
			ReservePool::set_shares(RuntimeOrigin::signed(alice.clone()), shares),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(ReservePool::set_shares(RuntimeOrigin::root(), shares));
		// Eve stands by as a bonded candidate; Alice, a candidate too, is in the active set
		// and paid by her blocks instead.
		let eve = Sr25519Keyring::Eve.to_account_id();
		pallet_collator_selection::CandidateList::<Runtime>::put(
			frame_support::BoundedVec::truncate_from(
				[&alice, &eve]
					.map(|who| pallet_collator_selection::CandidateInfo {
						who: who.clone(),
						deposit: 0,
					})
					.to_vec(),
			),
		);
		assert!(crate::Session::validators().contains(&alice));
		let pot = Treasury::pot();
		let before = [&alice, &bob, &charlie, &eve].map(free);
		run_to(10, &alice);
		let statement = pallet_reserve_pool::Statements::<Runtime>::get(0).unwrap();
		assert_eq!(statement.pot, pot);
		assert_eq!(statement.council.recipients, 3);
		let each = Permill::from_percent(30).mul_floor(pot) / 3;
		let producer = Permill::from_percent(10).mul_floor(pot);
		let standby = Permill::from_percent(10).mul_floor(pot);
		assert_eq!(statement.candidates.recipients, 1);
		assert_eq!(free(&alice) - before[0], each + producer);
		assert_eq!(free(&bob) - before[1], each);
		assert_eq!(free(&charlie) - before[2], each);
		assert_eq!(free(&eve) - before[3], standby);
		assert_eq!(statement.locked, pot - 3 * each - producer - standby);
		// Held in the pool, where the treasury's spends do not reach.
		let reason =
			crate::RuntimeHoldReason::ReservePool(pallet_reserve_pool::HoldReason::LockedReserve);
		assert_eq!(Balances::balance_on_hold(&reason, &TreasuryAccount::get()), statement.locked);
		assert_eq!(Treasury::pot(), 0);
		// The next period earns nothing: a 26th of the tranche comes back for the treasury to
		// spend, and nobody is paid from it.
		let before = free(&bob);
		run_to(20, &alice);
		let next = pallet_reserve_pool::Statements::<Runtime>::get(1).unwrap();
		assert_eq!(next.pot, 0);
		assert_eq!(next.released, statement.locked / 26);
		assert_eq!(Treasury::pot(), next.released);
		assert_eq!(free(&bob), before);
		ReservePool::do_try_state().unwrap();
	});
}
