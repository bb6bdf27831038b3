//! Behaviour of the public API: round trips, ranges, tampering, sealing, keys.

use std::{
	cell::Cell,
	io::{self, Read, Write},
	rc::Rc,
};

use bdes_sealing::{
	decrypt, encrypt, header_len, seal, unseal, ContentKey, Identity, Layout, Recipient,
	SealingError, CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, MAX_SEALED_KEY_LEN,
};
use bech32::{primitives::decode::CheckedHrpstring, Bech32};
use sha2::{Digest as _, Sha256};

const C: u64 = CHUNK_SIZE;
/// A throwaway key pair printed by the Go reference implementation's `age-keygen`.
const KEYGEN_PUBLIC: &str = "age1q77t2pkl88lge6u6c5nqfqlgzh3ur4jv8ut3ums8tq76tygace2q56zqeg";
const KEYGEN_SECRET: &str =
	"AGE-SECRET-KEY-13AS5GG4L6X3TX9U0AA4C03TLFEP7DVMJTSC88952R6XY6E7GSU2QQTFALM";

/// Deterministic, incompressible-looking test data (xorshift64*), different per `seed`.
fn data(len: u64, seed: u64) -> Vec<u8> {
	let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
	(0..len)
		.map(|_| {
			state ^= state >> 12;
			state ^= state << 25;
			state ^= state >> 27;
			(state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
		})
		.collect()
}

fn sha(bytes: &[u8]) -> [u8; 32] {
	Sha256::digest(bytes).into()
}

struct Encrypted {
	key: ContentKey,
	plain: Vec<u8>,
	cipher: Vec<u8>,
	layout: Layout,
}

fn encrypted(len: u64, seed: u64) -> Encrypted {
	let key = ContentKey::generate();
	let plain = data(len, seed);
	let mut cipher = Vec::new();
	let summary = encrypt(&key, &plain[..], &mut cipher).unwrap();
	let layout = Layout::new(cipher.len() as u64, summary.header_len).unwrap();
	Encrypted { key, plain, cipher, layout }
}

/// Decrypts `first..=last` the way a gateway does: header and planned chunks only, pushed in
/// pieces of `piece` bytes.
fn range(e: &Encrypted, first: u64, last: u64, piece: usize) -> Result<Vec<u8>, SealingError> {
	let plan = e.layout.plan(first..=last)?;
	let header = &e.cipher[..e.layout.header_len() as usize];
	// What IPFS `cat?offset=&length=` returns.
	let fetched = &e.cipher[plan.ciphertext_offset() as usize..][..plan.ciphertext_len() as usize];
	let mut decryptor = plan.decryptor(&e.key, header)?;
	let mut out = Vec::new();
	for bytes in fetched.chunks(piece) {
		decryptor.push(bytes, &mut out)?;
	}
	decryptor.finish()?;
	Ok(out)
}

#[test]
fn round_trip_digests_and_sizes() {
	for len in [0, 1, C - 1, C, C + 1, 3 * C + 5, 3_000_017] {
		let key = ContentKey::generate();
		let plain = data(len, len);
		let mut cipher = Vec::new();
		let summary = encrypt(&key, &plain[..], &mut cipher).unwrap();

		assert_eq!(summary.plaintext.size, len, "len {len}");
		assert_eq!(summary.plaintext.sha256, sha(&plain), "len {len}");
		assert_eq!(summary.ciphertext.size, cipher.len() as u64, "len {len}");
		assert_eq!(summary.ciphertext.sha256, sha(&cipher), "len {len}");
		assert_ne!(cipher[summary.header_len as usize..], plain[..], "len {len}");

		// Sizes alone (as on chain) give the layout, and age's parser agrees on the header.
		let layout = Layout::from_sizes(len, cipher.len() as u64).unwrap();
		assert_eq!(layout.header_len(), summary.header_len);
		assert_eq!(header_len(&cipher).unwrap(), Some(summary.header_len));
		let layout2 = Layout::new(cipher.len() as u64, summary.header_len).unwrap();
		assert_eq!(layout2.plaintext_len(), len);
		assert_eq!(layout2.chunk_count(), len.div_ceil(C).max(1));

		let mut back = Vec::new();
		let digest = decrypt(&key, &cipher[..], &mut back).unwrap();
		assert_eq!(back, plain, "len {len}");
		assert_eq!(digest, summary.plaintext);

		// A plain age decryptor (what `age -d -i key.txt` runs) reads it too.
		let identities = age::IdentityFile::from_buffer(key.identity().to_file_string().as_bytes())
			.unwrap()
			.into_identities()
			.unwrap();
		let mut reader = age::Decryptor::new(&cipher[..])
			.unwrap()
			.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
			.unwrap();
		let mut back = Vec::new();
		reader.read_to_end(&mut back).unwrap();
		assert_eq!(back, plain, "len {len}");
	}
}

/// A reader producing `len` bytes lazily that checks the ciphertext keeps pace with it.
struct PacedReader {
	left: u64,
	read: u64,
	written: Rc<Cell<u64>>,
}

impl Read for PacedReader {
	fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
		// Everything but the chunk age is still filling must already be out.
		assert!(
			self.written.get() + 2 * C >= self.read,
			"read {} bytes but only {} written: encryption buffers the file",
			self.read,
			self.written.get()
		);
		let n = (buf.len() as u64).min(self.left) as usize;
		buf[..n].fill(0xA5);
		self.left -= n as u64;
		self.read += n as u64;
		Ok(n)
	}
}

