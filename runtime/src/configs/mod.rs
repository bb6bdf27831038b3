//! Pallet configurations, one file a pallet. Shared parameters live here.

pub mod assets;
pub mod assets_freezer;
pub mod aura;
pub mod aura_ext;
pub mod authorship;
pub mod balances;
pub mod collator_rewards;
pub mod collator_selection;
pub mod collective;
pub mod compute;
pub mod data_assets;
pub mod data_licences;
pub mod feeds;
pub mod foreign_assets;
pub mod ido;
pub mod membership;
pub mod message_queue;
pub mod multisig;
pub mod nft_market;
pub mod nfts;
pub mod order_book;
pub mod parachain_info;
pub mod parachain_system;
pub mod preimage;
pub mod proxy;
pub mod reserve_pool;
pub mod revenue_shares;
pub mod scheduler;
pub mod session;
pub mod sudo;
pub mod system;
pub mod timestamp;
pub mod transaction_payment;
pub mod treasury;
pub mod utility;
pub mod vesting;
pub mod weight_reclaim;
pub mod xcm_config;
pub mod xcmp_queue;

use crate::{AccountId, Balance, BlockNumber, DAYS};
use frame_support::{
	parameter_types,
	traits::{EitherOf, EitherOfDiverse, MapSuccess},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::traits::Replace;

/// The Council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;

/// Root, or more than half of the Council through a motion.
pub type RootOrCouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;

/// Root, or at least two thirds of the Council through a motion.
pub type RootOrCouncilTwoThirds = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

parameter_types! {
	/// The most a single treasury spend may pay out.
	pub const MaxSpend: Balance = Balance::MAX;
	/// Reserve pool (treasury) account seed.
	pub const TreasuryPalletId: PalletId = PalletId(*b"bd/resrv");
	/// Ecosystem-incentives pot account seed.
	pub const EcosystemPalletId: PalletId = PalletId(*b"bd/ecsys");
	/// Block-producer reward pot account seed.
	pub const CollatorRewardsPalletId: PalletId = PalletId(*b"bd/colrw");
	/// How often the treasuries pay out approved spends.
	pub const SpendPeriod: BlockNumber = 6 * DAYS;
	/// How long an approved spend can be claimed.
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
}

/// Root (for any amount) or a Council majority (for any amount): the origin that spends from the
/// reserve pool and the ecosystem pot.
pub type TreasurySpender = EitherOf<
	frame_system::EnsureRootWithSuccess<AccountId, MaxSpend>,
	MapSuccess<
		pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
		Replace<MaxSpend>,
	>,
>;
