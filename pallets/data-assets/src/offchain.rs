//! The pinners' offchain worker.
//!
//! A node whose keystore holds the `bdpn` key of a registered pinner pins open requests on its
//! IPFS node through the Kubo RPC API (`pin/add`), checks the size (`files/stat`) and, for
//! content up to `DigestCheckLimit`, the sha2-256 of the bytes (`cat`), and reports the outcome
//! in one signed `report_pins` transaction a block, each report naming the revision it checked.
//! Once every `RecheckInterval` blocks (at the first run in each interval, so a run the node
//! skipped delays nothing) it sweeps its pins (`pin/ls`) and reports losses; a sweep that finds
//! more than one report holds goes on at the next blocks, before any new pinning, so the chain
//! never shows a lost pin for longer than one re-check. Content no asset claims any more (the
//! chain's [`ContentIndex`](crate::ContentIndex), by multihash) is unpinned (`pin/rm`); content
//! some asset still claims never is, whichever asset this node pinned it for. Failures are
//! retried with exponential backoff, so an IPFS node that is down loses nothing; a per-request
//! lock keeps two runs off the same request.
//!
//! The IPFS API URL is read from the offchain local storage key [`IPFS_API_URL_KEY`]
//! (persistent, raw UTF-8), defaulting to [`DEFAULT_IPFS_API_URL`].

use crate::{pallet::*, types::*};
use alloc::{collections::BTreeMap, format, string::String, vec, vec::Vec};
use codec::{Decode, Encode};
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::{
	offchain::{AppCrypto, SendSignedTransaction, Signer},
	pallet_prelude::BlockNumberFor,
};
use sha2::{Digest as _, Sha256};
use sp_core::offchain::{Duration, HttpError, StorageKind, Timestamp};
use sp_runtime::{
	offchain::{
		http,
		storage::StorageValueRef,
		storage_lock::{BlockAndTime, StorageLock},
	},
	traits::{IdentifyAccount, Saturating, UniqueSaturatedInto, Zero},
	RuntimeAppPublic,
};

/// Offchain local storage key (persistent) holding the IPFS API base URL.
pub const IPFS_API_URL_KEY: &[u8] = b"bdes::ipfs-api-url";
/// The IPFS API a pinner uses when none is configured: a Kubo RPC on this machine.
pub const DEFAULT_IPFS_API_URL: &str = "http://127.0.0.1:5001";
/// Most pin attempts one run makes for one pinner; the rest wait for the next block.
const MAX_PINS_PER_RUN: usize = 4;
/// Longest backoff between two attempts on one request, in blocks.
const MAX_BACKOFF_BLOCKS: u32 = 64;
/// After reporting, wait this many blocks for the report to be included before redoing it.
const REPORT_GRACE_BLOCKS: u32 = 10;
/// A lock on a request expires after this many blocks or this long, whichever is later.
const LOCK_BLOCKS: u32 = 20;
const LOCK_MILLIS: u64 = 120_000;
/// Largest JSON answer read from the IPFS API.
const MAX_JSON_BYTES: usize = 64 * 1024;
/// Most CIDs a node remembers having pinned for one pinner.
const MAX_LOCAL_PINS: usize = 4096;
/// Most pins one run re-checks for one pinner; a sweep goes on at the next run.
const MAX_RECHECKS_PER_RUN: usize = 64;

/// Why an IPFS call failed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum IpfsError {
	/// No answer in time.
	Timeout,
	/// The API could not be reached or the connection broke.
	Unavailable,
	/// The API answered with an error (Kubo's `{"Message": …, "Type": "error"}`).
	Api(String),
	/// The answer was not what the API documents.
	BadResponse,
}

impl IpfsError {
	fn is_not_pinned(&self) -> bool {
		matches!(self, IpfsError::Api(message) if message.contains("not pinned"))
	}
}

/// Kubo's error body.
#[derive(serde::Deserialize)]
struct ApiError {
	#[serde(rename = "Message")]
	message: String,
}

