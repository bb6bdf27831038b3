//! Licence answers, counters and vouchers: what lets the gateway serve a call without asking
//! the chain, never more calls than a licence has left, and never the same voucher twice.
//!
//! - **Answers** (an LRU of `licences` entries): per licence, the chain's `gateway_check` for its
//!   holder — asset, calls left, what this gateway has charged, expiry and settlement blocks.
//!   Reused for `ttl`, and never once the best block reaches the expiry. Only a `Valid` answer
//!   for an account goes here; a request of another account never touches the holder's entry.
//! - **Negatives** (a smaller LRU keyed by (licence, account)): refusals, for `negative_ttl`.
//! - **Ledgers** (at most `ledgers`, never evicted): per licence in use, the highest counter
//!   accepted, the counters of requests waiting for IPFS, and the latest voucher not yet on
//!   chain. A ledger goes once nothing is owed and its last request has left the timestamp
//!   window, so a replay is refused by its counter while it could still pass the window.
//!
//! A request with counter `n` is served iff `n` is above everything accepted or in flight (and
//! above the chain's `charged`) and `n - charged <= calls_left`. Both sides come from the same
//! chain answer, so the bound holds whether or not a usage batch is on its way.

use crate::auth::Voucher;
use lru::LruCache;
use std::{
	collections::HashMap,
	num::NonZeroUsize,
	sync::{Mutex, MutexGuard},
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
			Denied::Exhausted => "the licence has no calls left for this counter",
			Denied::AssetUnavailable => "the asset is not listed",
		}
	}

	pub fn code(self) -> &'static str {
		match self {
			Denied::Unknown => "unknown_licence",
			Denied::WrongAsset => "wrong_asset",
			Denied::NotHolder => "not_holder",
			Denied::Expired => "expired",
			Denied::Exhausted => "exhausted",
			Denied::AssetUnavailable => "asset_unavailable",
		}
	}
}

/// The chain's answer for (licence, asset, account, this gateway): the runtime's `GatewayCheck`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum GatewayCheck {
	Valid { calls_left: u32, expiry: u32, charged: u32, settle_until: u32 },
	Invalid(Denied),
}

/// Sizes and lifetimes of the meter's maps.
#[derive(Clone, Debug)]
pub struct MeterConfig {
	/// How long a `Valid` answer is reused.
	pub ttl: Duration,
	/// How long a refusal is reused.
	pub negative_ttl: Duration,
	/// Licences whose answers are kept.
	pub licences: usize,
	/// (licence, account) refusals kept.
	pub negatives: usize,
	/// Licences with counters at once; a new one beyond is refused as busy.
	pub ledgers: usize,
	/// Requests of one licence waiting for IPFS at once.
	pub max_in_flight: usize,
	/// The request timestamp window, in ms: how long a counter must be remembered.
	pub window_ms: u64,
}

impl Default for MeterConfig {
	fn default() -> Self {
		Self {
			ttl: Duration::from_secs(2),
			negative_ttl: Duration::from_secs(5),
			licences: 65_536,
			negatives: 16_384,
			ledgers: 65_536,
			max_in_flight: 16,
			window_ms: 60_000,
		}
	}
}

#[derive(Clone, Copy, Debug)]
struct Answer {
	holder: AccountId32,
	asset: u32,
	calls_left: u32,
	charged: u32,
	expiry: u32,
	fetched: Instant,
}

/// A reserved counter and the answer it was reserved under (for the re-check at commit if the
/// answer is evicted meanwhile).
#[derive(Clone, Copy, Debug)]
struct InFlight {
	calls: u32,
	expiry: u32,
	charged: u32,
	calls_left: u32,
}

#[derive(Debug)]
struct Ledger {
	holder: AccountId32,
	/// Highest counter served.
	accepted: u32,
	in_flight: Vec<InFlight>,
	/// The voucher of `accepted`, once it is above what is on chain and not being submitted.
	unreported: Option<Voucher>,
	/// The voucher in the batch on its way to the chain.
	submitting: Option<Voucher>,
	/// Highest counter known to be charged on chain.
	settled: u32,
	/// Latest timestamp of a request served.
	last_timestamp_ms: u64,
	/// A refused voucher waits until then before it is submitted again.
	not_before: Option<Instant>,
}

