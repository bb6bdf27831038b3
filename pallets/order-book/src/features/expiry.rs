//! Expired orders leave the book in bounded steps: an expiry queue in buckets of blocks, a
//! cursor, and a cap per call and per block.

use crate::*;
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{One, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Queues order `id` for cleanup after `expiry`; returns whether the cleanup cursor moved
	/// (a write most placements skip).
	pub(crate) fn queue_expiry(expiry: BlockNumberFor<T>, id: OrderId) -> bool {
		let bucket = Self::bucket_of(expiry);
		Expiries::<T>::insert(bucket, id, ());
		let cursor = CleanupCursor::<T>::get();
		let moves = cursor.is_zero() || bucket < cursor;
		if moves {
			CleanupCursor::<T>::put(bucket);
		}
		moves
	}

	/// Removes up to `max_removed` expired orders, with no more than `max_looks` looks at
	/// what holds none: an empty bucket, or the entry of an order that already left the book.
	/// Returns (orders removed, looks).
	pub(crate) fn do_cleanup(max_removed: u32, max_looks: u32) -> (u32, u32) {
		let mut cursor = CleanupCursor::<T>::get();
		if cursor.is_zero() {
			return (0, 0);
		}
		let now = frame_system::Pallet::<T>::block_number();
		let size = T::ExpiryBucket::get().max(One::one());
		let (mut removed, mut looks) = (0u32, 0u32);
		// A bucket is due once its first block has come: every order in it has expired.
		while removed < max_removed && looks < max_looks && cursor <= now {
			match Expiries::<T>::iter_key_prefix(cursor).next() {
				None => {
					looks.saturating_inc();
					cursor = cursor.saturating_add(size);
				},
				Some(id) => {
					if Self::expire(cursor, id, size) {
						removed.saturating_inc();
					} else {
						looks.saturating_inc();
					}
				},
			}
		}
		CleanupCursor::<T>::put(cursor);
		(removed, looks)
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

	/// Weight of a cleanup that removed `removed` orders and made `looks` looks (the `cleanup`
	/// benchmark's buckets all held orders; a look reads the queue and, for an entry, its order,
	/// and removes the entry).
	pub(crate) fn cleanup_weight(removed: u32, looks: u32) -> Weight {
		T::WeightInfo::cleanup(removed)
			.saturating_add(Self::look_weight().saturating_mul(looks.into()))
	}

	fn look_weight() -> Weight {
		T::DbWeight::get().reads_writes(2, 1)
	}

	/// Removes one expired order and its queue entry, and returns whether there was an order;
	/// the entry of one that already left the book (filled, cancelled, removed early) just
	/// goes. If the order's funds cannot move now, nothing of it changes and it is queued one
	/// bucket later, so the queue never sticks on it. (Units an owner cannot take back are kept
	/// for it to claim, so this is left for what should never fail.)
	fn expire(bucket: BlockNumberFor<T>, id: OrderId, size: BlockNumberFor<T>) -> bool {
		Expiries::<T>::remove(bucket, id);
		let Some(order) = Orders::<T>::get(id) else { return false };
		let closed = with_storage_layer(|| Self::close_order(id, order, CloseReason::Expired));
		if closed.is_err() {
			Expiries::<T>::insert(bucket.saturating_add(size), id, ());
		}
		true
	}

	pub(crate) fn idle_cleanup(remaining: Weight) -> Weight {
		let base = Self::cleanup_weight(0, 0);
		let per = T::WeightInfo::cleanup(1).saturating_sub(T::WeightInfo::cleanup(0));
		// `do_cleanup(max, max)` makes up to `max` removals and `max` looks.
		let step = per.saturating_add(Self::look_weight());
		let fits = remaining.saturating_sub(base).checked_div_per_component(&step);
		let max = fits.unwrap_or(0).min(T::MaxCleanupPerBlock::get() as u64) as u32;
		if max == 0 {
			return Weight::zero();
		}
		let (removed, scanned) = Self::do_cleanup(max, max);
		Self::cleanup_weight(removed, scanned)
	}
}
