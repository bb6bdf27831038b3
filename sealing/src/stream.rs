//! Whole-file streaming encryption and decryption with digests.

use std::io::{self, Read, Write};

use sha2::{Digest as _, Sha256};

use crate::{ContentKey, Layout, SealingError, CHUNK_SIZE};

/// sha2-256 and size of a byte stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest {
	/// sha2-256 of the bytes.
	pub sha256: [u8; 32],
	/// Number of bytes.
	pub size: u64,
}

/// What [`encrypt`] measured: what the chain records about a revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncryptSummary {
	/// The plaintext (the dataset as published).
	pub plaintext: Digest,
	/// The age file as written (what IPFS stores and pinners check).
	pub ciphertext: Digest,
	/// Offset of the first STREAM chunk in the ciphertext (age header plus payload nonce).
	/// Derivable from the two sizes ([`Layout::from_sizes`](crate::Layout::from_sizes)).
	pub header_len: u64,
}

/// Encrypts `plaintext` as a standard age file to `key`'s recipient, writing it to
/// `ciphertext`.
///
/// Streams in 64 KiB chunks: memory stays constant whatever the file size. `ciphertext` is
/// flushed before returning.
pub fn encrypt(
	key: &ContentKey,
	mut plaintext: impl Read,
	ciphertext: impl Write,
) -> Result<EncryptSummary, SealingError> {
	let recipient = key.recipient().to_age();
	let encryptor =
		age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
			.map_err(|e| io::Error::other(e.to_string()))?;
	let mut writer = encryptor.wrap_output(DigestWriter::new(ciphertext))?;

	let mut plain = Sha256::new();
	let mut plain_size = 0u64;
	let mut buf = vec![0u8; CHUNK_SIZE as usize];
	loop {
		let n = match plaintext.read(&mut buf) {
			Ok(0) => break,
			Ok(n) => n,
			Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
			Err(e) => return Err(e.into()),
		};
		plain.update(&buf[..n]);
		plain_size += n as u64;
		writer.write_all(&buf[..n])?;
	}
	let mut out = writer.finish()?;
	out.inner.flush()?;
	let layout = Layout::from_sizes(plain_size, out.count)?;
	Ok(EncryptSummary {
		plaintext: Digest { sha256: plain.finalize().into(), size: plain_size },
		ciphertext: Digest { sha256: out.hasher.finalize().into(), size: out.count },
		header_len: layout.header_len(),
	})
}

/// Decrypts a whole age file encrypted to `key`, writing the plaintext to `plaintext`, and
/// returns the plaintext's digest and size.
///
/// Fails on any tampering or truncation; as age releases a chunk only once it is
/// authenticated, what was written before such an error is a correct prefix.
pub fn decrypt(
	key: &ContentKey,
	ciphertext: impl Read,
	mut plaintext: impl Write,
) -> Result<Digest, SealingError> {
	let decryptor = age::Decryptor::new(ciphertext)?;
	let mut reader =
		decryptor.decrypt(std::iter::once(key.identity().as_age() as &dyn age::Identity))?;
	let mut hasher = Sha256::new();
	let mut size = 0u64;
	let mut buf = vec![0u8; CHUNK_SIZE as usize];
	loop {
		let n = match reader.read(&mut buf) {
			Ok(0) => break,
			Ok(n) => n,
			Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
			Err(e) => return Err(SealingError::Ciphertext(e)),
		};
		hasher.update(&buf[..n]);
		size += n as u64;
		plaintext.write_all(&buf[..n])?;
	}
	plaintext.flush()?;
	Ok(Digest { sha256: hasher.finalize().into(), size })
}

/// Hashes and counts what passes through to `inner`.
struct DigestWriter<W> {
	inner: W,
	hasher: Sha256,
	count: u64,
}

impl<W> DigestWriter<W> {
	fn new(inner: W) -> Self {
		Self { inner, hasher: Sha256::new(), count: 0 }
	}
}

impl<W: Write> Write for DigestWriter<W> {
	fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
		let n = self.inner.write(buf)?;
		self.hasher.update(&buf[..n]);
		self.count += n as u64;
		Ok(n)
	}

	fn flush(&mut self) -> io::Result<()> {
		self.inner.flush()
	}
}
