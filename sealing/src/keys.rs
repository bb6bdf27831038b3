//! X25519 keys: recipients (public), identities (secret) and per-revision content keys.

use std::{fmt, fs, io::Read, io::Write, path::Path, str::FromStr};

use age::{secrecy::ExposeSecret, x25519};
use bech32::{primitives::decode::CheckedHrpstring, Bech32, Hrp};
use zeroize::Zeroizing;

use crate::SealingError;

/// Bech32 prefix of age X25519 recipients (`age1…`).
const RECIPIENT_HRP: &str = "age";
/// Bech32 prefix of age X25519 identities (`AGE-SECRET-KEY-1…`).
const SECRET_HRP: &str = "age-secret-key-";
/// An identity file holds one key and two comment lines; anything much bigger is not ours.
const MAX_IDENTITY_FILE_LEN: u64 = 64 * 1024;

/// The public half of an X25519 key: where content keys are sealed to (a gateway's key as
/// registered on chain, or the owner's).
///
/// Converts both ways between the raw 32 bytes the chain stores ([`Recipient::from_bytes`],
/// [`Recipient::to_bytes`]) and age's `age1…` string ([`FromStr`], [`Display`](fmt::Display)).
/// Low-order points are refused: age would derive an all-zero shared secret from them (and
/// panic while sealing), so a key registered on chain must be checked with `from_bytes`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Recipient([u8; 32]);

impl Recipient {
	/// A recipient from its raw 32-byte X25519 public key.
	pub fn from_bytes(bytes: [u8; 32]) -> Result<Self, SealingError> {
		// A DH with a random scalar is all-zero exactly when the point has low order.
		let probe = x25519_dalek::EphemeralSecret::random_from_rng(rand::rngs::OsRng);
		if !probe.diffie_hellman(&x25519_dalek::PublicKey::from(bytes)).was_contributory() {
			return Err(SealingError::InvalidRecipient("low-order X25519 point"));
		}
		Ok(Self(bytes))
	}

	/// The raw 32-byte X25519 public key, as the chain stores it.
	pub fn to_bytes(&self) -> [u8; 32] {
		self.0
	}

	pub(crate) fn to_age(self) -> x25519::Recipient {
		// Our own encoding of 32 bytes always parses.
		x25519::Recipient::from_str(&self.to_string()).expect("valid bech32 recipient")
	}
}

impl FromStr for Recipient {
	type Err = SealingError;

	/// Parses an `age1…` string, exactly as age does.
	fn from_str(s: &str) -> Result<Self, Self::Err> {
		x25519::Recipient::from_str(s).map_err(SealingError::InvalidRecipient)?;
		let bytes = decode_32(s, RECIPIENT_HRP).ok_or(SealingError::InvalidRecipient("bech32"))?;
		Self::from_bytes(*bytes)
	}
}

impl fmt::Display for Recipient {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		bech32::encode_lower_to_fmt::<Bech32, _>(f, Hrp::parse_unchecked(RECIPIENT_HRP), &self.0)
			.map_err(|_| fmt::Error)
	}
}

impl fmt::Debug for Recipient {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "Recipient({self})")
	}
}

/// An X25519 secret key: a gateway's or an owner's long-lived key, which unseals content keys.
///
/// Stored in age's own identity-file format (`# public key: age1…` and one
/// `AGE-SECRET-KEY-1…` line), so `age -d -i <file>` accepts it too.
#[derive(Clone)]
pub struct Identity(x25519::Identity);

impl Identity {
	/// A fresh identity from the operating system's RNG.
	pub fn generate() -> Self {
		Self(x25519::Identity::generate())
	}

	/// The public key that content keys are sealed to.
	pub fn recipient(&self) -> Recipient {
		// A clamped scalar times the base point is never a low-order point: no check needed.
		let bytes = decode_32(&self.0.to_public().to_string(), RECIPIENT_HRP)
			.expect("age encodes a 32-byte recipient");
		Recipient(*bytes)
	}

	/// Writes the identity to a new file with mode 0600 (owner read/write only).
	///
	/// Refuses to overwrite an existing file: losing a gateway's or owner's key loses access to
	/// every content key sealed to it.
	pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SealingError> {
		let mut options = fs::OpenOptions::new();
		options.write(true).create_new(true);
		#[cfg(unix)]
		std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
		let mut file = options.open(path)?;
		file.write_all(self.to_file_string().as_bytes())?;
		file.sync_all()?;
		Ok(())
	}