struct CountingSink(Rc<Cell<u64>>, Sha256);

impl Write for CountingSink {
	fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
		self.0.set(self.0.get() + buf.len() as u64);
		self.1.update(buf);
		Ok(buf.len())
	}
	fn flush(&mut self) -> io::Result<()> {
		Ok(())
	}
}

#[test]
fn encryption_streams() {
	let len = 40 * C + 3;
	let written = Rc::new(Cell::new(0));
	let reader = PacedReader { left: len, read: 0, written: written.clone() };
	let summary =
		encrypt(&ContentKey::generate(), reader, CountingSink(written.clone(), Sha256::new()))
			.unwrap();
	assert_eq!(summary.plaintext.size, len);
	assert_eq!(summary.plaintext.sha256, sha(&vec![0xA5; len as usize]));
	assert_eq!(summary.ciphertext.size, written.get());
}

/// Offsets around every chunk boundary of a `len`-byte plaintext, and its ends.
fn grid(len: u64) -> Vec<u64> {
	let mut points = vec![0, 1, len / 2];
	for boundary in (C..len + C).step_by(C as usize) {
		points.extend([boundary - 2, boundary - 1, boundary, boundary + 1]);
	}
	points.extend([len.saturating_sub(2), len.saturating_sub(1)]);
	points.retain(|p| *p < len);
	points.sort_unstable();
	points.dedup();
	points
}

#[test]
fn every_range_of_the_grid_equals_the_plaintext_slice() {
	for len in [1, 2, C - 1, C, C + 1, 2 * C, 3 * C + 5] {
		let e = encrypted(len, 7 + len);
		let points = grid(len);
		for (i, &first) in points.iter().enumerate() {
			for &last in &points[i..] {
				let got = range(&e, first, last, 10_007).unwrap();
				assert!(
					got == e.plain[first as usize..=last as usize],
					"len {len}: range {first}..={last} differs"
				);
			}
		}
		// Suffix ranges (`bytes=-n`) and open ranges (`bytes=a-`), resolved against the size.
		for n in [1, 2, 16, C - 1, C, C + 1, len] {
			let first = len.saturating_sub(n);
			assert_eq!(range(&e, first, len - 1, 65_552).unwrap(), e.plain[first as usize..]);
		}
	}
}

