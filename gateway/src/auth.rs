//! The request-signing protocol between data clients and gateways (issue 12).
//!
//! Every data request is also a usage voucher: the holder of a licence signs, with the sr25519
//! key of the holding account,
//!
//! ```text
//! b"bdes-voucher/v1" ++ SCALE((genesis: [u8; 32], gateway: AccountId32, licence: u32,
//!                             calls: u32, until_ms: u64, request: [u8; 32]))
//! request = blake2_256("bdes-request/v1\n{METHOD}\n{PATH}\n{RANGE}\n{TIMESTAMP_MS}")
//! ```
//!
//! where `calls` is the cumulative number of calls the holder authorises this gateway to charge
//! on the licence, `until_ms` the time after which the chain refuses to settle the voucher, and
//! `RANGE` the raw `Range` header (empty without one). The chain checks the same payload in
//! `DataLicences::report_usage`, so a signature binds the chain, the gateway, the licence, the
//! counter, the method, the path, the range and the time: a captured request is worth nothing
//! at another gateway, for another range, or once the gateway has accepted a higher counter.
//! The chain also accepts the payload wrapped in `<Bytes>`…`</Bytes>` (what a browser wallet's
//! `signRaw` signs), and so does the gateway.

use serde::{Deserialize, Serialize};
use std::{
	str::FromStr,
	time::{Duration, SystemTime, UNIX_EPOCH},
};
use subxt::{ext::codec::Encode, utils::AccountId32};
use subxt_signer::sr25519::{self, Keypair, PublicKey, Signature};

pub const HEADER_ACCOUNT: &str = "x-bdes-account";
pub const HEADER_LICENCE: &str = "x-bdes-licence";
pub const HEADER_CALLS: &str = "x-bdes-calls";
pub const HEADER_UNTIL: &str = "x-bdes-until";
pub const HEADER_TIMESTAMP: &str = "x-bdes-timestamp";
pub const HEADER_SIGNATURE: &str = "x-bdes-signature";
/// Response header: calls the licence has left after this one.
pub const HEADER_CALLS_LEFT: &str = "x-bdes-calls-left";
/// Response header: the highest counter the gateway has accepted for the licence (a client
/// refused with 409 re-signs with this plus one).
pub const HEADER_COUNTER: &str = "x-bdes-counter";

/// Domain tag of the signed voucher payload (the pallet's `VOUCHER_DOMAIN`).
pub const VOUCHER_DOMAIN: &[u8] = b"bdes-voucher/v1";
/// Domain tag of the hashed HTTP request binding.
pub const REQUEST_DOMAIN: &str = "bdes-request/v1";
const WRAP_PREFIX: &[u8] = b"<Bytes>";
const WRAP_SUFFIX: &[u8] = b"</Bytes>";

/// Why a request's signature is not accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
	#[error("missing header {0}")]
	Missing(&'static str),
	#[error("malformed header {0}")]
	Malformed(&'static str),
	#[error("timestamp outside the gateway's window")]
	Stale,
	#[error("x-bdes-until must lie between {min_secs} s and {max_secs} s from now")]
	BadUntil { min_secs: u64, max_secs: u64 },
	#[error("the signature does not verify")]
	BadSignature,
}

/// Who a gateway is, for the clients that sign for it: its operator account (the account the
/// chain registered as a gateway) and the chain's genesis hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GatewayId {
	pub account: AccountId32,
	pub genesis: [u8; 32],
}

/// `GET /info`: `{"gateway": "<ss58>", "genesis": "0x…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayInfo {
	pub gateway: String,
	pub genesis: String,
}

impl GatewayId {
	pub fn info(&self) -> GatewayInfo {
		GatewayInfo {
			gateway: self.account.to_string(),
			genesis: format!("0x{}", hex::encode(self.genesis)),
		}
	}
}

impl TryFrom<&GatewayInfo> for GatewayId {
	type Error = AuthError;
	fn try_from(info: &GatewayInfo) -> Result<Self, AuthError> {
		let account =
			AccountId32::from_str(&info.gateway).map_err(|_| AuthError::Malformed("gateway"))?;
		let genesis = decode_hex::<32>(&info.genesis).ok_or(AuthError::Malformed("genesis"))?;
		Ok(Self { account, genesis })
	}
}