impl Ledger {
	fn new(holder: AccountId32, settled: u32) -> Self {
		Self {
			holder,
			accepted: 0,
			in_flight: Vec::new(),
			unreported: None,
			submitting: None,
			settled,
			last_timestamp_ms: 0,
			not_before: None,
		}
	}

	/// The highest counter served or charged: a new request must be above it.
	fn floor(&self) -> u32 {
		self.accepted.max(self.settled)
	}

	/// What a refused client re-signs above: the floor, or a higher counter in flight.
	fn counter(&self) -> u32 {
		let in_flight = self.in_flight.iter().map(|f| f.calls).max().unwrap_or(0);
		self.floor().max(in_flight)
	}

	fn in_flight(&self, calls: u32) -> bool {
		self.in_flight.iter().any(|f| f.calls == calls)
	}

	fn owes(&self) -> bool {
		!self.in_flight.is_empty() || self.unreported.is_some() || self.submitting.is_some()
	}
}

/// A call may be served: the licence has this many calls left after it.
#[derive(Debug, PartialEq, Eq)]
pub struct Reservation {
	pub calls_left: u32,
}

/// A served call is recorded: calls left after it, and the counter accepted.
#[derive(Debug, PartialEq, Eq)]
pub struct Committed {
	pub calls_left: u32,
	pub counter: u32,
}

/// Why a call is not served (yet).
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
	Denied(Denied),
	/// The counter is not above `counter` (409): a replay, or a client that must re-sign.
	Stale {
		counter: u32,
	},
	/// Ask the chain first; `holder` if the account is the licence's cached holder (its
	/// refresh goes before strangers' lookups).
	Ask {
		holder: bool,
	},
	/// Too many licences or requests in flight (503).
	Busy,
}

/// Why a voucher was given up (settlement logs and counts these).
pub const DROPPED_HOLDER_CHANGED: &str = "HolderChanged";

struct State {
	answers: LruCache<u32, Answer>,
	negatives: LruCache<(u32, [u8; 32]), (Denied, Instant)>,
	ledgers: HashMap<u32, Ledger>,
	dropped: Vec<(Voucher, &'static str)>,
}

pub struct Meter {
	config: MeterConfig,
	state: Mutex<State>,
}

fn capacity(n: usize) -> NonZeroUsize {
	NonZeroUsize::new(n.max(1)).unwrap_or(NonZeroUsize::MIN)
}

impl Meter {
	pub fn new(config: MeterConfig) -> Self {
		let state = State {
			answers: LruCache::new(capacity(config.licences)),
			negatives: LruCache::new(capacity(config.negatives)),
			ledgers: HashMap::new(),
			dropped: Vec::new(),
		};
		Self { config, state: Mutex::new(state) }
	}

	fn state(&self) -> MutexGuard<'_, State> {
		self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Reserves counter `calls` of `licence` for `account` on `asset`, if the cached answer
	/// allows it; `best` is the best block number.
	pub fn reserve(
		&self,
		licence: u32,
		asset: u32,
		account: &AccountId32,
		calls: u32,
		now: Instant,
		best: u32,
	) -> Result<Reservation, Refusal> {
		let mut state = self.state();
		let State { answers, negatives, ledgers, .. } = &mut *state;
		let Some(answer) = answers.get(&licence).filter(|a| a.holder == *account).copied() else {
			// Not the cached holder: a refusal we know, or ask (without touching the holder's
			// entry, whatever the chain answers this account).
			if let Some((reason, at)) = negatives.get(&(licence, account.0)) {
				if now.saturating_duration_since(*at) < self.config.negative_ttl {
					return Err(Refusal::Denied(*reason));
				}
			}
			return Err(Refusal::Ask { holder: false });
		};
		if answer.asset != asset {
			return Err(Refusal::Denied(Denied::WrongAsset));
		}
		// Past the expiry the licence may have been renewed: ask rather than refuse.
		if best >= answer.expiry || now.saturating_duration_since(answer.fetched) >= self.config.ttl
		{
			return Err(Refusal::Ask { holder: true });
		}
		let ledger = ledgers.get(&licence).filter(|l| l.holder == *account);
		if let Some(counter) = stale(&answer, ledger, calls) {
			return Err(Refusal::Stale { counter });
		}
		let wanted = calls - answer.charged;
		if wanted > answer.calls_left {
			return Err(Refusal::Denied(Denied::Exhausted));
		}
		if ledger.is_none() && ledgers.len() >= self.config.ledgers {
			return Err(Refusal::Busy);
		}
		let ledger =
			ledgers.entry(licence).or_insert_with(|| Ledger::new(*account, answer.charged));
		if ledger.in_flight.len() >= self.config.max_in_flight {
			return Err(Refusal::Busy);
		}
		ledger.in_flight.push(InFlight {
			calls,
			expiry: answer.expiry,
			charged: answer.charged,
			calls_left: answer.calls_left,
		});
		Ok(Reservation { calls_left: answer.calls_left - wanted })
	}