#[test]
fn ranges_of_a_larger_file_fetch_only_their_chunks() {
	let len = 5 * 1024 * 1024 + 333;
	let e = encrypted(len, 99);
	for (first, last) in [
		(0, 0),
		(len - 1, len - 1),
		(C, C),
		(17 * C - 1, 17 * C),
		(3 * C + 10, 9 * C + 10),
		(len - C - 1, len - 1),
		(0, len - 1),
	] {
		let plan = e.layout.plan(first..=last).unwrap();
		let chunks = last / C - first / C + 1;
		assert!(plan.ciphertext_len() <= chunks * ENCRYPTED_CHUNK_SIZE);
		assert!(plan.ciphertext_len() > (chunks - 1) * ENCRYPTED_CHUNK_SIZE);
		// Pieces of odd sizes, including ones smaller than a chunk and spanning two.
		for piece in [4096, 100_003] {
			let got = range(&e, first, last, piece).unwrap();
			assert!(got == e.plain[first as usize..=last as usize], "{first}..={last}");
		}
	}
	// Tiny pieces across a chunk boundary.
	assert_eq!(range(&e, C - 3, C + 3, 1).unwrap(), e.plain[(C - 3) as usize..=(C + 3) as usize]);
}

#[test]
fn decryptors_and_keys_can_move_between_tasks() {
	fn send<T: Send>() {}
	fn shared<T: Send + Sync>() {}
	send::<bdes_sealing::RangeDecryptor>();
	shared::<ContentKey>();
	shared::<Identity>();
	shared::<SealingError>();
}

#[test]
fn unsatisfiable_ranges_are_refused() {
	let e = encrypted(3 * C + 5, 1);
	let len = e.layout.plaintext_len();
	for (first, last) in [(0, len), (len, len), (5, 4), (u64::MAX, u64::MAX)] {
		assert!(matches!(
			e.layout.plan(first..=last),
			Err(SealingError::RangeNotSatisfiable { .. })
		));
	}
	let empty = encrypted(0, 1);
	assert!(empty.layout.plan(0..=0).is_err());
}

/// Flips `bit` at `at` and checks that decryption fails, releasing only authentic bytes.
fn assert_flip_fails(e: &Encrypted, at: usize, bit: u8) {
	let mut bad = e.cipher.clone();
	bad[at] ^= bit;
	let mut out = Vec::new();
	let result = decrypt(&e.key, &bad[..], &mut out);
	assert!(result.is_err(), "flip {bit:#x} at {at} went unnoticed");
	// Whatever was released before the error is authentic.
	assert!(e.plain.starts_with(&out), "flip at {at} released wrong bytes");
}

#[test]
fn every_flipped_byte_fails_whole_decryption() {
	// Every byte of a one-chunk file: header, MAC, nonce, payload and tag.
	let small = encrypted(300, 3);
	for at in 0..small.cipher.len() {
		for bit in [0x01, 0x80] {
			assert_flip_fails(&small, at, bit);
		}
	}
	// A multi-chunk file: every byte near the chunk seams and a stride through the rest.
	let e = encrypted(3 * C + 300, 3);
	let h = e.layout.header_len() as usize;
	let enc = ENCRYPTED_CHUNK_SIZE as usize;
	let mut positions: Vec<usize> = (0..h + 40).step_by(7).collect();
	for seam in (1..=3).map(|i| h + i * enc) {
		positions.extend(seam - 20..seam + 20);
	}
	positions.extend((h..e.cipher.len()).step_by(4099));
	positions.extend(e.cipher.len() - 20..e.cipher.len());
	for at in positions {
		assert_flip_fails(&e, at, 0x10);
	}
}

