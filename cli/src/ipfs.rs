//! Adding a file to IPFS through the Kubo RPC API (`ipfs-api`), with progress bars.

use crate::{CliError, Result};
use indicatif::{ProgressBar, ProgressStyle};
use ipfs_api_backend_hyper::{request::Add, IpfsApi, IpfsClient, TryFromUri};
use sha2::{Digest, Sha256};
use std::{io::Read, path::Path};

/// What IPFS made of a file.
pub struct Added {
	pub cid: String,
	pub digest: [u8; 32],
	pub size: u64,
}

fn bar(size: u64, label: &'static str, visible: bool) -> ProgressBar {
	if !visible {
		return ProgressBar::hidden();
	}
	let bar = ProgressBar::new(size);
	bar.set_style(
		ProgressStyle::with_template(
			"{msg:>10} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
		)
		.unwrap_or_else(|_| ProgressStyle::default_bar())
		.progress_chars("=> "),
	);
	bar.set_message(label);
	bar
}

/// sha2-256 of the file, streamed.
fn digest(path: &Path, visible: bool) -> Result<([u8; 32], u64)> {
	let file = std::fs::File::open(path)
		.map_err(|e| CliError::Usage(format!("cannot open {}: {e}", path.display())))?;
	let size = file.metadata().map_err(anyhow::Error::from)?.len();
	let progress = bar(size, "hashing", visible);
	let mut reader = progress.wrap_read(file);
	let mut hasher = Sha256::new();
	let mut buffer = vec![0u8; 1 << 20];
	loop {
		let n = reader.read(&mut buffer).map_err(anyhow::Error::from)?;
		if n == 0 {
			break;
		}
		hasher.update(&buffer[..n]);
	}
	progress.finish_and_clear();
	Ok((hasher.finalize().into(), size))
}

/// Adds (and pins) the file on the IPFS node at `api`.
pub async fn add_file(api: &str, path: &Path, cid_version: u32, visible: bool) -> Result<Added> {
	let (digest, size) = digest(path, visible)?;
	let unreachable = |reason: String| CliError::IpfsUnreachable { url: api.to_string(), reason };
	let client = IpfsClient::from_str(api).map_err(|e| unreachable(e.to_string()))?;
	// Fail early and clearly when no IPFS node answers.
	client.version().await.map_err(|e| unreachable(e.to_string()))?;

	let file = std::fs::File::open(path).map_err(anyhow::Error::from)?;
	let progress = bar(size, "uploading", visible);
	let reader = progress.wrap_read(file);
	let options = Add { pin: Some(true), cid_version: Some(cid_version), ..Default::default() };
	let added = client
		.add_with_options(reader, options)
		.await
		.map_err(|e| unreachable(format!("add failed: {e}")))?;
	progress.finish_and_clear();
	Ok(Added { cid: added.hash, digest, size })
}
