//! Encrypted datasets on the provider's side: the owner's age identity, encrypting a file
//! before it goes to IPFS, and content keys sealed on chain to the owner and to gateways.

use crate::{chain, CliError};
use bdes_sealing::{ContentKey, EncryptSummary, Identity, Recipient};
use std::path::{Path, PathBuf};
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

/// Where the owner's identity lives unless `--identity` or `BDES_IDENTITY` says otherwise.
pub fn default_identity_path() -> PathBuf {
	bdes_sealing::config_path("identity.txt")
}

/// Loads the owner's identity, creating one (mode 0600) on first use.
pub fn load_or_create_identity(path: &Path) -> crate::Result<(Identity, bool)> {
	Identity::load_or_create(path)
		.map_err(|e| CliError::Usage(format!("identity {}: {e}", path.display())))
}

/// An encrypted copy of a file, removed when dropped.
pub struct Encrypted {
	pub path: PathBuf,
	pub key: ContentKey,
	pub summary: EncryptSummary,
}

impl Drop for Encrypted {
	fn drop(&mut self) {
		let _ = std::fs::remove_file(&self.path);
	}
}

/// Encrypts `file` with a fresh content key into a temporary file.
pub fn encrypt_file(file: &Path) -> crate::Result<Encrypted> {
	let input = std::fs::File::open(file)
		.map_err(|e| CliError::Usage(format!("cannot open {}: {e}", file.display())))?;
	let path = std::env::temp_dir().join(format!("bdes-{:032x}.age", rand::random::<u128>()));
	let output = std::fs::File::create(&path).map_err(anyhow::Error::from)?;
	let key = ContentKey::generate();
	let encrypted = Encrypted {
		path,
		summary: bdes_sealing::encrypt(
			&key,
			std::io::BufReader::with_capacity(1 << 20, input),
			std::io::BufWriter::with_capacity(1 << 20, output),
		)
		.map_err(anyhow::Error::from)?,
		key,
	};
	Ok(encrypted)
}

/// A gateway's sealing key as registered on chain (`DataLicences::SealingKeys`).
pub async fn gateway_recipient(
	client: &chain::Client,
	gateway: &AccountId32,
) -> crate::Result<Recipient> {
	let at = client.at_current_block().await.map_err(|e| CliError::Other(e.into()))?;
	let query = dynamic::storage::<(AccountId32,), [u8; 32]>("DataLicences", "SealingKeys");
	let node = |e: String| CliError::Other(anyhow::anyhow!("node: {e}"));
	let key = match at.storage().try_fetch(query, (*gateway,)).await {
		Ok(Some(value)) => Some(value.decode_as::<[u8; 32]>().map_err(|e| node(e.to_string()))?),
		Ok(None) => None,
		Err(e) => return Err(node(e.to_string())),
	};
	let key = key.ok_or_else(|| {
		CliError::NotFound(format!("{gateway} is not a registered gateway with a sealing key"))
	})?;
	Recipient::from_bytes(key).map_err(|e| CliError::Other(anyhow::anyhow!("{gateway}: {e}")))
}

#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ContentKeySet {
	revision: u32,
}

/// Stores `key` sealed to `recipient` (an account: the owner or a gateway) on chain.
pub async fn set_content_key(
	client: &chain::Client,
	signer: &Keypair,
	asset: u32,
	account: &AccountId32,
	to: &Recipient,
	revision: u32,
	key: &ContentKey,
) -> crate::Result<u32> {
	let sealed = bdes_sealing::seal(key, to);
	let tx = dynamic::transaction(
		"DataAssets",
		"set_content_key",
		(
			Value::u128(asset.into()),
			Value::from_bytes(account.0),
			Value::u128(revision.into()),
			Value::from_bytes(sealed),
		),
	);
	let (set, _): (ContentKeySet, _) =
		chain::call(client, signer, &tx, "DataAssets", "ContentKeySet").await?;
	Ok(set.revision)
}

/// The content key of `asset` the chain holds sealed to `recipient`, unsealed with `identity`.
pub async fn content_key(
	client: &chain::Client,
	asset: u32,
	recipient: &AccountId32,
	identity: &Identity,
) -> crate::Result<(u32, ContentKey)> {
	let found: Option<(u32, Vec<u8>)> =
		chain::runtime_api(client, "DataAssetsApi", "content_key", (asset, *recipient)).await?;
	let (revision, sealed) = found.ok_or_else(|| {
		CliError::NotFound(format!("no content key of asset {asset} for {recipient}"))
	})?;
	let key = bdes_sealing::unseal(&sealed, identity).map_err(|e| {
		CliError::Usage(format!("this identity cannot open the content key of asset {asset}: {e}"))
	})?;
	Ok((revision, key))
}

/// Removes `recipient`'s sealed key of `asset` (de-authorises a gateway).
pub async fn remove_content_key(
	client: &chain::Client,
	signer: &Keypair,
	asset: u32,
	recipient: &AccountId32,
) -> crate::Result<()> {
	let tx = dynamic::transaction(
		"DataAssets",
		"remove_content_key",
		(Value::u128(asset.into()), Value::from_bytes(recipient.0)),
	);
	let _: (subxt::dynamic::Value, _) =
		chain::call(client, signer, &tx, "DataAssets", "ContentKeyRemoved").await?;
	Ok(())
}
