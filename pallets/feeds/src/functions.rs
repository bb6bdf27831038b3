//! Logic of the feeds pallet.

use crate::*;
use alloc::vec::Vec;
use bdes_primitives::{
	schema_header, AssetDescription, DataAssetId, DataAssetInspect, DataAssetMint, LicenceOffers,
	MintContent, OwnershipSale, RevenueSink,
};
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{InspectHold, Mutate, MutateHold},
		tokens::{Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	Permill, SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Holds `amount` of `who`'s spendable balance: funds under a freeze are not taken,
	/// though the balances pallet would let a hold overlap them.
	fn hold_spendable(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		bdes_primitives::hold_spendable::<_, T::Currency>(&HoldReason::Deposit.into(), who, amount)
	}

	fn release(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::release(&HoldReason::Deposit.into(), who, amount, Precision::BestEffort)
			.map(|_| ())
	}

	/// Lowercase ASCII letters, digits and `_`, from a letter.
	fn check_name(name: &[u8]) -> DispatchResult {
		let ok = name.first().is_some_and(|c| c.is_ascii_lowercase())
			&& name.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_');
		ensure!(ok, Error::<T>::BadName);
		Ok(())
	}

	/// The sha2-256 of a schema's header text.
	pub fn schema_hash(columns: &ColumnsOf<T>) -> [u8; 32] {
		let text = schema_header(columns.iter().map(|c| (&c.name[..], c.kind)));
		sp_io::hashing::sha2_256(&text)
	}

	// ---- schemas and feeds ------------------------------------------------------------------

	pub(crate) fn do_register_schema(
		who: T::AccountId,
		name: NameOf<T>,
		columns: ColumnsOf<T>,
	) -> DispatchResult {
		Self::check_name(&name)?;
		ensure!(!columns.is_empty(), Error::<T>::EmptySchema);
		for (i, column) in columns.iter().enumerate() {
			Self::check_name(&column.name)?;
			ensure!(
				columns.iter().take(i).all(|c| c.name != column.name),
				Error::<T>::DuplicateColumn
			);
		}
		let id = NextSchemaId::<T>::get();
		NextSchemaId::<T>::put(id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?);
		let deposit = T::SchemaDeposit::get();
		Self::hold_spendable(&who, deposit)?;
		let hash = Self::schema_hash(&columns);
		Schemas::<T>::insert(id, Schema { owner: who.clone(), deposit, name, columns, hash });
		Self::deposit_event(Event::SchemaRegistered { schema: id, owner: who, hash });
		Ok(())
	}

	fn check_spec(spec: &FeedSpecOf<T>) -> DispatchResult {
		Self::check_name(&spec.name)?;
		ensure!(Schemas::<T>::contains_key(spec.schema), Error::<T>::UnknownSchema);
		ensure!(
			spec.interval >= T::MinInterval::get() && spec.interval <= T::MaxInterval::get(),
			Error::<T>::BadInterval
		);
		if !spec.collectors.is_empty() {
			let mut sum: u32 = 0;
			for (i, c) in spec.collectors.iter().enumerate() {
				ensure!(!c.part.is_zero(), Error::<T>::BadSplit);
				ensure!(
					spec.collectors.iter().take(i).all(|o| o.account != c.account),
					Error::<T>::BadSplit
				);
				sum = sum.saturating_add(c.part.deconstruct());
			}
			ensure!(sum == Permill::one().deconstruct(), Error::<T>::BadSplit);
		}
		match &spec.sale {
			SaleMode::Offers(terms) => {
				T::Offers::check_terms(terms).map_err(|_| Error::<T>::BadSaleTerms)?
			},
			SaleMode::FixedPrice(price) => ensure!(!price.is_zero(), Error::<T>::BadSaleTerms),
			SaleMode::Auction(terms) => {
				T::Sales::check_auction(terms).map_err(|_| Error::<T>::BadSaleTerms)?
			},
		}
		Ok(())
	}

	pub(crate) fn do_propose_feed(who: T::AccountId, spec: FeedSpecOf<T>) -> DispatchResult {
		Self::check_spec(&spec)?;
		let id = NextFeedId::<T>::get();
		NextFeedId::<T>::put(id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?);
		let deposit = T::FeedDeposit::get();
		Self::hold_spendable(&who, deposit)?;
		let now = Self::now();
		Feeds::<T>::insert(
			id,
			Feed {
				operator: who.clone(),
				spec,
				status: FeedStatus::Proposed,
				deposit,
				last_batch: now,
				deadline: None,
				punctual_since: now,
				batches: 0,
				covered_until: None,
			},
		);
		Self::deposit_event(Event::FeedProposed { feed: id, operator: who });
		Ok(())
	}

	/// The block a feed whose last batch was at `last` goes stale at: two intervals later.
	fn deadline_after(
		last: BlockNumberFor<T>,
		interval: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, Error<T>> {
		interval
			.checked_add(&interval)
			.and_then(|two| last.checked_add(&two))
			.ok_or(Error::<T>::Overflow)
	}

	fn schedule(feed: FeedId, at: BlockNumberFor<T>) -> DispatchResult {
		Deadlines::<T>::try_mutate(at, |ids| ids.try_push(feed))
			.map_err(|_| Error::<T>::TooManyFeeds.into())
	}

	fn unschedule(feed: FeedId, at: BlockNumberFor<T>) {
		Deadlines::<T>::mutate_exists(at, |ids| {
			if let Some(list) = ids {
				list.retain(|id| *id != feed);
				if list.is_empty() {
					*ids = None;
				}
			}
		});
	}

	/// Starts (or restarts) a feed's clock at `now`: punctual from now, stale two intervals
	/// on unless a batch comes.
	fn restart(id: FeedId, feed: &mut FeedOf<T>, now: BlockNumberFor<T>) -> DispatchResult {
		let deadline = Self::deadline_after(now, feed.spec.interval)?;
		Self::schedule(id, deadline)?;
		feed.status = FeedStatus::Active;
		feed.last_batch = now;
		feed.punctual_since = now;
		feed.deadline = Some(deadline);
		Ok(())
	}

	pub(crate) fn do_approve_feed(id: FeedId) -> DispatchResult {
		let mut feed = Feeds::<T>::get(id).ok_or(Error::<T>::UnknownFeed)?;
		ensure!(feed.status == FeedStatus::Proposed, Error::<T>::NotProposed);
		LiveFeeds::<T>::try_mutate(|live| live.try_push(id))
			.map_err(|_| Error::<T>::TooManyFeeds)?;
		Self::restart(id, &mut feed, Self::now())?;
		let deadline = feed.deadline.unwrap_or_default();
		Feeds::<T>::insert(id, feed);
		Self::deposit_event(Event::FeedApproved { feed: id, deadline });
		Ok(())
	}

	pub(crate) fn do_reject_feed(id: FeedId) -> DispatchResult {
		let feed = Feeds::<T>::get(id).ok_or(Error::<T>::UnknownFeed)?;
		ensure!(feed.status == FeedStatus::Proposed, Error::<T>::NotProposed);
		Self::release(&feed.operator, feed.deposit)?;
		Feeds::<T>::remove(id);
		Self::deposit_event(Event::FeedRejected { feed: id });
		Ok(())
	}

	pub(crate) fn do_suspend_feed(id: FeedId) -> DispatchResult {
		let mut feed = Feeds::<T>::get(id).ok_or(Error::<T>::UnknownFeed)?;
		ensure!(matches!(feed.status, FeedStatus::Active | FeedStatus::Stale), Error::<T>::NotLive);
		if let Some(at) = feed.deadline.take() {
			Self::unschedule(id, at);
		}
		feed.status = FeedStatus::Suspended;
		Feeds::<T>::insert(id, feed);
		Self::deposit_event(Event::FeedSuspended { feed: id });
		Ok(())
	}

	pub(crate) fn do_resume_feed(id: FeedId) -> DispatchResult {
		let mut feed = Feeds::<T>::get(id).ok_or(Error::<T>::UnknownFeed)?;
		ensure!(feed.status == FeedStatus::Suspended, Error::<T>::NotSuspended);
		Self::restart(id, &mut feed, Self::now())?;
		let deadline = feed.deadline.unwrap_or_default();
		Feeds::<T>::insert(id, feed);
		Self::deposit_event(Event::FeedResumed { feed: id, deadline });
		Ok(())
	}

	pub(crate) fn do_close_feed(who: T::AccountId, id: FeedId) -> DispatchResult {
		let mut feed = Feeds::<T>::get(id).ok_or(Error::<T>::UnknownFeed)?;
		ensure!(feed.operator == who, Error::<T>::NotOperator);
		ensure!(feed.status != FeedStatus::Closed, Error::<T>::FeedNotActive);
		if let Some(at) = feed.deadline.take() {
			Self::unschedule(id, at);
		}
		LiveFeeds::<T>::mutate(|live| live.retain(|f| *f != id));
		Self::release(&feed.operator, feed.deposit)?;
		feed.deposit = Zero::zero();
		if feed.status == FeedStatus::Proposed {
			// Nothing was made from it: no provenance to keep.
			Feeds::<T>::remove(id);
		} else {
			feed.status = FeedStatus::Closed;
			Feeds::<T>::insert(id, feed);
		}
		Self::deposit_event(Event::FeedClosed { feed: id });
		Ok(())
	}

	// ---- batches ----------------------------------------------------------------------------

	fn describe(id: FeedId, feed: &FeedOf<T>, input: &BatchInputOf<T>) -> AssetDescription {
		let mut title = feed.spec.name.to_vec();
		title.extend_from_slice(b" #");
		title.extend_from_slice(&u32_text(feed.batches));
		let mut description = b"Batch of feed ".to_vec();
		description.extend_from_slice(&u32_text(id));
		description.extend_from_slice(b": ");
		description.extend_from_slice(&u64_text(input.rows));
		description.extend_from_slice(b" rows; its provenance is on chain");
		let mut tag = b"feed-".to_vec();
		tag.extend_from_slice(&u32_text(id));
		AssetDescription {
			title,
			description,
			tags: alloc::vec![b"feed".to_vec(), tag],
			format: b"application/vnd.apache.parquet".to_vec(),
			source: input.source.to_vec(),
			coverage: input.window,
		}
	}

	pub(crate) fn do_submit_batch(
		who: T::AccountId,
		id: FeedId,
		input: BatchInputOf<T>,
	) -> DispatchResult {
		let mut feed = Feeds::<T>::get(id).ok_or(Error::<T>::UnknownFeed)?;
		ensure!(feed.operator == who, Error::<T>::NotOperator);
		match feed.status {
			FeedStatus::Active | FeedStatus::Stale => {},
			FeedStatus::Suspended => return Err(Error::<T>::FeedSuspended.into()),
			FeedStatus::Proposed | FeedStatus::Closed => {
				return Err(Error::<T>::FeedNotActive.into())
			},
		}
		ensure!(
			input.size > 0
				&& input.rows > 0
				&& !input.cid.is_empty()
				&& input.window.0 <= input.window.1,
			Error::<T>::BadBatch
		);
		match input.encryption {
			Some(_) => ensure!(!input.keys.is_empty(), Error::<T>::NoContentKey),
			None => ensure!(input.keys.is_empty(), Error::<T>::KeysWithoutEncryption),
		}
		// The plaintext's digest: encryption is randomised, so the same batch sent again
		// (sealed with a fresh key) has other ciphertext but the same Parquet file.
		let digest = input.encryption.map_or(input.digest, |e| e.plain_digest);
		// Before the window: a replayed batch is told apart as the duplicate it is, which a
		// connector resuming after a crash takes as delivered.
		ensure!(!BatchOfDigest::<T>::contains_key(id, digest), Error::<T>::DuplicateBatch);
		if let Some(until) = feed.covered_until {
			ensure!(input.window.0 > until, Error::<T>::WindowOverlap);
		}
		ensure!(input.schema == feed.spec.schema, Error::<T>::SchemaMismatch);
		let schema = Schemas::<T>::get(input.schema).ok_or(Error::<T>::UnknownSchema)?;
		ensure!(input.header == schema.hash, Error::<T>::HeaderMismatch);

		let deposit = T::BatchDeposit::get();
		Self::hold_spendable(&who, deposit)?;

		let now = Self::now();
		if feed.status == FeedStatus::Stale {
			Self::deposit_event(Event::FeedRecovered { feed: id });
		}
		// A gap longer than an interval was a missed delivery: punctual again from now.
		if now.saturating_sub(feed.last_batch) > feed.spec.interval {
			feed.punctual_since = now;
		}
		if let Some(at) = feed.deadline.take() {
			Self::unschedule(id, at);
		}
		let deadline = Self::deadline_after(now, feed.spec.interval)?;
		Self::schedule(id, deadline)?;
		feed.deadline = Some(deadline);
		feed.status = FeedStatus::Active;
		feed.last_batch = now;

		let about = Self::describe(id, &feed, &input);
		let encrypted = input.encryption.is_some();
		let content = MintContent {
			cid: input.cid.into_inner(),
			digest: input.digest,
			size: input.size,
			encryption: input.encryption,
			keys: input.keys.into_iter().map(|k| (k.recipient, k.sealed.into_inner())).collect(),
		};
		let asset = T::Assets::mint(&who, content, about, true)?;
		match feed.spec.sale.clone() {
			SaleMode::Offers(terms) => T::Offers::open_offer(&who, asset, terms)?,
			SaleMode::FixedPrice(price) => T::Sales::sell(&who, asset, price)?,
			SaleMode::Auction(terms) => T::Sales::auction(&who, asset, terms)?,
		}

		let seq = feed.batches;
		feed.batches = seq.checked_add(1).ok_or(Error::<T>::Overflow)?;
		feed.covered_until = Some(input.window.1);
		Batches::<T>::insert(
			asset,
			Batch {
				feed: id,
				seq,
				rows: input.rows,
				window: input.window,
				digest,
				depositor: who,
				deposit,
			},
		);
		BatchOfDigest::<T>::insert(id, digest, asset);
		Feeds::<T>::insert(id, feed);
		Self::deposit_event(Event::BatchListed {
			feed: id,
			seq,
			asset,
			digest,
			rows: input.rows,
			encrypted,
		});
		Ok(())
	}

	pub(crate) fn do_release_batch(asset: DataAssetId) -> DispatchResult {
		let batch = Batches::<T>::get(asset).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(!T::DataAssets::is_listed(asset), Error::<T>::StillListed);
		Self::release(&batch.depositor, batch.deposit)?;
		Batches::<T>::remove(asset);
		BatchOfDigest::<T>::remove(batch.feed, batch.digest);
		Self::deposit_event(Event::BatchReleased { asset });
		Ok(())
	}

	// ---- hooks ------------------------------------------------------------------------------

	/// Marks stale the active feeds whose deadline is `now`: at most `MaxFeeds`.
	pub(crate) fn mark_stale(now: BlockNumberFor<T>) -> Weight {
		let due = Deadlines::<T>::take(now);
		if due.is_empty() {
			return T::DbWeight::get().reads(1);
		}
		let count = due.len() as u32;
		for id in due {
			let Some(mut feed) = Feeds::<T>::get(id) else { continue };
			if feed.status != FeedStatus::Active || feed.deadline != Some(now) {
				continue;
			}
			feed.status = FeedStatus::Stale;
			feed.deadline = None;
			let last_batch = feed.last_batch;
			Feeds::<T>::insert(id, feed);
			Self::deposit_event(Event::FeedStale { feed: id, last_batch });
		}
		T::WeightInfo::mark_stale(count)
	}

	/// At each epoch's first block: the ended epoch's contribution reward, shared equally by
	/// the feeds that were active and delivered every interval from its first block to its
	/// last. Each payment is its own storage layer: one that fails leaves the others paid.
	pub(crate) fn epoch_turn(now: BlockNumberFor<T>) -> Weight {
		let length = T::EpochLength::get();
		if length.is_zero() || now.is_zero() || !(now % length).is_zero() || now < length {
			return Weight::zero();
		}
		let end = now.saturating_sub(1u32.into());
		let start = now.saturating_sub(length);
		let epoch: u32 = (start / length).saturated_into();
		let live = LiveFeeds::<T>::get();
		let count = live.len() as u32;
		let mut punctual: Vec<(FeedId, T::AccountId)> = Vec::new();
		for id in live {
			let Some(mut feed) = Feeds::<T>::get(id) else { continue };
			if feed.status != FeedStatus::Active {
				continue;
			}
			// A batch due before the epoch's last block did not come: the feed was late then.
			let due = feed.last_batch.saturating_add(feed.spec.interval);
			if end > due {
				feed.punctual_since = due.saturating_add(1u32.into());
				Feeds::<T>::insert(id, feed);
				continue;
			}
			if feed.punctual_since <= start {
				punctual.push((id, feed.operator));
			}
		}
		let n = punctual.len() as u32;
		if n > 0 {
			let share = T::ContributionReward::get() / n.into();
			let pot = T::RewardPot::get();
			for (feed, operator) in punctual {
				let paid = with_storage_layer(|| {
					T::Currency::transfer(&pot, &operator, share, Preservation::Preserve)
				});
				let event = match paid {
					Ok(_) => Event::ContributionPaid { epoch, feed, operator, amount: share },
					Err(_) => Event::ContributionUnpaid { epoch, feed, amount: share },
				};
				Self::deposit_event(event);
			}
		}
		T::WeightInfo::epoch_turn(count)
	}

	// ---- invariants -------------------------------------------------------------------------

	/// Every active feed is under exactly its own deadline, every other under none; live
	/// feeds are those neither proposed nor closed; every batch's digest points back to it.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let live = LiveFeeds::<T>::get();
		for (id, feed) in Feeds::<T>::iter() {
			let is_live = !matches!(feed.status, FeedStatus::Proposed | FeedStatus::Closed);
			ensure!(live.contains(&id) == is_live, "live feeds are those approved and not closed");
			let queued: u32 = Deadlines::<T>::iter()
				.map(|(_, ids)| ids.iter().filter(|f| **f == id).count() as u32)
				.sum();
			match (feed.status, feed.deadline) {
				(FeedStatus::Active, Some(at)) => {
					ensure!(queued == 1, "an active feed is queued once");
					ensure!(Deadlines::<T>::get(at).contains(&id), "under its own deadline");
				},
				(FeedStatus::Active, None) => return Err("an active feed has a deadline".into()),
				(_, Some(_)) => return Err("only active feeds have deadlines".into()),
				(_, None) => ensure!(queued == 0, "only active feeds are queued"),
			}
		}
		for (asset, batch) in Batches::<T>::iter() {
			ensure!(
				BatchOfDigest::<T>::get(batch.feed, batch.digest) == Some(asset),
				"digest index"
			);
		}
		ensure!(
			BatchOfDigest::<T>::iter().count() == Batches::<T>::iter().count(),
			"one digest per batch"
		);
		Ok(())
	}
}