#[test]
fn a_flipped_byte_fails_range_decryption_without_wrong_bytes() {
	let e = encrypted(3 * C + 5, 4);
	let h = e.layout.header_len() as usize;
	let chunk = |i: usize| h + i * ENCRYPTED_CHUNK_SIZE as usize;
	// Header text, MAC, nonce, first/middle/last byte and tag of covered chunks.
	let flips = [
		0,
		30,
		h - 20,
		h - 1,
		chunk(0),
		chunk(1) - 1,
		chunk(1),
		chunk(2) + 1234,
		chunk(3) - 1,
		chunk(3),
		e.cipher.len() - 1,
	];
	let plan = e.layout.plan(0..=e.layout.plaintext_len() - 1).unwrap();
	for at in flips {
		let mut bad = e.cipher.clone();
		bad[at] ^= 0x40;
		// A flip in the age header breaks its MAC: refused before any chunk.
		let mut decryptor = match plan.decryptor(&e.key, &bad[..h]) {
			Err(err) => {
				assert!(at < h - 16, "flip at {at}: intact header refused: {err}");
				continue;
			},
			Ok(decryptor) => decryptor,
		};
		// Pushed one chunk at a time, the chunks before the flip come out intact.
		let mut out = Vec::new();
		let failed = bad[h..]
			.chunks(ENCRYPTED_CHUNK_SIZE as usize)
			.any(|piece| decryptor.push(piece, &mut out).is_err());
		assert!(failed, "flip at {at} went unnoticed");
		assert!(e.plain.starts_with(&out), "flip at {at} released wrong bytes");
		// A failed decryptor stays failed.
		assert!(decryptor.push(&[0], &mut out).is_err());
		assert!(decryptor.finish().is_err());
	}
}

#[test]
fn misplaced_or_foreign_ciphertext_fails() {
	let e = encrypted(4 * C, 5);
	let h = e.layout.header_len() as usize;
	let enc = ENCRYPTED_CHUNK_SIZE as usize;
	let plan = e.layout.plan(2 * C..=2 * C + 10).unwrap();

	// Chunk 1 served where chunk 2 is asked for (a reordering attack).
	let mut decryptor = plan.decryptor(&e.key, &e.cipher[..h]).unwrap();
	let mut out = Vec::new();
	assert!(decryptor.push(&e.cipher[h + enc..h + 2 * enc], &mut out).is_err());
	assert!(out.is_empty());

	// The full last chunk served as a middle chunk.
	let mut decryptor = plan.decryptor(&e.key, &e.cipher[..h]).unwrap();
	assert!(decryptor.push(&e.cipher[h + 3 * enc..], &mut out).is_err());
	assert!(out.is_empty());

	// Another file's header (same key, so it opens) does not decrypt this file's chunks.
	let mut other = Vec::new();
	let summary = encrypt(&e.key, &e.plain[..], &mut other).unwrap();
	let other_layout = Layout::new(other.len() as u64, summary.header_len).unwrap();
	let other_plan = other_layout.plan(2 * C..=2 * C + 10).unwrap();
	let mut decryptor =
		other_plan.decryptor(&e.key, &other[..summary.header_len as usize]).unwrap();
	assert!(decryptor.push(&e.cipher[h + 2 * enc..h + 3 * enc], &mut out).is_err());
	assert!(out.is_empty());

	// Another key does not open the header.
	let wrong = ContentKey::generate();
	assert!(matches!(
		plan.decryptor(&wrong, &e.cipher[..h]),
		Err(SealingError::Header(age::DecryptError::NoMatchingKeys))
	));
	// A header of the wrong length is refused before any parsing.
	assert!(matches!(
		plan.decryptor(&e.key, &e.cipher[..h - 1]),
		Err(SealingError::HeaderLength { .. })
	));
}

#[test]
fn truncated_or_excess_ciphertext_fails() {
	let e = encrypted(3 * C + 5, 6);
	let plan = e.layout.plan(C..=2 * C).unwrap();
	let h = e.layout.header_len() as usize;
	let fetched = &e.cipher[plan.ciphertext_offset() as usize..][..plan.ciphertext_len() as usize];

	let mut decryptor = plan.decryptor(&e.key, &e.cipher[..h]).unwrap();
	let mut out = Vec::new();
	decryptor.push(&fetched[..fetched.len() - 1], &mut out).unwrap();
	assert!(matches!(decryptor.finish(), Err(SealingError::MissingCiphertext { missing: 1 })));

	let mut decryptor = plan.decryptor(&e.key, &e.cipher[..h]).unwrap();
	decryptor.push(fetched, &mut out).unwrap();
	assert!(matches!(decryptor.push(&[0], &mut out), Err(SealingError::ExcessCiphertext)));

	// Whole-file decryption of a file cut at a chunk boundary fails (age's truncation check).
	let cut = h + 2 * ENCRYPTED_CHUNK_SIZE as usize;
	assert!(decrypt(&e.key, &e.cipher[..cut], io::sink()).is_err());
	// Sizes that no age file has.
	assert!(Layout::new(cut as u64 + 3, h as u64).is_err());
	assert!(Layout::new(h as u64 + 15, h as u64).is_err());
	assert!(Layout::new(100, 200).is_err());
	assert!(Layout::from_sizes(3 * C + 5, 3 * C).is_err());
}

