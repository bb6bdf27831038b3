//! The compute pallet's logic.

use crate::*;
use alloc::vec::Vec;
use bdes_primitives::{mul_div, DataAssetInspect, DataAssetMint, LicenceUse};
use codec::Encode;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{AccountIdConversion, Bounded, CheckedAdd, CheckedMul, CheckedSub, Saturating, Zero},
	Rounding, SaturatedConversion,
};

/// Standby rewards per unit of capacity are kept scaled by this.
pub const REWARD_SCALE: u128 = 1_000_000_000;

/// What `pick` found.
pub(crate) struct Picked {
	pub providers: Vec<ProviderIndex>,
	/// Providers looked at (picked, skipped or removed as stale).
	pub looks: u32,
}

impl<T: Config> Pallet<T> {
	/// The escrow account of a task: a sub-account of the pallet id, one per task, holding
	/// its cost at its most and nothing else.
	pub fn escrow(task: TaskId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(task)
	}

	fn add(a: BalanceOf<T>, b: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		a.checked_add(&b).ok_or_else(|| Error::<T>::Overflow.into())
	}

	fn sub(a: BalanceOf<T>, b: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		a.checked_sub(&b).ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// What `fuel` costs at `price` per million fuel, rounded up.
	pub fn cost(fuel: Fuel, price: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		let wide = fuel as u128;
		let fuel: BalanceOf<T> = wide.saturated_into();
		ensure!(fuel.saturated_into::<u128>() == wide, Error::<T>::Overflow);
		let unit: BalanceOf<T> = FUEL_PER_PRICE_UNIT.saturated_into();
		mul_div(fuel, price, unit, Rounding::Up).ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// The model fee on `compute` paid to providers.
	fn model_fee_of(fee: ModelFee<BalanceOf<T>>, compute: BalanceOf<T>) -> BalanceOf<T> {
		match fee {
			ModelFee::Fixed(amount) => amount,
			ModelFee::Share(part) => part.mul_ceil(compute),
		}
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	fn epoch_of(n: BlockNumberFor<T>) -> u32 {
		(n / T::EpochLength::get()).saturated_into()
	}

	fn is_fresh(info: &ProviderOf<T>, now: BlockNumberFor<T>) -> bool {
		now <= info.last_heartbeat.saturating_add(T::HeartbeatInterval::get())
	}

	/// Holds `amount` of `who`'s spendable balance: funds under a freeze (a vesting lock,
	/// staked tokens) are not taken, though the balances pallet would let a hold overlap them.
	fn hold_spendable(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		bdes_primitives::hold_spendable::<_, T::Currency>(&reason.into(), who, amount)
	}

	// ---- Models ----

	pub(crate) fn do_register_model(mut model: ModelOf<T>) -> DispatchResult {
		ensure!(
			model.inputs > 0
				&& u32::from(model.inputs) <= T::MaxInputs::get()
				&& !model.code.is_empty(),
			Error::<T>::BadModel
		);
		let id = NextModelId::<T>::get();
		NextModelId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::ModelDeposit::get();
		Self::hold_spendable(HoldReason::Deposit, &model.owner, deposit)?;
		model.deposit = deposit;
		let (owner, code_hash) = (model.owner.clone(), model.code_hash);
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ModelRegistered { model: id, owner, code_hash });
		Ok(())
	}

	pub(crate) fn do_approve_model(id: ModelId) -> DispatchResult {
		Models::<T>::try_mutate(id, |model| {
			let model = model.as_mut().ok_or(Error::<T>::UnknownModel)?;
			ensure!(model.status == ModelStatus::Registered, Error::<T>::WrongModelStatus);
			model.status = ModelStatus::Approved;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::ModelApproved { model: id });
		Ok(())
	}

	pub(crate) fn do_retire_model(by: Option<T::AccountId>, id: ModelId) -> DispatchResult {
		let mut model = Models::<T>::get(id).ok_or(Error::<T>::UnknownModel)?;
		if let Some(who) = by {
			ensure!(who == model.owner, Error::<T>::NotModelOwner);
		}
		ensure!(model.status != ModelStatus::Retired, Error::<T>::WrongModelStatus);
		T::Currency::release(
			&HoldReason::Deposit.into(),
			&model.owner,
			model.deposit,
			Precision::BestEffort,
		)?;
		model.status = ModelStatus::Retired;
		model.deposit = Zero::zero();
		// Kept: results' provenance names it, and open tasks still pay its owner.
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ModelRetired { model: id });
		Ok(())
	}

	// ---- Providers and their queues ----

	/// Puts a provider at the end of its load's queue. `info` is `index`'s record, stored by
	/// the caller; only the old tail's record is written here.
	fn enqueue(index: ProviderIndex, info: &mut ProviderOf<T>) -> DispatchResult {
		let load = info.load;
		ensure!(load < 128, Error::<T>::BadCapacity);
		let ends = match QueueEnds::<T>::get(load) {
			Some((head, tail)) => {
				Providers::<T>::try_mutate(tail, |t| -> DispatchResult {
					let t = t.as_mut().ok_or(Error::<T>::NotProvider)?;
					t.next = Some(index);
					Ok(())
				})?;
				info.prev = Some(tail);
				(head, index)
			},
			None => {
				Loads::<T>::mutate(|bits| *bits |= 1u128 << load);
				info.prev = None;
				(index, index)
			},
		};
		info.next = None;
		QueueEnds::<T>::insert(load, ends);
		info.queued = true;
		Ok(())
	}

	/// Takes a provider out of its load's queue, linking its neighbours to each other.
	/// `info` is `index`'s record as stored (its links current), stored again by the caller.
	fn dequeue(index: ProviderIndex, info: &mut ProviderOf<T>) {
		let load = info.load;
		let relink = |neighbour: Option<ProviderIndex>, f: &dyn Fn(&mut ProviderOf<T>)| {
			if let Some(n) = neighbour.filter(|n| *n != index) {
				Providers::<T>::mutate(n, |r| {
					if let Some(r) = r {
						f(r)
					}
				});
			}
		};
		let (prev, next) = (info.prev, info.next);
		relink(prev, &|r| r.next = next);
		relink(next, &|r| r.prev = prev);
		if let Some((head, tail)) = QueueEnds::<T>::get(load) {
			let head = if head == index { next } else { Some(head) };
			let tail = if tail == index { prev } else { Some(tail) };
			match (head, tail) {
				(Some(h), Some(t)) => QueueEnds::<T>::insert(load, (h, t)),
				_ => {
					QueueEnds::<T>::remove(load);
					Loads::<T>::mutate(|bits| *bits &= !(1u128 << load));
				},
			}
		}
		info.prev = None;
		info.next = None;
		info.queued = false;
	}

	/// Whether a provider belongs in a queue now.
	fn eligible(info: &ProviderOf<T>, now: BlockNumberFor<T>) -> bool {
		!info.leaving && info.load < info.capacity && Self::is_fresh(info, now)
	}

	/// One more open task for `index`; its price.
	fn load_up(index: ProviderIndex) -> Result<BalanceOf<T>, DispatchError> {
		let mut info = Providers::<T>::get(index).ok_or(Error::<T>::NotProvider)?;
		if info.queued {
			Self::dequeue(index, &mut info);
		}
		info.load = info.load.checked_add(1).ok_or(Error::<T>::Overflow)?;
		if Self::eligible(&info, Self::now()) {
			Self::enqueue(index, &mut info)?;
		}
		let price = info.price;
		Providers::<T>::insert(index, info);
		Ok(price)
	}

	/// One open task fewer for `index`; a leaving provider with none left goes.
	fn load_down(index: ProviderIndex) -> DispatchResult {
		let Some(mut info) = Providers::<T>::get(index) else { return Ok(()) };
		if info.queued {
			Self::dequeue(index, &mut info);
		}
		info.load = info.load.saturating_sub(1);
		if Self::eligible(&info, Self::now()) {
			Self::enqueue(index, &mut info)?;
		}
		Self::store_or_retire(index, info)
	}

	/// Stores a provider, or, if it is leaving with no open task, releases its bond and
	/// removes it (once its standby rewards are paid).
	fn store_or_retire(index: ProviderIndex, mut info: ProviderOf<T>) -> DispatchResult {
		if info.leaving && info.load == 0 {
			if !info.bond.is_zero() {
				T::Currency::release(
					&HoldReason::Bond.into(),
					&info.account,
					info.bond,
					Precision::BestEffort,
				)?;
				info.bond = Zero::zero();
			}
			if info.earned.is_zero() {
				ProviderIndexOf::<T>::remove(&info.account);
				Providers::<T>::remove(index);
				ProviderCount::<T>::mutate(|n| *n = n.saturating_sub(1));
				Self::deposit_event(Event::ProviderLeft { provider: index, account: info.account });
				return Ok(());
			}
		}
		Providers::<T>::insert(index, info);
		Ok(())
	}

	/// Up to `k` distinct fresh providers within `max_price`, not in `exclude`, least loaded
	/// first and, within a load, in queue order. Looks at most `MaxLooks` providers; stale
	/// ones it meets are taken out of their queues (unless `dry`, for quotes).
	pub(crate) fn pick(
		k: u32,
		max_price: BalanceOf<T>,
		exclude: &[ProviderIndex],
		dry: bool,
	) -> Picked {
		let now = Self::now();
		let mut picked = Picked { providers: Vec::new(), looks: 0 };
		let mut stale = Vec::new();
		let mut bits = Loads::<T>::get();
		'levels: while bits != 0 && (picked.providers.len() as u32) < k {
			let load = bits.trailing_zeros();
			bits &= bits - 1;
			let mut cursor = QueueEnds::<T>::get(load).map(|(head, _)| head);
			while let Some(index) = cursor {
				if (picked.providers.len() as u32) >= k || picked.looks >= T::MaxLooks::get() {
					break 'levels;
				}
				picked.looks += 1;
				let Some(info) = Providers::<T>::get(index) else { break };
				cursor = info.next;
				if !Self::is_fresh(&info, now) {
					stale.push(index);
				} else if info.price <= max_price && !exclude.contains(&index) {
					picked.providers.push(index);
				}
			}
		}
		if !dry {
			// Read again: taking one out relinks its neighbours, which may be stale too.
			for index in stale {
				if let Some(mut info) = Providers::<T>::get(index) {
					Self::dequeue(index, &mut info);
					Providers::<T>::insert(index, info);
				}
			}
		}
		picked
	}

	pub(crate) fn do_register_provider(
		who: T::AccountId,
		capacity: u32,
		price: BalanceOf<T>,
		bond: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!ProviderIndexOf::<T>::contains_key(&who), Error::<T>::AlreadyProvider);
		Self::check_terms(capacity, price, bond)?;
		let count = ProviderCount::<T>::get();
		ensure!(count < T::MaxProviders::get(), Error::<T>::TooManyProviders);
		Self::hold_spendable(HoldReason::Bond, &who, bond)?;

		let index = NextProviderIndex::<T>::get();
		NextProviderIndex::<T>::put(index.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let now = Self::now();
		let mut info = Provider {
			account: who.clone(),
			bond,
			capacity,
			price,
			load: 0,
			queued: false,
			prev: None,
			next: None,
			last_heartbeat: now,
			online_since: now,
			next_epoch: 0,
			earned: Zero::zero(),
			leaving: false,
		};
		Self::enqueue(index, &mut info)?;
		Providers::<T>::insert(index, info);
		ProviderIndexOf::<T>::insert(&who, index);
		ProviderCount::<T>::put(count.saturating_add(1));
		RegisteredCapacity::<T>::mutate(|c| *c = c.saturating_add(capacity));
		Self::deposit_event(Event::ProviderRegistered {
			provider: index,
			account: who,
			capacity,
			price,
			bond,
		});
		Ok(())
	}

	fn provider_of(who: &T::AccountId) -> Result<(ProviderIndex, ProviderOf<T>), DispatchError> {
		let index = ProviderIndexOf::<T>::get(who).ok_or(Error::<T>::NotProvider)?;
		let info = Providers::<T>::get(index).ok_or(Error::<T>::NotProvider)?;
		Ok((index, info))
	}

	/// Credits the standby rewards of the ended epochs that `info`'s run of heartbeats
	/// covered from start to end: the run began after the epoch started (so its capacity was
	/// counted in the epoch's share base) and it stayed fresh past the epoch's last block.
	pub(crate) fn credit(info: &mut ProviderOf<T>, now: BlockNumberFor<T>) {
		if info.leaving {
			return;
		}
		let fresh_until = info.last_heartbeat.saturating_add(T::HeartbeatInterval::get());
		// The first epoch that starts after the run began.
		let first = Self::epoch_of(info.online_since).saturating_add(1).max(info.next_epoch);
		// Epochs end before `fresh_until + 1`, and before the current one.
		let covered = Self::epoch_of(fresh_until.saturating_add(1u32.into()));
		let end = covered.min(Self::epoch_of(now));
		if end <= first {
			return;
		}
		let per_unit =
			RewardPerCapacity::<T>::get(end).saturating_sub(RewardPerCapacity::<T>::get(first));
		let amount = per_unit.saturating_mul(info.capacity.into()) / REWARD_SCALE;
		info.earned = info.earned.saturating_add(amount.saturated_into());
		info.next_epoch = end;
	}

	/// Returns whether the heartbeat was due (free).
	pub(crate) fn do_heartbeat(who: T::AccountId) -> Result<bool, DispatchError> {
		let (index, mut info) = Self::provider_of(&who)?;
		ensure!(!info.leaving, Error::<T>::Leaving);
		let now = Self::now();
		let interval = T::HeartbeatInterval::get();
		let stale = !Self::is_fresh(&info, now);
		if stale {
			// The run ended: credit what it covered, and start a new one.
			Self::credit(&mut info, now);
			info.online_since = now;
		}
		let half = interval / 2u32.into();
		let due = stale || now >= info.last_heartbeat.saturating_add(half);
		info.last_heartbeat = now;
		Self::credit(&mut info, now);
		if !info.queued && Self::eligible(&info, now) {
			Self::enqueue(index, &mut info)?;
		}
		Providers::<T>::insert(index, info);
		Self::deposit_event(Event::Heartbeat { provider: index });
		Ok(due)
	}

	pub(crate) fn do_update_provider(
		who: T::AccountId,
		capacity: u32,
		price: BalanceOf<T>,
		add_bond: BalanceOf<T>,
	) -> DispatchResult {
		let (index, mut info) = Self::provider_of(&who)?;
		ensure!(!info.leaving, Error::<T>::Leaving);
		let bond = info.bond.checked_add(&add_bond).ok_or(Error::<T>::Overflow)?;
		Self::check_terms(capacity, price, bond)?;
		if !add_bond.is_zero() {
			Self::hold_spendable(HoldReason::Bond, &who, add_bond)?;
		}
		let now = Self::now();
		let raised = capacity > info.capacity;
		(info.price, info.bond) = (price, bond);
		Self::set_capacity(index, &mut info, capacity, now)?;
		if raised && Self::is_fresh(&info, now) {
			// The current epoch's share base counted the old capacity: like a new
			// registration, the new one earns from the next whole epoch.
			info.online_since = now;
		}
		Providers::<T>::insert(index, info);
		Self::deposit_event(Event::ProviderUpdated { provider: index, capacity, price, bond });
		Ok(())
	}

	/// Checks a provider's terms: a capacity within `MaxCapacity`, a price, and a bond of at
	/// least `BondPerCapacity` a unit.
	fn check_terms(capacity: u32, price: BalanceOf<T>, bond: BalanceOf<T>) -> DispatchResult {
		ensure!(capacity > 0 && capacity <= T::MaxCapacity::get(), Error::<T>::BadCapacity);
		ensure!(!price.is_zero(), Error::<T>::BadCapacity);
		let least = T::BondPerCapacity::get().saturating_mul(capacity.into());
		ensure!(bond >= least, Error::<T>::BondTooLow);
		Ok(())
	}

	/// Sets a provider's capacity: its rewards so far are credited at the old one first, the
	/// registered capacity follows, and it goes into or out of its queue as it is now eligible.
	fn set_capacity(
		index: ProviderIndex,
		info: &mut ProviderOf<T>,
		capacity: u32,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		Self::credit(info, now);
		RegisteredCapacity::<T>::mutate(|c| {
			*c = c.saturating_sub(info.capacity).saturating_add(capacity)
		});
		info.capacity = capacity;
		let eligible = Self::eligible(info, now);
		if info.queued && !eligible {
			Self::dequeue(index, info);
		} else if !info.queued && eligible {
			Self::enqueue(index, info)?;
		}
		Ok(())
	}

	pub(crate) fn do_deregister(who: T::AccountId) -> DispatchResult {
		let (index, mut info) = Self::provider_of(&who)?;
		ensure!(!info.leaving, Error::<T>::Leaving);
		Self::credit(&mut info, Self::now());
		if info.queued {
			Self::dequeue(index, &mut info);
		}
		info.leaving = true;
		RegisteredCapacity::<T>::mutate(|c| *c = c.saturating_sub(info.capacity));
		Self::deposit_event(Event::ProviderLeaving { provider: index });
		Self::store_or_retire(index, info)
	}

	pub(crate) fn do_claim_standby(who: T::AccountId) -> DispatchResult {
		let (index, mut info) = Self::provider_of(&who)?;
		Self::credit(&mut info, Self::now());
		let amount = info.earned;
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		T::Currency::transfer(&T::RewardPot::get(), &who, amount, Preservation::Preserve)?;
		info.earned = Zero::zero();
		Self::deposit_event(Event::StandbyPaid { provider: index, amount });
		Self::store_or_retire(index, info)
	}

	/// At each epoch's first block: the ended epoch's reward per unit of the capacity
	/// registered at its start, and the new epoch's share base. O(1).
	pub(crate) fn epoch_turn(n: BlockNumberFor<T>) -> Weight {
		if !(n % T::EpochLength::get()).is_zero() {
			return T::DbWeight::get().reads(0);
		}
		let epoch = Self::epoch_of(n);
		let base = EpochCapacity::<T>::get();
		let before = RewardPerCapacity::<T>::get(epoch.saturating_sub(1));
		let per_unit = if base == 0 || epoch == 0 {
			0
		} else {
			T::StandbyReward::get().saturated_into::<u128>().saturating_mul(REWARD_SCALE)
				/ u128::from(base)
		};
		if epoch > 0 {
			RewardPerCapacity::<T>::insert(epoch, before.saturating_add(per_unit));
		}
		EpochCapacity::<T>::put(RegisteredCapacity::<T>::get());
		T::WeightInfo::epoch_turn()
	}

	// ---- Tasks ----

	/// The most a task of `k` runs at most `max_fuel` each, at most `max_price`, costs:
	/// compute, model fee and protocol fee.
	fn most(
		k: u8,
		max_fuel: Fuel,
		max_price: BalanceOf<T>,
		fee: ModelFee<BalanceOf<T>>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let one = Self::cost(max_fuel, max_price)?;
		let compute =
			one.checked_mul(&BalanceOf::<T>::from(k as u32)).ok_or(Error::<T>::Overflow)?;
		Ok((compute, Self::model_fee_of(fee, compute), T::ProtocolFee::get().mul_ceil(compute)))
	}

	pub(crate) fn do_post(
		who: T::AccountId,
		model_id: ModelId,
		inputs: InputsOf<T>,
		params: ParamsOf<T>,
		max_fuel: Fuel,
		max_price: BalanceOf<T>,
		k: u8,
		deadline: BlockNumberFor<T>,
	) -> DispatchResult {
		let model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.status != ModelStatus::Retired, Error::<T>::WrongModelStatus);
		ensure!(inputs.len() == model.inputs as usize, Error::<T>::WrongInputs);
		ensure!(k > 0 && u32::from(k) <= T::MaxRedundancy::get(), Error::<T>::BadRedundancy);
		ensure!(max_fuel > 0 && !max_price.is_zero(), Error::<T>::ZeroAmount);
		let now = Self::now();
		ensure!(
			deadline > now.saturating_add(T::AcceptTimeout::get())
				&& deadline <= now.saturating_add(T::MaxTaskDuration::get()),
			Error::<T>::BadDeadline
		);
		for input in inputs.iter() {
			ensure!(T::DataAssets::owner(input.asset).is_some(), Error::<T>::UnknownInput);
			T::Licences::use_call(&who, input.licence, input.asset)?;
		}
		let picked = Self::pick(k.into(), max_price, &[], false);
		ensure!(picked.providers.len() == k as usize, Error::<T>::NoProviders);

		let (compute, model_fee, protocol) = Self::most(k, max_fuel, max_price, model.fee)?;
		let escrowed = Self::add(Self::add(compute, model_fee)?, protocol)?;
		let id = NextTaskId::<T>::get();
		NextTaskId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let escrow = Self::escrow(id);
		// The escrow keeps an existential deposit of the buyer's until the close, so that no
		// payout from it reaps it.
		let buffer = T::Currency::minimum_balance();
		T::Currency::transfer(&who, &escrow, Self::add(escrowed, buffer)?, Preservation::Preserve)?;
		let deposit = T::TaskDeposit::get();
		Self::hold_spendable(HoldReason::Deposit, &who, deposit)?;

		let mut slots = BoundedVec::new();
		for index in picked.providers.iter() {
			let price = Self::load_up(*index)?;
			slots
				.try_push(Slot {
					provider: *index,
					price,
					assigned: now,
					accepted: false,
					commit: None,
					reveal: None,
				})
				.map_err(|_| Error::<T>::BadRedundancy)?;
		}
		Tasks::<T>::insert(
			id,
			types::Task {
				buyer: who.clone(),
				model: model_id,
				inputs,
				params,
				max_fuel,
				max_price,
				redundancy: k,
				deadline,
				slots,
				model_fee: model.fee,
				escrowed,
				buffer,
				deposit,
				status: TaskStatus::Running,
			},
		);
		Self::deposit_event(Event::TaskPosted {
			task: id,
			buyer: who,
			model: model_id,
			providers: picked.providers,
			escrowed,
		});
		Ok(())
	}