fn u64_text(mut n: u64) -> Vec<u8> {
	let mut digits = Vec::new();
	loop {
		digits.push(b'0' + (n % 10) as u8);
		n /= 10;
		if n == 0 {
			break;
		}
	}
	digits.reverse();
	digits
}

fn u32_text(n: u32) -> Vec<u8> {
	u64_text(n.into())
}

/// The collectors of the feed a batch came from share the revenue part of its sales.
impl<T: Config> RevenueSink<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn accepts(asset: DataAssetId) -> bool {
		Batches::<T>::get(asset)
			.and_then(|batch| Feeds::<T>::get(batch.feed))
			.is_some_and(|feed| !feed.spec.collectors.is_empty())
	}

	fn pay(asset: DataAssetId, from: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let feed = Batches::<T>::get(asset)
			.and_then(|batch| Feeds::<T>::get(batch.feed))
			.filter(|feed| !feed.spec.collectors.is_empty())
			.ok_or(Error::<T>::UnknownBatch)?;
		let owner = T::DataAssets::owner(asset).ok_or(Error::<T>::UnknownBatch)?;
		let mut to_collectors: BalanceOf<T> = Zero::zero();
		for collector in feed.spec.collectors.iter() {
			let part = collector.part.mul_floor(amount);
			if part.is_zero() {
				continue;
			}
			// A collector that cannot receive (below the existential deposit, say) leaves its
			// part to the owner rather than failing the purchase.
			let paid = with_storage_layer(|| {
				T::Currency::transfer(from, &collector.account, part, Preservation::Preserve)
			});
			if paid.is_ok() {
				to_collectors = to_collectors.saturating_add(part);
			}
		}
		let to_owner = amount.saturating_sub(to_collectors);
		if !to_owner.is_zero() {
			T::Currency::transfer(from, &owner, to_owner, Preservation::Preserve)?;
		}
		Self::deposit_event(Event::RevenueSplit {
			asset,
			collectors: to_collectors,
			owner: to_owner,
		});
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The provenance of `asset`, if a feed made it.
	pub fn batch(asset: DataAssetId) -> Option<BatchOf<T>> {
		Batches::<T>::get(asset)
	}

	/// Balance of `who` this pallet holds.
	pub fn held(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::Deposit.into(), who)
	}
}
