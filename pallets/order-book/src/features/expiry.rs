//! Expired orders leave the book in bounded steps: an expiry queue in buckets of blocks, a
//! cursor, and a cap per call and per block.

use crate::*;
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{One, Saturating, Zero};

impl<T: Config> Pallet<T> {
	pub(crate) fn queue_expiry(expiry: BlockNumberFor<T>, id: OrderId) {
		let bucket = Self::bucket_of(expiry);
		Expiries::<T>::insert(bucket, id, ());
		let cursor = CleanupCursor::<T>::get();
		if cursor.is_zero() || bucket < cursor {
			CleanupCursor::<T>::put(bucket);
		}
	}

	/// Removes up to `max_removed` expired orders, looking at no more than `max_buckets`
	/// buckets. Returns (orders removed, buckets looked at).
	pub(crate) fn do_cleanup(max_removed: u32, max_buckets: u32) -> (u32, u32) {
		let mut cursor = CleanupCursor::<T>::get();
		if cursor.is_zero() {
			return (0, 0);
		}
		let now = frame_system::Pallet::<T>::block_number();
		let size = T::ExpiryBucket::get().max(One::one());
		let (mut removed, mut scanned) = (0u32, 0u32);
		// A bucket is due once its first block has come: every order in it has expired.
		while removed < max_removed && scanned < max_buckets && cursor <= now {
			scanned.saturating_inc();
			let due: Vec<OrderId> = Expiries::<T>::iter_key_prefix(cursor)
				.take(max_removed.saturating_sub(removed) as usize)
				.collect();
			if due.is_empty() {
				cursor = cursor.saturating_add(size);
				continue;
			}
			for id in due {
				removed.saturating_inc();
				Self::expire(cursor, id, size);
			}
		}
		CleanupCursor::<T>::put(cursor);
		(removed, scanned)
	}

	/// Removes the given expired orders now, whether or not their bucket is due. Ids no longer
	/// resting are skipped (someone removed them first); a resting order that has not expired
	/// fails the call. Returns (orders removed, ids skipped).
	pub(crate) fn do_remove_expired(ids: &[OrderId]) -> Result<(u32, u32), DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let (mut removed, mut skipped) = (0u32, 0u32);
		for id in ids {
			let Some(order) = Orders::<T>::get(id) else {
				skipped.saturating_inc();
				continue;
			};
			ensure!(order.expiry < now, Error::<T>::NotExpired);
			Self::close_order(*id, order, CloseReason::Expired)?;
			removed.saturating_inc();
		}
		ensure!(removed > 0, Error::<T>::NothingToClean);
		Ok((removed, skipped))
	}

	/// Weight of a cleanup that removed `removed` orders and looked at `buckets` buckets (the
	/// `cleanup` benchmark's buckets all held orders; an empty one costs a read of the queue,
	/// counted here with a write to spare).
	pub(crate) fn cleanup_weight(removed: u32, buckets: u32) -> Weight {
		T::WeightInfo::cleanup(removed)
			.saturating_add(T::DbWeight::get().reads_writes(buckets.into(), buckets.into()))
	}

	/// Removes one expired order. If its funds cannot move now, nothing of it changes and it
	/// is queued one bucket later, so the queue never sticks on it. (Units an owner cannot take
	/// back are kept for it to claim, so this is left for what should never fail.)
	fn expire(bucket: BlockNumberFor<T>, id: OrderId, size: BlockNumberFor<T>) {
		let Some(order) = Orders::<T>::get(id) else {
			Expiries::<T>::remove(bucket, id);
			return;
		};
		let closed = with_storage_layer(|| Self::close_order(id, order, CloseReason::Expired));
		if closed.is_err() {
			Expiries::<T>::remove(bucket, id);
			Expiries::<T>::insert(bucket.saturating_add(size), id, ());
		}
	}

	pub(crate) fn idle_cleanup(remaining: Weight) -> Weight {
		let bucket = T::DbWeight::get().reads_writes(1, 1);
		let base = Self::cleanup_weight(0, 0);
		let per = T::WeightInfo::cleanup(1).saturating_sub(T::WeightInfo::cleanup(0));
		// A step of `do_cleanup(max, max)` may both remove an order and look at a bucket: up
		// to `max` of each.
		let step = per.saturating_add(bucket);
		let fits = remaining.saturating_sub(base).checked_div_per_component(&step);
		let max = fits.unwrap_or(0).min(T::MaxCleanupPerBlock::get() as u64) as u32;
		if max == 0 {
			return Weight::zero();
		}
		let (removed, scanned) = Self::do_cleanup(max, max);
		Self::cleanup_weight(removed, scanned)
	}
}
