//! What the worker must not forget across a restart: each task's report and the salt of its
//! commitment. It is written (to a temporary file, then renamed over the old one) before the
//! commitment is submitted, so a worker killed at any point either has not committed or can
//! still reveal what it committed to. Everything else is read back from the chain.

use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::{
	collections::BTreeMap,
	io::Write,
	path::{Path, PathBuf},
};

#[derive(Default, Serialize, Deserialize)]
struct File {
	version: u32,
	/// The provider account the reports are for (a state file is never shared by two).
	account: String,
	reports: BTreeMap<u64, Report>,
}

pub struct State {
	path: PathBuf,
	file: File,
}

impl State {
	/// Opens the state at `path` for `account` (creating an empty one if there is none).
	pub fn open(path: &Path, account: &str) -> anyhow::Result<Self> {
		let file = match std::fs::read(path) {
			Ok(bytes) => {
				let file: File = serde_json::from_slice(&bytes).map_err(|e| {
					anyhow::anyhow!("{} is not a worker state file: {e}", path.display())
				})?;
				anyhow::ensure!(
					file.account == account,
					"{} holds the state of {}, not of {account}: give each worker its own",
					path.display(),
					file.account
				);
				file
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
				File { version: 1, account: account.to_string(), reports: BTreeMap::new() }
			},
			Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
		};
		Ok(Self { path: path.to_path_buf(), file })
	}

	pub fn report(&self, task: u64) -> Option<&Report> {
		self.file.reports.get(&task)
	}

	pub fn tasks(&self) -> impl Iterator<Item = u64> + '_ {
		self.file.reports.keys().copied()
	}

	/// Records `report` for `task`, durably, before it is committed to.
	pub fn put(&mut self, task: u64, report: Report) -> anyhow::Result<()> {
		self.file.reports.insert(task, report);
		self.save()
	}

	/// Forgets a closed task.
	pub fn remove(&mut self, task: u64) -> anyhow::Result<()> {
		if self.file.reports.remove(&task).is_some() {
			self.save()?;
		}
		Ok(())
	}

	fn save(&self) -> anyhow::Result<()> {
		if let Some(dir) = self.path.parent() {
			std::fs::create_dir_all(dir)?;
		}
		let tmp = self.path.with_extension("tmp");
		let mut out = std::fs::File::create(&tmp)?;
		out.write_all(&serde_json::to_vec_pretty(&self.file)?)?;
		// On disk before the rename makes it the state: a crash leaves the old or the new.
		out.sync_all()?;
		std::fs::rename(&tmp, &self.path)?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn report(n: u8) -> Report {
		Report {
			cid: format!("bafy{n}"),
			digest: [n; 32],
			size: n.into(),
			fuel: 10,
			salt: [n ^ 0xff; 32],
			kind: "ok".into(),
		}
	}

	#[test]
	fn reports_survive_a_restart_and_belong_to_one_account() {
		let dir = std::env::temp_dir().join(format!("bdes-worker-state-{}", std::process::id()));
		let path = dir.join("state.json");
		let _ = std::fs::remove_dir_all(&dir);
		let mut state = State::open(&path, "alice").unwrap();
		state.put(3, report(3)).unwrap();
		state.put(5, report(5)).unwrap();
		state.remove(3).unwrap();
		drop(state);
		let reopened = State::open(&path, "alice").unwrap();
		assert_eq!(reopened.tasks().collect::<Vec<_>>(), vec![5]);
		assert_eq!(reopened.report(5), Some(&report(5)));
		assert!(reopened.report(3).is_none());
		let other = State::open(&path, "bob").err().unwrap().to_string();
		assert!(other.contains("give each worker its own"), "{other}");
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
