//! What a connector must not forget across a restart, one directory a feed: the cursor (the
//! last second already cut into a batch), the files of a directory source already read, and
//! each batch built but not yet final on chain, with its Parquet bytes beside the state file.
//! A batch's bytes are on disk before the state names it, and the state (written to a
//! temporary file, synced, renamed) moves the cursor in the same write, so a connector killed
//! at any point either has not cut the batch or submits exactly those bytes again. The chain
//! refuses a digest it has (`DuplicateBatch`), which counts as delivered.

use serde::{Deserialize, Serialize};
use std::{
	collections::{BTreeMap, BTreeSet},
	io::Write,
	path::{Path, PathBuf},
};

/// A batch cut and kept until it is final on chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
	pub digest: String,
	pub size: u64,
	pub rows: u64,
	pub window: (u64, u64),
	/// Set once the bytes are on IPFS (the age file's, when encrypted).
	pub cid: Option<String>,
	/// An encrypted batch's content key and age file, set with its CID.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub sealed: Option<Sealed>,
}

/// An encrypted copy of a batch on IPFS: the content key it opens with (sealed again to each
/// recipient at every submission) and what the age file hashes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
	/// The content key as an age identity (`AGE-SECRET-KEY-1…`): as secret as the Parquet
	/// file beside it, and forgotten with it once the batch is final.
	pub key: String,
	/// sha2-256 of the age file, hex.
	pub digest: String,
	pub size: u64,
}

#[derive(Default, Serialize, Deserialize)]
struct File {
	version: u32,
	/// The operator account (a state directory is never shared by two).
	operator: String,
	cursor: Option<u64>,
	next_seq: u64,
	pending: BTreeMap<u64, Pending>,
	/// A directory source's files already read (names; pruned to those still there).
	seen: BTreeSet<String>,
}

pub struct FeedState {
	dir: PathBuf,
	file: File,
}

