//! Tests of the compute pallet.

use crate::{mock::*, *};
use bdes_primitives::DataAssetInspect;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks, LockableCurrency, WithdrawReasons,
	},
	BoundedVec,
};
use sp_core::H256;
use sp_runtime::{DispatchError, Permill, TokenError};

const ASSET: DataAssetId = 7;
const LICENCE: u32 = 1;
const PRICE: Balance = 2_000;
/// 1,000,000 fuel at 2,000 a million: 2,000 a run.
const FUEL: Fuel = 1_000_000;

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}
fn bond(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Bond.into(), &who)
}
fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Deposit.into(), &who)
}
fn check() {
	assert_ok!(Compute::do_try_state());
}
fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Compute::on_initialize(next);
	}
}
/// The queue of `load`, head first, walked through its links.
fn queue(load: u32) -> Vec<ProviderIndex> {
	let mut out = Vec::new();
	let mut cursor = QueueEnds::<Test>::get(load).map(|(head, _)| head);
	while let Some(index) = cursor {
		out.push(index);
		cursor = info(index).next;
	}
	out
}

fn provider(i: u32) -> AccountId {
	P0 + i as u128
}
fn info(i: u32) -> ProviderOf<Test> {
	Providers::<Test>::get(i).unwrap()
}
fn cid(text: &[u8]) -> CidOf<Test> {
	BoundedVec::truncate_from(text.to_vec())
}

fn register_model(fee: ModelFee<Balance>) -> ModelId {
	let id = NextModelId::<Test>::get();
	assert_ok!(Compute::register_model(
		RuntimeOrigin::signed(MODEL_OWNER),
		cid(b"bafy-model"),
		H256::repeat_byte(1),
		1,
		BoundedVec::truncate_from(b"{\"window\":\"u32\"}".to_vec()),
		BoundedVec::truncate_from(b"application/parquet".to_vec()),
		fee,
		1_000,
	));
	id
}

/// `n` providers of capacity `capacity` at `PRICE`, bonded at the least.
fn register_providers(n: u32, capacity: u32) {
	for i in 0..n {
		assert_ok!(Compute::register_provider(
			RuntimeOrigin::signed(provider(i)),
			capacity,
			PRICE,
			BOND_PER_CAPACITY * capacity as u64
		));
	}
}

fn inputs() -> InputsOf<Test> {
	BoundedVec::truncate_from(vec![Input { asset: ASSET, licence: LICENCE }])
}

fn setup() {
	add_asset(ASSET, MODEL_OWNER, 1_000);
	add_licence(LICENCE, BUYER, ASSET, 100);
}

fn post(model: ModelId, k: u8) -> sp_runtime::DispatchResult {
	Compute::post_task(
		RuntimeOrigin::signed(BUYER),
		model,
		inputs(),
		BoundedVec::truncate_from(b"{\"window\":7}".to_vec()),
		FUEL,
		PRICE,
		k,
		System::block_number() + 20,
	)
}

fn slots(task: TaskId) -> Vec<ProviderIndex> {
	Tasks::<Test>::get(task).unwrap().slots.iter().map(|s| s.provider).collect()
}

fn reveal(digest: u8, fuel: Fuel) -> RevealOf<Test> {
	Reveal { cid: cid(b"bafy-result"), digest: H256::repeat_byte(digest), size: 4_096, fuel }
}

/// Every assigned provider of `task` accepts, commits and reveals its entry of `digests`.
fn run_task(task: TaskId, digests: &[(u8, Fuel)]) {
	let assigned = slots(task);
	for (index, (digest, fuel)) in assigned.iter().zip(digests) {
		let who = info(*index).account;
		assert_ok!(Compute::accept(RuntimeOrigin::signed(who), task));
		let salt = H256::repeat_byte(*index as u8);
		let commitment = Compute::commitment(&reveal(*digest, *fuel), &salt, &who);
		assert_ok!(Compute::commit_result(RuntimeOrigin::signed(who), task, commitment));
	}
	for (index, (digest, fuel)) in assigned.iter().zip(digests) {
		let who = info(*index).account;
		let salt = H256::repeat_byte(*index as u8);
		assert_ok!(Compute::reveal_result(
			RuntimeOrigin::signed(who),
			task,
			reveal(*digest, *fuel),
			salt
		));
	}
}

