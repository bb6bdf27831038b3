use std::io;

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum SealingError {
	/// Reading the plaintext or writing the ciphertext (or a key file) failed.
	#[error("I/O error: {0}")]
	Io(#[from] io::Error),
	/// The age header could not be parsed or opened with the given key (wrong key, corrupt or
	/// not an age file).
	#[error("cannot open the age header: {0}")]
	Header(#[from] age::DecryptError),
	/// A STREAM chunk failed authentication or the ciphertext is truncated.
	#[error("ciphertext is corrupt or truncated: {0}")]
	Ciphertext(io::Error),
	/// Not a valid X25519 recipient (`age1…` string).
	#[error("invalid recipient: {0}")]
	InvalidRecipient(&'static str),
	/// Not a valid X25519 identity, or an identity file without exactly one of them.
	#[error("invalid identity: {0}")]
	InvalidIdentity(&'static str),
	/// A sealed key longer than [`MAX_SEALED_KEY_LEN`](crate::MAX_SEALED_KEY_LEN).
	#[error("sealed key is {len} bytes, more than the {max} allowed")]
	SealedKeyTooLong { len: usize, max: usize },
	/// A sealed key that decrypted but does not hold a 32-byte content key.
	#[error("sealed key does not hold a content key")]
	InvalidSealedKey,
	/// Ciphertext size and header length (or plaintext size) do not describe an age file.
	#[error("inconsistent sizes: {0}")]
	InvalidLayout(&'static str),
	/// The requested range is empty, reversed or beyond the plaintext.
	#[error("range {first}..={last} is not within the plaintext of {len} bytes")]
	RangeNotSatisfiable { first: u64, last: u64, len: u64 },
	/// The header handed to the range decryptor is not `header_len` bytes long.
	#[error("header is {got} bytes, the layout says {expected}")]
	HeaderLength { got: usize, expected: u64 },
	/// More ciphertext was pushed than the range plan covers.
	#[error("more ciphertext than the planned range")]
	ExcessCiphertext,
	/// The ciphertext stream ended before the planned range was complete.
	#[error("ciphertext ended {missing} bytes before the end of the planned range")]
	MissingCiphertext { missing: u64 },
}
