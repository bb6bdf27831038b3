//! Test runtime: System, Balances and the reserve-pool pallet, with the Council and the
//! candidates as lists a test sets.

use crate as pallet_reserve_pool;
use crate::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use sp_runtime::{BuildStorage, Permill};
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type ReservePool = pallet_reserve_pool;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxFreezes = ConstU32<2>;
}

thread_local! {
	static COUNCIL: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static CANDIDATES: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

pub fn set_council(members: &[AccountId]) {
	COUNCIL.with(|c| *c.borrow_mut() = members.to_vec());
}
pub fn set_candidates(list: &[AccountId]) {
	CANDIDATES.with(|c| *c.borrow_mut() = list.to_vec());
}

pub struct Council;
impl frame_support::traits::Get<Vec<AccountId>> for Council {
	fn get() -> Vec<AccountId> {
		COUNCIL.with(|c| c.borrow().clone())
	}
}
pub struct Candidates;
impl frame_support::traits::Get<Vec<AccountId>> for Candidates {
	fn get() -> Vec<AccountId> {
		CANDIDATES.with(|c| c.borrow().clone())
	}
}

pub const POOL: AccountId = 100;
pub const PERIOD: u64 = 10;
pub const RELEASE: u32 = 4;
pub const MAX_AUTHORS: u32 = 4;

parameter_types! {
	pub const Pool: AccountId = POOL;
	/// 20% to the Council, 30% to the producers, 10% to the candidates, 40% locked.
	pub const InitialShares: SplitShares = SplitShares {
		council: Permill::from_percent(20),
		collators: Permill::from_percent(30),
		candidates: Permill::from_percent(10),
	};
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Pool = Pool;
	type Council = Council;
	type Candidates = Candidates;
	type SharesOrigin = frame_system::EnsureRoot<AccountId>;
	type DefaultShares = InitialShares;
	type Period = ConstU64<PERIOD>;
	type ReleasePeriods = ConstU32<RELEASE>;
	type MaxCouncil = ConstU32<8>;
	type MaxAuthors = ConstU32<MAX_AUTHORS>;
	type MaxCandidates = ConstU32<8>;
	type MaxStatements = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Lists;
}

/// Sets the mock's lists for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct Lists;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for Lists {
	fn set_council(members: &[AccountId]) {
		set_council(members);
	}
	fn set_candidates(list: &[AccountId]) {
		set_candidates(list);
	}
}

pub const POT: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [(POOL, POT + ED), (1, 100), (2, 100), (3, 100), (11, 100), (12, 100), (21, 100)]
			.to_vec(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		set_council(&[]);
		set_candidates(&[]);
		test();
		ReservePool::do_try_state().unwrap();
	});
}

/// Runs the blocks after the current one up to `n`, with `authors` authoring them in turn.
pub fn run_to(n: u64, authors: &[AccountId]) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		// As in the runtime: authorship notes the author before this pallet's hook runs.
		if !authors.is_empty() {
			let author = authors[(next as usize) % authors.len()];
			<ReservePool as pallet_authorship::EventHandler<_, _>>::note_author(author);
		}
		ReservePool::on_initialize(next);
	}
}