	/// The counter to re-sign above, if the holder's cached licence already has `calls` served
	/// or in flight: a replay is refused on this before it costs the holder's rate limit.
	pub fn stale(&self, licence: u32, account: &AccountId32, calls: u32) -> Option<u32> {
		let state = self.state();
		let answer = state.answers.peek(&licence).filter(|a| a.holder == *account)?;
		let ledger = state.ledgers.get(&licence).filter(|l| l.holder == *account);
		stale(answer, ledger, calls)
	}

	/// Records the chain's answer for (licence, asset, account).
	pub fn store(
		&self,
		licence: u32,
		asset: u32,
		account: AccountId32,
		check: GatewayCheck,
		now: Instant,
	) {
		let mut state = self.state();
		let State { answers, negatives, ledgers, dropped } = &mut *state;
		match check {
			GatewayCheck::Valid { calls_left, expiry, charged, .. } => {
				negatives.pop(&(licence, account.0));
				if let Some(ledger) = ledgers.get_mut(&licence) {
					if ledger.holder != account {
						// The licence moved: the former holder's vouchers no longer verify on
						// chain, and its reservations must not be served.
						if let Some(voucher) = ledger.unreported.take() {
							dropped.push((voucher, DROPPED_HOLDER_CHANGED));
						}
						ledger.in_flight.clear();
						ledger.accepted = 0;
						ledger.holder = account;
					}
					ledger.settled = ledger.settled.max(charged);
				}
				answers.put(
					licence,
					Answer { holder: account, asset, calls_left, charged, expiry, fetched: now },
				);
			},
			GatewayCheck::Invalid(reason) => {
				// The cached holder is refused now (moved, expired, exhausted): drop its answer
				// and what waits for IPFS under it. Its served vouchers stay to be settled.
				if answers.peek(&licence).is_some_and(|a| a.holder == account) {
					answers.pop(&licence);
				}
				if let Some(ledger) = ledgers.get_mut(&licence).filter(|l| l.holder == account) {
					ledger.in_flight.clear();
				}
				negatives.put((licence, account.0), (reason, now));
			},
		}
	}

	/// Gives back a reservation that was not served (IPFS failed).
	pub fn release(&self, licence: u32, calls: u32) {
		if let Some(ledger) = self.state().ledgers.get_mut(&licence) {
			if let Some(at) = ledger.in_flight.iter().position(|f| f.calls == calls) {
				ledger.in_flight.swap_remove(at);
			}
		}
	}

	/// Records a reserved call as served, once IPFS has answered; re-checks under the lock that
	/// the reservation still stands (no holder change, not expired, calls left).
	pub fn commit(
		&self,
		account: &AccountId32,
		voucher: Voucher,
		timestamp_ms: u64,
		best: u32,
	) -> Result<Committed, Refusal> {
		let mut state = self.state();
		let State { answers, ledgers, .. } = &mut *state;
		let licence = voucher.licence;
		let Some(ledger) = ledgers.get_mut(&licence).filter(|l| l.holder == *account) else {
			return Err(Refusal::Denied(Denied::NotHolder));
		};
		let Some(at) = ledger.in_flight.iter().position(|f| f.calls == voucher.calls) else {
			return Err(Refusal::Denied(Denied::NotHolder));
		};
		let flight = ledger.in_flight.swap_remove(at);
		let (expiry, charged, calls_left) = match answers.peek(&licence) {
			Some(a) if a.holder == *account => (a.expiry, a.charged, a.calls_left),
			_ => (flight.expiry, flight.charged, flight.calls_left),
		};
		if best >= expiry {
			return Err(Refusal::Denied(Denied::Expired));
		}
		if voucher.calls.saturating_sub(charged) > calls_left {
			return Err(Refusal::Denied(Denied::Exhausted));
		}
		// A lower counter committed after a higher one is covered by the higher (cumulative)
		// voucher.
		if voucher.calls > ledger.accepted {
			ledger.accepted = voucher.calls;
			if voucher.calls > ledger.settled {
				ledger.unreported = Some(voucher);
			}
		}
		ledger.last_timestamp_ms = ledger.last_timestamp_ms.max(timestamp_ms);
		Ok(Committed {
			calls_left: calls_left.saturating_sub(ledger.accepted.saturating_sub(charged)),
			counter: ledger.accepted,
		})
	}

