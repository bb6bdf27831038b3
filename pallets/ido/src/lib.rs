//! # IDO: initial data offerings
//!
//! The owner of a listed data asset rated at least `MinRating` sells part of its revenue shares
//! for BDES (whitepaper §4.1.2, §4.2.1), under the Council's eye (§5.3.3):
//!
//! - `propose`: how many shares (within what the 51% lock leaves: the lock's freeze keeps the
//!   rest in place), the price, soft and hard cap, per-investor bounds, the window, and a plan of
//!   up to `MaxTranches` tranches. The shares move into the sale's own escrow account at once.
//!   The Council approves or rejects by motion (`approve`, `reject`).
//! - `commit` / `withdraw` from `start` until `end`: BDES moves between the investor's spendable
//!   balance and the escrow; the hard cap holds exactly (a commitment crossing it is cut).
//! - `settle`, by anyone (and in blocks' idle time), in bounded steps once the IDO ended: below
//!   the soft cap every commitment is refunded and the shares go back; at or above it each
//!   investor gets `⌊commitment ÷ price⌋` shares, staked and locked for them (they earn
//!   dividends after the usual warm-up, and cannot move or unstake them until the plan is over),
//!   and the remainder back; then the protocol fee goes to the reserve pool and unsold shares go
//!   back to the owner. An investor that cannot receive its shares is refunded instead; BDES that
//!   cannot be paid is kept for its owner to `claim`. Neither blocks anyone else.
//! - `release_tranche` (the Council, from a tranche's earliest block) pays the next tranche to
//!   the owner; after the last one the investors' shares are unlocked. `stop` (the Council)
//!   rejects the rest of the plan: each investor is refunded its part of what was not released,
//!   and keeps shares in the proportion of what was (the rest go back to the owner), so nobody
//!   keeps shares for money they got back.
//!
//! Exactness: Σ released + Σ refunded + fee = Σ committed, to the unit, and shares delivered and
//! returned add up to those offered (`try_state` checks what the escrow still owes).
//!
//! Logic lives in [`functions`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod functions;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// Sets up what the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Balance> {
	/// A listed data asset of `owner`'s rated at least `MinRating`, with `supply` revenue shares
	/// issued to `owner`.
	fn asset_for_sale(owner: &AccountId, supply: Balance) -> DataAssetId;

	/// A listed data asset of `owner`'s rated at least `MinRating` that has issued no revenue
	/// shares yet.
	fn rated_asset(owner: &AccountId) -> DataAssetId;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use bdes_primitives::{DataAssetInspect, ShareSale};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			fungibles,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Permill;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds BDES.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of an IDO.
		#[codec(index = 0)]
		Deposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// BDES: commitments, releases, refunds and deposits.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Id of a share token in the assets pallet.
		type ShareAssetId: Parameter + Member + MaxEncodedLen + Copy;

		/// The share tokens (same balance type as BDES).
		type Fungibles: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::ShareAssetId,
			Balance = BalanceOf<Self>,
		>;

		/// The revenue-shares pallet: share tokens, and stakes locked for investors.
		type Shares: ShareSale<Self::AccountId, Self::ShareAssetId, BalanceOf<Self>>;

		/// Owners, listing and ratings of data assets.
		type DataAssets: DataAssetInspect<Self::AccountId>;

		/// Approves and rejects proposals, releases tranches and stops plans (the Council).
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Escrow accounts are sub-accounts of this, one per IDO.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Where the protocol fee goes (the reserve pool).
		type FeeDestination: Get<Self::AccountId>;

		/// Part of a successful raise paid to the reserve pool.
		#[pallet::constant]
		type ProtocolFee: Get<Permill>;

		/// The lowest overall rating (0 to 100) a data asset needs for an IDO.
		#[pallet::constant]
		type MinRating: Get<u8>;

		/// Storage deposit of an IDO, held from its owner until it closes.
		#[pallet::constant]
		type IdoDeposit: Get<BalanceOf<Self>>;

		/// The smallest per-investor minimum a proposal may set: at least the existential
		/// deposit, so every refund can open the account it goes to.
		#[pallet::constant]
		type MinCommitment: Get<BalanceOf<Self>>;

		/// Most tranches of a plan.
		#[pallet::constant]
		type MaxTranches: Get<u32>;

		/// Longest milestone text or CID.
		#[pallet::constant]
		type MaxMilestoneLen: Get<u32>;

		/// Longest share token name or symbol `propose_issuing` takes (the revenue-shares
		/// pallet's own `StringLimit`).
		#[pallet::constant]
		type StringLimit: Get<u32>;

		/// Most investors of one IDO.
		#[pallet::constant]
		type MaxInvestors: Get<u32>;

		/// Longest commitment window (`end − start`), and longest wait before it opens.
		#[pallet::constant]
		type MaxDuration: Get<BlockNumberFor<Self>>;

		/// Most IDOs approved and not yet settled at once (the idle-time settlement queue).
		#[pallet::constant]
		type MaxOpen: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates data assets for sale for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, BalanceOf<Self>>;
	}

	/// The id the next IDO gets.
	#[pallet::storage]
	pub type NextIdoId<T: Config> = StorageValue<_, IdoId, ValueQuery>;

	/// IDOs, closed ones included.
	#[pallet::storage]
	pub type Idos<T: Config> = StorageMap<_, Twox64Concat, IdoId, IdoOf<T>>;

	/// The IDO of each data asset that has one not closed yet (at most one at a time).
	#[pallet::storage]
	pub type OpenIdo<T: Config> = StorageMap<_, Twox64Concat, DataAssetId, IdoId>;

	/// Investors' records, by IDO and investor.
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdoId, Blake2_128Concat, T::AccountId, CommitmentOf<T>>;

	/// Investors of each IDO in the order they first committed: settlement walks them.
	#[pallet::storage]
	pub type Investors<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdoId, Twox64Concat, u32, T::AccountId>;

	/// Approved IDOs whose settlement is not over, which idle time works on.
	#[pallet::storage]
	pub type Unsettled<T: Config> = StorageValue<_, BoundedVec<IdoId, T::MaxOpen>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` proposed IDO `ido` of `asset`; its shares are in escrow.
		Proposed { ido: IdoId, asset: DataAssetId, owner: T::AccountId, shares: BalanceOf<T> },
		/// The Council approved it: it takes commitments from its start block.
		Approved { ido: IdoId },
		/// The Council rejected the proposal; the shares went back.
		NotApproved { ido: IdoId },
		/// `who` committed `amount` more BDES (`total` in all).
		Committed { ido: IdoId, who: T::AccountId, amount: BalanceOf<T>, total: BalanceOf<T> },
		/// `who` withdrew `amount` BDES (`total` left).
		Withdrawn { ido: IdoId, who: T::AccountId, amount: BalanceOf<T>, total: BalanceOf<T> },
		/// It ended with `committed` BDES: at or above its soft cap when `funded`.
		Ended { ido: IdoId, committed: BalanceOf<T>, funded: bool },
		/// `who` was refunded `amount` (`owed`: kept for it to claim, it could not be paid now).
		Refunded { ido: IdoId, who: T::AccountId, amount: BalanceOf<T>, owed: bool },
		/// `who` got `shares`, staked and locked until the plan is over.
		Allocated { ido: IdoId, who: T::AccountId, shares: BalanceOf<T> },
		/// `who` could not receive its shares: it is refunded instead.
		NotDelivered { ido: IdoId, who: T::AccountId },
		/// The allocation is over: `sold` shares for `raised` BDES, `fee` of it to the reserve
		/// pool, `unsold` shares back to the owner.
		Funded {
			ido: IdoId,
			sold: BalanceOf<T>,
			raised: BalanceOf<T>,
			fee: BalanceOf<T>,
			unsold: BalanceOf<T>,
		},
		/// Tranche `index` (from 0) of `amount` BDES went to the owner.
		TrancheReleased { ido: IdoId, index: u8, amount: BalanceOf<T> },
		/// The Council rejected the rest of the plan: `unreleased` BDES go back pro rata.
		Stopped { ido: IdoId, unreleased: BalanceOf<T> },
		/// `who` keeps `kept` shares (now unlocked); `returned` went back to the owner.
		Unlocked { ido: IdoId, who: T::AccountId, kept: BalanceOf<T>, returned: BalanceOf<T> },
		/// `who`'s shares could not be unlocked or returned now; `claim` tries again.
		CloseDeferred { ido: IdoId, who: T::AccountId },
		/// Nothing is left to do.
		Closed { ido: IdoId, outcome: Outcome },
		/// `who` claimed `amount` BDES owed to it.
		Claimed { ido: IdoId, who: T::AccountId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No IDO with this id.
		UnknownIdo,
		/// No data asset with this id.
		UnknownAsset,
		/// The caller does not own the data asset.
		NotOwner,
		/// The data asset is not listed.
		NotListed,
		/// The data asset is not rated, or rated below `MinRating`.
		RatingTooLow,
		/// The data asset has no revenue shares.
		NoShares,
		/// The data asset has an IDO that is not closed.
		AlreadyOpen,
		/// No shares offered, or a zero price.
		ZeroAmount,
		/// The soft cap is zero or above the hard cap.
		BadCaps,
		/// The hard cap is above what the offered shares fetch at the price.
		HardCapTooHigh,
		/// The per-investor bounds are out of order, below `MinCommitment` or above the hard
		/// cap.
		BadBounds,
		/// The window is empty, starts in the past, or is longer (or further away) than
		/// `MaxDuration`.
		BadWindow,
		/// The plan has no tranche, parts that do not add up to 100%, a zero part, or earliest
		/// blocks before the end or out of order.
		BadPlan,
		/// Not in the state this needs.
		WrongStatus,
		/// The commitment window has not opened, or has closed.
		NotOpen,
		/// It has not ended yet.
		NotEnded,
		/// The hard cap is reached.
		HardCapReached,
		/// The commitment would be below the minimum or above the maximum per investor.
		OutOfBounds,
		/// The IDO has `MaxInvestors` already.
		TooManyInvestors,
		/// The caller has no commitment here.
		NoCommitment,
		/// More than the caller committed.
		InsufficientCommitment,
		/// `MaxOpen` IDOs are approved and unsettled already.
		TooManyOpen,
		/// The next tranche's earliest block has not come.
		TooEarly,
		/// Nothing is owed to the caller, and nothing of it is waiting.
		NothingToClaim,
		/// An amount does not fit the arithmetic.
		Overflow,
		/// The asset has issued its revenue shares already: propose with `propose`.
		AlreadyIssued,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::idle_settle(remaining)
		}

		fn integrity_test() {
			assert!(T::MaxTranches::get() > 0, "MaxTranches must be at least 1");
			assert!(T::MaxTranches::get() <= u8::MAX as u32, "tranche indices are u8");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Propose an IDO of `terms.shares` revenue shares of `asset`, a listed data asset you
		/// own rated at least `MinRating`: the shares move into the sale's escrow now (only
		/// shares outside the 51% lock can), and a deposit is held. The Council approves or
		/// rejects it by motion.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose())]
		pub fn propose(
			origin: OriginFor<T>,
			asset: DataAssetId,
			terms: TermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose(who, asset, terms)
		}

		/// As the Council, approve a proposed IDO before its start block: it takes commitments
		/// from then until its end.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve())]
		pub fn approve(origin: OriginFor<T>, ido: IdoId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_approve(ido)
		}

		/// As the Council, reject a proposed IDO: its shares go back and its deposit is
		/// released.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, ido: IdoId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_reject(ido)
		}

		/// Commit `amount` BDES of your spendable balance to an open IDO (more of it adds to
		/// your commitment). Past the hard cap it is cut to what is left. Your total must stay
		/// within the IDO's per-investor bounds.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			ido: IdoId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, ido, amount)
		}

		/// Withdraw `amount` of your commitment before the IDO ends: all of it, or as much as
		/// leaves at least the minimum.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(
			origin: OriginFor<T>,
			ido: IdoId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, ido, amount)
		}

		/// Settle up to `limit` investors of an IDO that ended (refunds, or allocations of
		/// shares) or whose plan is over (unlocks, and after a rejection pro-rata refunds and
		/// returned shares), and close the step once every investor is done. Anyone may call
		/// it; blocks' idle time does it too.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::settle_weight(*limit))]
		pub fn settle(origin: OriginFor<T>, ido: IdoId, limit: u32) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let handled = Self::do_settle(ido, limit)?;
			Ok(Some(Self::settle_weight(handled)).into())
		}

		/// As the Council, release the next tranche of a funded IDO to its owner, from the
		/// tranche's earliest block. After the last one the investors' shares are unlocked.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::release_tranche())]
		pub fn release_tranche(origin: OriginFor<T>, ido: IdoId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_release_tranche(ido)
		}

		/// As the Council, reject the rest of a funded IDO's plan: what was not released is
		/// refunded to the investors pro rata, and each keeps shares in proportion to what was
		/// released (the rest go back to the owner).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::stop())]
		pub fn stop(origin: OriginFor<T>, ido: IdoId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_stop(ido)
		}

		/// Claim what an IDO's settlement could not do for you when it was due: BDES owed to
		/// you, and the unlocking (and return) of your shares.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::claim_weight())]
		pub fn claim(origin: OriginFor<T>, ido: IdoId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, ido)
		}

		/// Propose an IDO of a listed data asset you own, rated at least `MinRating`, that has
		/// not issued its revenue shares yet: they are issued for the sale first, as with
		/// the revenue-shares pallet's `issue` (`supply` units to you, the 51% lock staked and
		/// frozen with you, its deposits), then `terms.shares` of them move into the sale's
		/// escrow as with `propose`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::propose_issuing())]
		pub fn propose_issuing(
			origin: OriginFor<T>,
			asset: DataAssetId,
			issue: ShareIssueOf<T>,
			terms: TermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_issuing(who, asset, issue, terms)
		}
	}
}
