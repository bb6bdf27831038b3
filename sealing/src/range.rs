//! Range decryption: which ciphertext bytes cover a plaintext range, and decrypting them.
//!
//! An age file is `header ‖ nonce ‖ chunk₀ ‖ chunk₁ ‖ …`, where every chunk but the last
//! holds [`CHUNK_SIZE`] plaintext bytes plus a [`TAG_SIZE`] tag, and the last holds 1 to
//! [`CHUNK_SIZE`] bytes (0 only if it is the only chunk). Chunk `i` therefore starts at
//! `header_len + i · ENCRYPTED_CHUNK_SIZE` and decrypts on its own with the key from the
//! header and its index, which is what makes range reads cheap.
//!
//! The decryption itself is age's `StreamReader`, run over a window that holds the header and
//! the one chunk being decrypted; this module only does the offset arithmetic.

use std::{
	cmp,
	io::{self, Read, Seek, SeekFrom},
	ops::RangeInclusive,
	sync::{Arc, Mutex},
};

use crate::{
	ContentKey, SealingError, CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, PAYLOAD_NONCE_SIZE, TAG_SIZE,
};

/// Length of the age header plus payload nonce at the start of `prefix`, if `prefix` holds
/// all of it (`Ok(None)`: read more). Parsed by age itself; the header's MAC is only checked
/// later, when it is opened with a key.
///
/// With one X25519 recipient the header is 197 to 374 bytes (age adds a random "grease"
/// stanza; see [`MAX_SEALED_KEY_LEN`](crate::MAX_SEALED_KEY_LEN) for the parts), so a 512-byte
/// prefix always suffices for files written by [`encrypt`](crate::encrypt).
pub fn header_len(prefix: &[u8]) -> Result<Option<u64>, SealingError> {
	let mut rest = prefix;
	// age reads exactly the header and nonce from an unbuffered reader.
	let parsed = age::Decryptor::new(&mut rest).map(drop);
	match parsed {
		Ok(()) => Ok(Some((prefix.len() - rest.len()) as u64)),
		Err(age::DecryptError::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
		Err(e) => Err(e.into()),
	}
}

/// Where things are in one age file: from its ciphertext size and header length, or from the
/// plaintext and ciphertext sizes the chain records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
	header_len: u64,
	ciphertext_len: u64,
	plaintext_len: u64,
}

impl Layout {
	/// The layout of a `ciphertext_len`-byte age file whose first chunk starts at `header_len`
	/// (see [`header_len`]). Fails if no age payload has that size.
	pub fn new(ciphertext_len: u64, header_len: u64) -> Result<Self, SealingError> {
		if header_len <= PAYLOAD_NONCE_SIZE {
			return Err(SealingError::InvalidLayout("header too short"));
		}
		let payload = ciphertext_len
			.checked_sub(header_len)
			.ok_or(SealingError::InvalidLayout("header longer than the file"))?;
		let plaintext_len = plaintext_len_of_payload(payload)
			.ok_or(SealingError::InvalidLayout("no age payload has this size"))?;
		Ok(Self { header_len, ciphertext_len, plaintext_len })
	}

	/// The layout of an age file of `ciphertext_len` bytes holding `plaintext_len` bytes
	/// (both recorded on chain); the header length follows from them.
	pub fn from_sizes(plaintext_len: u64, ciphertext_len: u64) -> Result<Self, SealingError> {
		let payload = payload_len_of_plaintext(plaintext_len)
			.ok_or(SealingError::InvalidLayout("plaintext too large"))?;
		let header_len = ciphertext_len
			.checked_sub(payload)
			.ok_or(SealingError::InvalidLayout("ciphertext smaller than the payload"))?;
		Self::new(ciphertext_len, header_len)
	}

	/// Bytes before the first STREAM chunk (age header and payload nonce).
	pub fn header_len(&self) -> u64 {
		self.header_len
	}

	/// Size of the whole age file.
	pub fn ciphertext_len(&self) -> u64 {
		self.ciphertext_len
	}

	/// Size of the plaintext.
	pub fn plaintext_len(&self) -> u64 {
		self.plaintext_len
	}

	/// Number of STREAM chunks (at least 1, even for an empty plaintext).
	pub fn chunk_count(&self) -> u64 {
		chunk_count(self.plaintext_len)
	}