#[test]
fn models_are_registered_approved_and_retired() {
	new_test_ext().execute_with(|| {
		let before = free(MODEL_OWNER);
		let id = register_model(ModelFee::Share(Permill::from_percent(10)));
		assert_eq!(free(MODEL_OWNER), before - MODEL_DEPOSIT);
		assert_eq!(held(MODEL_OWNER), MODEL_DEPOSIT);
		System::assert_last_event(
			Event::ModelRegistered {
				model: id,
				owner: MODEL_OWNER,
				code_hash: H256::repeat_byte(1),
			}
			.into(),
		);
		assert_noop!(
			Compute::approve_model(RuntimeOrigin::signed(MODEL_OWNER), id),
			DispatchError::BadOrigin
		);
		assert_ok!(Compute::approve_model(RuntimeOrigin::root(), id));
		assert_eq!(Models::<Test>::get(id).unwrap().status, ModelStatus::Approved);
		assert_noop!(
			Compute::approve_model(RuntimeOrigin::root(), id),
			Error::<Test>::WrongModelStatus
		);
		assert_noop!(Compute::approve_model(RuntimeOrigin::root(), 9), Error::<Test>::UnknownModel);
		assert_noop!(
			Compute::retire_model(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::NotModelOwner
		);
		assert_ok!(Compute::retire_model(RuntimeOrigin::signed(MODEL_OWNER), id));
		assert_eq!((free(MODEL_OWNER), held(MODEL_OWNER)), (before, 0));
		assert_noop!(
			Compute::retire_model(RuntimeOrigin::root(), id),
			Error::<Test>::WrongModelStatus
		);
		// A retired model runs no new task.
		setup();
		register_providers(1, 1);
		assert_noop!(post(id, 1), Error::<Test>::WrongModelStatus);
		// The Council may retire any.
		let other = register_model(ModelFee::Fixed(5));
		assert_ok!(Compute::retire_model(RuntimeOrigin::root(), other));
		check();
	});
}

#[test]
fn a_model_refuses_bad_interfaces() {
	new_test_ext().execute_with(|| {
		let go = |code: &[u8], inputs: u8| {
			Compute::register_model(
				RuntimeOrigin::signed(MODEL_OWNER),
				cid(code),
				H256::zero(),
				inputs,
				Default::default(),
				Default::default(),
				ModelFee::Fixed(0),
				1,
			)
		};
		assert_noop!(go(b"cid", 0), Error::<Test>::BadModel);
		assert_noop!(go(b"cid", 5), Error::<Test>::BadModel);
		assert_noop!(go(b"", 1), Error::<Test>::BadModel);
		assert_ok!(go(b"cid", 4));
	});
}

#[test]
fn providers_register_with_a_bond_from_spendable_funds() {
	new_test_ext().execute_with(|| {
		let who = provider(0);
		let go = |who: AccountId, capacity: u32, price: Balance, bond: Balance| {
			Compute::register_provider(RuntimeOrigin::signed(who), capacity, price, bond)
		};
		assert_noop!(go(who, 0, PRICE, 10_000), Error::<Test>::BadCapacity);
		assert_noop!(go(who, 9, PRICE, 10_000), Error::<Test>::BadCapacity);
		assert_noop!(go(who, 2, 0, 10_000), Error::<Test>::BadCapacity);
		assert_noop!(go(who, 2, PRICE, 1_999), Error::<Test>::BondTooLow);
		// A vesting lock (a freeze) keeps its funds out of the bond.
		Balances::set_lock(*b"vesting ", &who, INITIAL - 1_500, WithdrawReasons::all());
		assert_noop!(go(who, 2, PRICE, 2_000), TokenError::FundsUnavailable);
		Balances::remove_lock(*b"vesting ", &who);
		assert_ok!(go(who, 2, PRICE, 2_500));
		assert_eq!((bond(who), free(who)), (2_500, INITIAL - 2_500));
		assert_noop!(go(who, 2, PRICE, 2_500), Error::<Test>::AlreadyProvider);
		System::assert_last_event(
			Event::ProviderRegistered {
				provider: 0,
				account: who,
				capacity: 2,
				price: PRICE,
				bond: 2_500,
			}
			.into(),
		);
		assert_eq!(queue(0), vec![0]);
		assert_eq!((Loads::<Test>::get(), RegisteredCapacity::<Test>::get()), (1, 2));
		check();
	});
}

#[test]
fn a_heartbeat_is_free_when_due_and_brings_a_stale_provider_back() {
	new_test_ext().execute_with(|| {
		assert_noop!(Compute::heartbeat(RuntimeOrigin::signed(BUYER)), Error::<Test>::NotProvider);
		register_providers(1, 1);
		let who = provider(0);
		// Too soon: it pays.
		run_to(3);
		let info_ = Compute::heartbeat(RuntimeOrigin::signed(who)).unwrap();
		assert_eq!(info_.pays_fee, Pays::Yes);
		run_to(3 + HEARTBEAT / 2);
		assert_eq!(Compute::heartbeat(RuntimeOrigin::signed(who)).unwrap().pays_fee, Pays::No);
		// Stale: assignment meets it and takes it out of the queue; it is not assigned.
		setup();
		let model = register_model(ModelFee::Fixed(0));
		run_to(3 + HEARTBEAT / 2 + HEARTBEAT + 1);
		assert_noop!(post(model, 1), Error::<Test>::NoProviders);
		assert!(Compute::pick(1, PRICE, &[], false).providers.is_empty());
		assert!(!info(0).queued);
		assert!(queue(0).is_empty() && QueueEnds::<Test>::get(0).is_none());
		check();
		// Back with a heartbeat, free.
		assert_eq!(Compute::heartbeat(RuntimeOrigin::signed(who)).unwrap().pays_fee, Pays::No);
		assert!(info(0).queued);
		assert_ok!(post(model, 1));
		check();
	});
}

#[test]
fn assignment_takes_the_least_loaded_fresh_providers_in_queue_order() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(0));
		register_providers(4, 2);
		assert_ok!(post(model, 3));
		assert_eq!(slots(0), vec![0, 1, 2]);
		// Provider 3 has no task: it goes first, then the loaded ones in the order they got
		// their load.
		assert_ok!(post(model, 2));
		assert_eq!(slots(1), vec![3, 0]);
		assert_eq!((info(0).load, info(1).load, info(2).load, info(3).load), (2, 1, 1, 1));
		// Provider 0 is full: out of every queue.
		assert!(!info(0).queued);
		assert_ok!(post(model, 3));
		assert_eq!(slots(2), vec![1, 2, 3]);
		// Everyone full but none: too few providers.
		assert_noop!(post(model, 1), Error::<Test>::NoProviders);
		check();
	});
}

