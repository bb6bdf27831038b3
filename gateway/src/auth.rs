//! The request-signing protocol between data clients and gateways.
//!
//! A client signs, with the sr25519 key of the account holding the licence, the message
//!
//! ```text
//! bdes-gateway/v1\n{METHOD}\n{PATH}\n{LICENCE}\n{TIMESTAMP_MS}\n{NONCE}
//! ```
//!
//! and sends it in the `x-bdes-*` headers. The gateway refuses signatures that do not verify,
//! timestamps outside its window, and nonces it has seen within the window (replays).

use std::{
	collections::HashMap,
	str::FromStr,
	sync::Mutex,
	time::{Duration, SystemTime, UNIX_EPOCH},
};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::{self, Keypair, PublicKey, Signature};

pub const HEADER_ACCOUNT: &str = "x-bdes-account";
pub const HEADER_LICENCE: &str = "x-bdes-licence";
pub const HEADER_TIMESTAMP: &str = "x-bdes-timestamp";
pub const HEADER_NONCE: &str = "x-bdes-nonce";
pub const HEADER_SIGNATURE: &str = "x-bdes-signature";
/// The response header telling how many calls the licence has left after this one.
pub const HEADER_CALLS_LEFT: &str = "x-bdes-calls-left";

const DOMAIN: &str = "bdes-gateway/v1";
const MAX_NONCE_LEN: usize = 64;

/// Why a request's signature is not accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
	#[error("missing header {0}")]
	Missing(&'static str),
	#[error("malformed header {0}")]
	Malformed(&'static str),
	#[error("timestamp outside the gateway's window")]
	Stale,
	#[error("the signature does not verify")]
	BadSignature,
	#[error("this nonce was used already")]
	Replay,
}

/// The bytes a client signs.
pub fn message(method: &str, path: &str, licence: u32, timestamp_ms: u64, nonce: &str) -> Vec<u8> {
	format!("{DOMAIN}\n{method}\n{path}\n{licence}\n{timestamp_ms}\n{nonce}").into_bytes()
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0)
}

/// The headers of a request signed by `signer` (a client's side).
pub fn sign(
	signer: &Keypair,
	method: &str,
	path: &str,
	licence: u32,
	timestamp_ms: u64,
	nonce: &str,
) -> Vec<(&'static str, String)> {
	let signature = signer.sign(&message(method, path, licence, timestamp_ms, nonce));
	let account = AccountId32(signer.public_key().0);
	vec![
		(HEADER_ACCOUNT, account.to_string()),
		(HEADER_LICENCE, licence.to_string()),
		(HEADER_TIMESTAMP, timestamp_ms.to_string()),
		(HEADER_NONCE, nonce.to_string()),
		(HEADER_SIGNATURE, format!("0x{}", hex::encode(signature.0))),
	]
}

/// A signed request's claims, parsed but not yet checked.
#[derive(Clone, Debug)]
pub struct SignedRequest {
	pub account: AccountId32,
	pub licence: u32,
	pub timestamp_ms: u64,
	pub nonce: String,
	pub signature: [u8; 64],
}

impl SignedRequest {
	/// Parses the `x-bdes-*` headers; `get` looks a header up by its lower-case name.
	pub fn from_headers<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, AuthError> {
		let header = |name: &'static str| get(name).ok_or(AuthError::Missing(name));
		let account = AccountId32::from_str(header(HEADER_ACCOUNT)?)
			.map_err(|_| AuthError::Malformed(HEADER_ACCOUNT))?;
		let licence = header(HEADER_LICENCE)?
			.parse()
			.map_err(|_| AuthError::Malformed(HEADER_LICENCE))?;
		let timestamp_ms = header(HEADER_TIMESTAMP)?
			.parse()
			.map_err(|_| AuthError::Malformed(HEADER_TIMESTAMP))?;
		let nonce = header(HEADER_NONCE)?;
		let nonce_ok = !nonce.is_empty()
			&& nonce.len() <= MAX_NONCE_LEN
			&& nonce.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
		if !nonce_ok {
			return Err(AuthError::Malformed(HEADER_NONCE));
		}
		let signature = header(HEADER_SIGNATURE)?;
		let signature = hex::decode(signature.trim_start_matches("0x"))
			.ok()
			.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
			.ok_or(AuthError::Malformed(HEADER_SIGNATURE))?;
		Ok(Self { account, licence, timestamp_ms, nonce: nonce.to_string(), signature })
	}

	/// Checks the timestamp against `now_ms` and the signature over `method` and `path`.
	pub fn verify(
		&self,
		method: &str,
		path: &str,
		now_ms: u64,
		window: Duration,
	) -> Result<(), AuthError> {
		if now_ms.abs_diff(self.timestamp_ms) > window.as_millis() as u64 {
			return Err(AuthError::Stale);
		}
		let message = message(method, path, self.licence, self.timestamp_ms, &self.nonce);
		let public = PublicKey(self.account.0);
		if sr25519::verify(&Signature(self.signature), message, &public) {
			Ok(())
		} else {
			Err(AuthError::BadSignature)
		}
	}
}