	/// Moves every licence's latest unreported voucher into submission (but those waiting
	/// out a backoff).
	pub fn take_unreported(&self, now: Instant) -> Vec<Voucher> {
		let mut state = self.state();
		let mut batch = Vec::new();
		for ledger in state.ledgers.values_mut() {
			if ledger.submitting.is_none() && ledger.not_before.is_none_or(|t| t <= now) {
				if let Some(voucher) = ledger.unreported.take() {
					ledger.submitting = Some(voucher);
					batch.push(voucher);
				}
			}
		}
		batch.sort_by_key(|v| v.licence);
		batch
	}

	/// These vouchers are charged on chain; gives the calls each added.
	pub fn settled(&self, vouchers: &[Voucher]) -> u64 {
		let mut state = self.state();
		let State { answers, ledgers, .. } = &mut *state;
		let mut calls = 0;
		for voucher in vouchers {
			if let Some(ledger) = ledgers.get_mut(&voucher.licence) {
				calls += u64::from(voucher.calls.saturating_sub(ledger.settled));
				ledger.settled = ledger.settled.max(voucher.calls);
				if ledger.submitting.is_some_and(|s| s.calls == voucher.calls) {
					ledger.submitting = None;
				}
			}
			// The chain took `calls - charged` from `calls_left`: keep the answer in step.
			if let Some(answer) = answers.peek_mut(&voucher.licence) {
				if answer.charged < voucher.calls {
					let added = voucher.calls - answer.charged;
					answer.calls_left = answer.calls_left.saturating_sub(added);
					answer.charged = voucher.calls;
				}
			}
		}
		calls
	}

	/// These vouchers were not recorded, for now: submit them again next time, or not before
	/// `not_before` (unless a newer voucher of the licence supersedes them).
	pub fn retry(&self, vouchers: &[Voucher], not_before: Option<Instant>) {
		let mut state = self.state();
		for voucher in vouchers {
			let Some(ledger) = state.ledgers.get_mut(&voucher.licence) else { continue };
			if ledger.submitting.is_some_and(|s| s.calls == voucher.calls) {
				ledger.submitting = None;
			}
			ledger.not_before = not_before;
			if voucher.calls > ledger.settled
				&& ledger.unreported.is_none_or(|newer| newer.calls < voucher.calls)
			{
				ledger.unreported = Some(*voucher);
			}
		}
	}

	/// Lets every voucher be submitted now.
	pub fn clear_backoff(&self) {
		for ledger in self.state().ledgers.values_mut() {
			ledger.not_before = None;
		}
	}

	/// These vouchers are refused for good; `already_charged` when the chain refused them as
	/// stale, which means an earlier copy landed (only this gateway charges its counter).
	/// Gives the calls that copy added, as far as the gateway can tell.
	pub fn dropped(&self, vouchers: &[Voucher], already_charged: bool) -> u64 {
		let mut state = self.state();
		let mut calls = 0;
		for voucher in vouchers {
			let Some(ledger) = state.ledgers.get_mut(&voucher.licence) else { continue };
			if ledger.submitting.is_some_and(|s| s.calls == voucher.calls) {
				ledger.submitting = None;
			}
			if already_charged {
				calls += u64::from(voucher.calls.saturating_sub(ledger.settled));
				ledger.settled = ledger.settled.max(voucher.calls);
			}
		}
		calls
	}

	/// Vouchers given up without asking the chain (a holder change), for the logs and metrics.
	pub fn take_dropped(&self) -> Vec<(Voucher, &'static str)> {
		std::mem::take(&mut self.state().dropped)
	}