#[test]
fn providers_change_their_terms_and_queues_stay_linked() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(0));
		register_providers(4, 2);
		let update = |i: u32, capacity, price, add| {
			Compute::update_provider(RuntimeOrigin::signed(provider(i)), capacity, price, add)
		};
		assert_noop!(
			Compute::update_provider(RuntimeOrigin::signed(BUYER), 1, PRICE, 0),
			Error::<Test>::NotProvider
		);
		assert_noop!(update(0, 0, PRICE, 0), Error::<Test>::BadCapacity);
		assert_noop!(update(0, 9, PRICE, 10_000), Error::<Test>::BadCapacity);
		assert_noop!(update(0, 1, 0, 0), Error::<Test>::BadCapacity);
		assert_noop!(update(0, 3, PRICE, 999), Error::<Test>::BondTooLow);
		assert_noop!(update(0, 1, PRICE, INITIAL), TokenError::FundsUnavailable);

		assert_ok!(post(model, 1));
		assert_eq!((queue(0), queue(1)), (vec![1, 2, 3], vec![0]));
		// Out of the middle of a queue: its neighbours are linked to each other.
		assert_ok!(Compute::deregister_provider(RuntimeOrigin::signed(provider(2))));
		assert_eq!(queue(0), vec![1, 3]);
		assert_eq!((info(1).next, info(3).prev), (Some(3), Some(1)));
		assert_noop!(update(2, 1, PRICE, 0), Error::<Test>::NotProvider);
		check();

		// Down to the one task it runs: out of its queue; the open task keeps its price.
		assert_ok!(update(0, 1, 2 * PRICE, 0));
		assert!(queue(1).is_empty() && Loads::<Test>::get() & 0b10 == 0);
		assert_eq!(RegisteredCapacity::<Test>::get(), 2 + 2 + 1);
		assert_eq!(Tasks::<Test>::get(0).unwrap().slots[0].price, PRICE);
		System::assert_last_event(
			Event::ProviderUpdated { provider: 0, capacity: 1, price: 2 * PRICE, bond: 2_000 }
				.into(),
		);
		check();
		// Up again with more bond, held from its spendable balance: back at its queue's tail.
		let before = free(provider(0));
		assert_ok!(update(0, 3, 2 * PRICE, 1_000));
		assert_eq!((bond(provider(0)), before - free(provider(0))), (3_000, 1_000));
		assert_eq!((queue(1), info(0).capacity), (vec![0], 3));
		assert_eq!(RegisteredCapacity::<Test>::get(), 2 + 2 + 3);
		check();
	});
}

#[test]
fn assignment_skips_providers_above_the_price() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(0));
		assert_ok!(Compute::register_provider(
			RuntimeOrigin::signed(provider(0)),
			1,
			PRICE * 2,
			1_000
		));
		assert_ok!(Compute::register_provider(RuntimeOrigin::signed(provider(1)), 1, PRICE, 1_000));
		assert_ok!(post(model, 1));
		assert_eq!(slots(0), vec![1]);
		assert_noop!(post(model, 1), Error::<Test>::NoProviders);
	});
}

#[test]
fn posting_checks_every_input_and_escrows_the_most_it_can_cost() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Share(Permill::from_percent(10)));
		register_providers(3, 1);
		let now = System::block_number();
		let go = |inputs: InputsOf<Test>, fuel: Fuel, price: Balance, k: u8, deadline: u64| {
			Compute::post_task(
				RuntimeOrigin::signed(BUYER),
				model,
				inputs,
				Default::default(),
				fuel,
				price,
				k,
				deadline,
			)
		};
		let d = now + 20;
		assert_noop!(
			Compute::post_task(
				RuntimeOrigin::signed(BUYER),
				9,
				inputs(),
				Default::default(),
				FUEL,
				PRICE,
				1,
				d
			),
			Error::<Test>::UnknownModel
		);
		assert_noop!(go(Default::default(), FUEL, PRICE, 1, d), Error::<Test>::WrongInputs);
		assert_noop!(go(inputs(), FUEL, PRICE, 0, d), Error::<Test>::BadRedundancy);
		assert_noop!(go(inputs(), FUEL, PRICE, 6, d), Error::<Test>::BadRedundancy);
		assert_noop!(go(inputs(), 0, PRICE, 1, d), Error::<Test>::ZeroAmount);
		assert_noop!(go(inputs(), FUEL, 0, 1, d), Error::<Test>::ZeroAmount);
		assert_noop!(
			go(inputs(), FUEL, PRICE, 1, now + ACCEPT_TIMEOUT),
			Error::<Test>::BadDeadline
		);
		assert_noop!(go(inputs(), FUEL, PRICE, 1, now + 1_001), Error::<Test>::BadDeadline);
		let unknown = BoundedVec::truncate_from(vec![Input { asset: 8, licence: LICENCE }]);
		assert_noop!(go(unknown, FUEL, PRICE, 1, d), Error::<Test>::UnknownInput);
		add_asset(8, MODEL_OWNER, 10);
		let unlicensed = BoundedVec::truncate_from(vec![Input { asset: 8, licence: LICENCE }]);
		assert_noop!(go(unlicensed, FUEL, PRICE, 1, d), DispatchError::Other("licence not valid"));
		assert_noop!(go(inputs(), FUEL, PRICE, 4, d), Error::<Test>::NoProviders);
		assert_eq!(calls_left(LICENCE), 100);

		let before = free(BUYER);
		assert_ok!(go(inputs(), FUEL, PRICE, 3, d));
		// 3 runs × 2,000, 10% model fee, 2% protocol fee: 6,720, and the escrow's ED.
		let task = Tasks::<Test>::get(0).unwrap();
		assert_eq!((task.escrowed, task.buffer), (6_720, ED));
		assert_eq!(Balances::balance(&Compute::escrow(0)), 6_730);
		assert_eq!(free(BUYER), before - 6_730 - TASK_DEPOSIT);
		assert_eq!(held(BUYER), TASK_DEPOSIT);
		assert_eq!(calls_left(LICENCE), 99);
		System::assert_last_event(
			Event::TaskPosted {
				task: 0,
				buyer: BUYER,
				model,
				providers: vec![0, 1, 2],
				escrowed: 6_720,
			}
			.into(),
		);
		// Assigned providers may read the input for this task, and nobody else.
		assert!(Compute::may_read(&provider(0), ASSET, 0));
		assert!(!Compute::may_read(&provider(0), 8, 0));
		assert!(!Compute::may_read(&provider(0), ASSET, 1));
		assert!(!Compute::may_read(&BUYER, ASSET, 0));
		check();
	});
}

