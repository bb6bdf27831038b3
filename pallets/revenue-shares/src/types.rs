//! Types of the revenue-shares pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::fungible::Inspect, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

pub use bdes_primitives::DataAssetId;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES; share tokens use the same type.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// The share token of a data asset, as stored.
pub type ShareClassOf<T> = ShareClass<AccountIdOf<T>, BalanceOf<T>, <T as Config>::ShareAssetId>;
/// A holder's stake, as stored.
pub type StakeOf<T> = Stake<BalanceOf<T>>;
/// A holder's shares warming up, as stored.
pub type WarmingStakeOf<T> = WarmingStake<BalanceOf<T>, BlockNumberFor<T>>;
/// All holders' shares of one class warming up, by the block they start earning in.
pub type WarmingOf<T> = BoundedVec<WarmingShares<BalanceOf<T>, BlockNumberFor<T>>, MaxWarming>;

/// Blocks a class's warming shares can wait for at once. A stake earns from the first multiple
/// of the warm-up period `W` at least `W` blocks away, so under one period at most two such
/// multiples lie ahead of any block (see [`crate::Pallet::earns_from`]). After a change of the
/// period the buckets of the old one (at most two, all by [`crate::NextWarmUpChange`]) wait
/// beside those of the new one, and the period cannot change again before they are due: four.
pub type MaxWarming = frame_support::traits::ConstU32<4>;

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
	/// Staked shares that earn dividends: all staked shares but those still warming up.
	pub total_staked: Balance,
	/// Revenue per staked share since issue, times [`ACC_SCALE`].
	pub acc_per_share: u128,
	/// Remainder of the accumulator's divisions (revenue × `ACC_SCALE`, not yet a whole unit
	/// per staked share), carried into the next revenue; also the fractions left by stake records
	/// that were removed.
	pub carry: u128,
	/// All revenue received.
	pub revenue: Balance,
	/// All dividends paid out.
	pub claimed: Balance,
}

/// One holder's earning stake in one share class (shares still warming up are a
/// [`WarmingStake`]).
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Stake<Balance> {
	/// Shares staked and earning (frozen in the holder's account).
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

/// A holder's staked shares that do not earn yet: frozen like the rest of the stake, they join
/// the dividend accounting at `earns_from`.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct WarmingStake<Balance, BlockNumber> {
	/// Shares warming up.
	pub amount: Balance,
	/// The first block in which they earn.
	pub earns_from: BlockNumber,
}

/// The shares of all holders of a class that start earning in one block.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct WarmingShares<Balance, BlockNumber> {
	/// The first block in which they earn.
	pub earns_from: BlockNumber,
	/// Shares in all.
	pub amount: Balance,
	/// Stakes they belong to.
	pub stakes: u32,
}

/// The accumulator at the moment warmed-up shares started earning; their holders' earnings are
/// counted from it. Kept until each of those `stakes` has been settled.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Activation {
	/// [`ShareClass::acc_per_share`] when they started earning.
	pub acc_per_share: u128,
	/// Stakes that have not read it yet.
	pub stakes: u32,
}