	/// The running task and the caller's slot in it.
	fn slot_of(
		who: &T::AccountId,
		id: TaskId,
	) -> Result<(TaskOf<T>, usize, ProviderIndex), DispatchError> {
		let task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Running, Error::<T>::WrongStatus);
		let index = ProviderIndexOf::<T>::get(who).ok_or(Error::<T>::NotAssigned)?;
		let slot = task
			.slots
			.iter()
			.position(|s| s.provider == index)
			.ok_or(Error::<T>::NotAssigned)?;
		Ok((task, slot, index))
	}

	pub(crate) fn do_accept(who: T::AccountId, id: TaskId) -> DispatchResult {
		let (mut task, slot, provider) = Self::slot_of(&who, id)?;
		let s = &mut task.slots[slot];
		ensure!(!s.accepted, Error::<T>::AlreadyDone);
		ensure!(
			Self::now() < s.assigned.saturating_add(T::AcceptTimeout::get()),
			Error::<T>::TooLate
		);
		s.accepted = true;
		Tasks::<T>::insert(id, task);
		Self::deposit_event(Event::Accepted { task: id, provider });
		Ok(())
	}

	/// Slashes `part` of `index`'s bond over task `id`: half to `buyer`, the rest to the
	/// reserve pool. In a storage layer of its own: a slash that cannot be made is skipped.
	fn slash(
		id: TaskId,
		index: ProviderIndex,
		part: sp_runtime::Permill,
		buyer: Option<&T::AccountId>,
	) -> BalanceOf<T> {
		let result = with_storage_layer(|| -> Result<BalanceOf<T>, DispatchError> {
			let mut info = Providers::<T>::get(index).ok_or(Error::<T>::NotProvider)?;
			let amount = part.mul_floor(info.bond);
			if amount.is_zero() {
				return Ok(amount);
			}
			let to_buyer = if buyer.is_some() { amount / 2u32.into() } else { Zero::zero() };
			let to_pool = Self::sub(amount, to_buyer)?;
			let reason = HoldReason::Bond.into();
			for (dest, value) in
				[(buyer.cloned(), to_buyer), (Some(T::ReservePool::get()), to_pool)]
			{
				if let (Some(dest), false) = (dest, value.is_zero()) {
					T::Currency::transfer_on_hold(
						&reason,
						&info.account,
						&dest,
						value,
						Precision::Exact,
						Restriction::Free,
						Fortitude::Force,
					)?;
				}
			}
			info.bond = Self::sub(info.bond, amount)?;
			Self::cut_capacity(index, &mut info)?;
			Providers::<T>::insert(index, info);
			Ok(amount)
		});
		match result {
			Ok(amount) if !amount.is_zero() => {
				Self::deposit_event(Event::Slashed { task: id, provider: index, amount });
				amount
			},
			_ => Zero::zero(),
		}
	}

	/// Brings a provider's capacity down to what its bond still covers, so a slashed bond
	/// never backs more concurrent tasks (or standby rewards) than registering would allow.
	/// Its rewards so far are credited first, at the capacity they were earned with.
	fn cut_capacity(index: ProviderIndex, info: &mut ProviderOf<T>) -> DispatchResult {
		let per_unit = T::BondPerCapacity::get();
		if info.leaving || per_unit.is_zero() {
			return Ok(());
		}
		let covered: u32 = (info.bond / per_unit).saturated_into();
		if covered >= info.capacity {
			return Ok(());
		}
		Self::set_capacity(index, info, covered, Self::now())?;
		Self::deposit_event(Event::CapacityCut { provider: index, capacity: covered });
		Ok(())
	}

	pub(crate) fn do_replace(id: TaskId, slot: u32) -> DispatchResult {
		let mut task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Running, Error::<T>::WrongStatus);
		let now = Self::now();
		ensure!(now < task.deadline, Error::<T>::TooLate);
		let s = task.slots.get(slot as usize).ok_or(Error::<T>::NotAssigned)?;
		ensure!(!s.accepted, Error::<T>::AlreadyDone);
		ensure!(now >= s.assigned.saturating_add(T::AcceptTimeout::get()), Error::<T>::TooEarly);
		let old = s.provider;
		let slashed = Self::slash(id, old, T::NoShowSlash::get(), None);
		Self::load_down(old)?;
		let exclude: Vec<ProviderIndex> = task.slots.iter().map(|s| s.provider).collect();
		let new = Self::pick(1, task.max_price, &exclude, false).providers.first().copied();
		match new {
			Some(index) => {
				let price = Self::load_up(index)?;
				task.slots[slot as usize] = Slot {
					provider: index,
					price,
					assigned: now,
					accepted: false,
					commit: None,
					reveal: None,
				};
			},
			None => {
				task.slots.remove(slot as usize);
			},
		}
		Tasks::<T>::insert(id, task);
		Self::deposit_event(Event::Replaced { task: id, old, new, slashed });
		Ok(())
	}

	pub(crate) fn do_commit(who: T::AccountId, id: TaskId, commitment: H256) -> DispatchResult {
		let (mut task, slot, provider) = Self::slot_of(&who, id)?;
		ensure!(Self::now() < task.deadline, Error::<T>::TooLate);
		let s = &mut task.slots[slot];
		ensure!(s.accepted, Error::<T>::WrongStatus);
		ensure!(s.commit.is_none(), Error::<T>::AlreadyDone);
		s.commit = Some(commitment);
		Tasks::<T>::insert(id, task);
		Self::deposit_event(Event::Committed { task: id, provider });
		Ok(())
	}

	/// The commitment a provider makes to `reveal` with `salt`.
	pub fn commitment(reveal: &RevealOf<T>, salt: &H256, who: &T::AccountId) -> H256 {
		H256(sp_io::hashing::blake2_256(&(reveal, salt, who).encode()))
	}

	pub(crate) fn do_reveal(
		who: T::AccountId,
		id: TaskId,
		reveal: RevealOf<T>,
		salt: H256,
	) -> DispatchResult {
		let (mut task, slot, provider) = Self::slot_of(&who, id)?;
		let now = Self::now();
		let all_committed = task.slots.iter().all(|s| s.commit.is_some());
		ensure!(all_committed || now >= task.deadline, Error::<T>::TooEarly);
		ensure!(now < task.deadline.saturating_add(T::RevealPeriod::get()), Error::<T>::TooLate);
		let max_fuel = task.max_fuel;
		let s = &mut task.slots[slot];
		let commit = s.commit.ok_or(Error::<T>::WrongStatus)?;
		ensure!(s.reveal.is_none(), Error::<T>::AlreadyDone);
		ensure!(
			Self::commitment(&reveal, &salt, &who) == commit && reveal.fuel <= max_fuel,
			Error::<T>::BadReveal
		);
		let (digest, fuel) = (reveal.digest, reveal.fuel);
		s.reveal = Some(reveal);
		Tasks::<T>::insert(id, task);
		Self::deposit_event(Event::Revealed { task: id, provider, digest, fuel });
		Ok(())
	}

	/// The digest revealed by a quorum of the task's `k` (more than half), if any.
	fn quorum(task: &TaskOf<T>) -> Option<H256> {
		let need = task.redundancy as usize / 2 + 1;
		let digests: Vec<H256> =
			task.slots.iter().filter_map(|s| s.reveal.as_ref().map(|r| r.digest)).collect();
		digests
			.iter()
			.copied()
			.find(|d| digests.iter().filter(|e| *e == d).count() >= need)
	}

	pub(crate) fn do_finalize(id: TaskId) -> DispatchResult {
		let mut task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Running, Error::<T>::WrongStatus);
		let all_in = !task.slots.is_empty() && task.slots.iter().all(|s| s.reveal.is_some());
		let over = Self::now() >= task.deadline.saturating_add(T::RevealPeriod::get());
		ensure!(all_in || over, Error::<T>::TooEarly);
		if let Some(digest) = Self::quorum(&task) {
			return Self::succeed(id, task, digest);
		}
		if task.slots.iter().all(|s| s.reveal.is_none()) {
			return Self::fail(id, task, false);
		}
		task.status = TaskStatus::Disputed;
		Tasks::<T>::insert(id, task);
		Self::deposit_event(Event::Disputed { task: id });
		Ok(())
	}

	pub(crate) fn do_resolve(id: TaskId, digest: Option<H256>) -> DispatchResult {
		let task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Disputed, Error::<T>::WrongStatus);
		match digest {
			Some(digest) => {
				ensure!(
					task.slots
						.iter()
						.any(|s| s.reveal.as_ref().is_some_and(|r| r.digest == digest)),
					Error::<T>::UnknownDigest
				);
				Self::succeed(id, task, digest)
			},
			None => Self::fail(id, task, true),
		}
	}

	/// Slashes each slot that did not reveal `right` (every revealer when `right` is none and
	/// `wrong_reveals`): a wrong result, a missed deadline, or no acceptance.
	fn slash_losers(id: TaskId, task: &TaskOf<T>, right: Option<H256>, wrong_reveals: bool) {
		for s in task.slots.iter() {
			let part = match (&s.reveal, right) {
				(Some(r), Some(d)) if r.digest == d => continue,
				(Some(_), Some(_)) => T::WrongSlash::get(),
				(Some(_), None) if wrong_reveals => T::WrongSlash::get(),
				(Some(_), None) => continue,
				(None, _) if s.accepted => T::MissedSlash::get(),
				(None, _) => T::NoShowSlash::get(),
			};
			Self::slash(id, s.provider, part, Some(&task.buyer));
		}
	}

	/// Pays `amount` from the task's escrow in a storage layer of its own; what cannot be
	/// paid stays in the escrow and goes back to the buyer with the rest.
	fn pay(escrow: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		match with_storage_layer(|| {
			T::Currency::transfer(escrow, to, amount, Preservation::Preserve)
		}) {
			Ok(_) => amount,
			Err(_) => Zero::zero(),
		}
	}

	/// Closes the task: every provider's load down, the deposit released (or kept for the
	/// result record), the escrow's rest (with its buffer) back to the buyer. Returns the
	/// rest without the buffer.
	fn close(
		id: TaskId,
		task: &TaskOf<T>,
		keep_deposit: bool,
	) -> Result<BalanceOf<T>, DispatchError> {
		for s in task.slots.iter() {
			Self::load_down(s.provider)?;
		}
		if !keep_deposit {
			T::Currency::release(
				&HoldReason::Deposit.into(),
				&task.buyer,
				task.deposit,
				Precision::BestEffort,
			)?;
		}
		let escrow = Self::escrow(id);
		let left = T::Currency::balance(&escrow);
		T::Currency::transfer(&escrow, &task.buyer, left, Preservation::Expendable)?;
		Tasks::<T>::remove(id);
		Ok(left.saturating_sub(task.buffer))
	}

	fn succeed(id: TaskId, task: TaskOf<T>, digest: H256) -> DispatchResult {
		let escrow = Self::escrow(id);
		let winners: Vec<&SlotOf<T>> = task
			.slots
			.iter()
			.filter(|s| s.reveal.as_ref().is_some_and(|r| r.digest == digest))
			.collect();
		// Equal runs of a deterministic model use equal fuel; the least reported is paid.
		let fuel = winners
			.iter()
			.filter_map(|s| s.reveal.as_ref().map(|r| r.fuel))
			.min()
			.unwrap_or(0);
		let mut compute = BalanceOf::<T>::zero();
		let mut accounts = BoundedVec::new();
		for s in winners.iter() {
			let Some(info) = Providers::<T>::get(s.provider) else { continue };
			let due = Self::cost(fuel, s.price)?;
			compute = Self::add(compute, Self::pay(&escrow, &info.account, due))?;
			let _ = accounts.try_push(info.account);
		}
		let model = Models::<T>::get(task.model).ok_or(Error::<T>::UnknownModel)?;
		let model_fee =
			Self::pay(&escrow, &model.owner, Self::model_fee_of(task.model_fee, compute));
		let protocol_fee =
			Self::pay(&escrow, &T::ReservePool::get(), T::ProtocolFee::get().mul_ceil(compute));
		Self::slash_losers(id, &task, Some(digest), false);

		let reveal = winners
			.first()
			.and_then(|s| s.reveal.clone())
			.ok_or(Error::<T>::UnknownDigest)?;
		let listed = model.status == ModelStatus::Approved;
		let mut result = TaskResult {
			buyer: task.buyer.clone(),
			model: task.model,
			inputs: task.inputs.clone(),
			providers: accounts,
			cid: reveal.cid,
			digest,
			size: reveal.size,
			asset: None,
			deposit: task.deposit,
		};
		let refund = Self::close(id, &task, true)?;
		Self::mint(id, &mut result, listed);
		Results::<T>::insert(id, result);
		Self::deposit_event(Event::Succeeded {
			task: id,
			digest,
			compute,
			model_fee,
			protocol_fee,
			refund,
		});
		Ok(())
	}

	/// Mints a result as a data asset, in a storage layer of its own: a result that cannot be
	/// minted now (the buyer cannot pay the asset's deposits) waits for `mint_result`.
	fn mint(id: TaskId, result: &mut ResultOf<T>, listed: bool) {
		let _ = with_storage_layer(|| Self::try_mint(id, result, listed));
	}

	fn try_mint(id: TaskId, result: &mut ResultOf<T>, listed: bool) -> DispatchResult {
		let about = bdes_primitives::AssetDescription {
			title: b"Verified compute result".to_vec(),
			description: b"Made by a compute task; its provenance is on chain".to_vec(),
			tags: alloc::vec![b"compute-result".to_vec()],
			format: b"application/octet-stream".to_vec(),
			source: b"bdes compute".to_vec(),
			coverage: (0, 0),
		};
		let content = bdes_primitives::MintContent::open(&result.cid, result.digest.0, result.size);
		let asset = T::Results::mint(&result.buyer, content, about, listed)?;
		result.asset = Some(asset);
		ResultOfAsset::<T>::insert(asset, id);
		Self::deposit_event(Event::ResultMinted { task: id, asset, listed });
		Ok(())
	}

	fn fail(id: TaskId, task: TaskOf<T>, wrong_reveals: bool) -> DispatchResult {
		Self::slash_losers(id, &task, None, wrong_reveals);
		let refund = Self::close(id, &task, false)?;
		Self::deposit_event(Event::Failed { task: id, refund });
		Ok(())
	}

	pub(crate) fn do_mint_result(id: TaskId) -> DispatchResult {
		let mut result = Results::<T>::get(id).ok_or(Error::<T>::NoResultToMint)?;
		ensure!(result.asset.is_none(), Error::<T>::NoResultToMint);
		let model = Models::<T>::get(result.model).ok_or(Error::<T>::UnknownModel)?;
		Self::try_mint(id, &mut result, model.status == ModelStatus::Approved)?;
		Results::<T>::insert(id, result);
		Ok(())
	}

	// ---- Runtime API ----

	/// Whether `who` may read `asset` for `task`: it is assigned to the open task, whose
	/// inputs include the asset. The gateway honours this.
	pub fn may_read(who: &T::AccountId, asset: DataAssetId, task: TaskId) -> bool {
		let Some(index) = ProviderIndexOf::<T>::get(who) else { return false };
		Tasks::<T>::get(task).is_some_and(|t| {
			t.slots.iter().any(|s| s.provider == index) && t.inputs.iter().any(|i| i.asset == asset)
		})
	}

	/// Prices a task before it is posted: the model's fuel estimate for the inputs' sizes, the
	/// providers that would be assigned now and the cost at the highest of their prices.
	pub fn quote(
		model: ModelId,
		inputs: Vec<DataAssetId>,
		k: u8,
	) -> Option<Quote<T::AccountId, BalanceOf<T>>> {
		let model = Models::<T>::get(model).filter(|m| m.status != ModelStatus::Retired)?;
		let bytes = inputs
			.iter()
			.map(|a| T::DataAssets::content_size(*a).unwrap_or(0))
			.fold(0u64, |a, b| a.saturating_add(b));
		let fuel = model.fuel_per_byte.saturating_mul(bytes).max(1);
		let picked = Self::pick(k.into(), BalanceOf::<T>::max_value(), &[], true);
		if picked.providers.len() != k as usize {
			return None;
		}
		let infos: Vec<ProviderOf<T>> =
			picked.providers.iter().filter_map(Providers::<T>::get).collect();
		let price = infos.iter().map(|i| i.price).max()?;
		let (compute, model_fee, protocol_fee) = Self::most(k, fuel, price, model.fee).ok()?;
		let total = compute.checked_add(&model_fee)?.checked_add(&protocol_fee)?;
		Some(Quote {
			fuel,
			providers: infos.into_iter().map(|i| i.account).collect(),
			price,
			compute,
			model_fee,
			protocol_fee,
			total,
		})
	}

	// ---- Invariants ----

	/// Escrows equal the open tasks' records, bonds and deposits the holds, queues the
	/// providers' loads.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut loads: BTreeMap<ProviderIndex, u32> = BTreeMap::new();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut owe = |who: &T::AccountId, amount: BalanceOf<T>| {
			let entry = deposits.entry(who.clone()).or_default();
			*entry = entry.saturating_add(amount);
		};
		for (id, task) in Tasks::<T>::iter() {
			ensure!(
				T::Currency::balance(&Self::escrow(id))
					== task.escrowed.saturating_add(task.buffer),
				"a task's escrow differs from its record"
			);
			for s in task.slots.iter() {
				*loads.entry(s.provider).or_default() += 1;
			}
			owe(&task.buyer, task.deposit);
		}
		for (_, model) in Models::<T>::iter() {
			owe(&model.owner, model.deposit);
		}
		for (_, result) in Results::<T>::iter() {
			owe(&result.buyer, result.deposit);
		}
		for (who, amount) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Deposit.into(), &who) == amount,
				"deposits held differ from the records"
			);
		}
		let mut capacity = 0u32;
		let mut queued = 0u32;
		let mut count = 0u32;
		for (index, info) in Providers::<T>::iter() {
			count += 1;
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Bond.into(), &info.account) == info.bond,
				"a bond held differs from its record"
			);
			ensure!(ProviderIndexOf::<T>::get(&info.account) == Some(index), "index of account");
			ensure!(
				loads.get(&index).copied().unwrap_or(0) == info.load,
				"load differs from tasks"
			);
			if !info.leaving {
				capacity += info.capacity;
			}
			if info.queued {
				queued += 1;
				ensure!(!info.leaving && info.load < info.capacity, "queued but not eligible");
			} else {
				ensure!(info.prev.is_none() && info.next.is_none(), "links out of a queue");
			}
		}
		ensure!(ProviderCount::<T>::get() == count, "provider count");
		ensure!(RegisteredCapacity::<T>::get() == capacity, "registered capacity");
		let bits = Loads::<T>::get();
		let mut in_queues = 0u32;
		let mut lists = 0u32;
		for (load, (head, tail)) in QueueEnds::<T>::iter() {
			lists += 1;
			ensure!(load < 128 && bits & (1u128 << load) != 0, "load bits and queues");
			// Walk the list: each link agrees both ways and everyone in it has this load.
			let (mut prev, mut cursor) = (None, Some(head));
			while let Some(index) = cursor {
				let info = Providers::<T>::get(index).ok_or("a queue names no provider")?;
				ensure!(
					info.queued && info.load == load,
					"a queue holds a provider of another load"
				);
				ensure!(info.prev == prev, "queue links disagree");
				in_queues += 1;
				ensure!(in_queues <= count, "a queue loops");
				prev = Some(index);
				cursor = info.next;
			}
			ensure!(prev == Some(tail), "a queue's tail is not its last provider");
		}
		ensure!(bits.count_ones() == lists, "load bits and queues");
		ensure!(in_queues == queued, "queue entries and queued providers");
		Ok(())
	}
}