impl FeedState {
	pub fn open(root: &Path, feed: u32, operator: &str) -> anyhow::Result<Self> {
		let dir = root.join(format!("feed-{feed}"));
		let path = dir.join("state.json");
		let file = match std::fs::read(&path) {
			Ok(bytes) => {
				let file: File = serde_json::from_slice(&bytes).map_err(|e| {
					anyhow::anyhow!("{} is not a connector state file: {e}", path.display())
				})?;
				anyhow::ensure!(
					file.operator == operator,
					"{} holds the state of operator {}, not of {operator}",
					path.display(),
					file.operator
				);
				file
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
				File { version: 1, operator: operator.to_string(), ..Default::default() }
			},
			Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
		};
		std::fs::create_dir_all(&dir)?;
		// Batches wait here in the clear, with their content keys: the operator's alone.
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
		}
		Ok(Self { dir, file })
	}

	pub fn cursor(&self) -> Option<u64> {
		self.file.cursor
	}

	/// Moves the cursor to what the chain covers already, if that is further.
	pub fn catch_up(&mut self, covered: Option<u64>) -> anyhow::Result<()> {
		if covered > self.file.cursor {
			self.file.cursor = covered;
			self.save()?;
		}
		Ok(())
	}

	pub fn pending(&self) -> impl Iterator<Item = (u64, &Pending)> + '_ {
		self.file.pending.iter().map(|(seq, p)| (*seq, p))
	}

	pub fn pending_count(&self) -> usize {
		self.file.pending.len()
	}

	pub fn seen(&self, name: &str) -> bool {
		self.file.seen.contains(name)
	}

	/// Keeps only the seen names still in the directory, so the set stays as small as it is.
	pub fn prune_seen(&mut self, present: &BTreeSet<String>) -> anyhow::Result<()> {
		let before = self.file.seen.len();
		self.file.seen.retain(|n| present.contains(n));
		if self.file.seen.len() != before {
			self.save()?;
		}
		Ok(())
	}

	/// Marks a directory source's file read without a batch (it held nothing new).
	pub fn mark_seen(&mut self, name: String) -> anyhow::Result<()> {
		if self.file.seen.insert(name) {
			self.save()?;
		}
		Ok(())
	}

	/// Keeps a batch's bytes and moves the cursor past its window, in one durable step.
	pub fn cut(
		&mut self,
		bytes: &[u8],
		pending: Pending,
		file: Option<String>,
	) -> anyhow::Result<u64> {
		let spool = self.spool(&pending.digest);
		let tmp = spool.with_extension("tmp");
		let mut out = std::fs::File::create(&tmp)?;
		out.write_all(bytes)?;
		out.sync_all()?;
		std::fs::rename(&tmp, &spool)?;
		let seq = self.file.next_seq;
		self.file.next_seq = seq.saturating_add(1);
		self.file.cursor = Some(pending.window.1);
		self.file.pending.insert(seq, pending);
		if let Some(name) = file {
			self.file.seen.insert(name);
		}
		self.save()?;
		Ok(seq)
	}

	pub fn bytes(&self, seq: u64) -> anyhow::Result<Vec<u8>> {
		let pending =
			self.file.pending.get(&seq).ok_or_else(|| anyhow::anyhow!("no batch {seq}"))?;
		Ok(std::fs::read(self.spool(&pending.digest))?)
	}

	/// Records where the batch is on IPFS and, when it went encrypted, how to open it: in one
	/// write, so a CID is never kept without its key.
	pub fn set_cid(&mut self, seq: u64, cid: String, sealed: Option<Sealed>) -> anyhow::Result<()> {
		if let Some(p) = self.file.pending.get_mut(&seq) {
			p.cid = Some(cid);
			p.sealed = sealed;
			self.save()?;
		}
		Ok(())
	}

	/// Forgets a batch that is final on chain (or that the chain will never take).
	pub fn done(&mut self, seq: u64) -> anyhow::Result<()> {
		if let Some(p) = self.file.pending.remove(&seq) {
			self.save()?;
			let _ = std::fs::remove_file(self.spool(&p.digest));
		}
		Ok(())
	}

	fn spool(&self, digest: &str) -> PathBuf {
		self.dir.join(format!("{digest}.parquet"))
	}

	fn save(&self) -> anyhow::Result<()> {
		let path = self.dir.join("state.json");
		let tmp = path.with_extension("tmp");
		let mut out = std::fs::File::create(&tmp)?;
		out.write_all(&serde_json::to_vec_pretty(&self.file)?)?;
		// On disk before the rename makes it the state: a crash leaves the old or the new.
		out.sync_all()?;
		std::fs::rename(&tmp, &path)?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn pending(n: u8, window: (u64, u64)) -> Pending {
		Pending { digest: hex::encode([n; 32]), size: 3, rows: 1, window, cid: None, sealed: None }
	}

	#[test]
	fn cut_batches_and_the_cursor_survive_a_restart() {
		let root =
			std::env::temp_dir().join(format!("bdes-connector-state-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&root);
		let mut state = FeedState::open(&root, 7, "alice").unwrap();
		assert_eq!(state.cursor(), None);
		let a = state.cut(b"one", pending(1, (10, 19)), None).unwrap();
		let b = state.cut(b"two", pending(2, (20, 29)), Some("x.csv".into())).unwrap();
		let sealed =
			Sealed { key: "AGE-SECRET-KEY-1X".into(), digest: hex::encode([9; 32]), size: 9 };
		state.set_cid(a, "bafya".into(), Some(sealed.clone())).unwrap();
		state.done(b).unwrap();
		drop(state);

		let mut state = FeedState::open(&root, 7, "alice").unwrap();
		assert_eq!(state.cursor(), Some(29));
		assert!(state.seen("x.csv"));
		let kept: Vec<u64> = state.pending().map(|(s, _)| s).collect();
		assert_eq!(kept, vec![a]);
		assert_eq!(state.pending().next().unwrap().1.cid.as_deref(), Some("bafya"));
		assert_eq!(state.pending().next().unwrap().1.sealed.as_ref(), Some(&sealed));
		assert_eq!(state.bytes(a).unwrap(), b"one");
		assert!(state.bytes(b).is_err());
		state.catch_up(Some(25)).unwrap();
		assert_eq!(state.cursor(), Some(29));
		state.catch_up(Some(40)).unwrap();
		assert_eq!(state.cursor(), Some(40));
		state.prune_seen(&BTreeSet::new()).unwrap();
		assert!(!state.seen("x.csv"));
		let other = FeedState::open(&root, 7, "bob").err().unwrap().to_string();
		assert!(other.contains("not of bob"), "{other}");
		std::fs::remove_dir_all(&root).unwrap();
	}
}