/// A holder's voucher as the chain takes it in `report_usage` (the pallet's `Voucher`, with an
/// sr25519 signature).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Voucher {
	pub licence: u32,
	pub calls: u32,
	pub until_ms: u64,
	pub request: [u8; 32],
	pub signature: [u8; 64],
}

/// blake2_256 of the HTTP request binding.
pub fn request_hash(method: &str, path: &str, range: Option<&str>, timestamp_ms: u64) -> [u8; 32] {
	let range = range.unwrap_or("");
	let binding = format!("{REQUEST_DOMAIN}\n{method}\n{path}\n{range}\n{timestamp_ms}");
	sp_crypto_hashing::blake2_256(binding.as_bytes())
}

/// The bytes a holder signs (the pallet's `voucher_payload`).
pub fn voucher_payload(
	gateway: &GatewayId,
	licence: u32,
	calls: u32,
	until_ms: u64,
	request: &[u8; 32],
) -> Vec<u8> {
	let mut payload = VOUCHER_DOMAIN.to_vec();
	(gateway.genesis, gateway.account.0, licence, calls, until_ms, *request)
		.encode_to(&mut payload);
	payload
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0)
}

/// A request for a client to sign.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
	pub method: &'a str,
	pub path: &'a str,
	/// The raw `Range` header the request will carry.
	pub range: Option<&'a str>,
	pub licence: u32,
	/// The cumulative counter: one more than the last one the gateway accepted.
	pub calls: u32,
	pub until_ms: u64,
	pub timestamp_ms: u64,
}

/// The `x-bdes-*` headers of `request` signed by `signer` for `gateway` (a client's side). The
/// `Range` header, if any, is the caller's to add.
pub fn sign(
	signer: &Keypair,
	gateway: &GatewayId,
	request: &Request,
) -> Vec<(&'static str, String)> {
	let hash = request_hash(request.method, request.path, request.range, request.timestamp_ms);
	let payload = voucher_payload(gateway, request.licence, request.calls, request.until_ms, &hash);
	let signature = signer.sign(&payload);
	let account = AccountId32(signer.public_key().0);
	vec![
		(HEADER_ACCOUNT, account.to_string()),
		(HEADER_LICENCE, request.licence.to_string()),
		(HEADER_CALLS, request.calls.to_string()),
		(HEADER_UNTIL, request.until_ms.to_string()),
		(HEADER_TIMESTAMP, request.timestamp_ms.to_string()),
		(HEADER_SIGNATURE, format!("0x{}", hex::encode(signature.0))),
	]
}

/// A signed request's claims, parsed but not yet checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
	pub account: AccountId32,
	pub licence: u32,
	pub calls: u32,
	pub until_ms: u64,
	pub timestamp_ms: u64,
	pub signature: [u8; 64],
}

fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
	let digits = text.strip_prefix("0x")?;
	if digits.len() != 2 * N {
		return None;
	}
	hex::decode(digits).ok()?.try_into().ok()
}

/// A decimal number as clients send it: digits only, no sign, no leading `+`.
fn decimal<T: FromStr>(text: &str, name: &'static str) -> Result<T, AuthError> {
	if text.is_empty() || text.len() > 20 || !text.bytes().all(|b| b.is_ascii_digit()) {
		return Err(AuthError::Malformed(name));
	}
	text.parse().map_err(|_| AuthError::Malformed(name))
}

/// The signer's account from its header.
fn account_header(text: &str) -> Result<AccountId32, AuthError> {
	// An SS58 address of a 32-byte account is 47 to 50 characters.
	if text.len() > 64 {
		return Err(AuthError::Malformed(HEADER_ACCOUNT));
	}
	AccountId32::from_str(text).map_err(|_| AuthError::Malformed(HEADER_ACCOUNT))
}

impl SignedRequest {
	/// Parses the `x-bdes-*` headers; `get` looks a header up by its lower-case name. Cheap:
	/// no cryptography, so it runs before any limit.
	pub fn from_headers<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, AuthError> {
		let header = |name: &'static str| get(name).ok_or(AuthError::Missing(name));
		let account = account_header(header(HEADER_ACCOUNT)?)?;
		let licence = decimal(header(HEADER_LICENCE)?, HEADER_LICENCE)?;
		let calls: u32 = decimal(header(HEADER_CALLS)?, HEADER_CALLS)?;
		if calls == 0 {
			return Err(AuthError::Malformed(HEADER_CALLS));
		}
		let until_ms = decimal(header(HEADER_UNTIL)?, HEADER_UNTIL)?;
		let timestamp_ms = decimal(header(HEADER_TIMESTAMP)?, HEADER_TIMESTAMP)?;
		let signature = decode_hex::<64>(header(HEADER_SIGNATURE)?)
			.ok_or(AuthError::Malformed(HEADER_SIGNATURE))?;
		Ok(Self { account, licence, calls, until_ms, timestamp_ms, signature })
	}