	/// What to fetch and decrypt for the inclusive plaintext range `range` (an HTTP
	/// `bytes=first-last`; resolve `first-` and `-suffix` against [`Layout::plaintext_len`]
	/// first). Fails unless `first <= last < plaintext_len`.
	pub fn plan(&self, range: RangeInclusive<u64>) -> Result<RangePlan, SealingError> {
		let (first, last) = (*range.start(), *range.end());
		if first > last || last >= self.plaintext_len {
			return Err(SealingError::RangeNotSatisfiable { first, last, len: self.plaintext_len });
		}
		Ok(RangePlan { layout: *self, first, last })
	}

	fn chunk_offset(&self, index: u64) -> u64 {
		self.header_len + index * ENCRYPTED_CHUNK_SIZE
	}

	fn chunk_ciphertext_len(&self, index: u64) -> u64 {
		cmp::min(ENCRYPTED_CHUNK_SIZE, self.ciphertext_len - self.chunk_offset(index))
	}
}

/// The ciphertext needed for one plaintext range: the header (always `0..header_len`) and the
/// chunks `ciphertext_offset()..ciphertext_offset() + ciphertext_len()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangePlan {
	layout: Layout,
	first: u64,
	last: u64,
}

impl RangePlan {
	/// The file's layout.
	pub fn layout(&self) -> &Layout {
		&self.layout
	}

	/// The inclusive plaintext range this plan yields.
	pub fn plaintext_range(&self) -> RangeInclusive<u64> {
		self.first..=self.last
	}

	/// Number of plaintext bytes the plan yields.
	pub fn plaintext_len(&self) -> u64 {
		self.last - self.first + 1
	}

	/// Index of the first chunk covering the range.
	pub fn first_chunk(&self) -> u64 {
		self.first / CHUNK_SIZE
	}

	/// Index of the last chunk covering the range.
	pub fn last_chunk(&self) -> u64 {
		self.last / CHUNK_SIZE
	}

	/// Ciphertext offset of the first chunk to fetch (IPFS `cat?offset=`).
	pub fn ciphertext_offset(&self) -> u64 {
		self.layout.chunk_offset(self.first_chunk())
	}

	/// Ciphertext bytes to fetch from [`RangePlan::ciphertext_offset`] (IPFS `cat?length=`).
	pub fn ciphertext_len(&self) -> u64 {
		let last = self.last_chunk();
		self.layout.chunk_offset(last) + self.layout.chunk_ciphertext_len(last)
			- self.ciphertext_offset()
	}

	/// The same as an inclusive ciphertext byte range.
	pub fn ciphertext_range(&self) -> RangeInclusive<u64> {
		self.ciphertext_offset()..=self.ciphertext_offset() + self.ciphertext_len() - 1
	}

	/// A decryptor for this range; `header` is the file's first `layout().header_len()` bytes.
	pub fn decryptor(
		&self,
		key: &ContentKey,
		header: &[u8],
	) -> Result<RangeDecryptor, SealingError> {
		RangeDecryptor::new(key, header, *self)
	}
}

/// Turns the ciphertext of a [`RangePlan`] into exactly the plaintext of its range.
///
/// Push the ciphertext bytes from [`RangePlan::ciphertext_offset`] on, in pieces of any size,
/// with [`RangeDecryptor::push`]; each completed chunk is authenticated and its part of the
/// range appended to the output. Memory is a few chunk-sized buffers (about 256 KiB),
/// whatever the range. Any error (a
/// tampered or misplaced chunk, too many bytes) is final: drop the decryptor and fail the
/// response. [`RangeDecryptor::finish`] checks that the whole range was delivered.
pub struct RangeDecryptor {
	plan: RangePlan,
	reader: age::stream::StreamReader<WindowReader>,
	window: Arc<Mutex<Window>>,
	/// The chunk whose bytes are being received.
	next_chunk: u64,
	/// Received bytes of `next_chunk`.
	pending: Vec<u8>,
	failed: bool,
}