#[test]
fn a_provider_that_does_not_accept_in_time_is_replaced_and_penalised() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(0));
		register_providers(3, 1);
		assert_ok!(post(model, 2));
		assert_eq!(slots(0), vec![0, 1]);
		assert_ok!(Compute::accept(RuntimeOrigin::signed(provider(1)), 0));
		assert_noop!(
			Compute::accept(RuntimeOrigin::signed(provider(1)), 0),
			Error::<Test>::AlreadyDone
		);
		assert_noop!(
			Compute::accept(RuntimeOrigin::signed(provider(2)), 0),
			Error::<Test>::NotAssigned
		);
		assert_noop!(Compute::replace(RuntimeOrigin::signed(BUYER), 0, 0), Error::<Test>::TooEarly);
		assert_noop!(
			Compute::replace(RuntimeOrigin::signed(BUYER), 0, 1),
			Error::<Test>::AlreadyDone
		);
		run_to(1 + ACCEPT_TIMEOUT);
		assert_noop!(
			Compute::accept(RuntimeOrigin::signed(provider(0)), 0),
			Error::<Test>::TooLate
		);
		let pool = free(ReservePool::get());
		assert_ok!(Compute::replace(RuntimeOrigin::signed(BUYER), 0, 0));
		// 1% of 1,000 to the reserve pool; provider 2 takes the place.
		assert_eq!((bond(provider(0)), free(ReservePool::get())), (990, pool + 10));
		assert_eq!(slots(0), vec![2, 1]);
		assert_eq!((info(0).load, info(2).load), (0, 1));
		System::assert_last_event(
			Event::Replaced { task: 0, old: 0, new: Some(2), slashed: 10 }.into(),
		);
		check();
		// The 1% left provider 0's bond short of one unit of capacity: it takes no task until
		// it tops its bond up.
		assert_eq!((info(0).capacity, info(0).queued), (0, false));
		System::assert_has_event(Event::CapacityCut { provider: 0, capacity: 0 }.into());
		assert_ok!(Compute::update_provider(RuntimeOrigin::signed(provider(0)), 1, PRICE, 10));
		assert_eq!((info(0).capacity, info(0).bond, info(0).queued), (1, 1_000, true));
		// Nobody left to take provider 2's place: the slot goes.
		run_to(1 + 2 * ACCEPT_TIMEOUT);
		// Provider 0 is fresh and free again, but was in the task: a different one is needed.
		assert_ok!(Compute::replace(RuntimeOrigin::signed(BUYER), 0, 0));
		assert_eq!(slots(0), vec![0, 1]);
		run_to(1 + 3 * ACCEPT_TIMEOUT);
		assert_ok!(Compute::replace(RuntimeOrigin::signed(BUYER), 0, 0));
		check();
	});
}

#[test]
fn commitments_and_reveals_follow_their_rules() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(0));
		register_providers(2, 1);
		assert_ok!(post(model, 2));
		let (a, b) = (provider(0), provider(1));
		let salt = H256::repeat_byte(9);
		let ca = Compute::commitment(&reveal(1, FUEL), &salt, &a);
		assert_noop!(
			Compute::commit_result(RuntimeOrigin::signed(a), 0, ca),
			Error::<Test>::WrongStatus
		);
		assert_ok!(Compute::accept(RuntimeOrigin::signed(a), 0));
		assert_ok!(Compute::accept(RuntimeOrigin::signed(b), 0));
		assert_ok!(Compute::commit_result(RuntimeOrigin::signed(a), 0, ca));
		assert_noop!(
			Compute::commit_result(RuntimeOrigin::signed(a), 0, ca),
			Error::<Test>::AlreadyDone
		);
		// Not before everyone committed (or the deadline).
		assert_noop!(
			Compute::reveal_result(RuntimeOrigin::signed(a), 0, reveal(1, FUEL), salt),
			Error::<Test>::TooEarly
		);
		// B cannot reuse A's commitment: it binds A's account.
		assert_ok!(Compute::commit_result(RuntimeOrigin::signed(b), 0, ca));
		assert_noop!(
			Compute::reveal_result(RuntimeOrigin::signed(b), 0, reveal(1, FUEL), salt),
			Error::<Test>::BadReveal
		);
		assert_noop!(
			Compute::reveal_result(RuntimeOrigin::signed(a), 0, reveal(2, FUEL), salt),
			Error::<Test>::BadReveal
		);
		// More fuel than the task allows is refused even when committed to.
		let greedy = Compute::commitment(&reveal(1, FUEL + 1), &salt, &a);
		assert_ne!(greedy, ca);
		assert_ok!(Compute::reveal_result(RuntimeOrigin::signed(a), 0, reveal(1, FUEL), salt));
		assert_noop!(
			Compute::reveal_result(RuntimeOrigin::signed(a), 0, reveal(1, FUEL), salt),
			Error::<Test>::AlreadyDone
		);
		assert_noop!(Compute::finalize(RuntimeOrigin::signed(BUYER), 0), Error::<Test>::TooEarly);
		run_to(21 + REVEAL_PERIOD);
		assert_noop!(
			Compute::reveal_result(RuntimeOrigin::signed(b), 0, reveal(1, FUEL), salt),
			Error::<Test>::TooLate
		);
		check();
	});
}