#[test]
fn header_len_needs_the_whole_header() {
	let e = encrypted(10, 8);
	let h = e.layout.header_len() as usize;
	for cut in 0..h {
		assert_eq!(header_len(&e.cipher[..cut]).unwrap(), None, "prefix {cut}");
	}
	assert_eq!(header_len(&e.cipher[..h]).unwrap(), Some(h as u64));
	assert!(header_len(b"not an age file at all, not at all\n").is_err());
}

#[test]
fn seal_round_trip_and_wrong_identity() {
	let key = ContentKey::generate();
	let gateway = Identity::generate();
	let sealed = seal(&key, &gateway.recipient());
	let opened = unseal(&sealed, &gateway).unwrap();
	assert_eq!(opened.recipient(), key.recipient());

	// The unsealed key decrypts what the original encrypted.
	let mut cipher = Vec::new();
	encrypt(&key, &b"hello"[..], &mut cipher).unwrap();
	let mut plain = Vec::new();
	decrypt(&opened, &cipher[..], &mut plain).unwrap();
	assert_eq!(plain, b"hello");

	let stranger = Identity::generate();
	assert!(matches!(
		unseal(&sealed, &stranger),
		Err(SealingError::Header(age::DecryptError::NoMatchingKeys))
	));
	// A content key is an identity too, but not the one sealed to.
	assert!(unseal(&sealed, key.identity()).is_err());

	for at in [0, sealed.len() / 2, sealed.len() - 1] {
		let mut bad = sealed.clone();
		bad[at] ^= 1;
		assert!(unseal(&bad, &gateway).is_err(), "flip at {at}");
	}
	let mut long = sealed.clone();
	long.resize(MAX_SEALED_KEY_LEN + 1, b'\n');
	assert!(matches!(unseal(&long, &gateway), Err(SealingError::SealedKeyTooLong { .. })));
}

#[test]
fn seal_stays_within_bound() {
	let key = ContentKey::generate();
	let to = Identity::generate().recipient();
	let sizes: Vec<usize> = (0..3000).map(|_| seal(&key, &to).len()).collect();
	let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
	println!("sealed key sizes over {} seals: {min}..={max} bytes", sizes.len());
	assert!(*max <= MAX_SEALED_KEY_LEN, "sealed key of {max} bytes");
	// The random grease stanza makes sizes vary; the bound is not far above what occurs.
	assert!(*min >= 245, "sealed key of {min} bytes: smaller than the format allows");
	assert!(*max + 60 > MAX_SEALED_KEY_LEN, "bound {MAX_SEALED_KEY_LEN} far above max {max}");
}

