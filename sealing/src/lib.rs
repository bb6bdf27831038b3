//! Content encryption for BDES datasets.
//!
//! The provider encrypts a dataset revision before anything leaves its machine; IPFS, pinners
//! and the chain only ever see ciphertext. Everything here is the [age] format (v1, X25519
//! recipients, ChaCha20-Poly1305 STREAM in 64 KiB chunks) through the `age` crate: this
//! crate adds no cryptography of its own, only the framing arithmetic needed for range reads.
//!
//! # Model
//!
//! * **Content key** ([`ContentKey`]): a fresh age X25519 identity per dataset revision. The
//!   dataset is a standard age file encrypted to that identity's recipient, so
//!   `age -d -i key.txt` decrypts it as well ([`ContentKey::identity`] +
//!   [`Identity::save`] writes such a `key.txt`).
//! * **Encryption** ([`encrypt`]): streaming, constant memory, returns the sha2-256 digest and
//!   size of both the plaintext and the ciphertext ([`EncryptSummary`]), which the chain
//!   records.
//! * **Sealing** ([`seal`] / [`unseal`]): the content key's 32-byte secret, age-encrypted to a
//!   gateway's or the owner's X25519 [`Recipient`]. A sealed key is at most
//!   [`MAX_SEALED_KEY_LEN`] bytes, so the chain can store it in a bounded vector.
//! * **Identities** ([`Identity`]): long-lived X25519 keys of gateways and owners, saved in
//!   age's own identity-file format with mode 0600. Their public halves ([`Recipient`]) are
//!   exchanged as raw 32 bytes (as the chain stores them) or as `age1…` strings.
//! * **Range decryption** ([`Layout`], [`RangePlan`], [`RangeDecryptor`]): to serve an
//!   inclusive plaintext range the gateway fetches the ciphertext header and only the STREAM
//!   chunks covering the range, pushes those bytes into a [`RangeDecryptor`] as they arrive
//!   and forwards the plaintext it yields. Every chunk is authenticated before any of its
//!   bytes are released, so a tampered ciphertext yields an error, never wrong bytes.
//!
//! # Range reads from an async server
//!
//! The decryptor is push-based and never blocks: it performs no I/O and holds a few
//! chunk-sized buffers (about 256 KiB) whatever the range. A gateway does, per request:
//!
//! ```no_run
//! # fn demo(key: &bdes_sealing::ContentKey, header: &[u8], chunks: &[&[u8]])
//! # -> Result<(), bdes_sealing::SealingError> {
//! use bdes_sealing::Layout;
//! // Sizes from the chain's record of the revision (or `Layout::new` with a known header_len).
//! let layout = Layout::from_sizes(3_000_000, 3_000_951)?;
//! let plan = layout.plan(1_000..=70_000)?;
//! // Fetch `plan.ciphertext_offset()`, `plan.ciphertext_len()` (IPFS `cat?offset=&length=`),
//! // and the first `layout.header_len()` bytes of the file (cacheable per CID).
//! let mut decryptor = plan.decryptor(key, header)?;
//! let mut plaintext = Vec::new();
//! for bytes in chunks {
//!     // e.g. each item of reqwest's `bytes_stream()`
//!     decryptor.push(bytes, &mut plaintext)?;
//!     // send `plaintext` to the client, then `plaintext.clear()`
//! }
//! decryptor.finish()?; // errors if the ciphertext stream ended early
//! # Ok(()) }
//! ```
//!
//! Decryption runs at about 1 GiB/s per core (a 64 KiB chunk in some 60 µs; opening the header
//! costs about 150 µs per request, see the crate README), so calling `push` inline in an async
//! task is fine; a whole-file download is simply the range `0..=plaintext_len - 1` (an empty
//! file has no range: serve it empty).
//!
//! [age]: https://age-encryption.org/v1

mod error;
mod keys;
mod range;
mod seal;
mod stream;

pub use error::SealingError;
pub use keys::{ContentKey, Identity, Recipient};
pub use range::{header_len, Layout, RangeDecryptor, RangePlan};
pub use seal::{seal, unseal, MAX_SEALED_KEY_LEN};
pub use stream::{decrypt, encrypt, Digest, EncryptSummary};

/// `file` in the BDES configuration directory: `$XDG_CONFIG_HOME/bdes`, else `~/.config/bdes`,
/// where the CLI and the gateway keep their identities unless told otherwise.
pub fn config_path(file: &str) -> std::path::PathBuf {
	let config = std::env::var_os("XDG_CONFIG_HOME")
		.map(std::path::PathBuf::from)
		.or_else(|| {
			std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".config"))
		})
		.unwrap_or_else(|| std::path::PathBuf::from("."));
	config.join("bdes").join(file)
}

/// Plaintext bytes per age STREAM chunk (the last chunk may be shorter).
pub const CHUNK_SIZE: u64 = 64 * 1024;
/// Poly1305 tag appended to every STREAM chunk.
pub const TAG_SIZE: u64 = 16;
/// Ciphertext bytes per full STREAM chunk.
pub const ENCRYPTED_CHUNK_SIZE: u64 = CHUNK_SIZE + TAG_SIZE;
/// The random payload nonce that follows the age header; this crate counts it as part of the
/// header (`header_len` = offset of the first STREAM chunk).
pub const PAYLOAD_NONCE_SIZE: u64 = 16;
