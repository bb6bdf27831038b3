//! `bdes council …`: a councillor's vote on a Council motion, and its close.

use crate::{
	chain::{self, Client},
	CliError,
};
use clap::Subcommand;
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	ext::scale_value::ValueDef,
	utils::{AccountId32, H256},
};
use subxt_signer::sr25519::Keypair;

/// Most a motion's call may weigh when it is closed: far above what the IDO, listing and
/// market calls the Council makes weigh, far below a block.
const CLOSE_WEIGHT_BOUND: (u64, u64) = (50_000_000_000, 2_000_000);

#[derive(Subcommand)]
pub enum CouncilCommand {
	/// As a councillor, vote on motion MOTION (aye unless `--nay`).
	Vote {
		motion: u32,
		#[arg(long)]
		nay: bool,
	},
	/// Close motion MOTION once it has its votes (or its time is over): anyone may. An approved
	/// motion's call runs at once.
	Close { motion: u32 },
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Votes {
	index: u32,
	threshold: u32,
	ayes: Vec<AccountId32>,
	nays: Vec<AccountId32>,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Voted {
	yes: u32,
	no: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Closed {}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Executed {
	result: Value,
}

/// A motion just proposed.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Proposed {
	pub proposal_index: u32,
	pub proposal_hash: H256,
}

/// Longest encoded call a Council motion of the CLI carries (its calls take an id or two).
pub const MOTION_LENGTH_BOUND: u32 = 1_000;

/// As a councillor, proposes `call` (a `RuntimeCall` value) as a motion needing `threshold`
/// votes; gives the motion and the block it was proposed in.
pub async fn propose(
	client: &Client,
	signer: &Keypair,
	threshold: u32,
	call: Value,
) -> crate::Result<(Proposed, u64)> {
	let tx = dynamic::transaction(
		"Council",
		"propose",
		(Value::u128(threshold.into()), call, Value::u128(MOTION_LENGTH_BOUND.into())),
	);
	chain::call(client, signer, &tx, "Council", "Proposed").await
}

/// The open motion with index `motion`: its hash and votes.
async fn find(client: &Client, motion: u32) -> crate::Result<(H256, Votes)> {
	let at = client.at_current_block().await.map_err(chain::node_error)?;
	let open = dynamic::storage::<(), Vec<H256>>("Council", "Proposals");
	let hashes = at.storage().try_fetch(open, ()).await.map_err(chain::node_error)?;
	let hashes = match hashes {
		Some(value) => value.decode().map_err(chain::node_error)?,
		None => Vec::new(),
	};
	for hash in hashes {
		let voting = dynamic::storage::<(H256,), Votes>("Council", "Voting");
		if let Some(votes) =
			at.storage().try_fetch(voting, (hash,)).await.map_err(chain::node_error)?
		{
			let votes = votes.decode().map_err(chain::node_error)?;
			if votes.index == motion {
				return Ok((hash, votes));
			}
		}
	}
	Err(CliError::Other(anyhow::anyhow!("no open Council motion #{motion}")))
}

pub async fn council(
	client: &Client,
	signer: &Keypair,
	command: CouncilCommand,
	json_out: bool,
) -> crate::Result<()> {
	match command {
		CouncilCommand::Vote { motion, nay } => {
			let (hash, _) = find(client, motion).await?;
			let tx = dynamic::transaction(
				"Council",
				"vote",
				(Value::from_bytes(hash.0), Value::u128(motion.into()), Value::bool(!nay)),
			);
			let (voted, block): (Voted, _) =
				chain::call(client, signer, &tx, "Council", "Voted").await?;
			let vote = if nay { "nay" } else { "aye" };
			if json_out {
				println!(
					"{}",
					json!({ "motion": motion, "vote": vote, "ayes": voted.yes, "nays": voted.no, "block": block })
				);
			} else {
				println!(
					"voted {vote} on motion #{motion} in block #{block}: {} aye, {} nay",
					voted.yes, voted.no
				);
			}
		},
		CouncilCommand::Close { motion } => {
			let (hash, votes) = find(client, motion).await?;
			let (ref_time, proof_size) = CLOSE_WEIGHT_BOUND;
			let tx = dynamic::transaction(
				"Council",
				"close",
				(
					Value::from_bytes(hash.0),
					Value::u128(motion.into()),
					Value::named_composite([
						("ref_time", Value::u128(ref_time.into())),
						("proof_size", Value::u128(proof_size.into())),
					]),
					Value::u128(MOTION_LENGTH_BOUND.into()),
				),
			);
			// With its votes in, a motion closes approved and its call runs (`Executed`, with
			// the call's result); otherwise it closes disapproved.
			let approved = votes.ayes.len() as u32 >= votes.threshold;
			let (outcome, block) = if approved {
				let (executed, block): (Executed, _) =
					chain::call(client, signer, &tx, "Council", "Executed").await?;
				let outcome = match executed.result.value {
					ValueDef::Variant(ref v) if v.name == "Ok" => {
						"approved; its call succeeded".to_string()
					},
					_ => format!("approved; its call failed: {}", executed.result),
				};
				(outcome, block)
			} else {
				let (_, block): (Closed, _) =
					chain::call(client, signer, &tx, "Council", "Disapproved").await?;
				("disapproved".to_string(), block)
			};
			if json_out {
				println!(
					"{}",
					json!({ "motion": motion, "approved": approved, "outcome": outcome, "ayes": votes.ayes.len(), "nays": votes.nays.len(), "block": block })
				);
			} else {
				println!(
					"motion #{motion} closed in block #{block} ({} aye, {} nay): {outcome}",
					votes.ayes.len(),
					votes.nays.len()
				);
			}
		},
	}
	Ok(())
}
