//! What a provider reports for a task: the outcome of its run as bytes (the output, or a
//! failure document when the run failed the same way it fails on every machine), and the
//! commitment to them that goes on chain before the reveal.

use crate::exec::{Output, RunError};
use codec::Encode;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// First line of a failure document.
pub const FAILURE_MAGIC: &str = "bdes-failure/v1";

/// The bytes a run yields and the fuel it reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
	pub bytes: Vec<u8>,
	pub fuel: u64,
	/// `ok`, or the failure's kind.
	pub kind: &'static str,
}

impl Outcome {
	/// The outcome of a run with `max_fuel`. A failure becomes a document that only says what
	/// every honest provider sees too (its kind, and the model's own message), never anything of
	/// this machine's (wasmtime's backtraces, addresses), so that honest reports agree.
	pub fn of(run: Result<Output, RunError>, max_fuel: u64) -> Self {
		let failure = |kind: &'static str, detail: String, fuel: u64| Outcome {
			bytes: format!("{FAILURE_MAGIC}\n{kind}\n{detail}\n").into_bytes(),
			fuel,
			kind,
		};
		match run {
			Ok(output) => Outcome { bytes: output.bytes, fuel: output.fuel, kind: "ok" },
			// Running out of fuel used all of it.
			Err(RunError::OutOfFuel(_)) => failure("out_of_fuel", max_fuel.to_string(), max_fuel),
			Err(RunError::OutOfMemory(limit)) => failure("out_of_memory", limit.to_string(), 0),
			Err(RunError::Model(message)) => failure("model_error", message, 0),
			Err(RunError::Trap(_)) => failure("trap", String::new(), 0),
			Err(RunError::BadResponse(_)) => failure("bad_response", String::new(), 0),
			Err(RunError::AbiVersion(v)) => failure("abi_version", v.to_string(), 0),
			Err(RunError::Invalid(_)) => failure("invalid_model", String::new(), 0),
		}
	}

	/// A failure of the model's code itself (it is not what the model's hash says).
	pub fn bad_code() -> Self {
		Outcome {
			bytes: format!("{FAILURE_MAGIC}\nbad_code\n\n").into_bytes(),
			fuel: 0,
			kind: "bad_code",
		}
	}

	pub fn digest(&self) -> [u8; 32] {
		Sha256::digest(&self.bytes).into()
	}
}

/// A reveal as the chain takes it (`pallet_compute::Reveal`), with the salt of its commitment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
	pub cid: String,
	#[serde(with = "hex32")]
	pub digest: [u8; 32],
	pub size: u64,
	pub fuel: u64,
	#[serde(with = "hex32")]
	pub salt: [u8; 32],
	/// What the run ended with (`ok` or a failure's kind), for the status page.
	pub kind: String,
}

impl Report {
	/// `blake2_256(SCALE(reveal) ++ salt ++ account)`, what `commit_result` takes (the
	/// pallet's `commitment`).
	pub fn commitment(&self, account: &[u8; 32]) -> [u8; 32] {
		let reveal = (self.cid.as_bytes(), self.digest, self.size, self.fuel);
		sp_crypto_hashing::blake2_256(&(reveal, self.salt, account).encode())
	}
}

mod hex32 {
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&hex::encode(bytes))
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
		let text = String::deserialize(d)?;
		let bytes = hex::decode(text).map_err(D::Error::custom)?;
		bytes.try_into().map_err(|_| D::Error::custom("expected 32 bytes"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_commitment_is_the_pallets() {
		// Worked by hand from the pallet's definition: SCALE of (Reveal { cid, digest, size,
		// fuel }, salt, account), i.e. compact length and cid bytes, then the fixed fields.
		let report = Report {
			cid: "bafy".into(),
			digest: [1; 32],
			size: 7,
			fuel: 9,
			salt: [2; 32],
			kind: "ok".into(),
		};
		let account = [3u8; 32];
		let mut encoded = vec![4 << 2];
		encoded.extend_from_slice(b"bafy");
		encoded.extend_from_slice(&[1; 32]);
		encoded.extend_from_slice(&7u64.to_le_bytes());
		encoded.extend_from_slice(&9u64.to_le_bytes());
		encoded.extend_from_slice(&[2; 32]);
		encoded.extend_from_slice(&[3; 32]);
		assert_eq!(report.commitment(&account), sp_crypto_hashing::blake2_256(&encoded));
		// Another salt or account commits to something else.
		assert_ne!(report.commitment(&[4; 32]), report.commitment(&account));
	}

	#[test]
	fn failures_report_only_what_every_machine_sees() {
		let fuel = Outcome::of(Err(RunError::OutOfFuel(123)), 1_000);
		assert_eq!(fuel.bytes, b"bdes-failure/v1\nout_of_fuel\n1000\n");
		assert_eq!((fuel.fuel, fuel.kind), (1_000, "out_of_fuel"));
		let trap = Outcome::of(Err(RunError::Trap("wasm backtrace at 0x1234".into())), 1_000);
		assert_eq!(trap.bytes, b"bdes-failure/v1\ntrap\n\n");
		assert_eq!(trap.fuel, 0);
		let model = Outcome::of(Err(RunError::Model("no column x".into())), 1_000);
		assert_eq!(model.bytes, b"bdes-failure/v1\nmodel_error\nno column x\n");
		let ok =
			Outcome::of(Ok(Output { bytes: b"a,b\n".to_vec(), fuel: 42, digest: [0; 32] }), 1_000);
		assert_eq!((ok.bytes.as_slice(), ok.fuel, ok.kind), (&b"a,b\n"[..], 42, "ok"));
		assert_eq!(ok.digest(), <[u8; 32]>::from(Sha256::digest(b"a,b\n")));
	}
}
