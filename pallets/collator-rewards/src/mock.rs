//! Test runtime: system, balances, authorship (with a settable author) and this pallet.

use crate as pallet_collator_rewards;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, FindAuthor},
	PalletId,
};
use sp_runtime::{BuildStorage, ConsensusEngineId};
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

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
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(3)]
	pub type CollatorRewards = pallet_collator_rewards;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
	type MaxLocks = ConstU32<10>;
}

thread_local! {
	static AUTHOR: RefCell<Option<u64>> = const { RefCell::new(None) };
}

/// Sets who `FindAuthor` reports as the author of the next block.
pub fn set_author(author: Option<u64>) {
	AUTHOR.with(|a| *a.borrow_mut() = author);
}

pub struct TestFindAuthor;
impl FindAuthor<u64> for TestFindAuthor {
	fn find_author<'a, I>(_digests: I) -> Option<u64>
	where
		I: 'a + IntoIterator<Item = (ConsensusEngineId, &'a [u8])>,
	{
		AUTHOR.with(|a| *a.borrow())
	}
}

impl pallet_authorship::Config for Test {
	type FindAuthor = TestFindAuthor;
	type EventHandler = CollatorRewards;
}

pub const ED: u64 = 5;
pub const REWARD: u64 = 100;

parameter_types! {
	pub storage RewardPerBlock: u64 = REWARD;
	pub const PotId: PalletId = PalletId(*b"bd/colrw");
}

impl pallet_collator_rewards::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RewardPerBlock = RewardPerBlock;
	type PotId = PotId;
	type WeightInfo = ();
}

/// Externalities with the pot funded with `pot` and account 1 with 1,000.
pub fn ext_with_pot(pot: u64) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances = vec![(1, 1_000)];
	if pot > 0 {
		balances.push((CollatorRewards::pot_account(), pot));
	}
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Externalities with a pot of ten rewards.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ext_with_pot(10 * REWARD)
}
