//! The IDO pallet's logic.

use crate::*;
use bdes_primitives::{DataAssetInspect, ShareSale};
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		fungibles::{Inspect as FungiblesInspect, Mutate as FungiblesMutate},
		tokens::{Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, CheckedAdd, CheckedMul, CheckedSub, Saturating, Zero},
	Rounding, SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// The escrow account of an IDO: a sub-account of the pallet id, one per IDO, holding its
	/// offered shares and its investors' BDES and nothing else.
	pub fn escrow(ido: IdoId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(ido)
	}

	fn add(a: BalanceOf<T>, b: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		a.checked_add(&b).ok_or_else(|| Error::<T>::Overflow.into())
	}

	fn sub(a: BalanceOf<T>, b: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		a.checked_sub(&b).ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// `a × b ÷ c`, rounded down (0 when `c` is 0).
	fn mul_div(
		a: BalanceOf<T>,
		b: BalanceOf<T>,
		c: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if c.is_zero() {
			return Ok(Zero::zero());
		}
		let wide = |v: BalanceOf<T>| -> u128 { v.saturated_into() };
		let value = multiply_by_rational_with_rounding(wide(a), wide(b), wide(c), Rounding::Down)
			.ok_or(Error::<T>::Overflow)?;
		// At most `a` (b ≤ c wherever it is used), so it fits.
		let narrow: BalanceOf<T> = value.saturated_into();
		ensure!(wide(narrow) == value, Error::<T>::Overflow);
		Ok(narrow)
	}

	/// What a commitment of `amount` spends on whole share units.
	fn spendable_of(amount: BalanceOf<T>, price: BalanceOf<T>) -> BalanceOf<T> {
		if price.is_zero() {
			return Zero::zero();
		}
		(amount / price).saturating_mul(price)
	}

	fn share_asset(asset: DataAssetId) -> Result<T::ShareAssetId, DispatchError> {
		T::Shares::share_asset(asset).ok_or_else(|| Error::<T>::NoShares.into())
	}

	/// The raise less the fee: what the tranches pay out.
	fn net(ido: &IdoOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		Self::sub(ido.raised, ido.fee)
	}

	// ---- proposal ---------------------------------------------------------------------------

	fn check_terms(terms: &TermsOf<T>, now: BlockNumberFor<T>) -> DispatchResult {
		ensure!(!terms.shares.is_zero() && !terms.price.is_zero(), Error::<T>::ZeroAmount);
		ensure!(!terms.soft_cap.is_zero() && terms.soft_cap <= terms.hard_cap, Error::<T>::BadCaps);
		let worth = terms.shares.checked_mul(&terms.price).ok_or(Error::<T>::Overflow)?;
		ensure!(terms.hard_cap <= worth, Error::<T>::HardCapTooHigh);
		ensure!(
			terms.min_commit >= T::MinCommitment::get()
				&& terms.min_commit <= terms.max_commit
				&& terms.max_commit <= terms.hard_cap,
			Error::<T>::BadBounds
		);
		let longest = T::MaxDuration::get();
		ensure!(
			now < terms.start
				&& terms.start < terms.end
				&& terms.end.saturating_sub(terms.start) <= longest
				&& terms.start.saturating_sub(now) <= longest,
			Error::<T>::BadWindow
		);
		ensure!(!terms.tranches.is_empty(), Error::<T>::BadPlan);
		let mut parts: u32 = 0;
		let mut after = terms.end;
		for tranche in terms.tranches.iter() {
			let part = tranche.share.deconstruct();
			ensure!(part > 0 && tranche.earliest >= after, Error::<T>::BadPlan);
			parts = parts.saturating_add(part);
			after = tranche.earliest;
		}
		ensure!(parts == sp_runtime::Permill::one().deconstruct(), Error::<T>::BadPlan);
		Ok(())
	}

	/// What a proposal needs of the asset, its owner and its terms.
	fn check_proposal(
		who: &T::AccountId,
		asset: DataAssetId,
		terms: &TermsOf<T>,
	) -> DispatchResult {
		let owner = T::DataAssets::owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(&owner == who, Error::<T>::NotOwner);
		ensure!(T::DataAssets::is_listed(asset), Error::<T>::NotListed);
		ensure!(
			T::DataAssets::rating(asset).is_some_and(|r| r >= T::MinRating::get()),
			Error::<T>::RatingTooLow
		);
		ensure!(!OpenIdo::<T>::contains_key(asset), Error::<T>::AlreadyOpen);
		Self::check_terms(terms, frame_system::Pallet::<T>::block_number())
	}

	pub(crate) fn do_propose(
		who: T::AccountId,
		asset: DataAssetId,
		terms: TermsOf<T>,
	) -> DispatchResult {
		Self::check_proposal(&who, asset, &terms)?;
		Self::open_proposal(who, asset, terms)
	}

	/// A checked proposal: the shares into the escrow, the deposit held, the record.
	fn open_proposal(who: T::AccountId, asset: DataAssetId, terms: TermsOf<T>) -> DispatchResult {
		let share_asset = Self::share_asset(asset)?;

		let id = NextIdoId::<T>::get();
		NextIdoId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let escrow = Self::escrow(id);
		// The escrow keeps an existential deposit of the owner's while it owes anything, so no
		// payout from it ever reaps it (the last units of a refund or of rounding would go as
		// dust) and it can hold the share tokens.
		let buffer = T::Currency::minimum_balance();
		T::Currency::transfer(&who, &escrow, buffer, Preservation::Preserve)?;
		// The 51% lock's freeze keeps the locked shares where they are.
		T::Fungibles::transfer(share_asset, &who, &escrow, terms.shares, Preservation::Expendable)?;
		let deposit = T::IdoDeposit::get();
		T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
		let shares = terms.shares;
		Idos::<T>::insert(
			id,
			IdoInfo {
				asset,
				owner: who.clone(),
				terms,
				status: Status::Proposed,
				investors: 0,
				committed: Zero::zero(),
				spendable: Zero::zero(),
				cursor: 0,
				sold: Zero::zero(),
				raised: Zero::zero(),
				fee: Zero::zero(),
				released: Zero::zero(),
				refunded: Zero::zero(),
				stop_refunds: Zero::zero(),
				owed: Zero::zero(),
				deposit,
				buffer,
			},
		);
		OpenIdo::<T>::insert(asset, id);
		Self::deposit_event(Event::Proposed { ido: id, asset, owner: who, shares });
		Ok(())
	}

	pub(crate) fn do_propose_issuing(
		who: T::AccountId,
		asset: DataAssetId,
		issue: ShareIssueOf<T>,
		terms: TermsOf<T>,
	) -> DispatchResult {
		ensure!(T::Shares::share_asset(asset).is_none(), Error::<T>::AlreadyIssued);
		// The proposal's own checks first, so that a bad proposal fails before the issue's
		// deposits are taken (the call is transactional either way).
		Self::check_proposal(&who, asset, &terms)?;
		T::Shares::issue(
			asset,
			&who,
			issue.supply,
			issue.name.into_inner(),
			issue.symbol.into_inner(),
			issue.decimals,
		)?;
		Self::open_proposal(who, asset, terms)
	}

	pub(crate) fn do_approve(id: IdoId) -> DispatchResult {
		let mut ido = Idos::<T>::get(id).ok_or(Error::<T>::UnknownIdo)?;
		ensure!(ido.status == Status::Proposed, Error::<T>::WrongStatus);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < ido.terms.start, Error::<T>::BadWindow);
		Unsettled::<T>::try_mutate(|open| open.try_push(id))
			.map_err(|_| Error::<T>::TooManyOpen)?;
		ido.status = Status::Approved;
		Idos::<T>::insert(id, ido);
		Self::deposit_event(Event::Approved { ido: id });
		Ok(())
	}

	pub(crate) fn do_reject(id: IdoId) -> DispatchResult {
		let mut ido = Idos::<T>::get(id).ok_or(Error::<T>::UnknownIdo)?;
		ensure!(ido.status == Status::Proposed, Error::<T>::WrongStatus);
		let share_asset = Self::share_asset(ido.asset)?;
		T::Fungibles::transfer(
			share_asset,
			&Self::escrow(id),
			&ido.owner,
			ido.terms.shares,
			Preservation::Expendable,
		)?;
		Self::deposit_event(Event::NotApproved { ido: id });
		Self::close(id, &mut ido, Outcome::NotApproved)?;
		Idos::<T>::insert(id, ido);
		Ok(())
	}

	// ---- commitments ------------------------------------------------------------------------

	fn open_ido(id: IdoId) -> Result<IdoOf<T>, DispatchError> {
		let ido = Idos::<T>::get(id).ok_or(Error::<T>::UnknownIdo)?;
		ensure!(ido.status == Status::Approved, Error::<T>::WrongStatus);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(ido.terms.start <= now && now < ido.terms.end, Error::<T>::NotOpen);
		Ok(ido)
	}

	pub(crate) fn do_commit(who: T::AccountId, id: IdoId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut ido = Self::open_ido(id)?;
		let room = ido.terms.hard_cap.saturating_sub(ido.committed);
		ensure!(!room.is_zero(), Error::<T>::HardCapReached);
		let taken = amount.min(room);
		let mut commitment = match Commitments::<T>::get(id, &who) {
			Some(commitment) => commitment,
			None => {
				ensure!(ido.investors < T::MaxInvestors::get(), Error::<T>::TooManyInvestors);
				let index = ido.investors;
				Investors::<T>::insert(id, index, &who);
				ido.investors = index.saturating_add(1);
				Commitment {
					index,
					amount: Zero::zero(),
					shares: Zero::zero(),
					returned: Zero::zero(),
					refunded: Zero::zero(),
					owed: Zero::zero(),
					deferred: false,
				}
			},
		};
		let total = Self::add(commitment.amount, taken)?;
		ensure!(
			total >= ido.terms.min_commit && total <= ido.terms.max_commit,
			Error::<T>::OutOfBounds
		);
		// Only what the investor may spend: transfers respect holds and freezes.
		T::Currency::transfer(&who, &Self::escrow(id), taken, Preservation::Preserve)?;
		Self::recommit(&mut ido, &mut commitment, total)?;
		Commitments::<T>::insert(id, &who, commitment);
		Idos::<T>::insert(id, ido);
		Self::deposit_event(Event::Committed { ido: id, who, amount: taken, total });
		Ok(())
	}

	pub(crate) fn do_withdraw(
		who: T::AccountId,
		id: IdoId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut ido = Self::open_ido(id)?;
		let mut commitment = Commitments::<T>::get(id, &who).ok_or(Error::<T>::NoCommitment)?;
		let total = commitment
			.amount
			.checked_sub(&amount)
			.ok_or(Error::<T>::InsufficientCommitment)?;
		ensure!(total.is_zero() || total >= ido.terms.min_commit, Error::<T>::OutOfBounds);
		T::Currency::transfer(&Self::escrow(id), &who, amount, Preservation::Preserve)?;
		Self::recommit(&mut ido, &mut commitment, total)?;
		Commitments::<T>::insert(id, &who, commitment);
		Idos::<T>::insert(id, ido);
		Self::deposit_event(Event::Withdrawn { ido: id, who, amount, total });
		Ok(())
	}

	/// Sets a commitment to `total`, keeping the IDO's sums in step.
	fn recommit(
		ido: &mut IdoOf<T>,
		commitment: &mut CommitmentOf<T>,
		total: BalanceOf<T>,
	) -> DispatchResult {
		let price = ido.terms.price;
		ido.committed = Self::add(Self::sub(ido.committed, commitment.amount)?, total)?;
		ido.spendable = Self::add(
			Self::sub(ido.spendable, Self::spendable_of(commitment.amount, price))?,
			Self::spendable_of(total, price),
		)?;
		commitment.amount = total;
		Ok(())
	}

	// ---- settlement -------------------------------------------------------------------------

	/// Pays `amount` from the escrow to `who` as a refund, in a storage layer of its own: what
	/// cannot be paid now (the investor cannot receive it) is owed, for `claim`.
	fn refund(
		id: IdoId,
		ido: &mut IdoOf<T>,
		who: &T::AccountId,
		commitment: &mut CommitmentOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let paid = with_storage_layer(|| {
			T::Currency::transfer(&Self::escrow(id), who, amount, Preservation::Preserve)
		})
		.is_ok();
		commitment.refunded = Self::add(commitment.refunded, amount)?;
		ido.refunded = Self::add(ido.refunded, amount)?;
		if !paid {
			commitment.owed = Self::add(commitment.owed, amount)?;
			ido.owed = Self::add(ido.owed, amount)?;
		}
		Self::deposit_event(Event::Refunded { ido: id, who: who.clone(), amount, owed: !paid });
		Ok(())
	}

	/// Moves an ended IDO on: decides its outcome, then settles up to `limit` investors of the
	/// current step and closes the step when every investor is done. Returns the investors
	/// handled.
	pub(crate) fn do_settle(id: IdoId, limit: u32) -> Result<u32, DispatchError> {
		let mut ido = Idos::<T>::get(id).ok_or(Error::<T>::UnknownIdo)?;
		if ido.status == Status::Approved {
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= ido.terms.end, Error::<T>::NotEnded);
			let funded = ido.committed >= ido.terms.soft_cap;
			ido.status = if funded { Status::Allocating } else { Status::Failing };
			ido.cursor = 0;
			Self::deposit_event(Event::Ended { ido: id, committed: ido.committed, funded });
		}
		ensure!(
			matches!(ido.status, Status::Failing | Status::Allocating | Status::Closing { .. }),
			Error::<T>::WrongStatus
		);
		let mut handled = 0u32;
		while handled < limit && ido.cursor < ido.investors {
			let who = Investors::<T>::get(id, ido.cursor).ok_or(Error::<T>::Overflow)?;
			let mut commitment = Commitments::<T>::get(id, &who).ok_or(Error::<T>::Overflow)?;
			match ido.status {
				Status::Failing => {
					let amount = commitment.amount;
					Self::refund(id, &mut ido, &who, &mut commitment, amount)?;
				},
				Status::Allocating => Self::allocate(id, &mut ido, &who, &mut commitment)?,
				Status::Closing { rejected } => {
					Self::close_investor(id, &mut ido, &who, &mut commitment, rejected)?
				},
				_ => return Err(Error::<T>::WrongStatus.into()),
			}
			Commitments::<T>::insert(id, &who, commitment);
			ido.cursor.saturating_inc();
			handled.saturating_inc();
		}
		if ido.cursor >= ido.investors {
			Self::finish_step(id, &mut ido)?;
		}
		Idos::<T>::insert(id, ido);
		Ok(handled)
	}

	/// One investor of a funded IDO: its shares delivered, staked and locked, its remainder
	/// refunded; or, if it cannot receive them, all of it refunded.
	fn allocate(
		id: IdoId,
		ido: &mut IdoOf<T>,
		who: &T::AccountId,
		commitment: &mut CommitmentOf<T>,
	) -> DispatchResult {
		let price = ido.terms.price;
		let shares = commitment.amount / price;
		let spent = shares.saturating_mul(price);
		let delivered = !shares.is_zero()
			&& with_storage_layer(|| {
				let share_asset = Self::share_asset(ido.asset)?;
				T::Fungibles::transfer(
					share_asset,
					&Self::escrow(id),
					who,
					shares,
					Preservation::Expendable,
				)?;
				T::Shares::stake_locked(ido.asset, who, shares)
			})
			.is_ok();
		let refund = if delivered {
			commitment.shares = shares;
			ido.sold = Self::add(ido.sold, shares)?;
			ido.raised = Self::add(ido.raised, spent)?;
			Self::deposit_event(Event::Allocated { ido: id, who: who.clone(), shares });
			Self::sub(commitment.amount, spent)?
		} else {
			if !shares.is_zero() {
				Self::deposit_event(Event::NotDelivered { ido: id, who: who.clone() });
			}
			commitment.amount
		};
		Self::refund(id, ido, who, commitment, refund)
	}

	/// One investor of a plan that is over: its shares unlocked; after a stop, its part of the
	/// unreleased funds refunded and the shares it paid for with them returned to the owner.
	fn close_investor(
		id: IdoId,
		ido: &mut IdoOf<T>,
		who: &T::AccountId,
		commitment: &mut CommitmentOf<T>,
		rejected: bool,
	) -> DispatchResult {
		if commitment.shares.is_zero() {
			return Ok(());
		}
		if rejected {
			let net = Self::net(ido)?;
			let unreleased = Self::sub(net, ido.released)?;
			let paid = commitment.shares.saturating_mul(ido.terms.price);
			let refund = Self::mul_div(unreleased, paid, ido.raised)?;
			Self::refund(id, ido, who, commitment, refund)?;
			ido.stop_refunds = Self::add(ido.stop_refunds, refund)?;
		}
		Self::close_shares(id, ido, who, commitment, rejected);
		Ok(())
	}

	/// Unlocks an investor's shares and, after a stop, returns those it was refunded for: in a
	/// storage layer of its own, so that a failure defers only this investor (`claim` retries).
	fn close_shares(
		id: IdoId,
		ido: &IdoOf<T>,
		who: &T::AccountId,
		commitment: &mut CommitmentOf<T>,
		rejected: bool,
	) {
		let shares = commitment.shares;
		let closed = with_storage_layer(|| -> Result<BalanceOf<T>, DispatchError> {
			let kept = if rejected {
				let net = Self::net(ido)?;
				Self::mul_div(shares, ido.released, net)?
			} else {
				shares
			};
			let returned = Self::sub(shares, kept)?;
			if !returned.is_zero() {
				T::Shares::unlock(ido.asset, who, returned, true)?;
				T::Fungibles::transfer(
					Self::share_asset(ido.asset)?,
					who,
					&ido.owner,
					returned,
					Preservation::Expendable,
				)?;
			}
			T::Shares::unlock(ido.asset, who, kept, false)?;
			Ok(returned)
		});
		match closed {
			Ok(returned) => {
				commitment.returned = returned;
				commitment.deferred = false;
				Self::deposit_event(Event::Unlocked {
					ido: id,
					who: who.clone(),
					kept: shares.saturating_sub(returned),
					returned,
				});
			},
			Err(_) => {
				commitment.deferred = true;
				Self::deposit_event(Event::CloseDeferred { ido: id, who: who.clone() });
			},
		}
	}

	/// Every investor of the current step is settled: what follows it.
	fn finish_step(id: IdoId, ido: &mut IdoOf<T>) -> DispatchResult {
		let escrow = Self::escrow(id);
		match ido.status {
			Status::Failing => {
				let share_asset = Self::share_asset(ido.asset)?;
				T::Fungibles::transfer(
					share_asset,
					&escrow,
					&ido.owner,
					ido.terms.shares,
					Preservation::Expendable,
				)?;
				Self::close(id, ido, Outcome::Failed)
			},
			Status::Allocating => {
				let unsold = Self::sub(ido.terms.shares, ido.sold)?;
				if !unsold.is_zero() {
					let share_asset = Self::share_asset(ido.asset)?;
					T::Fungibles::transfer(
						share_asset,
						&escrow,
						&ido.owner,
						unsold,
						Preservation::Expendable,
					)?;
				}
				if ido.sold.is_zero() {
					// Nobody could take their shares: all was refunded.
					return Self::close(id, ido, Outcome::Failed);
				}
				ido.fee = T::ProtocolFee::get().mul_floor(ido.raised);
				if !ido.fee.is_zero() {
					T::Currency::transfer(
						&escrow,
						&T::FeeDestination::get(),
						ido.fee,
						Preservation::Preserve,
					)?;
				}
				ido.status = Status::Funded { released: 0 };
				Unsettled::<T>::mutate(|open| open.retain(|other| *other != id));
				Self::deposit_event(Event::Funded {
					ido: id,
					sold: ido.sold,
					raised: ido.raised,
					fee: ido.fee,
					unsold,
				});
				Ok(())
			},
			Status::Closing { rejected } => {
				if rejected {
					// What rounding down the refunds left is the owner's: it was raised.
					let unreleased = Self::sub(Self::net(ido)?, ido.released)?;
					let dust = Self::sub(unreleased, ido.stop_refunds)?;
					if !dust.is_zero() {
						T::Currency::transfer(&escrow, &ido.owner, dust, Preservation::Preserve)?;
						ido.released = Self::add(ido.released, dust)?;
					}
				}
				let outcome = if rejected { Outcome::Stopped } else { Outcome::Completed };
				Self::close(id, ido, outcome)
			},
			_ => Err(Error::<T>::WrongStatus.into()),
		}
	}

	/// Closes an IDO: its deposit released, its asset free for another IDO, its escrow's
	/// buffer back to the owner once nothing is owed from it.
	fn close(id: IdoId, ido: &mut IdoOf<T>, outcome: Outcome) -> DispatchResult {
		T::Currency::release(
			&HoldReason::Deposit.into(),
			&ido.owner,
			ido.deposit,
			Precision::Exact,
		)?;
		ido.status = Status::Closed { outcome };
		OpenIdo::<T>::remove(ido.asset);
		Unsettled::<T>::mutate(|open| open.retain(|other| *other != id));
		Self::deposit_event(Event::Closed { ido: id, outcome });
		Self::return_buffer(id, ido)
	}

	/// Empties a closed IDO's escrow to its owner (the buffer, and dust of a reaped refund's
	/// account, if any) once it owes nothing.
	fn return_buffer(id: IdoId, ido: &mut IdoOf<T>) -> DispatchResult {
		if !ido.owed.is_zero() || ido.buffer.is_zero() {
			return Ok(());
		}
		let escrow = Self::escrow(id);
		let left = T::Currency::balance(&escrow);
		T::Currency::transfer(&escrow, &ido.owner, left, Preservation::Expendable)?;
		ido.buffer = Zero::zero();
		Ok(())
	}

	// ---- the plan ---------------------------------------------------------------------------

	pub(crate) fn do_release_tranche(id: IdoId) -> DispatchResult {
		let mut ido = Idos::<T>::get(id).ok_or(Error::<T>::UnknownIdo)?;
		let Status::Funded { released: index } = ido.status else {
			return Err(Error::<T>::WrongStatus.into());
		};
		let tranches = ido.terms.tranches.len();
		let tranche = ido.terms.tranches.get(usize::from(index)).ok_or(Error::<T>::WrongStatus)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= tranche.earliest, Error::<T>::TooEarly);
		let net = Self::net(&ido)?;
		let last = usize::from(index).saturating_add(1) == tranches;
		// The last tranche takes what rounding left, so the plan pays out the net exactly.
		let amount =
			if last { Self::sub(net, ido.released)? } else { tranche.share.mul_floor(net) };
		T::Currency::transfer(&Self::escrow(id), &ido.owner, amount, Preservation::Preserve)?;
		ido.released = Self::add(ido.released, amount)?;
		if last {
			Self::start_closing(id, &mut ido, false);
		} else {
			ido.status = Status::Funded { released: index.saturating_add(1) };
		}
		Idos::<T>::insert(id, ido);
		Self::deposit_event(Event::TrancheReleased { ido: id, index, amount });
		Ok(())
	}

	pub(crate) fn do_stop(id: IdoId) -> DispatchResult {
		let mut ido = Idos::<T>::get(id).ok_or(Error::<T>::UnknownIdo)?;
		ensure!(matches!(ido.status, Status::Funded { .. }), Error::<T>::WrongStatus);
		let unreleased = Self::sub(Self::net(&ido)?, ido.released)?;
		Self::start_closing(id, &mut ido, true);
		Idos::<T>::insert(id, ido);
		Self::deposit_event(Event::Stopped { ido: id, unreleased });
		Ok(())
	}

	/// Queues the close for idle time (when the queue is full, `settle` calls still do it).
	fn start_closing(id: IdoId, ido: &mut IdoOf<T>, rejected: bool) {
		ido.status = Status::Closing { rejected };
		ido.cursor = 0;
		let _ = Unsettled::<T>::try_mutate(|open| open.try_push(id));
	}

	pub(crate) fn do_claim(who: T::AccountId, id: IdoId) -> DispatchResult {
		let mut ido = Idos::<T>::get(id).ok_or(Error::<T>::UnknownIdo)?;
		let mut commitment = Commitments::<T>::get(id, &who).ok_or(Error::<T>::NoCommitment)?;
		let owed = commitment.owed;
		let retry = commitment.deferred;
		ensure!(!owed.is_zero() || retry, Error::<T>::NothingToClaim);
		if !owed.is_zero() {
			T::Currency::transfer(&Self::escrow(id), &who, owed, Preservation::Preserve)?;
			commitment.owed = Zero::zero();
			ido.owed = Self::sub(ido.owed, owed)?;
			Self::deposit_event(Event::Claimed { ido: id, who: who.clone(), amount: owed });
		}
		if retry {
			let rejected = matches!(
				ido.status,
				Status::Closing { rejected: true } | Status::Closed { outcome: Outcome::Stopped }
			);
			Self::close_shares(id, &ido, &who, &mut commitment, rejected);
		}
		Commitments::<T>::insert(id, &who, commitment);
		if matches!(ido.status, Status::Closed { .. }) {
			Self::return_buffer(id, &mut ido)?;
		}
		Idos::<T>::insert(id, ido);
		Ok(())
	}

	/// A settlement of `n` investors: the heaviest of its steps (allocating, refunding a failed
	/// IDO, closing a stopped plan), each with the close of the step.
	pub fn settle_weight(n: u32) -> Weight {
		T::WeightInfo::settle(n)
			.max(T::WeightInfo::settle_stopped(n))
			.max(T::WeightInfo::settle_failed(n))
	}

	/// A claim, with the deferred close of one investor it may redo.
	pub fn claim_weight() -> Weight {
		let step =
			T::WeightInfo::settle_stopped(2).saturating_sub(T::WeightInfo::settle_stopped(1));
		T::WeightInfo::claim().saturating_add(step)
	}

	/// Settles what idle time affords, one IDO a block: the first in the queue that has
	/// something to settle.
	pub(crate) fn idle_settle(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		let queue = Unsettled::<T>::get();
		let mut used = db.reads(1);
		let now = frame_system::Pallet::<T>::block_number();
		let base = Self::settle_weight(0);
		let per = Self::settle_weight(1).saturating_sub(base);
		for id in queue {
			used.saturating_accrue(db.reads(1));
			if !remaining.all_gte(used.saturating_add(base)) {
				break;
			}
			let Some(ido) = Idos::<T>::get(id) else { continue };
			let due = match ido.status {
				Status::Approved => now >= ido.terms.end,
				Status::Failing | Status::Allocating | Status::Closing { .. } => true,
				_ => false,
			};
			if !due {
				continue;
			}
			let left = remaining.saturating_sub(used).saturating_sub(base);
			let fits = left.checked_div_per_component(&per).unwrap_or(0);
			let limit = u32::try_from(fits).unwrap_or(u32::MAX);
			if let Ok(handled) = Self::do_settle(id, limit) {
				used.saturating_accrue(Self::settle_weight(handled));
			}
			break;
		}
		used
	}

	// ---- views and checks -------------------------------------------------------------------

	/// An IDO as the runtime API shows it.
	pub fn view(
		id: IdoId,
	) -> Option<runtime_api::IdoView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let ido = Idos::<T>::get(id)?;
		let terms = ido.terms;
		let tranches = terms
			.tranches
			.into_iter()
			.map(|t| Tranche {
				share: t.share,
				earliest: t.earliest,
				milestone: t.milestone.into_inner(),
			})
			.collect();
		Some(IdoInfo {
			asset: ido.asset,
			owner: ido.owner,
			terms: Terms {
				shares: terms.shares,
				price: terms.price,
				soft_cap: terms.soft_cap,
				hard_cap: terms.hard_cap,
				min_commit: terms.min_commit,
				max_commit: terms.max_commit,
				start: terms.start,
				end: terms.end,
				tranches,
			},
			status: ido.status,
			investors: ido.investors,
			committed: ido.committed,
			spendable: ido.spendable,
			cursor: ido.cursor,
			sold: ido.sold,
			raised: ido.raised,
			fee: ido.fee,
			released: ido.released,
			refunded: ido.refunded,
			stop_refunds: ido.stop_refunds,
			owed: ido.owed,
			deposit: ido.deposit,
			buffer: ido.buffer,
		})
	}

	/// IDOs, oldest first, of `asset` (or all), only those not closed when `open`.
	pub fn list(
		asset: Option<DataAssetId>,
		open: bool,
	) -> alloc::vec::Vec<(IdoId, DataAssetId, Status)> {
		let mut all: alloc::vec::Vec<_> = Idos::<T>::iter()
			.filter(|(_, ido)| asset.is_none_or(|a| a == ido.asset))
			.filter(|(_, ido)| !open || !matches!(ido.status, Status::Closed { .. }))
			.map(|(id, ido)| (id, ido.asset, ido.status))
			.collect();
		all.sort_by_key(|(id, ..)| *id);
		all
	}

	/// Checks that every IDO's escrow holds exactly what its records still owe, and that what
	/// came in is what went out for those closed.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, ido) in Idos::<T>::iter() {
			let escrow = Self::escrow(id);
			let mut owed: BalanceOf<T> = Zero::zero();
			let mut shares: BalanceOf<T> = Zero::zero();
			let mut committed: BalanceOf<T> = Zero::zero();
			let mut count = 0u32;
			for (_, commitment) in Commitments::<T>::iter_prefix(id) {
				owed = owed.saturating_add(commitment.owed);
				shares = shares.saturating_add(commitment.shares);
				committed = committed.saturating_add(commitment.amount);
				count.saturating_inc();
			}
			ensure!(count == ido.investors, "investor count differs");
			ensure!(owed == ido.owed, "owed amounts do not add up");
			ensure!(committed == ido.committed, "commitments do not add up");
			ensure!(shares == ido.sold, "delivered shares do not add up");
			// BDES in: commitments; out: releases, the fee, refunds paid (owed ones stay).
			let paid_refunds = ido.refunded.saturating_sub(owed);
			let expected = ido
				.committed
				.checked_add(&ido.buffer)
				.and_then(|v| v.checked_sub(&ido.released))
				.and_then(|v| v.checked_sub(&ido.fee))
				.and_then(|v| v.checked_sub(&paid_refunds))
				.ok_or("escrow paid out more than came in")?;
			ensure!(
				T::Currency::total_balance(&escrow) == expected,
				"escrow BDES differ from what the records owe"
			);
			let in_escrow = match ido.status {
				Status::Proposed | Status::Approved | Status::Failing => Some(ido.terms.shares),
				Status::Allocating => ido.terms.shares.checked_sub(&ido.sold),
				_ => Some(Zero::zero()),
			}
			.ok_or("more shares sold than offered")?;
			if let Some(share_asset) = T::Shares::share_asset(ido.asset) {
				ensure!(
					T::Fungibles::balance(share_asset, &escrow) == in_escrow,
					"escrow shares differ from what the records owe"
				);
			}
			if let Status::Closed { outcome } = ido.status {
				ensure!(
					ido.released.saturating_add(ido.fee).saturating_add(ido.refunded)
						== ido.committed,
					"released, fee and refunds do not add up to the commitments"
				);
				ensure!(
					outcome != Outcome::Failed || ido.sold.is_zero(),
					"a failed IDO delivered shares"
				);
			}
		}
		Ok(())
	}
}