#[test]
fn recipients_convert_both_ways() {
	let identity = Identity::generate();
	let recipient = identity.recipient();
	let text = recipient.to_string();
	assert!(text.starts_with("age1") && text.len() == 62, "{text}");
	assert_eq!(text.parse::<Recipient>().unwrap(), recipient);
	assert_eq!(Recipient::from_bytes(recipient.to_bytes()).unwrap(), recipient);
	// Same string as age's own encoding of the key.
	let file = identity.to_file_string();
	assert!(file.contains(&format!("# public key: {text}\n")));

	// A key pair made by the Go reference `age-keygen`; the raw public key is computed from
	// the secret scalar by x25519-dalek directly, without age.
	let secret = CheckedHrpstring::new::<Bech32>(KEYGEN_SECRET).unwrap();
	let scalar: [u8; 32] = secret.byte_iter().collect::<Vec<u8>>().try_into().unwrap();
	let public = x25519_dalek::x25519(scalar, x25519_dalek::X25519_BASEPOINT_BYTES);
	assert_eq!(Recipient::from_bytes(public).unwrap().to_string(), KEYGEN_PUBLIC);
	assert_eq!(KEYGEN_PUBLIC.parse::<Recipient>().unwrap().to_bytes(), public);

	for bad in ["", "age1", &text[..61], &text.replace("age1", "agf1"), KEYGEN_SECRET] {
		assert!(bad.parse::<Recipient>().is_err(), "{bad:?} accepted");
	}
	// Low-order points would give an all-zero shared secret.
	let mut one = [0u8; 32];
	one[0] = 1;
	for low in [[0u8; 32], one] {
		assert!(Recipient::from_bytes(low).is_err());
	}
}

#[test]
fn identity_files_are_private_and_round_trip() {
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("gateway.key");
	let identity = Identity::generate();
	identity.save(&path).unwrap();
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = std::fs::metadata(&path).unwrap().permissions().mode();
		assert_eq!(mode & 0o777, 0o600);
	}
	assert_eq!(Identity::load(&path).unwrap().recipient(), identity.recipient());
	// Never overwrites a key.
	assert!(matches!(
		Identity::generate().save(&path),
		Err(SealingError::Io(e)) if e.kind() == io::ErrorKind::AlreadyExists
	));
	assert_eq!(Identity::load(&path).unwrap().recipient(), identity.recipient());

	// age-keygen's format, with its comment lines.
	let keygen = format!(
		"# created: 2026-12-01T14:20:18Z\n# public key: {KEYGEN_PUBLIC}\n{KEYGEN_SECRET}\n"
	);
	assert_eq!(Identity::from_file_str(&keygen).unwrap().recipient().to_string(), KEYGEN_PUBLIC);
	let two = format!("{}{}", &*identity.to_file_string(), &*Identity::generate().to_file_string());
	for bad in ["", "# only a comment\n", &two, "AGE-SECRET-KEY-1NOTAKEY\n"] {
		assert!(Identity::from_file_str(bad).is_err(), "{bad:?} accepted");
	}
}

/// `age -d -i key.txt` (the Go reference implementation) decrypts our files, and we decrypt
/// its. Needs the `age` command (Debian package `age`): run with `--ignored`.
#[test]
#[ignore = "needs the age command-line tool"]
fn interoperates_with_the_age_cli() {
	use std::process::Command;
	let dir = tempfile::tempdir().unwrap();
	let e = encrypted(3 * C + 5, 11);
	let key_path = dir.path().join("key.txt");
	e.key.identity().save(&key_path).unwrap();
	let file = dir.path().join("data.age");
	std::fs::write(&file, &e.cipher).unwrap();
	let out = Command::new("age")
		.arg("-d")
		.arg("-i")
		.arg(&key_path)
		.arg(&file)
		.output()
		.unwrap();
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	assert!(out.stdout == e.plain);

	// The other way: age encrypts to our recipient, we decrypt, ranges included.
	let plain_path = dir.path().join("plain");
	std::fs::write(&plain_path, &e.plain).unwrap();
	let theirs = dir.path().join("theirs.age");
	let status = Command::new("age")
		.arg("-r")
		.arg(e.key.recipient().to_string())
		.arg("-o")
		.arg(&theirs)
		.arg(&plain_path)
		.status()
		.unwrap();
	assert!(status.success());
	let cipher = std::fs::read(&theirs).unwrap();
	let layout = Layout::new(cipher.len() as u64, header_len(&cipher).unwrap().unwrap()).unwrap();
	let theirs = Encrypted { key: e.key.clone(), plain: e.plain.clone(), cipher, layout };
	assert_eq!(
		range(&theirs, C - 1, 2 * C + 1, 999).unwrap(),
		e.plain[(C - 1) as usize..][..C as usize + 3]
	);
}
