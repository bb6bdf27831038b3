//! Types of the revenue-shares pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible::Inspect;
use scale_info::TypeInfo;

pub use bdes_primitives::DataAssetId;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES; share tokens use the same type.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// The share token of a data asset, as stored.
pub type ShareClassOf<T> = ShareClass<AccountIdOf<T>, BalanceOf<T>, <T as Config>::ShareAssetId>;
/// A holder's stake, as stored.
pub type StakeOf<T> = Stake<BalanceOf<T>>;

/// Fixed-point scale of the revenue-per-staked-share accumulator.
///
/// Division remainders are carried (`ShareClass::carry`), so nothing is lost at any scale; the
/// scale only decides how small a per-share increment still shows in one holder's settlement.
pub const ACC_SCALE: u128 = 1_000_000_000_000;

/// The revenue-share token of one data asset and its dividend accounting.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct ShareClass<AccountId, Balance, ShareAssetId> {
	/// The token's id in the assets pallet.
	pub share_asset: ShareAssetId,
	/// Fixed supply, all minted at issue.
	pub supply: Balance,
	/// Who issued it and paid `deposit` (and the token metadata's deposit).
	pub issuer: AccountId,
	/// Held storage deposit of this record.
	pub deposit: Balance,
	/// The metadata deposit the issuer paid to the pallet account, which the assets pallet
	/// keeps reserved as the token's owner.
	pub metadata_deposit: Balance,
	/// Who holds the locked part: the data asset's owner.
	pub lock_holder: AccountId,
	/// Shares that stay staked (frozen) with `lock_holder`: at least `LockedShare` of `supply`.
	pub locked: Balance,
	/// Shares staked by all holders; they, and only they, earn dividends.
	pub total_staked: Balance,
	/// Revenue per staked share since issue, times [`ACC_SCALE`].
	pub acc_per_share: u128,
	/// Remainder of the accumulator's divisions (revenue × `ACC_SCALE`, not yet a whole unit
	/// per staked share), carried into the next revenue.
	pub carry: u128,
	/// All revenue received.
	pub revenue: Balance,
	/// All dividends paid out.
	pub claimed: Balance,
}

/// One holder's stake in one share class.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Stake<Balance> {
	/// Shares staked (frozen in the holder's account).
	pub amount: Balance,
	/// The accumulator when this stake was last settled.
	pub acc_snapshot: u128,
	/// Dividends settled but not claimed yet.
	pub unclaimed: Balance,
	/// What was settled below one unit, times [`ACC_SCALE`]; carried into the next settlement
	/// so a holder's payouts add up to its exact entitlement rounded down once.
	pub remainder: u128,
	/// Storage deposit held from the holder for this record.
	pub deposit: Balance,
}