#[derive(serde::Deserialize)]
struct PinsAnswer {
	#[serde(rename = "Pins")]
	pins: Vec<String>,
}

/// `pin/ls` of one CID: its recursive pin, keyed by the CID in Kubo's own encoding.
#[derive(serde::Deserialize)]
struct PinLsAnswer {
	#[serde(rename = "Keys")]
	keys: BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct StatAnswer {
	#[serde(rename = "Size")]
	size: u64,
}

/// A client of the Kubo RPC API over the offchain HTTP host functions.
pub struct Ipfs {
	base: String,
	timeout: Duration,
}

impl Ipfs {
	/// The client for the URL configured in offchain local storage (or the default).
	pub fn configured(timeout_millis: u64) -> Self {
		// Raw UTF-8 (not SCALE), so operators can set it with `offchain_localStorageSet` and the
		// hex of the URL.
		let base = sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, IPFS_API_URL_KEY)
			.and_then(|raw| String::from_utf8(raw).ok())
			.filter(|url| !url.trim().is_empty())
			.unwrap_or_else(|| DEFAULT_IPFS_API_URL.into());
		Self {
			base: base.trim_end_matches('/').into(),
			timeout: Duration::from_millis(timeout_millis),
		}
	}

	fn deadline(&self) -> Timestamp {
		sp_io::offchain::timestamp().add(self.timeout)
	}

	fn url(&self, command: &str, query: &str) -> String {
		format!("{}/api/v0/{}?{}", self.base, command, query)
	}

	/// Sends a `POST` (the Kubo RPC takes only POST) and waits for the status.
	fn send(&self, command: &str, query: &str) -> Result<(http::Response, Timestamp), IpfsError> {
		let url = self.url(command, query);
		let deadline = self.deadline();
		let pending = http::Request::post(&url, Vec::<Vec<u8>>::new())
			.deadline(deadline)
			.send()
			.map_err(|_| IpfsError::Unavailable)?;
		let response =
			pending
				.try_wait(deadline)
				.map_err(|_| IpfsError::Timeout)?
				.map_err(|e| match e {
					http::Error::DeadlineReached => IpfsError::Timeout,
					_ => IpfsError::Unavailable,
				})?;
		Ok((response, deadline))
	}

	/// Reads a JSON answer (bounded), turning Kubo error bodies into [`IpfsError::Api`].
	fn call(&self, command: &str, query: &str) -> Result<Vec<u8>, IpfsError> {
		let (response, deadline) = self.send(command, query)?;
		let mut body = Vec::new();
		let mut buffer = [0u8; 4096];
		loop {
			match sp_io::offchain::http_response_read_body(response.id, &mut buffer, Some(deadline))
			{
				Ok(0) => break,
				Ok(n) => {
					body.extend_from_slice(&buffer[..(n as usize).min(buffer.len())]);
					if body.len() > MAX_JSON_BYTES {
						return Err(IpfsError::BadResponse);
					}
				},
				Err(HttpError::DeadlineReached) => return Err(IpfsError::Timeout),
				Err(_) => return Err(IpfsError::Unavailable),
			}
		}
		// Kubo answers errors with 500 and an error object; some proxies answer 200 with it.
		if let Ok(error) = serde_json::from_slice::<ApiError>(&body) {
			if response.code != 200 || body.windows(14).any(|w| w == b"\"Type\":\"error\"") {
				return Err(IpfsError::Api(error.message));
			}
		}
		if response.code != 200 {
			return Err(IpfsError::Api(format!("HTTP {}", response.code)));
		}
		Ok(body)
	}

	/// `pin/add`: fetches and pins the CID recursively.
	pub fn pin_add(&self, cid: &str) -> Result<(), IpfsError> {
		let body = self.call("pin/add", &format!("arg={cid}&recursive=true&progress=false"))?;
		let answer: PinsAnswer =
			serde_json::from_slice(&body).map_err(|_| IpfsError::BadResponse)?;
		if answer.pins.is_empty() {
			return Err(IpfsError::BadResponse);
		}
		Ok(())
	}

