//! Logic of the reserve-pool pallet: the split (a pure function), the settlement and the
//! releases.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, Saturating, Zero},
	Rounding,
};

/// Who gets what of a pot: stipends in order, the Council's first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan<AccountId, Balance> {
	pub payments: Vec<(Role, AccountId, Balance)>,
	/// Blocks the collators' share was split by.
	pub blocks: u32,
}

impl<AccountId, Balance: AtLeast32BitUnsigned + Copy> Plan<AccountId, Balance> {
	/// Σ of the stipends.
	pub fn total(&self) -> Balance {
		self.payments
			.iter()
			.fold(Zero::zero(), |sum: Balance, (_, _, a)| sum.saturating_add(*a))
	}
}

/// Splits `pot`: each share rounded down, then divided equally among the Council's members
/// and the candidates and pro rata to blocks among the producers (each rounded down). What is
/// not given out — the locked share, rounding, a share no one is there to take — is the rest,
/// `pot - plan.total()`, and is never negative.
pub fn split<AccountId: Clone, Balance: AtLeast32BitUnsigned + Copy>(
	pot: Balance,
	shares: &SplitShares,
	council: &[AccountId],
	authored: &[(AccountId, u32)],
	candidates: &[AccountId],
) -> Plan<AccountId, Balance> {
	let mut payments = Vec::new();
	let mut equal = |role: Role, share: sp_runtime::Permill, who: &[AccountId]| {
		if who.is_empty() {
			return;
		}
		let part = share.mul_floor(pot);
		let count: Balance = (who.len() as u32).into();
		let each = part / count;
		if each.is_zero() {
			return;
		}
		payments.extend(who.iter().map(|w| (role, w.clone(), each)));
	};
	equal(Role::Council, shares.council, council);
	equal(Role::Candidate, shares.candidates, candidates);
	let blocks = authored.iter().fold(0u32, |sum, (_, n)| sum.saturating_add(*n));
	if blocks > 0 {
		let part = shares.collators.mul_floor(pot);
		for (who, n) in authored {
			let amount = bdes_primitives::mul_div(part, (*n).into(), blocks.into(), Rounding::Down)
				.unwrap_or_else(Zero::zero);
			if !amount.is_zero() {
				payments.push((Role::Collator, who.clone(), amount));
			}
		}
	}
	Plan { payments, blocks }
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_shares(shares: SplitShares) -> DispatchResult {
		ensure!(shares.locked().is_some(), Error::<T>::SharesOverWhole);
		Shares::<T>::put(shares);
		Self::deposit_event(Event::SharesSet { shares });
		Ok(())
	}

	/// Counts a block for its author; a producer beyond `MaxAuthors` in one period is not
	/// counted (it cannot happen with the runtime's collator set).
	pub(crate) fn count_block(author: T::AccountId) {
		if let Some(n) = Authored::<T>::get(&author) {
			Authored::<T>::insert(&author, n.saturating_add(1));
		} else if Authored::<T>::count() < T::MaxAuthors::get() {
			Authored::<T>::insert(&author, 1);
		} else {
			log::warn!(target: "runtime::reserve-pool", "more than MaxAuthors producers in a period");
		}
	}

	/// The Council's members and the candidates, each list as paid: bounded, no account twice.
	fn recipients(mut list: Vec<T::AccountId>, max: u32) -> Vec<T::AccountId> {
		list.sort();
		list.dedup();
		list.truncate(max as usize);
		list
	}

	/// The pool's spendable balance: its free balance less the existential deposit and what
	/// is frozen; never its holds.
	fn spendable(pool: &T::AccountId) -> BalanceOf<T> {
		T::Currency::reducible_balance(pool, Preservation::Preserve, Fortitude::Polite)
	}

	/// The period under way starts at `now`, and what the pool holds is not its income.
	pub(crate) fn start_here(now: BlockNumberFor<T>) {
		let index = Current::<T>::get().index;
		Current::<T>::put(CurrentPeriod { index, start: now });
		Baseline::<T>::put(Self::spendable(&T::Pool::get()));
	}

	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let current = Current::<T>::get();
		// `Current` and the runtime's `Period` (a storage parameter).
		if now.saturating_sub(current.start) < T::Period::get() {
			return T::DbWeight::get().reads(2);
		}
		let council = Self::recipients(T::Council::get(), T::MaxCouncil::get());
		let candidates = Self::recipients(T::Candidates::get(), T::MaxCandidates::get());
		// Reading the candidates costs what the runtime's list costs, whoever of them is
		// paid: charged for the most there can be.
		let weight = T::WeightInfo::settle(
			council.len() as u32,
			Authored::<T>::count(),
			T::MaxCandidates::get(),
		);
		Self::settle(now, current, &council, &candidates);
		weight
	}

	/// Settles the period under way in block `now`: splits what the pool earned in it, pays
	/// each stipend in its own storage layer, locks the rest, releases what earlier tranches
	/// have due to the pool's spendable funds, keeps the statement and starts the next period.
	pub(crate) fn settle(
		now: BlockNumberFor<T>,
		current: CurrentPeriod<BlockNumberFor<T>>,
		council: &[T::AccountId],
		candidates: &[T::AccountId],
	) {
		let period = current.index;
		let pool = T::Pool::get();
		// Income only: treasury spends in the period come out of it first.
		let pot = Self::spendable(&pool).saturating_sub(Baseline::<T>::get());
		let authored: Vec<(T::AccountId, u32)> = Authored::<T>::iter().collect();
		let _ = Authored::<T>::clear(T::MaxAuthors::get().saturating_add(1), None);
		let shares = Shares::<T>::get();
		let plan = split(pot, &shares, council, &authored, candidates);

		let mut statement = Statement {
			start: current.start,
			end: now,
			pot,
			released: Zero::zero(),
			shares,
			council: RolePaid::default(),
			collators: RolePaid::default(),
			candidates: RolePaid::default(),
			blocks: plan.blocks,
			unpaid: Zero::zero(),
			locked: Zero::zero(),
			unlocked: Zero::zero(),
		};
		let mut paid_in_all: BalanceOf<T> = Zero::zero();
		for (role, who, amount) in plan.payments {
			let paid = with_storage_layer(|| {
				T::Currency::transfer(&pool, &who, amount, Preservation::Preserve)
			});
			if paid.is_ok() {
				paid_in_all = paid_in_all.saturating_add(amount);
				let line = match role {
					Role::Council => &mut statement.council,
					Role::Collator => &mut statement.collators,
					Role::Candidate => &mut statement.candidates,
				};
				line.recipients = line.recipients.saturating_add(1);
				line.paid = line.paid.saturating_add(amount);
				Self::deposit_event(Event::StipendPaid { period, who, role, amount });
			} else {
				statement.unpaid = statement.unpaid.saturating_add(amount);
				Self::deposit_event(Event::StipendUnpaid { period, who, role, amount });
			}
		}
		// The stipends came out of `pot`, so the rest is spendable still and the hold takes it.
		let rest = pot.saturating_sub(paid_in_all);
		statement.locked = Self::lock(&pool, period, rest);
		statement.unlocked = rest.saturating_sub(statement.locked);
		// After this period's tranche: one locked now is not due before the next period.
		statement.released = Self::release_due(&pool, period);
		Baseline::<T>::put(Self::spendable(&pool));
		Statements::<T>::insert(period, statement);
		if let Some(old) = period.checked_sub(T::MaxStatements::get()) {
			Statements::<T>::remove(old);
		}
		Current::<T>::put(CurrentPeriod { index: period.saturating_add(1), start: now });
		Self::deposit_event(Event::PeriodSettled { period, statement });
	}

	/// Holds `amount` of the pool as the period's tranche; what it holds.
	fn lock(pool: &T::AccountId, period: PeriodIndex, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		if let Err(e) = T::Currency::hold(&HoldReason::LockedReserve.into(), pool, amount) {
			log::error!(target: "runtime::reserve-pool", "the rest was not locked: {e:?}");
			return Zero::zero();
		}
		Tranches::<T>::mutate(|tranches| {
			let tranche = Tranche { period, amount, released: Zero::zero() };
			if let Err(tranche) = tranches.try_push(tranche) {
				// Cannot happen (each tranche is gone after `ReleasePeriods`): kept with the
				// newest rather than unaccounted.
				if let Some(last) = tranches.last_mut() {
					last.amount = last.amount.saturating_add(tranche.amount);
				}
			}
		});
		amount
	}

	/// Releases each tranche's due part (an equal part for each period settled since the one
	/// that locked it) and forgets the tranches released in full; the amount released.
	fn release_due(pool: &T::AccountId, period: PeriodIndex) -> BalanceOf<T> {
		let periods = T::ReleasePeriods::get().max(1);
		let mut released: BalanceOf<T> = Zero::zero();
		let mut tranches = Tranches::<T>::get();
		for tranche in tranches.iter_mut() {
			let age = period.saturating_sub(tranche.period).min(periods);
			let due_in_all = if age >= periods {
				tranche.amount
			} else {
				bdes_primitives::mul_div(tranche.amount, age.into(), periods.into(), Rounding::Down)
					.unwrap_or(tranche.amount)
			};
			let due = due_in_all.saturating_sub(tranche.released);
			if due.is_zero() {
				continue;
			}
			let reason = HoldReason::LockedReserve.into();
			match T::Currency::release(&reason, pool, due, Precision::BestEffort) {
				Ok(amount) => {
					tranche.released = tranche.released.saturating_add(amount);
					released = released.saturating_add(amount);
				},
				Err(e) => log::error!(target: "runtime::reserve-pool", "release failed: {e:?}"),
			}
		}
		tranches.retain(|t| t.released < t.amount);
		Tranches::<T>::put(tranches);
		if !released.is_zero() {
			Self::deposit_event(Event::Released { period, amount: released });
		}
		released
	}

	/// What the pool holds locked: what the tranches have not released.
	pub fn locked_reserve() -> BalanceOf<T> {
		Tranches::<T>::get().iter().fold(Zero::zero(), |sum: BalanceOf<T>, t| {
			sum.saturating_add(t.amount.saturating_sub(t.released))
		})
	}

	/// The invariants: the pool's hold is what the tranches have not released; each
	/// statement adds up to its pot; the shares leave a non-negative rest.
	///
	/// Also called by the runtime's tests, so not only under `try-runtime`.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let held = T::Currency::balance_on_hold(&HoldReason::LockedReserve.into(), &T::Pool::get());
		ensure!(held == Self::locked_reserve(), "the pool's hold differs from its tranches");
		for (_, s) in Statements::<T>::iter() {
			let sum = s
				.council
				.paid
				.saturating_add(s.collators.paid)
				.saturating_add(s.candidates.paid)
				.saturating_add(s.locked)
				.saturating_add(s.unlocked);
			ensure!(sum == s.pot, "a statement does not add up to its pot");
		}
		ensure!(Shares::<T>::get().locked().is_some(), "the shares exceed the whole");
		ensure!(Authored::<T>::count() <= T::MaxAuthors::get(), "too many producers counted");
		Ok(())
	}
}