#[test]
fn a_quorum_succeeds_mints_the_result_splits_the_escrow_and_slashes_the_wrong_run() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Share(Permill::from_percent(10)));
		assert_ok!(Compute::approve_model(RuntimeOrigin::root(), model));
		register_providers(3, 1);
		assert_ok!(post(model, 3));
		let buyer = free(BUYER);
		let owner = free(MODEL_OWNER);
		let pool = free(ReservePool::get());
		let p = |i| free(provider(i));
		let (p0, p1, p2) = (p(0), p(1), p(2));
		// Two agree (one reports less fuel: the least is paid), the third is wrong.
		run_task(0, &[(1, 800_000), (1, 900_000), (2, 1_000_000)]);
		assert_ok!(Compute::finalize(RuntimeOrigin::signed(BUYER), 0));
		// 800,000 fuel at 2,000 a million: 1,600 each; model 10% of 3,200; protocol 2%.
		assert_eq!((p(0) - p0, p(1) - p1), (1_600, 1_600));
		assert_eq!(free(MODEL_OWNER) - owner, 320);
		// Wrong: 20% of 1,000, half to the buyer, half to the pool.
		assert_eq!((p(2), bond(provider(2))), (p2, 800));
		// 800 no longer covers its one unit of capacity.
		System::assert_has_event(Event::CapacityCut { provider: 2, capacity: 0 }.into());
		assert_eq!(free(ReservePool::get()) - pool, 64 + 100);
		// 6,720 escrowed: 3,200 + 320 + 64 paid, 3,136 and the ED back, and 100 of the slash.
		assert_eq!(free(BUYER) - buyer, 3_136 + ED + 100);
		assert!(!frame_system::Account::<Test>::contains_key(Compute::escrow(0)));
		System::assert_has_event(
			Event::Succeeded {
				task: 0,
				digest: H256::repeat_byte(1),
				compute: 3_200,
				model_fee: 320,
				protocol_fee: 64,
				refund: 3_136,
			}
			.into(),
		);
		// The result is a listed data asset of the buyer's, with its provenance.
		let result = Results::<Test>::get(0).unwrap();
		let asset = result.asset.unwrap();
		assert_eq!(MockDataAssets::owner(asset), Some(BUYER));
		assert!(MockDataAssets::is_listed(asset));
		assert_eq!(ResultOfAsset::<Test>::get(asset), Some(0));
		assert_eq!(result.providers.into_inner(), vec![provider(0), provider(1)]);
		assert_eq!(
			(result.model, result.digest, result.size),
			(model, H256::repeat_byte(1), 4_096)
		);
		// The task's deposit stays held for the result record; loads are back to zero.
		assert_eq!(held(BUYER), TASK_DEPOSIT);
		assert!(Tasks::<Test>::get(0).is_none());
		assert_eq!((info(0).load, info(1).load, info(2).load), (0, 0, 0));
		assert!(!Compute::may_read(&provider(0), ASSET, 0));
		check();
	});
}

#[test]
fn without_a_quorum_the_council_decides() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(100));
		register_providers(4, 1);
		assert_ok!(post(model, 2));
		run_task(0, &[(1, FUEL), (2, FUEL)]);
		assert_ok!(Compute::finalize(RuntimeOrigin::signed(BUYER), 0));
		System::assert_last_event(Event::Disputed { task: 0 }.into());
		assert_noop!(
			Compute::finalize(RuntimeOrigin::signed(BUYER), 0),
			Error::<Test>::WrongStatus
		);
		assert_noop!(
			Compute::resolve_dispute(RuntimeOrigin::root(), 0, Some(H256::repeat_byte(3))),
			Error::<Test>::UnknownDigest
		);
		assert_noop!(
			Compute::resolve_dispute(RuntimeOrigin::signed(BUYER), 0, None),
			DispatchError::BadOrigin
		);
		let p1 = free(provider(1));
		assert_ok!(Compute::resolve_dispute(RuntimeOrigin::root(), 0, Some(H256::repeat_byte(2))));
		assert_eq!(free(provider(1)) - p1, 2_000);
		assert_eq!(bond(provider(0)), 800);
		// Not an approved template: the result waits for the Council's listing.
		let asset = Results::<Test>::get(0).unwrap().asset.unwrap();
		assert!(!MockDataAssets::is_listed(asset));
		check();

		// Neither is right: the buyer gets everything back and both are slashed.
		assert_ok!(post(model, 2));
		run_task(1, &[(1, FUEL), (2, FUEL)]);
		assert_ok!(Compute::finalize(RuntimeOrigin::signed(BUYER), 1));
		let buyer = free(BUYER);
		let escrowed = Tasks::<Test>::get(1).unwrap().escrowed;
		let bonds: Vec<Balance> = slots(1).iter().map(|i| bond(provider(*i))).collect();
		assert_ok!(Compute::resolve_dispute(RuntimeOrigin::root(), 1, None));
		let slashed: Balance = bonds.iter().map(|b| b / 5 / 2).sum();
		assert_eq!(free(BUYER) - buyer, escrowed + ED + TASK_DEPOSIT + slashed);
		System::assert_has_event(Event::Failed { task: 1, refund: escrowed }.into());
		check();
	});
}