	/// `files/stat`: the size of the file behind the CID.
	pub fn file_size(&self, cid: &str) -> Result<u64, IpfsError> {
		let body = self.call("files/stat", &format!("arg=/ipfs/{cid}"))?;
		let answer: StatAnswer =
			serde_json::from_slice(&body).map_err(|_| IpfsError::BadResponse)?;
		Ok(answer.size)
	}

	/// `cat`: streams the bytes through sha2-256; returns the digest and the length read.
	pub fn digest(&self, cid: &str) -> Result<(Digest, u64), IpfsError> {
		let (response, deadline) = self.send("cat", &format!("arg={cid}"))?;
		if response.code != 200 {
			return Err(IpfsError::Api(format!("HTTP {}", response.code)));
		}
		let mut hasher = Sha256::new();
		let mut read: u64 = 0;
		let mut buffer = vec![0u8; 64 * 1024];
		loop {
			match sp_io::offchain::http_response_read_body(response.id, &mut buffer, Some(deadline))
			{
				Ok(0) => break,
				Ok(n) => {
					let n = (n as usize).min(buffer.len());
					hasher.update(&buffer[..n]);
					read = read.saturating_add(n as u64);
				},
				Err(HttpError::DeadlineReached) => return Err(IpfsError::Timeout),
				Err(_) => return Err(IpfsError::Unavailable),
			}
		}
		Ok((hasher.finalize().into(), read))
	}

	/// `pin/ls`: whether the CID is pinned recursively. Kubo answers with the CID in its own
	/// encoding (base32 for a CIDv1 listed in another base), so the multihashes are compared.
	pub fn is_pinned(&self, cid: &str) -> Result<bool, IpfsError> {
		match self.call("pin/ls", &format!("arg={cid}&type=recursive")) {
			Ok(body) => {
				let answer: PinLsAnswer =
					serde_json::from_slice(&body).map_err(|_| IpfsError::BadResponse)?;
				let wanted = content_hash(cid.as_bytes());
				Ok(answer.keys.keys().any(|key| {
					key == cid || (wanted.is_some() && content_hash(key.as_bytes()) == wanted)
				}))
			},
			Err(e) if e.is_not_pinned() => Ok(false),
			Err(e) => Err(e),
		}
	}

	/// `pin/rm`: releases the CID; not being pinned counts as done.
	pub fn pin_rm(&self, cid: &str) -> Result<(), IpfsError> {
		match self.call("pin/rm", &format!("arg={cid}&recursive=true")) {
			Ok(_) => Ok(()),
			Err(e) if e.is_not_pinned() => Ok(()),
			Err(e) => Err(e),
		}
	}
}

/// A node's memory of one request it worked on, in offchain local storage.
#[derive(Encode, Decode, Default, Clone, PartialEq, Eq, Debug)]
pub struct Attempt<BlockNumber> {
	/// Failed attempts in a row.
	pub failures: u32,
	/// Not before this block.
	pub next_try: BlockNumber,
	/// When a report on this request was last sent, and on which revision.
	pub reported: Option<(BlockNumber, u32)>,
}

/// A node's re-checks of one pinner's pins, in offchain local storage.
#[derive(Encode, Decode, Default, Clone, PartialEq, Eq, Debug)]
pub struct Recheck<BlockNumber> {
	/// The re-check interval (block number / `RecheckInterval`) the last sweep started in.
	pub interval: BlockNumber,
	/// The sweep in progress, if any.
	pub sweep: Option<Sweep>,
}

/// Where a sweep of the pins stands.
#[derive(Encode, Decode, Default, Clone, PartialEq, Eq, Debug)]
pub struct Sweep {
	/// The last asset looked at (pins are swept in storage order); `None` before the first.
	pub after: Option<AssetId>,
}

