//! The node's default database: ParityDB.
//!
//! The runtime charges `ParityDbWeight` for storage reads and writes (measured figures and the
//! choice are in the README's throughput section), so a collator must run ParityDB for blocks to
//! take the time their weights say. sc-cli defaults to RocksDB whenever RocksDB is compiled in,
//! which it always is in a polkadot-sdk node (polkadot-service pulls it in), and the omni-node
//! library parses the process's own arguments. So the node re-executes itself once with
//! `--database paritydb` added, unless the operator chose a database.

use std::ffi::OsString;

/// Subcommands that never open the chain database: they are left untouched.
const NO_DATABASE: &[&str] = &[
	"key",
	"build-spec",
	"chain-spec-builder",
	"export-genesis-head",
	"export-genesis-state",
	"export-genesis-wasm",
	"export-chain-spec",
	"benchmark",
	"benchmark-pallet",
	"benchmark-overhead",
	"help",
];

/// The arguments with `--database paritydb` added, or `None` when they already name a database
/// (or ask for help or the version, or run a subcommand without a database). Only the node's own
/// arguments count: those after a lone `--` belong to the embedded relay chain node.
pub fn with_default_database(args: &[OsString]) -> Option<Vec<OsString>> {
	let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
	let own = args.get(1..end).unwrap_or_default();
	let chose = own.iter().filter_map(|a| a.to_str()).any(|a| {
		matches!(a, "--database" | "--db" | "-h" | "--help" | "-V" | "--version")
			|| a.starts_with("--database=")
			|| a.starts_with("--db=")
	});
	let no_database = own.iter().filter_map(|a| a.to_str()).any(|a| NO_DATABASE.contains(&a));
	if chose || no_database {
		return None;
	}
	// At the end of the node's own arguments, so a subcommand that opens the database (purge-chain,
	// revert, export-blocks, ...) gets it too.
	let mut out = args.get(..end).unwrap_or_default().to_vec();
	out.push("--database".into());
	out.push("paritydb".into());
	out.extend(args.get(end..).unwrap_or_default().iter().cloned());
	Some(out)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn args(list: &[&str]) -> Vec<OsString> {
		list.iter().map(OsString::from).collect()
	}

	#[test]
	fn a_plain_run_gets_paritydb_before_the_relay_arguments() {
		assert_eq!(
			with_default_database(&args(&[
				"bdes-node",
				"--collator",
				"--",
				"--chain",
				"relay.json"
			])),
			Some(args(&[
				"bdes-node",
				"--collator",
				"--database",
				"paritydb",
				"--",
				"--chain",
				"relay.json"
			]))
		);
		assert_eq!(
			with_default_database(&args(&["bdes-node", "purge-chain", "-y"])),
			Some(args(&["bdes-node", "purge-chain", "-y", "--database", "paritydb"]))
		);
	}

	#[test]
	fn an_operators_choice_or_a_subcommand_without_a_database_is_kept() {
		for list in [
			&["bdes-node", "--dev", "--database", "rocksdb"][..],
			&["bdes-node", "--db=rocksdb"],
			&["bdes-node", "--help"],
			&["bdes-node", "key", "generate"],
			&["bdes-node", "benchmark-pallet", "--runtime", "x.wasm"],
		] {
			assert_eq!(with_default_database(&args(list)), None, "{list:?}");
		}
		// A database named for the relay chain only still leaves the parachain's default.
		assert!(
			with_default_database(&args(&["bdes-node", "--", "--database", "rocksdb"])).is_some()
		);
	}
}
