//! Types of the IDO pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::fungible::Inspect, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::Permill;

pub use bdes_primitives::DataAssetId;

/// Identifier of an IDO.
pub type IdoId = u32;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES; share tokens use the same type.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// A tranche's milestone: a short text or a CID.
pub type MilestoneOf<T> = BoundedVec<u8, <T as Config>::MaxMilestoneLen>;
/// A release plan as proposed.
pub type TranchesOf<T> = BoundedVec<TrancheOf<T>, <T as Config>::MaxTranches>;
/// One tranche as proposed.
pub type TrancheOf<T> = Tranche<BlockNumberFor<T>, MilestoneOf<T>>;
/// What an owner proposes.
pub type TermsOf<T> = Terms<BalanceOf<T>, BlockNumberFor<T>, TranchesOf<T>>;
/// An IDO as stored.
pub type IdoOf<T> = IdoInfo<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>, TranchesOf<T>>;
/// A share token's name or symbol.
pub type ShareNameOf<T> = BoundedVec<u8, <T as Config>::StringLimit>;
/// The revenue shares `propose_issuing` issues.
pub type ShareIssueOf<T> = ShareIssue<BalanceOf<T>, ShareNameOf<T>>;
/// An investor's record as stored.
pub type CommitmentOf<T> = Commitment<BalanceOf<T>>;

/// One step of the release plan: a part of the raised funds the Council may release to the
/// owner from block `earliest`.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Tranche<BlockNumber, Milestone> {
	/// Its part of the net raise; the plan's parts add up to 100%.
	pub share: Permill,
	/// The first block in which it may be released.
	pub earliest: BlockNumber,
	/// What the owner promises to have done by then (text or a CID).
	pub milestone: Milestone,
}

/// The revenue shares of a data asset to issue for its first sale, as the revenue-shares
/// pallet's `issue` takes them.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct ShareIssue<Balance, Name> {
	/// Units issued, all to the owner; the 51% lock stays with the owner.
	pub supply: Balance,
	/// The token's name.
	pub name: Name,
	/// The token's symbol.
	pub symbol: Name,
	/// The token's decimals.
	pub decimals: u8,
}

/// What the owner of a data asset proposes to sell, and how.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Terms<Balance, BlockNumber, Tranches> {
	/// Revenue shares offered (base units of the share token).
	pub shares: Balance,
	/// Price of one base unit of the share token, in BDES base units.
	pub price: Balance,
	/// Below this much committed at the end the IDO fails and everything is refunded.
	pub soft_cap: Balance,
	/// The most that can be committed; at most `shares × price`.
	pub hard_cap: Balance,
	/// Smallest commitment of one investor.
	pub min_commit: Balance,
	/// Largest commitment of one investor.
	pub max_commit: Balance,
	/// First block in which commitments are taken.
	pub start: BlockNumber,
	/// First block in which they are not: the IDO ends.
	pub end: BlockNumber,
	/// The release plan: 1 to `MaxTranches` steps, earliest blocks in order, from `end` on.
	pub tranches: Tranches,
}

/// Where an IDO is.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Status {
	/// Waiting for the Council; the offered shares are in the sale's escrow.
	Proposed,
	/// Approved: takes commitments from `start` until `end`.
	Approved,
	/// Ended below its soft cap: investors are being refunded, in steps.
	Failing,
	/// Ended at or above its soft cap: investors are being allocated their shares, in steps.
	Allocating,
	/// Funded: `released` of the plan's tranches paid to the owner, the rest waiting.
	Funded { released: u8 },
	/// The plan is over (all released, or the Council rejected the rest): investors' shares
	/// are being unlocked (and, after a rejection, partly returned and refunded), in steps.
	Closing { rejected: bool },
	/// Nothing is left to do; the record stays for the investors and the owner to read.
	Closed { outcome: Outcome },
}

/// How an IDO ended.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Outcome {
	/// Rejected by the Council before it opened.
	NotApproved,
	/// Below its soft cap: everything refunded.
	Failed,
	/// Every tranche released.
	Completed,
	/// The Council rejected the rest of the plan: the unreleased rest refunded pro rata.
	Stopped,
}

/// An IDO.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct IdoInfo<AccountId, Balance, BlockNumber, Tranches> {
	/// The data asset whose revenue shares are sold.
	pub asset: DataAssetId,
	/// Who proposed it and receives the released funds (the asset's owner then).
	pub owner: AccountId,
	pub terms: Terms<Balance, BlockNumber, Tranches>,
	pub status: Status,
	/// Investor records (and positions in [`crate::Investors`]).
	pub investors: u32,
	/// BDES committed now, in all.
	pub committed: Balance,
	/// Of it, what buys whole share units (`Σ ⌊c / price⌋ × price`); the rest is refunded at
	/// the end.
	pub spendable: Balance,
	/// The next investor position the current step of settlement handles.
	pub cursor: u32,
	/// Shares delivered to investors (after the allocation).
	pub sold: Balance,
	/// BDES the delivered shares were paid with (after the allocation): the raise.
	pub raised: Balance,
	/// The protocol fee taken from the raise.
	pub fee: Balance,
	/// BDES paid to the owner so far.
	pub released: Balance,
	/// BDES refunded so far (paid, or owed to investors that could not be paid).
	pub refunded: Balance,
	/// Of it, what a stopped plan refunds (for the rounding left over at the close).
	pub stop_refunds: Balance,
	/// BDES owed to investors that could not be paid when due (Σ of their `owed`).
	pub owed: Balance,
	/// The owner's held storage deposit.
	pub deposit: Balance,
	/// The existential deposit the owner put into the escrow, so that it never falls below
	/// it while it owes anything; back to the owner once nothing is owed after the close.
	pub buffer: Balance,
}

/// One investor's part of an IDO.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Commitment<Balance> {
	/// Its position in [`crate::Investors`].
	pub index: u32,
	/// BDES committed (0 after a full withdrawal).
	pub amount: Balance,
	/// Shares delivered to the investor, staked and locked until the plan is over.
	pub shares: Balance,
	/// Of them, what went back to the owner when the plan was stopped.
	pub returned: Balance,
	/// BDES refunded to the investor.
	pub refunded: Balance,
	/// BDES owed to the investor that could not be paid when it was due; `claim` pays it.
	pub owed: Balance,
	/// The close of its shares (unlock, and return after a stop) failed and waits for `claim`.
	pub deferred: bool,
}
