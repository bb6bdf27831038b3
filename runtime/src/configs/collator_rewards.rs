//! `pallet_collator_rewards`: a fixed reward per authored block, paid from the block-producer pot
//! (5% of supply at genesis) until it is empty. Nothing is minted.

use super::CollatorRewardsPalletId;
use crate::{Balance, Balances, Runtime, RuntimeEvent, BDES};
use frame_support::parameter_types;

/// Reward per authored block. At one block every 6 s the 250,000,000 BDES pot lasts
/// 25,000,000 blocks, about 4.75 years.
pub const REWARD_PER_BLOCK: Balance = 10 * BDES;

parameter_types! {
	pub const RewardPerBlock: Balance = REWARD_PER_BLOCK;
}

impl pallet_collator_rewards::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RewardPerBlock = RewardPerBlock;
	type PotId = CollatorRewardsPalletId;
	type WeightInfo = pallet_collator_rewards::weights::SubstrateWeight<Runtime>;
}