/// What the worker decided about one request.
enum Work {
	/// Report this outcome; `true` if the content stays pinned.
	Report(PinOutcome, bool),
	Retry,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn run_offchain_worker(now: BlockNumberFor<T>) {
		let pinners = Self::local_pinners();
		if pinners.is_empty() {
			return;
		}
		let ipfs = Ipfs::configured(T::IpfsTimeoutMillis::get());
		let interval = T::RecheckInterval::get();
		for (public, account) in pinners {
			let key = Self::recheck_key(&account);
			let store = StorageValueRef::persistent(&key);
			let mut recheck: Recheck<BlockNumberFor<T>> =
				store.get().ok().flatten().unwrap_or_default();
			// The first run in each interval starts a sweep, whichever block it runs at.
			if !interval.is_zero() && recheck.sweep.is_none() && now / interval > recheck.interval {
				recheck = Recheck { interval: now / interval, sweep: Some(Sweep::default()) };
			}
			let mut reports: Vec<PinReport> = Vec::new();
			// Losses first: what the chain shows must not wait behind new pins.
			if let Some(sweep) = recheck.sweep.as_mut() {
				if Self::recheck_pins(&ipfs, &account, sweep, &mut reports) {
					recheck.sweep = None;
				}
			}
			Self::pin_open_requests(now, &ipfs, &account, &mut reports);
			Self::release_unwanted(&ipfs, &account);
			// A sweep moves on only once its losses are sent; otherwise the next run redoes them.
			if reports.is_empty() || Self::send_reports(now, public, &account, reports) {
				store.set(&recheck);
			}
		}
	}

	/// Registered pinners whose `bdpn` key this node holds.
	pub fn local_pinners() -> Vec<(T::Public, T::AccountId)> {
		<<T::AuthorityId as AppCrypto<T::Public, T::Signature>>::RuntimeAppPublic as RuntimeAppPublic>::all()
			.into_iter()
			.filter_map(|key| {
				let generic: <T::AuthorityId as AppCrypto<T::Public, T::Signature>>::GenericPublic =
					key.into();
				let public: T::Public = generic.into();
				let account = public.clone().into_account();
				Pinners::<T>::contains_key(&account).then_some((public, account))
			})
			.collect()
	}

	fn attempt_key(asset: AssetId, account: &T::AccountId) -> Vec<u8> {
		(b"bdes::pin-attempt::", asset, account).encode()
	}

	fn local_pins_key(account: &T::AccountId) -> Vec<u8> {
		(b"bdes::pinned::", account).encode()
	}

	fn recheck_key(account: &T::AccountId) -> Vec<u8> {
		(b"bdes::recheck::", account).encode()
	}

	/// Pins what this pinner has not pinned yet, oldest request first.
	fn pin_open_requests(
		now: BlockNumberFor<T>,
		ipfs: &Ipfs,
		account: &T::AccountId,
		reports: &mut Vec<PinReport>,
	) {
		let mut open: Vec<(AssetId, PinStateOf<T>)> = Pins::<T>::iter()
			.filter(|(_, state)| {
				let live = state
					.pinned_by
					.iter()
					.filter(|r| Pinners::<T>::contains_key(&r.pinner))
					.count() as u32;
				live < state.target && !state.has_reported(account)
			})
			.collect();
		open.sort_by(|a, b| a.1.requested.cmp(&b.1.requested).then(a.0.cmp(&b.0)));

		let mut attempts = 0;
		for (asset, state) in open {
			if attempts >= MAX_PINS_PER_RUN || reports.len() >= T::MaxReportsPerCall::get() as usize
			{
				break;
			}
			let key = Self::attempt_key(asset, account);
			let store = StorageValueRef::persistent(&key);
			let attempt: Attempt<BlockNumberFor<T>> =
				store.get().ok().flatten().unwrap_or_default();
			if now < attempt.next_try {
				continue;
			}
			if let Some((at, revision)) = attempt.reported {
				let grace: BlockNumberFor<T> = REPORT_GRACE_BLOCKS.into();
				if revision == state.revision && now < at.saturating_add(grace) {
					continue;
				}
			}
			let lock_key = (b"bdes::pin-lock::", asset).encode();
			let mut lock =
				StorageLock::<BlockAndTime<frame_system::Pallet<T>>>::with_block_and_time_deadline(
					&lock_key,
					LOCK_BLOCKS,
					Duration::from_millis(LOCK_MILLIS),
				);
			let Ok(_guard) = lock.try_lock() else { continue };
			attempts += 1;

			let Some(details) = Assets::<T>::get(asset) else { continue };
			match Self::pin_and_check(ipfs, asset, &details.content) {
				Work::Report(outcome, kept) => {
					if kept {
						Self::remember_pin(account, asset, &state.cid);
					}
					reports.push(PinReport { asset, revision: state.revision, outcome });
					store.set(&Attempt {
						failures: 0,
						next_try: now,
						reported: Some((now, state.revision)),
					});
				},
				Work::Retry => {
					let failures = attempt.failures.saturating_add(1);
					let backoff = 2u32.saturating_pow(failures.min(16)).min(MAX_BACKOFF_BLOCKS);
					store.set(&Attempt {
						failures,
						next_try: now.saturating_add(backoff.into()),
						reported: None,
					});
				},
			}
		}
	}