#[test]
fn a_task_nobody_completes_refunds_the_buyer_and_slashes_the_silent() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(100));
		register_providers(2, 1);
		assert_ok!(post(model, 2));
		assert_ok!(Compute::accept(RuntimeOrigin::signed(provider(0)), 0));
		let buyer = free(BUYER);
		run_to(21 + REVEAL_PERIOD);
		assert_ok!(Compute::finalize(RuntimeOrigin::signed(MODEL_OWNER), 0));
		// Accepted and silent: 5% (25 each way); never accepted: 1% (all to the buyer's half: 5).
		assert_eq!((bond(provider(0)), bond(provider(1))), (950, 990));
		assert_eq!(free(BUYER) - buyer, 4_000 + 100 + 80 + ED + TASK_DEPOSIT + 25 + 5);
		assert_eq!(held(BUYER), 0);
		assert_eq!((info(0).load, info(1).load), (0, 0));
		check();
	});
}

#[test]
fn a_result_that_cannot_be_minted_yet_is_minted_later() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(0));
		register_providers(1, 1);
		assert_ok!(post(model, 1));
		run_task(0, &[(1, FUEL)]);
		set_mint_fails(true);
		assert_ok!(Compute::finalize(RuntimeOrigin::signed(BUYER), 0));
		assert_eq!(Results::<Test>::get(0).unwrap().asset, None);
		assert_noop!(
			Compute::mint_result(RuntimeOrigin::signed(BUYER), 0),
			DispatchError::Other("no deposit")
		);
		set_mint_fails(false);
		assert_ok!(Compute::mint_result(RuntimeOrigin::signed(BUYER), 0));
		let asset = Results::<Test>::get(0).unwrap().asset.unwrap();
		assert_eq!(ResultOfAsset::<Test>::get(asset), Some(0));
		assert_noop!(
			Compute::mint_result(RuntimeOrigin::signed(BUYER), 0),
			Error::<Test>::NoResultToMint
		);
		assert_noop!(
			Compute::mint_result(RuntimeOrigin::signed(BUYER), 5),
			Error::<Test>::NoResultToMint
		);
		check();
	});
}

#[test]
fn deregistering_waits_for_open_tasks() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Fixed(0));
		register_providers(2, 1);
		assert_ok!(post(model, 1));
		assert_ok!(Compute::deregister_provider(RuntimeOrigin::signed(provider(0))));
		assert_noop!(
			Compute::deregister_provider(RuntimeOrigin::signed(provider(0))),
			Error::<Test>::Leaving
		);
		assert_noop!(
			Compute::heartbeat(RuntimeOrigin::signed(provider(0))),
			Error::<Test>::Leaving
		);
		assert_eq!(bond(provider(0)), 1_000);
		assert_eq!(RegisteredCapacity::<Test>::get(), 1);
		run_task(0, &[(1, FUEL)]);
		assert_ok!(Compute::finalize(RuntimeOrigin::signed(BUYER), 0));
		assert_eq!(bond(provider(0)), 0);
		assert!(Providers::<Test>::get(0).is_none());
		assert!(ProviderIndexOf::<Test>::get(provider(0)).is_none());
		// One with no task goes at once.
		assert_ok!(Compute::deregister_provider(RuntimeOrigin::signed(provider(1))));
		assert_eq!((bond(provider(1)), ProviderCount::<Test>::get()), (0, 0));
		check();
	});
}