	/// Checks the timestamp against the gateway's clock and window, and that the voucher lives
	/// long enough to be settled but not absurdly long. Cheap, so it runs before any limit.
	pub fn check_time(
		&self,
		now_ms: u64,
		window: Duration,
		voucher_life: (Duration, Duration),
	) -> Result<(), AuthError> {
		if now_ms.abs_diff(self.timestamp_ms) > window.as_millis() as u64 {
			return Err(AuthError::Stale);
		}
		let (min, max) = voucher_life;
		let earliest = now_ms.saturating_add(min.as_millis() as u64);
		let latest = now_ms.saturating_add(max.as_millis() as u64);
		if self.until_ms < earliest || self.until_ms > latest {
			return Err(AuthError::BadUntil { min_secs: min.as_secs(), max_secs: max.as_secs() });
		}
		Ok(())
	}

	/// Checks the signature over the request as it reached `gateway`; gives the voucher to settle.
	pub fn verify(
		&self,
		gateway: &GatewayId,
		method: &str,
		path: &str,
		range: Option<&str>,
	) -> Result<Voucher, AuthError> {
		let request = request_hash(method, path, range, self.timestamp_ms);
		let payload = voucher_payload(gateway, self.licence, self.calls, self.until_ms, &request);
		let public = PublicKey(self.account.0);
		let signature = Signature(self.signature);
		let verifies = sr25519::verify(&signature, &payload, &public) || {
			let wrapped = [WRAP_PREFIX, &payload, WRAP_SUFFIX].concat();
			sr25519::verify(&signature, wrapped, &public)
		};
		if !verifies {
			return Err(AuthError::BadSignature);
		}
		Ok(Voucher {
			licence: self.licence,
			calls: self.calls,
			until_ms: self.until_ms,
			request,
			signature: self.signature,
		})
	}
}

/// Header of a task read: the task whose read right the request uses.
pub const HEADER_TASK: &str = "x-bdes-task";
/// Domain tag of a task read's signed payload.
pub const TASK_READ_DOMAIN: &[u8] = b"bdes-task-read/v1";

/// The bytes a compute provider signs to read a task's input (`GET
/// /tasks/{task}/inputs/{asset}`): `b"bdes-task-read/v1" ++ SCALE((genesis, gateway, task,
/// request))`. Not a voucher: the chain charged the buyer's licence one call when the task was
/// posted, so a task read is not metered; the signature only proves the reader is the provider
/// the chain assigned.
pub fn task_read_payload(gateway: &GatewayId, task: u64, request: &[u8; 32]) -> Vec<u8> {
	let mut payload = TASK_READ_DOMAIN.to_vec();
	(gateway.genesis, gateway.account.0, task, *request).encode_to(&mut payload);
	payload
}

/// The headers of a task read of `path` signed by `signer` for `gateway` at `timestamp_ms`.
pub fn sign_task_read(
	signer: &Keypair,
	gateway: &GatewayId,
	task: u64,
	path: &str,
	range: Option<&str>,
	timestamp_ms: u64,
) -> Vec<(&'static str, String)> {
	let hash = request_hash("GET", path, range, timestamp_ms);
	let signature = signer.sign(&task_read_payload(gateway, task, &hash));
	vec![
		(HEADER_ACCOUNT, AccountId32(signer.public_key().0).to_string()),
		(HEADER_TASK, task.to_string()),
		(HEADER_TIMESTAMP, timestamp_ms.to_string()),
		(HEADER_SIGNATURE, format!("0x{}", hex::encode(signature.0))),
	]
}

/// A task read's claims, parsed but not yet checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedTaskRead {
	pub account: AccountId32,
	pub task: u64,
	pub timestamp_ms: u64,
	pub signature: [u8; 64],
}