	/// Pins the current content of `asset` and checks it against the listing.
	fn pin_and_check(ipfs: &Ipfs, asset: AssetId, content: &ContentOf<T>) -> Work {
		let Ok(cid) = core::str::from_utf8(&content.cid) else {
			return Work::Retry;
		};
		if let Err(e) = ipfs.pin_add(cid) {
			log::warn!(target: "data-assets", "pin/add {cid} failed: {e:?}; will retry");
			return Work::Retry;
		}
		let mismatch = match ipfs.file_size(cid) {
			Ok(size) if size != content.size => Some(Mismatch::Size { observed: size }),
			Ok(_) if content.size <= T::DigestCheckLimit::get() => match ipfs.digest(cid) {
				Ok((digest, _)) if digest != content.digest => {
					Some(Mismatch::Digest { observed: digest })
				},
				Ok(_) => None,
				Err(e) => {
					log::warn!(target: "data-assets", "cat {cid} failed: {e:?}; will retry");
					return Work::Retry;
				},
			},
			Ok(_) => None,
			Err(e) => {
				log::warn!(target: "data-assets", "files/stat {cid} failed: {e:?}; will retry");
				return Work::Retry;
			},
		};
		match mismatch {
			Some(mismatch) => {
				log::warn!(target: "data-assets", "{cid} does not match its listing: {mismatch:?}");
				// Not what this revision declares: do not keep it for it, but a pending
				// revision may claim the same content (a corrected digest).
				let kept = Self::claimed_besides(asset, &content.cid);
				if !kept {
					let _ = ipfs.pin_rm(cid);
				}
				Work::Report(PinOutcome::Mismatch(mismatch), kept)
			},
			None => {
				log::info!(target: "data-assets", "pinned {cid}");
				Work::Report(PinOutcome::Pinned, true)
			},
		}
	}

	/// Goes on with `sweep`: checks the pins the chain records for this pinner and reports
	/// those IPFS no longer holds, until the report is full, IPFS does not answer, or
	/// `MAX_RECHECKS_PER_RUN` are checked. Returns whether the sweep is done.
	fn recheck_pins(
		ipfs: &Ipfs,
		account: &T::AccountId,
		sweep: &mut Sweep,
		reports: &mut Vec<PinReport>,
	) -> bool {
		let pins = match sweep.after {
			// The keys are in storage order; starting after the last one looked at skips what
			// was checked, even if that asset is gone since.
			Some(last) => Pins::<T>::iter_from(Pins::<T>::hashed_key_for(last)),
			None => Pins::<T>::iter(),
		};
		let mut checked = 0;
		for (asset, state) in pins {
			if state.pinned_by.iter().any(|r| &r.pinner == account) {
				if reports.len() >= T::MaxReportsPerCall::get() as usize
					|| checked >= MAX_RECHECKS_PER_RUN
				{
					return false;
				}
				checked += 1;
				let Ok(cid) = core::str::from_utf8(&state.cid) else {
					sweep.after = Some(asset);
					continue;
				};
				match ipfs.is_pinned(cid) {
					Ok(true) => {},
					Ok(false) => {
						log::warn!(target: "data-assets", "{cid} of asset {asset} is no longer pinned");
						reports.push(PinReport {
							asset,
							revision: state.revision,
							outcome: PinOutcome::Lost,
						});
						// Forget the last report so the request is worked on again at once.
						StorageValueRef::persistent(&Self::attempt_key(asset, account)).clear();
					},
					// IPFS down is not a loss: this pin is checked again at the next run.
					Err(e @ (IpfsError::Timeout | IpfsError::Unavailable)) => {
						log::warn!(target: "data-assets", "pin/ls {cid} failed: {e:?}");
						return false;
					},
					// IPFS answered, but not about a pin: not a loss either.
					Err(e) => log::warn!(target: "data-assets", "pin/ls {cid} failed: {e:?}"),
				}
			}
			sweep.after = Some(asset);
		}
		true
	}