impl RangeDecryptor {
	fn new(key: &ContentKey, header: &[u8], plan: RangePlan) -> Result<Self, SealingError> {
		let layout = plan.layout;
		if header.len() as u64 != layout.header_len {
			return Err(SealingError::HeaderLength {
				got: header.len(),
				expected: layout.header_len,
			});
		}
		let window = Arc::new(Mutex::new(Window {
			header: header.to_vec(),
			chunk_start: layout.header_len,
			chunk: Vec::new(),
			pos: 0,
			end: layout.ciphertext_len,
		}));
		let decryptor = age::Decryptor::new(WindowReader(window.clone()))?;
		let reader =
			decryptor.decrypt(std::iter::once(key.identity().as_age() as &dyn age::Identity))?;
		// age must have consumed exactly the header: the chunk offsets are computed from it.
		if lock(&window)?.pos != layout.header_len {
			return Err(SealingError::InvalidLayout("header length does not match the header"));
		}
		Ok(Self {
			plan,
			reader,
			window,
			next_chunk: plan.first_chunk(),
			pending: Vec::with_capacity(ENCRYPTED_CHUNK_SIZE as usize),
			failed: false,
		})
	}

	/// Feeds the next ciphertext bytes, appending any plaintext they complete to `out`.
	///
	/// `out` only ever receives authenticated bytes of the planned range, in order.
	pub fn push(&mut self, mut ciphertext: &[u8], out: &mut Vec<u8>) -> Result<(), SealingError> {
		if self.failed {
			return Err(SealingError::Ciphertext(io::Error::other("decryptor already failed")));
		}
		while !ciphertext.is_empty() {
			if self.next_chunk > self.plan.last_chunk() {
				self.failed = true;
				return Err(SealingError::ExcessCiphertext);
			}
			let chunk_len = self.plan.layout.chunk_ciphertext_len(self.next_chunk) as usize;
			let take = cmp::min(chunk_len - self.pending.len(), ciphertext.len());
			self.pending.extend_from_slice(&ciphertext[..take]);
			ciphertext = &ciphertext[take..];
			if self.pending.len() == chunk_len {
				if let Err(e) = self.decrypt_chunk(out) {
					self.failed = true;
					return Err(e);
				}
			}
		}
		Ok(())
	}

	/// Ends the stream: fails unless every chunk of the plan was pushed.
	pub fn finish(self) -> Result<(), SealingError> {
		if self.failed {
			return Err(SealingError::Ciphertext(io::Error::other("decryptor already failed")));
		}
		if self.next_chunk <= self.plan.last_chunk() {
			let end = self.plan.ciphertext_offset() + self.plan.ciphertext_len();
			let received =
				self.plan.layout.chunk_offset(self.next_chunk) + self.pending.len() as u64;
			return Err(SealingError::MissingCiphertext { missing: end - received });
		}
		Ok(())
	}

	/// Decrypts the complete chunk in `pending` and appends its part of the range to `out`.
	fn decrypt_chunk(&mut self, out: &mut Vec<u8>) -> Result<(), SealingError> {
		let index = self.next_chunk;
		let layout = self.plan.layout;
		{
			let mut window = lock(&self.window)?;
			window.chunk_start = layout.chunk_offset(index);
			std::mem::swap(&mut window.chunk, &mut self.pending);
		}
		self.pending.clear();

		let chunk_first = index * CHUNK_SIZE;
		let chunk_last = chunk_first + layout.chunk_ciphertext_len(index) - TAG_SIZE - 1;
		let from = cmp::max(self.plan.first, chunk_first);
		let to = cmp::min(self.plan.last, chunk_last);
		if index == self.plan.first_chunk() {
			self.seek_to(from).map_err(SealingError::Ciphertext)?;
		}
		let start = out.len();
		out.resize(start + (to - from + 1) as usize, 0);
		if let Err(e) = self.reader.read_exact(&mut out[start..]) {
			out.truncate(start);
			return Err(SealingError::Ciphertext(e));
		}
		self.next_chunk += 1;
		Ok(())
	}

	/// Positions age's reader at plaintext offset `target` (in the first chunk, now in the
	/// window) without touching any other chunk.
	fn seek_to(&mut self, target: u64) -> io::Result<()> {
		if target >= CHUNK_SIZE && target.is_multiple_of(CHUNK_SIZE) {
			// Seeking to a chunk start makes age compute the plaintext length by reading the
			// last chunk (to set the last-chunk flag if `target` is the end). Seek one byte in,
			// which decrypts and authenticates the target chunk, then step back within it.
			self.reader.seek(SeekFrom::Start(target + 1))?;
			self.reader.seek(SeekFrom::Current(-1))?;
		} else {
			self.reader.seek(SeekFrom::Start(target))?;
		}
		Ok(())
	}
}

