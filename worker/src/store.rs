//! IPFS, through the Kubo RPC API: models by CID (checked against the chain's sha2-256 and
//! kept on disk by that hash, so a restart does not fetch them again), and outputs added and
//! pinned (CID v1, what results are listed with).

use futures::TryStreamExt;
use ipfs_api_backend_hyper::{request::Add, IpfsApi, IpfsClient, TryFromUri};
use sha2::{Digest, Sha256};
use std::{io::Cursor, path::PathBuf};

pub struct Store {
	client: IpfsClient,
	models: PathBuf,
}

/// What fetching a model's code gave.
pub enum Code {
	/// Code whose sha2-256 is the model's.
	Verified(Vec<u8>),
	/// IPFS served bytes that are not the model's code (its CID and hash disagree).
	Mismatch,
}

impl Store {
	pub fn new(api: &str, models: PathBuf) -> anyhow::Result<Self> {
		let client = IpfsClient::from_str(api).map_err(|e| anyhow::anyhow!("--ipfs {api}: {e}"))?;
		Ok(Self { client, models })
	}

	/// The code of a model: from the disk cache, or from IPFS by `cid`.
	pub async fn model(&self, cid: &str, hash: [u8; 32]) -> anyhow::Result<Code> {
		let cached = self.models.join(format!("{}.wasm", hex::encode(hash)));
		if let Ok(code) = tokio::fs::read(&cached).await {
			if <[u8; 32]>::from(Sha256::digest(&code)) == hash {
				return Ok(Code::Verified(code));
			}
		}
		let code: Vec<u8> = self
			.client
			.cat(cid)
			.map_ok(|chunk| chunk.to_vec())
			.try_concat()
			.await
			.map_err(|e| anyhow::anyhow!("ipfs cat {cid}: {e}"))?;
		if <[u8; 32]>::from(Sha256::digest(&code)) != hash {
			return Ok(Code::Mismatch);
		}
		tokio::fs::create_dir_all(&self.models).await?;
		let tmp = cached.with_extension("tmp");
		tokio::fs::write(&tmp, &code).await?;
		tokio::fs::rename(&tmp, &cached).await?;
		Ok(Code::Verified(code))
	}

	/// Adds and pins `bytes`; gives the CID.
	pub async fn add(&self, bytes: Vec<u8>) -> anyhow::Result<String> {
		let options = Add { pin: Some(true), cid_version: Some(1), ..Default::default() };
		let added = self
			.client
			.add_with_options(Cursor::new(bytes), options)
			.await
			.map_err(|e| anyhow::anyhow!("ipfs add: {e}"))?;
		Ok(added.hash)
	}
}
