//! `bdes reserve …`: the reserve pool's settlement (`pallet-reserve-pool`): the statement of a
//! period, and the Council's motion that sets the shares.

use crate::{
	chain::{self, Client},
	council, print,
	view::format_bdes,
	CliError,
};
use clap::Subcommand;
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
};
use subxt_signer::sr25519::Keypair;

#[derive(Subcommand)]
pub enum ReserveCommand {
	/// Show the statement of a settled period (the last one by default): the pot, what each
	/// role was paid, what was locked.
	Statement { period: Option<u32> },
	/// As a councillor, propose the motion that sets the shares of the next settlements, in
	/// percent of the pot (what they leave is locked).
	Shares {
		#[arg(long)]
		council: u32,
		#[arg(long)]
		collators: u32,
		#[arg(long, default_value_t = 0)]
		candidates: u32,
		#[arg(long, default_value_t = 2)]
		threshold: u32,
	},
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct CurrentView {
	index: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct SharesView {
	council: u32,
	collators: u32,
	candidates: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct RolePaid {
	recipients: u32,
	paid: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct StatementView {
	start: u32,
	end: u32,
	pot: u128,
	released: u128,
	shares: SharesView,
	council: RolePaid,
	collators: RolePaid,
	candidates: RolePaid,
	blocks: u32,
	unpaid: u128,
	locked: u128,
}

/// Percent to `Permill` parts, refusing more than 100.
fn parts(name: &str, percent: u32) -> crate::Result<u32> {
	if percent > 100 {
		return Err(CliError::Usage(format!("--{name} {percent}: at most 100 percent")));
	}
	Ok(percent * 10_000)
}

pub async fn reserve(
	client: &Client,
	signer: &Keypair,
	command: ReserveCommand,
	json_out: bool,
) -> crate::Result<()> {
	match command {
		ReserveCommand::Statement { period } => {
			let at = client.at_current_block().await.map_err(chain::node_error)?;
			let period = match period {
				Some(p) => p,
				None => {
					let query = dynamic::storage::<(), CurrentView>("ReservePool", "Current");
					let current = match at.storage().try_fetch(query, ()).await {
						Ok(Some(v)) => v.decode_as::<CurrentView>().map_err(chain::node_error)?,
						Ok(None) => CurrentView { index: 0 },
						Err(e) => return Err(chain::node_error(e)),
					};
					current.index.checked_sub(1).ok_or_else(|| {
						CliError::NotFound("no period has been settled yet".into())
					})?
				},
			};
			let query = dynamic::storage::<(u32,), StatementView>("ReservePool", "Statements");
			let s = match at.storage().try_fetch(query, (period,)).await {
				Ok(Some(v)) => v.decode_as::<StatementView>().map_err(chain::node_error)?,
				Ok(None) => {
					return Err(CliError::NotFound(format!("no statement of period {period}")))
				},
				Err(e) => return Err(chain::node_error(e)),
			};
			let percent = |p: u32| f64::from(p) / 10_000.0;
			print(
				json_out,
				json!({
					"period": period, "start": s.start, "end": s.end,
					"pot": s.pot.to_string(), "released": s.released.to_string(),
					"shares": { "council": s.shares.council, "collators": s.shares.collators, "candidates": s.shares.candidates },
					"council": { "recipients": s.council.recipients, "paid": s.council.paid.to_string() },
					"collators": { "recipients": s.collators.recipients, "paid": s.collators.paid.to_string() },
					"candidates": { "recipients": s.candidates.recipients, "paid": s.candidates.paid.to_string() },
					"blocks": s.blocks, "unpaid": s.unpaid.to_string(), "locked": s.locked.to_string(),
				}),
				format!(
					"period {period} (blocks #{}–#{}): pot {} (released {}); Council {}% → {} to \
					 {}; producers {}% → {} to {} for {} blocks; candidates {}% → {} to {}; \
					 unpaid {}; locked {}",
					s.start,
					s.end,
					format_bdes(s.pot),
					format_bdes(s.released),
					percent(s.shares.council),
					format_bdes(s.council.paid),
					s.council.recipients,
					percent(s.shares.collators),
					format_bdes(s.collators.paid),
					s.collators.recipients,
					s.blocks,
					percent(s.shares.candidates),
					format_bdes(s.candidates.paid),
					s.candidates.recipients,
					format_bdes(s.unpaid),
					format_bdes(s.locked),
				),
			);
		},
		ReserveCommand::Shares { council: c, collators, candidates, threshold } => {
			if c + collators + candidates > 100 {
				return Err(CliError::Usage(format!(
					"the shares add up to {}%, over the whole",
					c + collators + candidates
				)));
			}
			let shares = Value::named_composite([
				("council", Value::u128(parts("council", c)?.into())),
				("collators", Value::u128(parts("collators", collators)?.into())),
				("candidates", Value::u128(parts("candidates", candidates)?.into())),
			]);
			let call = Value::unnamed_variant(
				"ReservePool",
				[Value::named_variant("set_shares", [("shares", shares)])],
			);
			let (proposed, block) = council::propose(client, signer, threshold, call).await?;
			print(
				json_out,
				json!({ "index": proposed.proposal_index, "hash": format!("{:?}", proposed.proposal_hash), "block": block }),
				format!(
					"motion #{} (ReservePool.set_shares: Council {c}%, producers {collators}%, \
					 candidates {candidates}%, locked {}%; {threshold} votes needed) proposed in \
					 block #{block}",
					proposed.proposal_index,
					100 - c - collators - candidates
				),
			);
		},
	}
	Ok(())
}