	/// Loads the identity at `path`, or creates it there (mode 0600, parent directories too) on
	/// first use. The flag says whether it was created.
	pub fn load_or_create(path: impl AsRef<Path>) -> Result<(Self, bool), SealingError> {
		let path = path.as_ref();
		if path.exists() {
			return Ok((Self::load(path)?, false));
		}
		if let Some(dir) = path.parent() {
			fs::create_dir_all(dir)?;
		}
		let identity = Self::generate();
		identity.save(path)?;
		Ok((identity, true))
	}

	/// Reads an identity file written by [`Identity::save`] or `age-keygen`.
	///
	/// The file must hold exactly one X25519 identity; `#` comment lines and blank lines are
	/// ignored.
	pub fn load(path: impl AsRef<Path>) -> Result<Self, SealingError> {
		let mut text = Zeroizing::new(String::new());
		fs::File::open(path)?
			.take(MAX_IDENTITY_FILE_LEN + 1)
			.read_to_string(&mut text)?;
		if text.len() as u64 > MAX_IDENTITY_FILE_LEN {
			return Err(SealingError::InvalidIdentity("identity file too large"));
		}
		Self::from_file_str(&text)
	}

	/// Parses the contents of an identity file (see [`Identity::load`]).
	pub fn from_file_str(text: &str) -> Result<Self, SealingError> {
		let mut keys = text
			.lines()
			.map(str::trim)
			.filter(|line| !line.is_empty() && !line.starts_with('#'));
		let key = keys.next().ok_or(SealingError::InvalidIdentity("no identity in file"))?;
		if keys.next().is_some() {
			return Err(SealingError::InvalidIdentity("more than one identity in file"));
		}
		x25519::Identity::from_str(key).map(Self).map_err(SealingError::InvalidIdentity)
	}

	/// The identity-file text that [`Identity::save`] writes.
	pub fn to_file_string(&self) -> Zeroizing<String> {
		Zeroizing::new(format!(
			"# public key: {}\n{}\n",
			self.recipient(),
			self.0.to_string().expose_secret()
		))
	}

	pub(crate) fn as_age(&self) -> &x25519::Identity {
		&self.0
	}

	/// The raw 32-byte scalar, as sealed into a [`seal`](crate::seal)ed key.
	pub(crate) fn to_secret_bytes(&self) -> Zeroizing<[u8; 32]> {
		decode_32(self.0.to_string().expose_secret(), SECRET_HRP)
			.expect("age encodes a 32-byte secret key")
	}

	pub(crate) fn from_secret_bytes(bytes: &[u8; 32]) -> Self {
		let encoded = Zeroizing::new(
			bech32::encode_upper::<Bech32>(Hrp::parse_unchecked(SECRET_HRP), bytes)
				.expect("74 characters is within bech32's limit"),
		);
		// Any 32 bytes are a valid (clamped on use) X25519 secret.
		Self(x25519::Identity::from_str(&encoded).expect("valid bech32 identity"))
	}
}

impl fmt::Debug for Identity {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "Identity({})", self.recipient())
	}
}

/// The key of one dataset revision: an age X25519 identity the file is encrypted to.
///
/// Generate a fresh one for every revision ([`ContentKey::generate`]); hand it out only
/// [`seal`](crate::seal)ed to the gateways and the owner.
#[derive(Clone, Debug)]
pub struct ContentKey(Identity);

impl ContentKey {
	/// A fresh content key.
	pub fn generate() -> Self {
		Self(Identity::generate())
	}

	/// The identity, e.g. to [`Identity::save`] it as a `key.txt` for `age -d -i key.txt`.
	pub fn identity(&self) -> &Identity {
		&self.0
	}

	/// The recipient the dataset file is encrypted to.
	pub fn recipient(&self) -> Recipient {
		self.0.recipient()
	}
}

impl From<Identity> for ContentKey {
	fn from(identity: Identity) -> Self {
		Self(identity)
	}
}

/// Decodes a bech32 (BIP-173) string of `hrp` holding exactly 32 bytes.
fn decode_32(s: &str, hrp: &str) -> Option<Zeroizing<[u8; 32]>> {
	let parsed = CheckedHrpstring::new::<Bech32>(s).ok()?;
	if parsed.hrp() != Hrp::parse_unchecked(hrp) {
		return None;
	}
	let mut out = Zeroizing::new([0u8; 32]);
	let mut bytes = parsed.byte_iter();
	for slot in out.iter_mut() {
		*slot = bytes.next()?;
	}
	bytes.next().is_none().then_some(out)
}