	/// Forgets the ledgers that owe nothing and whose last request has left the window.
	pub fn sweep(&self, now_ms: u64) {
		let window = self.config.window_ms;
		self.state()
			.ledgers
			.retain(|_, l| l.owes() || now_ms <= l.last_timestamp_ms.saturating_add(window));
	}

	/// Licences with a voucher not yet on chain.
	pub fn pending(&self) -> usize {
		self.state()
			.ledgers
			.values()
			.filter(|l| l.unreported.is_some() || l.submitting.is_some())
			.count()
	}

	/// Entries in (answers, negatives, ledgers): what the bounds are about.
	pub fn sizes(&self) -> (usize, usize, usize) {
		let state = self.state();
		(state.answers.len(), state.negatives.len(), state.ledgers.len())
	}
}

/// A counter is stale if it is not above what was served or charged, or is in flight now
/// (requests of one licence may arrive out of order while they wait for IPFS; each counter is
/// served once).
fn stale(answer: &Answer, ledger: Option<&Ledger>, calls: u32) -> Option<u32> {
	let floor = answer.charged.max(ledger.map_or(0, Ledger::floor));
	if calls <= floor || ledger.is_some_and(|l| l.in_flight(calls)) {
		return Some(answer.charged.max(ledger.map_or(0, Ledger::counter)));
	}
	None
}

#[cfg(test)]
mod tests {
	use super::*;

	const HOLDER: AccountId32 = AccountId32([1; 32]);
	const OTHER: AccountId32 = AccountId32([2; 32]);
	const ASSET: u32 = 3;
	const L: u32 = 1;
	const NOW_MS: u64 = 1_000_000;

	fn meter() -> Meter {
		Meter::new(MeterConfig::default())
	}

	fn valid(calls_left: u32, charged: u32) -> GatewayCheck {
		GatewayCheck::Valid { calls_left, expiry: 100, charged, settle_until: 110 }
	}

	fn voucher(calls: u32) -> Voucher {
		Voucher {
			licence: L,
			calls,
			until_ms: u64::MAX,
			request: [calls as u8; 32],
			signature: [0; 64],
		}
	}

	/// Reserve and commit counter `calls` as HOLDER.
	fn serve(meter: &Meter, calls: u32, now: Instant) -> Result<Committed, Refusal> {
		meter.reserve(L, ASSET, &HOLDER, calls, now, 10)?;
		meter.commit(&HOLDER, voucher(calls), NOW_MS, 10)
	}

	#[test]
	fn never_serves_more_calls_than_the_licence_has_left() {
		let meter = meter();
		let now = Instant::now();
		assert_eq!(
			meter.reserve(L, ASSET, &HOLDER, 1, now, 10),
			Err(Refusal::Ask { holder: false })
		);
		meter.store(L, ASSET, HOLDER, valid(2, 0), now);
		assert_eq!(serve(&meter, 1, now), Ok(Committed { calls_left: 1, counter: 1 }));
		assert_eq!(serve(&meter, 2, now), Ok(Committed { calls_left: 0, counter: 2 }));
		assert_eq!(serve(&meter, 3, now), Err(Refusal::Denied(Denied::Exhausted)));
		// A counter that skips ahead past the quota is refused too.
		let meter = Meter::new(MeterConfig::default());
		meter.store(L, ASSET, HOLDER, valid(2, 5), now);
		assert_eq!(serve(&meter, 8, now), Err(Refusal::Denied(Denied::Exhausted)));
		assert_eq!(serve(&meter, 7, now), Ok(Committed { calls_left: 0, counter: 7 }));
	}

