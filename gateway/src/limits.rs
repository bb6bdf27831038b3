//! Token buckets per key (source address, account, licence), in a bounded LRU: a flood of new
//! keys evicts the least recently seen buckets instead of growing the map.

use lru::LruCache;
use std::{hash::Hash, num::NonZeroUsize, sync::Mutex, time::Instant};

pub struct RateLimiter<K: Hash + Eq> {
	per_sec: f64,
	burst: f64,
	buckets: Mutex<LruCache<K, (f64, Instant)>>,
}

impl<K: Hash + Eq> RateLimiter<K> {
	/// `per_sec` tokens a second, bursts of `burst`, for at most `keys` keys at once.
	pub fn new(per_sec: u32, burst: u32, keys: usize) -> Self {
		let keys = NonZeroUsize::new(keys.max(1)).unwrap_or(NonZeroUsize::MIN);
		Self {
			per_sec: f64::from(per_sec.max(1)),
			burst: f64::from(burst.max(1)),
			buckets: Mutex::new(LruCache::new(keys)),
		}
	}

	/// Takes a token of `key`'s bucket, if it has one.
	pub fn allow(&self, key: K, now: Instant) -> bool {
		let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
		let (tokens, last) = buckets.get_or_insert_mut(key, || (self.burst, now));
		let refill = now.saturating_duration_since(*last).as_secs_f64() * self.per_sec;
		*tokens = (*tokens + refill).min(self.burst);
		*last = now;
		if *tokens >= 1.0 {
			*tokens -= 1.0;
			true
		} else {
			false
		}
	}

	pub fn len(&self) -> usize {
		self.buckets.lock().unwrap_or_else(|p| p.into_inner()).len()
	}

	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::time::Duration;

	#[test]
	fn a_bucket_refills_at_its_rate_up_to_its_burst() {
		let limiter = RateLimiter::new(10, 3, 100);
		let now = Instant::now();
		assert!((0..3).all(|_| limiter.allow(1u32, now)));
		assert!(!limiter.allow(1, now));
		// Another key has its own bucket.
		assert!(limiter.allow(2, now));
		// 100 ms is one token at 10/s.
		let later = now + Duration::from_millis(100);
		assert!(limiter.allow(1, later));
		assert!(!limiter.allow(1, later));
		// Never more than the burst, however long the pause.
		let much_later = later + Duration::from_secs(3600);
		assert_eq!((0..10).filter(|_| limiter.allow(1, much_later)).count(), 3);
	}

	#[test]
	fn the_buckets_are_bounded() {
		let limiter = RateLimiter::new(1, 1, 1_000);
		let now = Instant::now();
		for key in 0..100_000u32 {
			limiter.allow(key, now);
		}
		assert_eq!(limiter.len(), 1_000);
	}
}