/// The ciphertext age's reader sees: the header and the one chunk being decrypted, at their
/// positions in the file. Reading anything else is an error, so a decryption that would
/// need other bytes fails instead of yielding wrong ones.
struct Window {
	header: Vec<u8>,
	chunk_start: u64,
	chunk: Vec<u8>,
	pos: u64,
	end: u64,
}

struct WindowReader(Arc<Mutex<Window>>);

impl Read for WindowReader {
	fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
		let mut window = lock_io(&self.0)?;
		let pos = window.pos;
		let header_len = window.header.len() as u64;
		let chunk_end = window.chunk_start + window.chunk.len() as u64;
		let available = if pos < header_len {
			&window.header[pos as usize..]
		} else if pos >= window.chunk_start && pos < chunk_end {
			&window.chunk[(pos - window.chunk_start) as usize..]
		} else if pos == window.end {
			return Ok(0);
		} else {
			return Err(io::Error::other("read outside the fetched ciphertext"));
		};
		let n = cmp::min(buf.len(), available.len());
		buf[..n].copy_from_slice(&available[..n]);
		window.pos += n as u64;
		Ok(n)
	}
}

impl Seek for WindowReader {
	fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
		let mut window = lock_io(&self.0)?;
		window.pos = match pos {
			SeekFrom::Start(offset) => offset,
			SeekFrom::Current(delta) => window
				.pos
				.checked_add_signed(delta)
				.ok_or_else(|| io::Error::other("seek out of range"))?,
			// Reaching for the end means reading the last chunk: not in the window.
			SeekFrom::End(_) => return Err(io::Error::other("seek from the end")),
		};
		Ok(window.pos)
	}
}

fn lock_io(window: &Mutex<Window>) -> io::Result<std::sync::MutexGuard<'_, Window>> {
	window.lock().map_err(|_| io::Error::other("window lock poisoned"))
}

fn lock(window: &Mutex<Window>) -> Result<std::sync::MutexGuard<'_, Window>, SealingError> {
	lock_io(window).map_err(SealingError::Ciphertext)
}

/// STREAM chunks for a plaintext of `len` bytes (an empty plaintext still has one).
fn chunk_count(len: u64) -> u64 {
	cmp::max(1, len.div_ceil(CHUNK_SIZE))
}

/// Payload bytes (all chunks with tags, no header) for a plaintext of `len` bytes.
fn payload_len_of_plaintext(len: u64) -> Option<u64> {
	len.checked_add(chunk_count(len).checked_mul(TAG_SIZE)?)
}

/// Plaintext bytes of a payload of `payload` bytes, if such a payload exists.
fn plaintext_len_of_payload(payload: u64) -> Option<u64> {
	let full = payload / ENCRYPTED_CHUNK_SIZE;
	let rest = payload % ENCRYPTED_CHUNK_SIZE;
	match rest {
		// Whole chunks only: the last one is full (there must be at least one).
		0 if full > 0 => Some(full * CHUNK_SIZE),
		// A short last chunk needs its tag and, unless it is the only chunk, a byte.
		_ if rest > TAG_SIZE || (rest == TAG_SIZE && full == 0) => {
			Some(full * CHUNK_SIZE + rest - TAG_SIZE)
		},
		_ => None,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn payload_sizes_invert() {
		for len in [0, 1, 15, 16, 17, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 5 * CHUNK_SIZE] {
			let payload = payload_len_of_plaintext(len).unwrap();
			assert_eq!(plaintext_len_of_payload(payload), Some(len), "len {len}");
		}
		// No age payload has these sizes.
		for payload in [0, 1, 15, ENCRYPTED_CHUNK_SIZE + 1, ENCRYPTED_CHUNK_SIZE + TAG_SIZE] {
			assert_eq!(plaintext_len_of_payload(payload), None, "payload {payload}");
		}
		assert_eq!(payload_len_of_plaintext(u64::MAX), None);
	}
}