	fn remember_pin(account: &T::AccountId, asset: AssetId, cid: &CidOf<T>) {
		let key = Self::local_pins_key(account);
		let store = StorageValueRef::persistent(&key);
		let mut pins: Vec<(AssetId, Vec<u8>)> = store.get().ok().flatten().unwrap_or_default();
		let entry = (asset, cid.to_vec());
		if !pins.contains(&entry) && pins.len() < MAX_LOCAL_PINS {
			pins.push(entry);
			store.set(&pins);
		}
	}

	/// Unpins what this node pinned and no asset claims any more (delisted, rejected, or
	/// replaced by a revision). Content another asset claims stays pinned, whichever asset it
	/// was pinned for; each CID is released once.
	fn release_unwanted(ipfs: &Ipfs, account: &T::AccountId) {
		let key = Self::local_pins_key(account);
		let store = StorageValueRef::persistent(&key);
		let pins: Vec<(AssetId, Vec<u8>)> = store.get().ok().flatten().unwrap_or_default();
		if pins.is_empty() {
			return;
		}
		let mut released: Vec<Vec<u8>> = Vec::new();
		let mut failed: Vec<Vec<u8>> = Vec::new();
		for (asset, cid) in &pins {
			if Self::is_claimed(cid) || released.contains(cid) || failed.contains(cid) {
				continue;
			}
			let Ok(text) = core::str::from_utf8(cid) else {
				released.push(cid.clone());
				continue;
			};
			match ipfs.pin_rm(text) {
				Ok(()) => {
					log::info!(target: "data-assets", "unpinned {text} (asset {asset})");
					released.push(cid.clone());
				},
				Err(e) => {
					log::warn!(target: "data-assets", "pin/rm {text} failed: {e:?}; will retry");
					failed.push(cid.clone());
				},
			}
		}
		if !released.is_empty() {
			let kept: Vec<(AssetId, Vec<u8>)> =
				pins.into_iter().filter(|(_, cid)| !released.contains(cid)).collect();
			store.set(&kept);
		}
	}

	/// Sends the reports in one transaction; returns whether it was sent.
	fn send_reports(
		now: BlockNumberFor<T>,
		public: T::Public,
		account: &T::AccountId,
		reports: Vec<PinReport>,
	) -> bool {
		let count = reports.len();
		let Ok(reports) = BoundedVec::<_, T::MaxReportsPerCall>::try_from(reports) else {
			return false;
		};
		let sent = Signer::<T, T::AuthorityId>::all_accounts()
			.with_filter(vec![public])
			.send_signed_transaction(|_| Call::report_pins { reports: reports.clone() });
		match sent.first() {
			Some((_, Ok(()))) => {
				log::info!(
					target: "data-assets",
					"block {:?}: sent {count} pin report(s) as {account:?}",
					UniqueSaturatedInto::<u64>::unique_saturated_into(now),
				);
				true
			},
			_ => {
				log::warn!(target: "data-assets", "could not send pin reports as {account:?}");
				// Let the next run redo them instead of waiting out the grace period.
				for report in reports.iter() {
					StorageValueRef::persistent(&Self::attempt_key(report.asset, account)).clear();
				}
				false
			},
		}
	}
}