impl SignedTaskRead {
	/// Parses the headers; cheap, so it runs before any limit.
	pub fn from_headers<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, AuthError> {
		let header = |name: &'static str| get(name).ok_or(AuthError::Missing(name));
		let account = account_header(header(HEADER_ACCOUNT)?)?;
		let task = decimal(header(HEADER_TASK)?, HEADER_TASK)?;
		let timestamp_ms = decimal(header(HEADER_TIMESTAMP)?, HEADER_TIMESTAMP)?;
		let signature = decode_hex::<64>(header(HEADER_SIGNATURE)?)
			.ok_or(AuthError::Malformed(HEADER_SIGNATURE))?;
		Ok(Self { account, task, timestamp_ms, signature })
	}

	/// Checks the timestamp against the gateway's clock and window.
	pub fn check_time(&self, now_ms: u64, window: Duration) -> Result<(), AuthError> {
		if now_ms.abs_diff(self.timestamp_ms) > window.as_millis() as u64 {
			return Err(AuthError::Stale);
		}
		Ok(())
	}

	/// Checks the signature over the request as it reached `gateway`.
	pub fn verify(
		&self,
		gateway: &GatewayId,
		method: &str,
		path: &str,
		range: Option<&str>,
	) -> Result<(), AuthError> {
		let request = request_hash(method, path, range, self.timestamp_ms);
		let payload = task_read_payload(gateway, self.task, &request);
		let public = PublicKey(self.account.0);
		if sr25519::verify(&Signature(self.signature), &payload, &public) {
			Ok(())
		} else {
			Err(AuthError::BadSignature)
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use subxt_signer::sr25519::dev;

	const WINDOW: Duration = Duration::from_secs(60);
	const LIFE: (Duration, Duration) = (Duration::from_secs(600), Duration::from_secs(86_400));
	const NOW: u64 = 1_700_000_000_000;
	const PATH: &str = "/assets/3/data";

	fn gateway() -> GatewayId {
		GatewayId { account: AccountId32(dev::ferdie().public_key().0), genesis: [0x11; 32] }
	}

	fn request() -> Request<'static> {
		Request {
			method: "GET",
			path: PATH,
			range: Some("bytes=0-99"),
			licence: 7,
			calls: 3,
			until_ms: NOW + 3_600_000,
			timestamp_ms: NOW,
		}
	}

	fn parse(headers: &[(&'static str, String)]) -> Result<SignedRequest, AuthError> {
		SignedRequest::from_headers(|name| {
			headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
		})
	}

	fn signed(request: &Request) -> SignedRequest {
		parse(&sign(&dev::alice(), &gateway(), request)).expect("parses")
	}

	#[test]
	fn a_signed_request_verifies_and_gives_its_voucher() {
		let request = request();
		let signed = signed(&request);
		assert_eq!(signed.account, AccountId32(dev::alice().public_key().0));
		assert_eq!((signed.licence, signed.calls, signed.until_ms), (7, 3, NOW + 3_600_000));
		let voucher = signed.verify(&gateway(), "GET", PATH, Some("bytes=0-99")).expect("verifies");
		assert_eq!(voucher.licence, 7);
		assert_eq!(voucher.calls, 3);
		assert_eq!(voucher.until_ms, NOW + 3_600_000);
		assert_eq!(voucher.request, request_hash("GET", PATH, Some("bytes=0-99"), NOW));
		assert_eq!(voucher.signature, signed.signature);
		// The voucher's signature is the holder's over the payload the chain rebuilds.
		let payload = voucher_payload(&gateway(), 7, 3, NOW + 3_600_000, &voucher.request);
		assert!(sr25519::verify(
			&Signature(voucher.signature),
			payload,
			&PublicKey(signed.account.0)
		));
	}

	#[test]
	fn the_signature_binds_every_field() {
		let signed = signed(&request());
		let gw = gateway();
		let range = Some("bytes=0-99");
		let bad = |s: &SignedRequest, gw: &GatewayId, method, path, range| {
			assert_eq!(s.verify(gw, method, path, range), Err(AuthError::BadSignature));
		};
		// Another gateway, another chain.
		let other_gateway = GatewayId { account: AccountId32([0x22; 32]), ..gw };
		bad(&signed, &other_gateway, "GET", PATH, range);
		bad(&signed, &GatewayId { genesis: [0x12; 32], ..gw }, "GET", PATH, range);
		// Another method, path, or range (none, or a different one).
		bad(&signed, &gw, "HEAD", PATH, range);
		bad(&signed, &gw, "GET", "/assets/4/data", range);
		bad(&signed, &gw, "GET", PATH, None);
		bad(&signed, &gw, "GET", PATH, Some("bytes=0-100"));
		// Any claim in the headers changed.
		let changed: [fn(&mut SignedRequest); 5] = [
			|s| s.licence += 1,
			|s| s.calls += 1,
			|s| s.until_ms += 1,
			|s| s.timestamp_ms += 1,
			|s| s.account = AccountId32(dev::bob().public_key().0),
		];
		for change in changed {
			let mut tampered = signed.clone();
			change(&mut tampered);
			bad(&tampered, &gw, "GET", PATH, range);
		}
		let mut tampered = signed.clone();
		tampered.signature[0] ^= 1;
		bad(&tampered, &gw, "GET", PATH, range);
		assert!(signed.verify(&gw, "GET", PATH, range).is_ok());
	}

	#[test]
	fn a_browser_wallet_signature_of_the_wrapped_payload_verifies() {
		let request = request();
		let hash = request_hash("GET", PATH, request.range, NOW);
		let payload = voucher_payload(&gateway(), 7, 3, request.until_ms, &hash);
		let wrapped = [WRAP_PREFIX, &payload, WRAP_SUFFIX].concat();
		let mut signed = signed(&request);
		signed.signature = dev::alice().sign(&wrapped).0;
		assert!(signed.verify(&gateway(), "GET", PATH, request.range).is_ok());
	}

	/// The pallet checks the same bytes: this vector pins them (and README quotes it).
	#[test]
	fn the_payload_bytes_are_fixed() {
		assert_eq!(
			hex::encode(sp_crypto_hashing::blake2_256(b"")),
			"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
		);
		let request = request_hash("GET", PATH, Some("bytes=0-99"), NOW);
		assert_eq!(
			hex::encode(request),
			"5af76a7a4c05382aaee4970c955af0a582ad46807103e64c8d65d4d1dd872936"
		);
		let gateway = GatewayId { account: AccountId32([0x22; 32]), genesis: [0x11; 32] };
		let payload = voucher_payload(&gateway, 7, 3, NOW + 3_600_000, &request);
		assert_eq!(payload.len(), 15 + 32 + 32 + 4 + 4 + 8 + 32);
		assert_eq!(
			hex::encode(&payload),
			concat!(
				"626465732d766f75636865722f7631", // b"bdes-voucher/v1"
				"1111111111111111111111111111111111111111111111111111111111111111", // genesis
				"2222222222222222222222222222222222222222222222222222222222222222", // gateway
				"07000000",                       // licence 7
				"03000000",                       // calls 3
				"80561cd08b010000",               // until_ms 1_700_003_600_000
				"5af76a7a4c05382aaee4970c955af0a582ad46807103e64c8d65d4d1dd872936", // request
			)
		);
	}

	#[test]
	fn timestamps_outside_the_window_are_stale_and_until_must_be_in_range() {
		let mut signed = signed(&request());
		signed.until_ms = NOW + 3_600_000;
		assert_eq!(signed.check_time(NOW + 60_000, WINDOW, LIFE), Ok(()));
		assert_eq!(signed.check_time(NOW + 60_001, WINDOW, LIFE), Err(AuthError::Stale));
		assert_eq!(signed.check_time(NOW - 60_001, WINDOW, LIFE), Err(AuthError::Stale));
		let bad_until = Err(AuthError::BadUntil { min_secs: 600, max_secs: 86_400 });
		signed.until_ms = NOW + 599_999;
		assert_eq!(signed.check_time(NOW, WINDOW, LIFE), bad_until);
		signed.until_ms = NOW + 600_000;
		assert_eq!(signed.check_time(NOW, WINDOW, LIFE), Ok(()));
		signed.until_ms = NOW + 86_400_000;
		assert_eq!(signed.check_time(NOW, WINDOW, LIFE), Ok(()));
		signed.until_ms = NOW + 86_400_001;
		assert_eq!(signed.check_time(NOW, WINDOW, LIFE), bad_until);
	}

	#[test]
	fn missing_and_malformed_headers_are_named() {
		let good = sign(&dev::alice(), &gateway(), &request());
		let without =
			|name: &str| -> Vec<_> { good.iter().filter(|(n, _)| *n != name).cloned().collect() };
		let with = |name: &'static str, value: &str| {
			let mut pairs = without(name);
			pairs.push((name, value.to_string()));
			parse(&pairs).map(|_| ())
		};
		assert!(parse(&good).is_ok());
		for name in [
			HEADER_ACCOUNT,
			HEADER_LICENCE,
			HEADER_CALLS,
			HEADER_UNTIL,
			HEADER_TIMESTAMP,
			HEADER_SIGNATURE,
		] {
			assert_eq!(parse(&without(name)).map(|_| ()), Err(AuthError::Missing(name)));
		}
		assert_eq!(with(HEADER_SIGNATURE, "0x1234"), Err(AuthError::Malformed(HEADER_SIGNATURE)));
		let no_prefix = "ab".repeat(64);
		assert_eq!(with(HEADER_SIGNATURE, &no_prefix), Err(AuthError::Malformed(HEADER_SIGNATURE)));
		assert_eq!(with(HEADER_ACCOUNT, "nobody"), Err(AuthError::Malformed(HEADER_ACCOUNT)));
		assert_eq!(with(HEADER_LICENCE, "-1"), Err(AuthError::Malformed(HEADER_LICENCE)));
		assert_eq!(with(HEADER_LICENCE, "+1"), Err(AuthError::Malformed(HEADER_LICENCE)));
		assert_eq!(with(HEADER_LICENCE, "4294967296"), Err(AuthError::Malformed(HEADER_LICENCE)));
		assert_eq!(with(HEADER_CALLS, "0"), Err(AuthError::Malformed(HEADER_CALLS)));
		assert_eq!(with(HEADER_UNTIL, "1e9"), Err(AuthError::Malformed(HEADER_UNTIL)));
		assert_eq!(with(HEADER_TIMESTAMP, ""), Err(AuthError::Malformed(HEADER_TIMESTAMP)));
	}

	#[test]
	fn gateway_info_round_trips() {
		let id = gateway();
		let info = id.info();
		assert_eq!(info.gateway, AccountId32(dev::ferdie().public_key().0).to_string());
		assert_eq!(info.genesis, format!("0x{}", "11".repeat(32)));
		assert_eq!(GatewayId::try_from(&info), Ok(id));
		let bad = GatewayInfo { genesis: "0x11".into(), ..info };
		assert_eq!(GatewayId::try_from(&bad), Err(AuthError::Malformed("genesis")));
	}

	#[test]
	fn a_task_read_signature_binds_the_task_the_path_and_the_gateway() {
		let gw = gateway();
		let path = "/tasks/9/inputs/3";
		let headers = sign_task_read(&dev::alice(), &gw, 9, path, None, NOW);
		let lookup = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
		let signed = SignedTaskRead::from_headers(lookup).expect("parses");
		assert_eq!(signed.account, AccountId32(dev::alice().public_key().0));
		assert_eq!((signed.task, signed.timestamp_ms), (9, NOW));
		assert_eq!(signed.verify(&gw, "GET", path, None), Ok(()));
		assert_eq!(signed.check_time(NOW + 60_000, WINDOW), Ok(()));
		assert_eq!(signed.check_time(NOW + 60_001, WINDOW), Err(AuthError::Stale));
		let bad = Err(AuthError::BadSignature);
		assert_eq!(signed.verify(&gw, "GET", "/tasks/9/inputs/4", None), bad);
		assert_eq!(signed.verify(&gw, "GET", path, Some("bytes=0-9")), bad);
		assert_eq!(signed.verify(&GatewayId { genesis: [0x12; 32], ..gw }, "GET", path, None), bad);
		let other_task = SignedTaskRead { task: 10, ..signed.clone() };
		assert_eq!(other_task.verify(&gw, "GET", path, None), bad);
		// A licence voucher's signature is not a task read's, nor the other way round.
		let as_voucher = SignedRequest {
			account: signed.account,
			licence: 9,
			calls: 1,
			until_ms: NOW + 3_600_000,
			timestamp_ms: NOW,
			signature: signed.signature,
		};
		assert_eq!(as_voucher.verify(&gw, "GET", path, None).map(|_| ()), bad);
		let without = |skip: &str| {
			SignedTaskRead::from_headers(|name| if name == skip { None } else { lookup(name) })
		};
		assert_eq!(without(HEADER_TASK), Err(AuthError::Missing(HEADER_TASK)));
	}
}
