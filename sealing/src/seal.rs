//! Sealing content keys to recipients.

use std::io::{Read, Write};

use zeroize::Zeroizing;

use crate::{ContentKey, Identity, Recipient, SealingError};

/// Upper bound of [`seal`]'s output, in bytes: what the chain must allow per sealed key.
///
/// A sealed key is an age file holding the 32-byte content-key scalar, and with one X25519
/// recipient age 0.12 writes at most:
///
/// | part | bytes |
/// |---|---|
/// | `age-encryption.org/v1\n` | 22 |
/// | X25519 stanza: `-> X25519 <43>\n` and a 43-character body line | 54 + 44 |
/// | grease stanza age adds: tag ≤ 15, ≤ 4 args of ≤ 8, body ≤ 99 bytes (3 lines) | 55 + 135 |
/// | `--- <43-character MAC>\n` | 48 |
/// | payload nonce | 16 |
/// | one STREAM chunk: 32 bytes + tag | 48 |
///
/// The smallest is 245 bytes (grease is random); the `seal_stays_within_bound` test keeps
/// this honest against newer age versions.
pub const MAX_SEALED_KEY_LEN: usize = 22 + 54 + 44 + 55 + 135 + 48 + 16 + 48;

/// Seals `key` to `to`: only the holder of `to`'s [`Identity`] can [`unseal`] it.
///
/// The result is at most [`MAX_SEALED_KEY_LEN`] bytes. It is a standard age file whose
/// plaintext is the raw 32-byte X25519 scalar of the content key.
pub fn seal(key: &ContentKey, to: &Recipient) -> Vec<u8> {
	let recipient = to.to_age();
	// One X25519 recipient is always a valid recipient set, and writing to a Vec cannot fail;
	// a low-order recipient (which would make age panic) cannot be built (`Recipient::from_bytes`).
	let encryptor =
		age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
			.expect("a single X25519 recipient");
	let mut sealed = Vec::with_capacity(MAX_SEALED_KEY_LEN);
	let mut writer = encryptor.wrap_output(&mut sealed).expect("writing to a Vec");
	writer
		.write_all(&key.identity().to_secret_bytes()[..])
		.expect("writing to a Vec");
	writer.finish().expect("writing to a Vec");
	debug_assert!(sealed.len() <= MAX_SEALED_KEY_LEN, "sealed key of {} bytes", sealed.len());
	sealed
}

/// Opens a key [`seal`]ed to `identity`'s recipient.
///
/// Fails with [`SealingError::Header`] when it was sealed to another recipient (age's
/// `NoMatchingKeys`) or is corrupt, and never reads more than [`MAX_SEALED_KEY_LEN`] bytes.
pub fn unseal(sealed: &[u8], identity: &Identity) -> Result<ContentKey, SealingError> {
	if sealed.len() > MAX_SEALED_KEY_LEN {
		return Err(SealingError::SealedKeyTooLong { len: sealed.len(), max: MAX_SEALED_KEY_LEN });
	}
	let decryptor = age::Decryptor::new(sealed)?;
	let mut reader = decryptor.decrypt(std::iter::once(identity.as_age() as &dyn age::Identity))?;
	let mut secret = Zeroizing::new(Vec::with_capacity(33));
	// Reading to the end authenticates the (last) chunk; 33 bytes would already be too many.
	reader
		.by_ref()
		.take(33)
		.read_to_end(&mut secret)
		.map_err(SealingError::Ciphertext)?;
	let secret: &[u8; 32] =
		secret.as_slice().try_into().map_err(|_| SealingError::InvalidSealedKey)?;
	Ok(ContentKey::from(Identity::from_secret_bytes(secret)))
}
