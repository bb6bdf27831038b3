//! Licence checks with a short cache, and call metering that never serves more calls than a
//! licence has left.
//!
//! Per licence the gateway keeps the chain's answer (calls left, fetched when) and two counters:
//! calls served but not yet reported, and calls in a usage batch on its way to the chain. What a
//! licence may still serve is the chain's count minus both. While a batch is in flight the
//! chain's answer is ambiguous (before or after the batch?), so it is not refreshed then.

use std::{
	collections::HashMap,
	sync::Mutex,
	time::{Duration, Instant},
};
use subxt::{ext::scale_decode::DecodeAsType, utils::AccountId32};

/// Why a licence does not grant access (the runtime's `Invalid`, decoded by variant name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Denied {
	Unknown,
	WrongAsset,
	NotHolder,
	Expired,
	Exhausted,
	AssetUnavailable,
}

impl Denied {
	pub fn describe(self) -> &'static str {
		match self {
			Denied::Unknown => "no such licence",
			Denied::WrongAsset => "the licence is for another asset",
			Denied::NotHolder => "the account does not hold the licence",
			Denied::Expired => "the licence has expired",
			Denied::Exhausted => "the licence has no calls left",
			Denied::AssetUnavailable => "the asset is not listed",
		}
	}
}

/// The chain's answer for (licence, asset, account): the runtime's `LicenceCheck`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum ChainCheck {
	Valid { calls_left: u32, expiry: u32 },
	Invalid(Denied),
}

struct Entry {
	asset: u32,
	account: AccountId32,
	check: ChainCheck,
	fetched: Instant,
	unreported: u32,
	inflight: u32,
	/// A batch failed: unknown whether any of it landed, so ask the chain next time.
	stale: bool,
}

/// The outcome of asking to serve one call.
#[derive(Debug, PartialEq, Eq)]
pub enum Reserve {
	/// Serve it: this many calls are left after it.
	Granted { calls_left: u32 },
	/// Refuse it.
	Denied(Denied),
	/// Ask the chain first (nothing cached, or too old).
	Refresh,
}

pub struct Meter {
	ttl: Duration,
	entries: Mutex<HashMap<u32, Entry>>,
}

impl Meter {
	pub fn new(ttl: Duration) -> Self {
		Self { ttl, entries: Mutex::new(HashMap::new()) }
	}

	fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Entry>> {
		self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Takes one call of `licence` for `account` on `asset`, if the cached answer allows it.
	pub fn reserve(
		&self,
		licence: u32,
		asset: u32,
		account: &AccountId32,
		now: Instant,
	) -> Reserve {
		let mut entries = self.entries();
		let Some(entry) = entries.get_mut(&licence) else { return Reserve::Refresh };
		let same = entry.asset == asset && &entry.account == account;
		let fresh = now.saturating_duration_since(entry.fetched) < self.ttl;
		if !same || entry.stale || (!fresh && entry.inflight == 0) {
			return Reserve::Refresh;
		}
		match entry.check {
			ChainCheck::Invalid(reason) => Reserve::Denied(reason),
			ChainCheck::Valid { calls_left, .. } => {
				let available =
					calls_left.saturating_sub(entry.unreported).saturating_sub(entry.inflight);
				if available == 0 {
					return Reserve::Denied(Denied::Exhausted);
				}
				entry.unreported += 1;
				Reserve::Granted { calls_left: available - 1 }
			},
		}
	}

	/// Records the chain's answer. Served calls not yet on chain stay counted.
	pub fn store(
		&self,
		licence: u32,
		asset: u32,
		account: AccountId32,
		check: ChainCheck,
		now: Instant,
	) {
		let mut entries = self.entries();
		match entries.get_mut(&licence) {
			// A batch in flight makes the chain's count ambiguous: keep the one we have.
			Some(entry)
				if entry.inflight > 0 && entry.asset == asset && entry.account == account => {},
			Some(entry) => {
				entry.asset = asset;
				entry.account = account;
				entry.check = check;
				entry.fetched = now;
				entry.stale = false;
			},
			None => {
				entries.insert(
					licence,
					Entry {
						asset,
						account,
						check,
						fetched: now,
						unreported: 0,
						inflight: 0,
						stale: false,
					},
				);
			},
		}
	}

	/// Gives back a reserved call that was not served (IPFS failed).
	pub fn release(&self, licence: u32) {
		if let Some(entry) = self.entries().get_mut(&licence) {
			entry.unreported = entry.unreported.saturating_sub(1);
		}
	}

	/// Moves up to `max` licences' unreported calls into a batch in flight.
	pub fn take_batch(&self, max: usize) -> Vec<(u32, u32)> {
		let mut entries = self.entries();
		let mut batch = Vec::new();
		for (licence, entry) in entries.iter_mut() {
			if batch.len() >= max {
				break;
			}
			if entry.unreported > 0 {
				batch.push((*licence, entry.unreported));
				entry.inflight += entry.unreported;
				entry.unreported = 0;
			}
		}
		batch
	}

	/// Ends a batch: on success the chain's counts went down by it; on failure the next request
	/// asks the chain again.
	pub fn settle(&self, batch: &[(u32, u32)], included: bool) {
		let mut entries = self.entries();
		for (licence, calls) in batch {
			let Some(entry) = entries.get_mut(licence) else { continue };
			entry.inflight = entry.inflight.saturating_sub(*calls);
			if included {
				if let ChainCheck::Valid { calls_left, .. } = &mut entry.check {
					*calls_left = calls_left.saturating_sub(*calls);
				}
			} else {
				entry.stale = true;
			}
		}
	}

	/// Calls served and not yet included on chain, over all licences.
	pub fn pending(&self) -> u64 {
		self.entries()
			.values()
			.map(|e| u64::from(e.unreported) + u64::from(e.inflight))
			.sum()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const TTL: Duration = Duration::from_secs(2);

	fn alice() -> AccountId32 {
		AccountId32([1; 32])
	}

	fn valid(calls_left: u32) -> ChainCheck {
		ChainCheck::Valid { calls_left, expiry: 100 }
	}

	#[test]
	fn never_serves_more_calls_than_the_licence_has_left() {
		let meter = Meter::new(TTL);
		let now = Instant::now();
		assert_eq!(meter.reserve(1, 3, &alice(), now), Reserve::Refresh);
		meter.store(1, 3, alice(), valid(2), now);
		assert_eq!(meter.reserve(1, 3, &alice(), now), Reserve::Granted { calls_left: 1 });
		assert_eq!(meter.reserve(1, 3, &alice(), now), Reserve::Granted { calls_left: 0 });
		assert_eq!(meter.reserve(1, 3, &alice(), now), Reserve::Denied(Denied::Exhausted));
		// A stale chain answer (still 2: nothing reported yet) does not reset the count.
		let later = now + TTL;
		assert_eq!(meter.reserve(1, 3, &alice(), later), Reserve::Refresh);
		meter.store(1, 3, alice(), valid(2), later);
		assert_eq!(meter.reserve(1, 3, &alice(), later), Reserve::Denied(Denied::Exhausted));
		assert_eq!(meter.pending(), 2);
	}

	#[test]
	fn a_batch_in_flight_is_counted_until_settled() {
		let meter = Meter::new(TTL);
		let now = Instant::now();
		meter.store(1, 3, alice(), valid(3), now);
		assert!(matches!(meter.reserve(1, 3, &alice(), now), Reserve::Granted { .. }));
		assert!(matches!(meter.reserve(1, 3, &alice(), now), Reserve::Granted { .. }));
		let batch = meter.take_batch(64);
		assert_eq!(batch, vec![(1, 2)]);
		assert!(meter.take_batch(64).is_empty());
		// While in flight, an old answer is not replaced and not refreshed.
		let later = now + TTL * 2;
		meter.store(1, 3, alice(), valid(3), later);
		assert_eq!(meter.reserve(1, 3, &alice(), later), Reserve::Granted { calls_left: 0 });
		meter.release(1);
		meter.settle(&batch, true);
		assert_eq!(meter.pending(), 0);
		assert_eq!(meter.reserve(1, 3, &alice(), later), Reserve::Refresh);
		meter.store(1, 3, alice(), valid(1), later);
		assert_eq!(meter.reserve(1, 3, &alice(), later), Reserve::Granted { calls_left: 0 });
	}

	#[test]
	fn a_failed_batch_makes_the_next_request_ask_the_chain() {
		let meter = Meter::new(TTL);
		let now = Instant::now();
		meter.store(1, 3, alice(), valid(3), now);
		assert!(matches!(meter.reserve(1, 3, &alice(), now), Reserve::Granted { .. }));
		let batch = meter.take_batch(64);
		meter.settle(&batch, false);
		assert_eq!(meter.reserve(1, 3, &alice(), now), Reserve::Refresh);
	}

	#[test]
	fn another_account_or_asset_is_checked_on_chain() {
		let meter = Meter::new(TTL);
		let now = Instant::now();
		meter.store(1, 3, alice(), valid(3), now);
		assert_eq!(meter.reserve(1, 4, &alice(), now), Reserve::Refresh);
		assert_eq!(meter.reserve(1, 3, &AccountId32([2; 32]), now), Reserve::Refresh);
		meter.store(1, 3, AccountId32([2; 32]), ChainCheck::Invalid(Denied::NotHolder), now);
		assert_eq!(
			meter.reserve(1, 3, &AccountId32([2; 32]), now),
			Reserve::Denied(Denied::NotHolder)
		);
	}
}