/// Remembers nonces for as long as their timestamps are inside the window.
pub struct ReplayGuard {
	window_ms: u64,
	seen: Mutex<HashMap<([u8; 32], String), u64>>,
}

impl ReplayGuard {
	pub fn new(window: Duration) -> Self {
		Self { window_ms: window.as_millis() as u64, seen: Mutex::new(HashMap::new()) }
	}

	/// Records the request's nonce; fails if it was seen before. Call after `verify`, so only
	/// genuine requests take up memory.
	pub fn check(&self, request: &SignedRequest, now_ms: u64) -> Result<(), AuthError> {
		let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		// A nonce can be forgotten once its timestamp has left the window for good.
		let window = self.window_ms;
		if seen.len() > 10_000 {
			seen.retain(|_, timestamp| now_ms.saturating_sub(*timestamp) <= window);
		}
		let key = (request.account.0, request.nonce.clone());
		if seen.contains_key(&key) {
			return Err(AuthError::Replay);
		}
		seen.insert(key, request.timestamp_ms);
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use subxt_signer::sr25519::dev;

	fn signed(path: &str, timestamp: u64, nonce: &str) -> SignedRequest {
		let headers = sign(&dev::alice(), "GET", path, 7, timestamp, nonce);
		SignedRequest::from_headers(|name| {
			headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
		})
		.expect("parses")
	}

	const WINDOW: Duration = Duration::from_secs(60);

	#[test]
	fn a_signed_request_verifies_and_binds_method_path_and_licence() {
		let request = signed("/assets/3/data", 1_000_000, "n1");
		assert_eq!(request.account, AccountId32(dev::alice().public_key().0));
		assert_eq!(request.verify("GET", "/assets/3/data", 1_000_000, WINDOW), Ok(()));
		assert_eq!(
			request.verify("GET", "/assets/4/data", 1_000_000, WINDOW),
			Err(AuthError::BadSignature)
		);
		assert_eq!(
			request.verify("HEAD", "/assets/3/data", 1_000_000, WINDOW),
			Err(AuthError::BadSignature)
		);
		let mut other_licence = request.clone();
		other_licence.licence = 8;
		assert_eq!(
			other_licence.verify("GET", "/assets/3/data", 1_000_000, WINDOW),
			Err(AuthError::BadSignature)
		);
		// Bob cannot claim Alice's signature.
		let mut as_bob = request;
		as_bob.account = AccountId32(dev::bob().public_key().0);
		assert_eq!(
			as_bob.verify("GET", "/assets/3/data", 1_000_000, WINDOW),
			Err(AuthError::BadSignature)
		);
	}

	#[test]
	fn timestamps_outside_the_window_are_stale() {
		let request = signed("/p", 1_000_000, "n1");
		assert_eq!(request.verify("GET", "/p", 1_060_000, WINDOW), Ok(()));
		assert_eq!(request.verify("GET", "/p", 1_060_001, WINDOW), Err(AuthError::Stale));
		assert_eq!(request.verify("GET", "/p", 939_999, WINDOW), Err(AuthError::Stale));
	}

	#[test]
	fn a_nonce_is_accepted_once() {
		let guard = ReplayGuard::new(WINDOW);
		let request = signed("/p", 1_000_000, "n1");
		assert_eq!(guard.check(&request, 1_000_000), Ok(()));
		assert_eq!(guard.check(&request, 1_000_001), Err(AuthError::Replay));
		assert_eq!(guard.check(&signed("/p", 1_000_000, "n2"), 1_000_001), Ok(()));
	}

	#[test]
	fn missing_and_malformed_headers_are_named() {
		let get = |pairs: Vec<(&'static str, String)>| {
			SignedRequest::from_headers(|name| {
				pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
			})
			.map(|_| ())
		};
		let good = sign(&dev::alice(), "GET", "/p", 1, 5, "n");
		let without = |name: &str| good.iter().filter(|(n, _)| *n != name).cloned().collect();
		let with = |name: &'static str, value: &str| {
			let mut pairs: Vec<_> = without(name);
			pairs.push((name, value.to_string()));
			pairs
		};
		assert_eq!(get(good.clone()), Ok(()));
		assert_eq!(get(without(HEADER_SIGNATURE)), Err(AuthError::Missing(HEADER_SIGNATURE)));
		assert_eq!(
			get(with(HEADER_SIGNATURE, "0x1234")),
			Err(AuthError::Malformed(HEADER_SIGNATURE))
		);
		assert_eq!(get(with(HEADER_NONCE, "a b")), Err(AuthError::Malformed(HEADER_NONCE)));
		assert_eq!(get(with(HEADER_ACCOUNT, "nobody")), Err(AuthError::Malformed(HEADER_ACCOUNT)));
		assert_eq!(get(with(HEADER_LICENCE, "-1")), Err(AuthError::Malformed(HEADER_LICENCE)));
	}
}
