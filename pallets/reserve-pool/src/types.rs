//! Types of the reserve-pool pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// Index of a settlement period (the first is 0).
pub type PeriodIndex = u32;

/// How each period's pot is split. What the three shares leave is locked.
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
	Default,
)]
pub struct SplitShares {
	/// Shared equally by the Council's members.
	pub council: Permill,
	/// Shared by the block producers pro rata to the blocks each authored in the period.
	pub collators: Permill,
	/// Shared equally by the online candidates outside the active set.
	pub candidates: Permill,
}

impl SplitShares {
	/// What the shares leave for the locked reserve, or `None` if they exceed the whole.
	pub fn locked(&self) -> Option<Permill> {
		let sum = self
			.council
			.deconstruct()
			.checked_add(self.collators.deconstruct())?
			.checked_add(self.candidates.deconstruct())?;
		1_000_000u32.checked_sub(sum).map(Permill::from_parts)
	}
}

/// Who a stipend was for.
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
pub enum Role {
	Council,
	Collator,
	Candidate,
}

/// What one role was paid in a period.
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
	Default,
)]
pub struct RolePaid<Balance> {
	/// Recipients paid.
	pub recipients: u32,
	/// Paid to them in all.
	pub paid: Balance,
}

/// The statement of a settled period: `council.paid + collators.paid + candidates.paid +
/// locked + unlocked = pot`, to the unit.
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
pub struct Statement<BlockNumber, Balance> {
	/// First block of the period.
	pub start: BlockNumber,
	/// The block it was settled in (the next period's first).
	pub end: BlockNumber,
	/// What the pool earned in the period (its spendable balance above what the last
	/// settlement left it): what was split.
	pub pot: Balance,
	/// Released from earlier periods' locked reserves back to the pool's spendable funds (not
	/// split again: the Council spends them through the treasury).
	pub released: Balance,
	/// The shares it was split by.
	pub shares: SplitShares,
	pub council: RolePaid<Balance>,
	pub collators: RolePaid<Balance>,
	pub candidates: RolePaid<Balance>,
	/// Blocks authored in the period that the collators' share was split by.
	pub blocks: u32,
	/// Stipends that could not be paid (a recipient that cannot receive), locked instead.
	pub unpaid: Balance,
	/// Locked in all: the remainder of the shares, rounding and `unpaid`.
	pub locked: Balance,
	/// What could not be held (never, while the pool's balance is what the chain says it is):
	/// left spendable in the pool.
	pub unlocked: Balance,
}

/// A period's locked remainder, released back to the pool in equal parts over
/// `ReleasePeriods` periods.
#[derive(Clone, Copy, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Tranche<Balance> {
	/// The period that locked it.
	pub period: PeriodIndex,
	pub amount: Balance,
	/// Released so far.
	pub released: Balance,
}

/// The period under way.
#[derive(Clone, Copy, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct CurrentPeriod<BlockNumber> {
	pub index: PeriodIndex,
	pub start: BlockNumber,
}