#[test]
fn standby_rewards_go_to_providers_online_the_whole_epoch_pro_rata_to_capacity() {
	new_test_ext().execute_with(|| {
		// Epoch 0 is blocks 0 to 19. Providers 0 (capacity 1) and 1 (capacity 3) register in
		// epoch 0 and stay online through epoch 1; provider 2 (capacity 2) lets its heartbeat
		// lapse in epoch 1.
		for (i, capacity) in [(0, 1), (1, 3), (2, 2)] {
			assert_ok!(Compute::register_provider(
				RuntimeOrigin::signed(provider(i)),
				capacity,
				PRICE,
				BOND_PER_CAPACITY * capacity as u64
			));
		}
		for n in (5..=45).step_by(5) {
			run_to(n);
			for i in [0, 1] {
				let _ = Compute::heartbeat(RuntimeOrigin::signed(provider(i)));
			}
			if n <= 20 {
				let _ = Compute::heartbeat(RuntimeOrigin::signed(provider(2)));
			}
		}
		// Nothing for epoch 0 (they came online during it); epoch 1's 1,200 split by the 6
		// units registered at its start: 200 a unit.
		let pot = free(RewardPot::get());
		assert_ok!(Compute::claim_standby(RuntimeOrigin::signed(provider(1))));
		assert_eq!(free(RewardPot::get()), pot - 600);
		System::assert_last_event(Event::StandbyPaid { provider: 1, amount: 600 }.into());
		assert_ok!(Compute::claim_standby(RuntimeOrigin::signed(provider(0))));
		assert_eq!(free(RewardPot::get()), pot - 800);
		// Provider 2 was stale at block 31 (last heartbeat 20): nothing, even once back.
		let _ = Compute::heartbeat(RuntimeOrigin::signed(provider(2)));
		assert_noop!(
			Compute::claim_standby(RuntimeOrigin::signed(provider(2))),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(
			Compute::claim_standby(RuntimeOrigin::signed(provider(0))),
			Error::<Test>::NothingToClaim
		);
		check();
	});
}

#[test]
fn quotes_price_a_task_before_it_is_posted() {
	new_test_ext().execute_with(|| {
		setup();
		let model = register_model(ModelFee::Share(Permill::from_percent(10)));
		assert!(Compute::quote(model, vec![ASSET], 1).is_none());
		register_providers(2, 1);
		assert_ok!(Compute::register_provider(RuntimeOrigin::signed(provider(5)), 1, 3_000, 1_000));
		// 1,000 bytes × 1,000 fuel a byte; the three least loaded: the highest price is 3,000.
		let quote = Compute::quote(model, vec![ASSET], 3).unwrap();
		assert_eq!((quote.fuel, quote.price), (1_000_000, 3_000));
		assert_eq!(quote.providers, vec![provider(0), provider(1), provider(5)]);
		assert_eq!((quote.compute, quote.model_fee, quote.protocol_fee), (9_000, 900, 180));
		assert_eq!(quote.total, 10_080);
		assert!(Compute::quote(model, vec![ASSET], 4).is_none());
		assert!(Compute::quote(9, vec![ASSET], 1).is_none());
	});
}

#[test]
fn posting_alone_keeps_the_loads_of_eligible_providers_within_one_task() {
	new_test_ext().execute_with(|| {
		setup();
		add_licence(LICENCE, BUYER, ASSET, 1_000);
		let model = register_model(ModelFee::Fixed(0));
		register_providers(20, 8);
		for round in 0..40u32 {
			assert_ok!(post(model, (round % 3 + 1) as u8));
			let loads: Vec<u32> = (0..20).map(|i| info(i).load).collect();
			let (min, max) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
			assert!(max - min <= 1, "round {round}: loads {loads:?}");
		}
		check();
	});
}

/// A small deterministic generator for the simulation (xorshift64*).
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
}

/// Whether a provider with heartbeats `beats` was online for all of epoch `e`: fresh in the
/// block before it, and in every block of it already before that block's own heartbeat (a
/// heartbeat after a lapse starts a new run).
fn online_all_epoch(beats: &[u64], e: u64) -> bool {
	let (from, to) = ((e * EPOCH).saturating_sub(1), (e + 1) * EPOCH - 1);
	e > 0
		&& beats.iter().any(|h| *h <= from && from <= h + HEARTBEAT)
		&& (from + 1..=to).all(|b| beats.iter().any(|h| *h < b && b <= h + HEARTBEAT))
}