	#[test]
	fn a_counter_is_served_once() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(10, 4), now);
		// At or below what the chain has charged: stale.
		assert_eq!(serve(&meter, 4, now), Err(Refusal::Stale { counter: 4 }));
		assert!(serve(&meter, 5, now).is_ok());
		assert_eq!(serve(&meter, 5, now), Err(Refusal::Stale { counter: 5 }));
		// The same counter while the first is still waiting for IPFS.
		assert!(meter.reserve(L, ASSET, &HOLDER, 6, now, 10).is_ok());
		assert_eq!(
			meter.reserve(L, ASSET, &HOLDER, 6, now, 10),
			Err(Refusal::Stale { counter: 6 })
		);
		assert_eq!(meter.stale(L, &HOLDER, 6), Some(6));
		// IPFS failed: the reservation goes back, and the same signed request may be served.
		meter.release(L, 6);
		assert_eq!(meter.stale(L, &HOLDER, 6), None);
		assert!(serve(&meter, 6, now).is_ok());
		// Requests waiting for IPFS may arrive out of order; each counter is served once.
		assert!(meter.reserve(L, ASSET, &HOLDER, 8, now, 10).is_ok());
		assert!(meter.reserve(L, ASSET, &HOLDER, 7, now, 10).is_ok());
		assert_eq!(meter.commit(&HOLDER, voucher(8), NOW_MS, 10).map(|c| c.counter), Ok(8));
		assert_eq!(meter.commit(&HOLDER, voucher(7), NOW_MS, 10).map(|c| c.counter), Ok(8));
		assert_eq!(serve(&meter, 7, now), Err(Refusal::Stale { counter: 8 }));
		assert_eq!(meter.stale(L, &HOLDER, 7), Some(8));
		// Counters 5 to 9 count against the 10 calls left above the chain's 4.
		assert_eq!(serve(&meter, 9, now), Ok(Committed { calls_left: 5, counter: 9 }));
		// Another account's stale check says nothing (its own request goes its way).
		assert_eq!(meter.stale(L, &OTHER, 1), None);
	}

	#[test]
	fn an_attackers_request_does_not_evict_the_holders_entry() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(5, 0), now);
		assert_eq!(
			meter.reserve(L, ASSET, &OTHER, 1, now, 10),
			Err(Refusal::Ask { holder: false })
		);
		meter.store(L, ASSET, OTHER, GatewayCheck::Invalid(Denied::NotHolder), now);
		assert_eq!(
			meter.reserve(L, ASSET, &OTHER, 1, now, 10),
			Err(Refusal::Denied(Denied::NotHolder))
		);
		assert_eq!(serve(&meter, 1, now), Ok(Committed { calls_left: 4, counter: 1 }));
		// The refusal is remembered for a short time only.
		let later = now + MeterConfig::default().negative_ttl;
		assert_eq!(
			meter.reserve(L, ASSET, &OTHER, 1, later, 10),
			Err(Refusal::Ask { holder: false })
		);
	}

	#[test]
	fn a_cached_answer_never_outlives_the_expiry_block() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(5, 0), now);
		assert!(meter.reserve(L, ASSET, &HOLDER, 1, now, 99).is_ok());
		// Block 100 is the expiry: the fresh answer is not used, the chain is asked.
		assert_eq!(
			meter.reserve(L, ASSET, &HOLDER, 2, now, 100),
			Err(Refusal::Ask { holder: true })
		);
		// A request reserved before the expiry and answered by IPFS after it is not served.
		assert_eq!(
			meter.commit(&HOLDER, voucher(1), NOW_MS, 100),
			Err(Refusal::Denied(Denied::Expired))
		);
	}

	#[test]
	fn a_cached_answer_is_refreshed_after_its_ttl_even_with_vouchers_on_the_way() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(5, 0), now);
		assert!(serve(&meter, 1, now).is_ok());
		assert_eq!(meter.take_unreported(now), vec![voucher(1)]);
		let later = now + MeterConfig::default().ttl;
		assert_eq!(
			meter.reserve(L, ASSET, &HOLDER, 2, later, 10),
			Err(Refusal::Ask { holder: true })
		);
	}

	#[test]
	fn a_holder_change_drops_the_entry() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(5, 0), now);
		assert!(serve(&meter, 1, now).is_ok());
		assert!(meter.reserve(L, ASSET, &HOLDER, 2, now, 10).is_ok());
		// The holder's refresh: the chain says it no longer holds the licence.
		meter.store(L, ASSET, HOLDER, GatewayCheck::Invalid(Denied::NotHolder), now);
		assert_eq!(
			meter.reserve(L, ASSET, &HOLDER, 3, now, 10),
			Err(Refusal::Denied(Denied::NotHolder))
		);
		// Its request that was waiting for IPFS is not served.
		assert_eq!(
			meter.commit(&HOLDER, voucher(2), NOW_MS, 10),
			Err(Refusal::Denied(Denied::NotHolder))
		);
		// The new holder continues from the chain's counter; the former holder's voucher,
		// which can no longer verify on chain, is given up.
		meter.store(L, ASSET, OTHER, valid(4, 0), now);
		assert_eq!(meter.take_dropped(), vec![(voucher(1), DROPPED_HOLDER_CHANGED)]);
		assert!(meter.reserve(L, ASSET, &OTHER, 1, now, 10).is_ok());
		assert_eq!(
			meter.commit(&OTHER, voucher(1), NOW_MS, 10),
			Ok(Committed { calls_left: 3, counter: 1 })
		);
	}

	#[test]
	fn a_new_holder_found_by_its_own_request_replaces_the_former() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(5, 0), now);
		assert!(meter.reserve(L, ASSET, &HOLDER, 1, now, 10).is_ok());
		meter.store(L, ASSET, OTHER, valid(5, 0), now);
		// The former holder's cached answer is gone, and so is its reservation.
		assert_eq!(
			meter.reserve(L, ASSET, &HOLDER, 2, now, 10),
			Err(Refusal::Ask { holder: false })
		);
		assert_eq!(
			meter.commit(&HOLDER, voucher(1), NOW_MS, 10),
			Err(Refusal::Denied(Denied::NotHolder))
		);
	}

	#[test]
	fn a_failed_batch_loses_no_usage() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(5, 0), now);
		assert!(serve(&meter, 1, now).is_ok());
		let batch = meter.take_unreported(now);
		assert_eq!(batch, vec![voucher(1)]);
		assert!(meter.take_unreported(now).is_empty(), "a voucher is submitted once at a time");
		// Served meanwhile: the newer voucher supersedes the one in flight.
		assert!(serve(&meter, 2, now).is_ok());
		meter.retry(&batch, None);
		assert_eq!(meter.pending(), 1);
		assert_eq!(meter.take_unreported(now), vec![voucher(2)]);
		meter.retry(&[voucher(2)], None);
		assert_eq!(meter.take_unreported(now), vec![voucher(2)]);
		assert_eq!(meter.settled(&[voucher(2)]), 2);
		assert_eq!(meter.pending(), 0);
		// The cached answer follows what the chain charged: 2 of 5 used.
		assert_eq!(serve(&meter, 2, now), Err(Refusal::Stale { counter: 2 }));
		assert_eq!(serve(&meter, 3, now), Ok(Committed { calls_left: 2, counter: 3 }));
	}

	#[test]
	fn ledgers_are_kept_while_a_replay_could_pass_the_window() {
		let meter = meter();
		let now = Instant::now();
		meter.store(L, ASSET, HOLDER, valid(5, 0), now);
		assert!(serve(&meter, 1, now).is_ok());
		let batch = meter.take_unreported(now);
		meter.settled(&batch);
		meter.sweep(NOW_MS + 60_000);
		assert_eq!(meter.sizes().2, 1);
		meter.sweep(NOW_MS + 60_001);
		assert_eq!(meter.sizes().2, 0);
		// A ledger that still owes a voucher is never forgotten.
		assert!(serve(&meter, 2, now).is_ok());
		meter.sweep(u64::MAX);
		assert_eq!(meter.pending(), 1);
	}

	#[test]
	fn every_map_is_bounded() {
		let config =
			MeterConfig { licences: 100, negatives: 50, ledgers: 10, ..Default::default() };
		let meter = Meter::new(config);
		let now = Instant::now();
		for id in 0..10_000u32 {
			let who = AccountId32([(id % 251) as u8; 32]);
			meter.store(id, ASSET, who, GatewayCheck::Invalid(Denied::Unknown), now);
			meter.store(id, ASSET, who, valid(5, 0), now);
			let _ = meter.reserve(id, ASSET, &who, 1, now, 10);
		}
		let (answers, negatives, ledgers) = meter.sizes();
		assert_eq!((answers, negatives, ledgers), (100, 0, 10));
		for id in 0..10_000u32 {
			meter.store(id, ASSET, OTHER, GatewayCheck::Invalid(Denied::Unknown), now);
		}
		assert_eq!(meter.sizes().1, 50);
		// Beyond the ledger bound a new licence is refused as busy, not served unmetered.
		meter.store(20_000, ASSET, HOLDER, valid(5, 0), now);
		assert_eq!(meter.reserve(20_000, ASSET, &HOLDER, 1, now, 10), Err(Refusal::Busy));
	}
}
