//! # Reserve pool
//!
//! The chain's fees flow into the reserve pool (the treasury's account). Each settlement period
//! this pallet splits what the pool earned in the period (its spendable balance above what the
//! last settlement left) by shares the Council sets: the Council's members in equal parts, the
//! block producers pro rata to the blocks each authored in the period, the candidates outside
//! the active set in equal parts. The rest is locked in the pool (a hold, which treasury spends
//! cannot touch) and released back to its spendable funds in equal parts over
//! [`Config::ReleasePeriods`] periods; nothing is burned and nothing minted. Each period leaves
//! a [`Statement`] in storage and an event, with `Σ paid + locked = pot` to the unit. What the
//! pool held before a settlement (the treasury's funds, releases) is never split.
//!
//! Each stipend is paid in its own storage layer: a recipient that cannot receive (an amount
//! under the existential deposit to a new account, say) is recorded as unpaid and its part is
//! locked with the remainder, never blocking the others. The block rewards of the collator-
//! rewards pallet are separate and unchanged.
//!
//! Blocks authored are counted through `pallet_authorship`'s `EventHandler`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod functions;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// Most locked tranches kept (one a period for `ReleasePeriods`).
pub const MAX_TRANCHES: u32 = 64;

/// Balance of the configured currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// A statement with the runtime's types.
pub type StatementOf<T> = Statement<frame_system::pallet_prelude::BlockNumberFor<T>, BalanceOf<T>>;

/// Makes the Council and the online candidates of a benchmark.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `members` the Council.
	fn set_council(members: &[AccountId]);
	/// Makes `list` the online candidates outside the active set.
	fn set_candidates(list: &[AccountId]);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::DispatchClass,
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;

	/// Why the pallet holds funds of the pool.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A period's locked remainder, released over `ReleasePeriods` periods.
		LockedReserve,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The native currency.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The reserve pool's account.
		type Pool: Get<Self::AccountId>;

		/// The Council's members now (at most `MaxCouncil` are paid).
		type Council: Get<Vec<Self::AccountId>>;

		/// The candidates outside the active set now (at most `MaxCandidates` are paid; a
		/// settlement is charged for `MaxCandidates`, whatever reading them costs).
		type Candidates: Get<Vec<Self::AccountId>>;

		/// Sets the shares (a Council majority or root).
		type SharesOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The shares until the Council sets others.
		type DefaultShares: Get<SplitShares>;

		/// Blocks of a settlement period (a storage parameter in the runtime: not a constant
		/// in the metadata).
		type Period: Get<BlockNumberFor<Self>>;

		/// Periods a locked remainder takes to be released, in equal parts (at most
		/// [`MAX_TRANCHES`]).
		#[pallet::constant]
		type ReleasePeriods: Get<u32>;

		/// Most Council members paid in a period.
		#[pallet::constant]
		type MaxCouncil: Get<u32>;
		/// Most block producers counted in a period.
		#[pallet::constant]
		type MaxAuthors: Get<u32>;
		/// Most candidates paid in a period.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;
		/// Statements kept (the oldest is removed as a new one comes).
		#[pallet::constant]
		type MaxStatements: Get<u32>;

		/// Weights of the calls and hooks.
		type WeightInfo: WeightInfo;

		/// Sets the Council and the candidates up for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Version 1: `Current` and `Baseline` start at the block the pallet arrived in.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::type_value]
	pub fn DefaultShares<T: Config>() -> SplitShares {
		T::DefaultShares::get()
	}

	/// How the next settlement splits the pot.
	#[pallet::storage]
	pub type Shares<T: Config> = StorageValue<_, SplitShares, ValueQuery, DefaultShares<T>>;

	/// The period under way.
	#[pallet::storage]
	pub type Current<T: Config> = StorageValue<_, CurrentPeriod<BlockNumberFor<T>>, ValueQuery>;

	/// The pool's spendable balance when the last settlement was done: what it holds above
	/// this is the period's income.
	#[pallet::storage]
	pub type Baseline<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Blocks each producer authored in the period under way.
	#[pallet::storage]
	pub type Authored<T: Config> = CountedStorageMap<_, Twox64Concat, T::AccountId, u32>;

	/// Locked remainders not yet released, oldest first: one a period for `ReleasePeriods`.
	#[pallet::storage]
	pub type Tranches<T: Config> =
		StorageValue<_, BoundedVec<Tranche<BalanceOf<T>>, ConstU32<MAX_TRANCHES>>, ValueQuery>;

	/// Statements of settled periods, the last `MaxStatements`.
	#[pallet::storage]
	pub type Statements<T: Config> = StorageMap<_, Twox64Concat, PeriodIndex, StatementOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The Council set the shares of the next settlements.
		SharesSet { shares: SplitShares },
		/// A stipend was paid from the pool.
		StipendPaid { period: PeriodIndex, who: T::AccountId, role: Role, amount: BalanceOf<T> },
		/// A stipend could not be paid (the recipient cannot receive it); it was locked.
		StipendUnpaid { period: PeriodIndex, who: T::AccountId, role: Role, amount: BalanceOf<T> },
		/// Earlier periods' locked reserves came back to the pool's spendable funds.
		Released { period: PeriodIndex, amount: BalanceOf<T> },
		/// A period was settled; its statement is in `Statements`.
		PeriodSettled { period: PeriodIndex, statement: StatementOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The three shares add up to more than the whole.
		SharesOverWhole,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::on_block(now)
		}

		/// Arriving on a live chain: the first period starts now and what the pool holds is
		/// not income (it would otherwise be split in the next block).
		fn on_runtime_upgrade() -> Weight {
			if StorageVersion::get::<Pallet<T>>() >= STORAGE_VERSION {
				return T::DbWeight::get().reads(1);
			}
			Self::start_here(frame_system::Pallet::<T>::block_number());
			STORAGE_VERSION.put::<Pallet<T>>();
			T::DbWeight::get().reads_writes(3, 3)
		}

		fn integrity_test() {
			assert!(!T::Period::get().is_zero(), "a period of no blocks never ends");
			assert!(T::ReleasePeriods::get() > 0, "a locked remainder must be released");
			assert!(T::ReleasePeriods::get() <= MAX_TRANCHES, "more tranches than are kept");
			assert!(T::MaxStatements::get() > 0, "the last statement is kept");
			assert!(T::DefaultShares::get().locked().is_some(), "the default shares exceed 100%");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// (Council) Set the shares of the reserve pool the next settlements pay the Council,
		/// the block producers and the candidates; what they leave is locked. At most 100% in
		/// all.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_shares())]
		pub fn set_shares(origin: OriginFor<T>, shares: SplitShares) -> DispatchResult {
			T::SharesOrigin::ensure_origin(origin)?;
			Self::do_set_shares(shares)
		}
	}

	impl<T: Config> pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
		fn note_author(author: T::AccountId) {
			Self::count_block(author);
			frame_system::Pallet::<T>::register_extra_weight_unchecked(
				T::WeightInfo::note_author(),
				DispatchClass::Mandatory,
			);
		}
	}
}