/// 20 providers with random heartbeats (some flaky), random acceptances, silent and wrong
/// runs, replacements, disputes and claims, for 200 blocks.
fn simulate(seed: u64) {
	new_test_ext().execute_with(|| {
		let mut rng = Rng(seed | 1);
		setup();
		add_licence(LICENCE, BUYER, ASSET, 100_000);
		let model = register_model(ModelFee::Share(Permill::from_percent(5)));
		let n = 20u32;
		// Each provider's chance to heartbeat in a block, to accept, and to run wrongly.
		let traits: Vec<(u64, u64, u64)> = (0..n)
			.map(|_| (20 + rng.below(80), 50 + rng.below(50), rng.below(30)))
			.collect();
		let capacities: Vec<u32> = (0..n).map(|_| 1 + rng.below(4) as u32).collect();
		let mut beats: Vec<Vec<u64>> = vec![Vec::new(); n as usize];
		for i in 0..n {
			assert_ok!(Compute::register_provider(
				RuntimeOrigin::signed(provider(i)),
				capacities[i as usize],
				PRICE,
				BOND_PER_CAPACITY * 4
			));
			beats[i as usize].push(1);
		}
		let issuance = Balances::total_issuance();
		let mut paid = vec![0u64; n as usize];
		let fresh = |beats: &Vec<Vec<u64>>, i: u32, b: u64| {
			beats[i as usize].iter().any(|h| *h <= b && b <= h + HEARTBEAT)
		};
		// Per epoch: its share base (the capacity registered at its start) and each
		// provider's capacity at its end (what a slash left), which its reward is paid at.
		let mut bases: Vec<u64> = vec![0; 11];
		let mut ends: Vec<Vec<u32>> = vec![Vec::new(); 11];
		for block in 2..=200u64 {
			run_to(block);
			if block % EPOCH == 0 {
				let e = (block / EPOCH) as usize;
				bases[e] = EpochCapacity::<Test>::get() as u64;
				ends[e - 1] = (0..n).map(|i| info(i).capacity).collect();
			}
			for i in 0..n {
				if rng.chance(traits[i as usize].0)
					&& Compute::heartbeat(RuntimeOrigin::signed(provider(i))).is_ok()
				{
					beats[i as usize].push(block);
				}
			}
			if rng.chance(60) {
				let k = 1 + rng.below(3) as u8;
				let eligible: Vec<u32> = (0..n)
					.filter(|i| fresh(&beats, *i, block) && info(*i).load < info(*i).capacity)
					.collect();
				let before: Vec<u32> = (0..n).map(|i| info(i).load).collect();
				let id = NextTaskId::<Test>::get();
				match post(model, k) {
					Ok(()) => {
						let assigned = slots(id);
						let worst = assigned.iter().map(|p| before[*p as usize]).max().unwrap();
						for p in assigned.iter() {
							// No stale provider is assigned.
							assert!(fresh(&beats, *p, block), "stale provider {p} assigned");
						}
						// Least loaded first: no eligible provider left out had less load.
						for p in eligible.iter().filter(|p| !assigned.contains(p)) {
							assert!(before[*p as usize] >= worst, "provider {p} skipped");
						}
					},
					Err(e) => {
						assert_eq!(e, Error::<Test>::NoProviders.into());
						assert!(eligible.len() < k as usize, "{} eligible for {k}", eligible.len());
					},
				}
			}
			// Providers act on the open tasks.
			let open: Vec<(TaskId, TaskOf<Test>)> = Tasks::<Test>::iter().collect();
			for (id, task) in open {
				for (slot, s) in task.slots.iter().enumerate() {
					let i = s.provider;
					let who = provider(i);
					let (_, accept, wrong) = traits[i as usize];
					if !s.accepted {
						if rng.chance(accept) {
							let _ = Compute::accept(RuntimeOrigin::signed(who), id);
						} else if block >= s.assigned + ACCEPT_TIMEOUT && block < task.deadline {
							assert_ok!(Compute::replace(
								RuntimeOrigin::signed(BUYER),
								id,
								slot as u32
							));
							break;
						}
					} else if s.commit.is_none() && rng.chance(accept) {
						let digest = if rng.chance(wrong) { 2 } else { 1 };
						let salt = H256::repeat_byte(i as u8);
						let c = Compute::commitment(&reveal(digest, FUEL), &salt, &who);
						let _ = Compute::commit_result(RuntimeOrigin::signed(who), id, c);
					}
				}
				let task = Tasks::<Test>::get(id).unwrap();
				for s in task.slots.iter().filter(|s| s.commit.is_some() && s.reveal.is_none()) {
					let who = provider(s.provider);
					let salt = H256::repeat_byte(s.provider as u8);
					for digest in [1, 2] {
						let _ = Compute::reveal_result(
							RuntimeOrigin::signed(who),
							id,
							reveal(digest, FUEL),
							salt,
						);
					}
				}
				let _ = Compute::finalize(RuntimeOrigin::signed(BUYER), id);
				if Tasks::<Test>::get(id).is_some_and(|t| t.status == TaskStatus::Disputed) {
					let right = Some(H256::repeat_byte(1)).filter(|d| {
						task.slots.iter().any(|s| s.reveal.as_ref().is_some_and(|r| r.digest == *d))
					});
					assert_ok!(Compute::resolve_dispute(RuntimeOrigin::root(), id, right));
				}
			}
			if rng.chance(10) {
				let i = rng.below(n as u64) as u32;
				let before = free(provider(i));
				if Compute::claim_standby(RuntimeOrigin::signed(provider(i))).is_ok() {
					paid[i as usize] += free(provider(i)) - before;
				}
			}
			check();
			assert_eq!(Balances::total_issuance(), issuance, "no BDES made or lost");
		}
		// The market did run: tasks succeeded, and wrong or silent providers paid for it.
		let count = |f: fn(&Event<Test>) -> bool| {
			System::events()
				.iter()
				.filter(|r| matches!(&r.event, RuntimeEvent::Compute(e) if f(e)))
				.count()
		};
		assert!(count(|e| matches!(e, Event::Succeeded { .. })) > 10, "too few tasks succeeded");
		assert!(count(|e| matches!(e, Event::Slashed { .. })) > 0, "nobody was slashed");
		// Standby rewards: exactly the epochs each was online for, none to a stale provider,
		// each at the capacity it had left at the epoch's end over the epoch's share base.
		let ended = 200 / EPOCH;
		for i in 0..n {
			let mut record = info(i);
			Compute::credit(&mut record, System::block_number());
			let got = paid[i as usize] + record.earned;
			let online: Vec<u64> =
				(1..ended).filter(|e| online_all_epoch(&beats[i as usize], *e)).collect();
			let epochs = online.len() as u64;
			let exact: f64 = online
				.iter()
				.map(|e| {
					let (base, cap) = (bases[*e as usize], ends[*e as usize][i as usize]);
					STANDBY_REWARD as f64 * cap as f64 / base as f64
				})
				.sum();
			assert!(
				got as f64 <= exact + 1e-6 && (got + epochs) as f64 + 1e-6 >= exact.floor(),
				"provider {i}: {got} for {epochs} epochs, {exact} exactly"
			);
		}
	});
}

proptest::proptest! {
	#![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
	#[test]
	fn a_random_market_assigns_fresh_least_loaded_providers_and_conserves_every_unit(seed in 1u64..u64::MAX) {
		simulate(seed);
	}
}
