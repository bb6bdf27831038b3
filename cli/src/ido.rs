//! `bdes ido …`: initial data offerings of data assets' revenue shares.

use crate::{
	chain::{self, Client},
	print,
	rights::parse_bdes,
	view::format_bdes,
	CliError,
};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

#[derive(Subcommand)]
pub enum IdoCommand {
	/// As the owner of ASSET (listed, rated), propose an IDO of its revenue shares; the shares
	/// move into the sale's escrow and the Council decides by motion (`bdes ido motion`).
	Propose(ProposeArgs),
	/// Commit BDES to an open IDO (more adds to your commitment).
	Commit {
		ido: u32,
		/// BDES (e.g. `12.5`).
		#[arg(value_parser = parse_bdes)]
		amount: u128,
	},
	/// Withdraw BDES from your commitment before the IDO ends.
	Withdraw {
		ido: u32,
		#[arg(value_parser = parse_bdes)]
		amount: u128,
	},
	/// Settle up to LIMIT investors of an IDO that ended or whose plan is over (anyone may).
	Settle {
		ido: u32,
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Claim what settlement owes you and could not pay when it was due.
	Claim { ido: u32 },
	/// As a councillor, propose the Council motion that approves, rejects, releases the next
	/// tranche of, or stops an IDO; the others vote on it (Polkadot.js Apps, Governance).
	Motion {
		#[arg(value_enum)]
		action: Motion,
		ido: u32,
		/// Votes the motion needs.
		#[arg(long, default_value_t = 2)]
		threshold: u32,
	},
	/// Show an IDO, its plan, and an investor's record (default: the signer's).
	Show {
		ido: u32,
		#[arg(long)]
		investor: Option<String>,
	},
	/// List IDOs, of one data asset or all; only those not closed with `--open`.
	List {
		#[arg(long)]
		asset: Option<u32>,
		#[arg(long)]
		open: bool,
	},
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Motion {
	Approve,
	Reject,
	Release,
	Stop,
}

impl Motion {
	fn call(self) -> &'static str {
		match self {
			Motion::Approve => "approve",
			Motion::Reject => "reject",
			Motion::Release => "release_tranche",
			Motion::Stop => "stop",
		}
	}
}

#[derive(Args)]
pub struct ProposeArgs {
	/// The data asset.
	pub asset: u32,
	/// Shares offered (the token's smallest units).
	#[arg(long)]
	pub shares: u128,
	/// BDES per smallest share unit (e.g. `0.01`).
	#[arg(long, value_parser = parse_bdes)]
	pub price: u128,
	#[arg(long, value_parser = parse_bdes)]
	pub soft_cap: u128,
	#[arg(long, value_parser = parse_bdes)]
	pub hard_cap: u128,
	/// Smallest commitment of one investor.
	#[arg(long, value_parser = parse_bdes)]
	pub min: u128,
	/// Largest commitment of one investor.
	#[arg(long, value_parser = parse_bdes)]
	pub max: u128,
	/// First block of the commitment window.
	#[arg(long)]
	pub start: u32,
	/// First block after it.
	#[arg(long)]
	pub end: u32,
	/// A tranche: PERCENT@BLOCK:MILESTONE (e.g. `30@1200:ingest pipeline`), in order; the
	/// percentages add up to 100.
	#[arg(long = "tranche", value_parser = parse_tranche, required = true)]
	pub tranches: Vec<(u32, u32, String)>,
	/// If ASSET has no revenue shares yet: issue this many (smallest units, all to you, 51%
	/// locked) for the sale first.
	#[arg(long, requires_all = ["name", "symbol"])]
	pub issue: Option<u128>,
	/// The issued token's name (with `--issue`).
	#[arg(long, requires = "issue")]
	pub name: Option<String>,
	/// The issued token's symbol (with `--issue`).
	#[arg(long, requires = "issue")]
	pub symbol: Option<String>,
	/// The issued token's decimals (with `--issue`).
	#[arg(long, requires = "issue", default_value_t = 0)]
	pub decimals: u8,
}

/// `30@1200:ingest` as (30, 1200, "ingest").
fn parse_tranche(text: &str) -> Result<(u32, u32, String), String> {
	let (percent, rest) = text.split_once('@').ok_or(format!("{text}: PERCENT@BLOCK:MILESTONE"))?;
	let (block, milestone) = rest.split_once(':').unwrap_or((rest, ""));
	let percent: u32 = percent.parse().map_err(|_| format!("{text}: percent"))?;
	if percent == 0 || percent > 100 {
		return Err(format!("{text}: percent from 1 to 100"));
	}
	let block: u32 = block.parse().map_err(|_| format!("{text}: block"))?;
	Ok((percent, block, milestone.to_string()))
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Proposed {
	ido: u32,
	shares: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Moved {
	amount: u128,
	total: u128,
}

/// Any event: only its presence counts.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Done {}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Claimed {
	amount: u128,
}

#[derive(Debug, Clone, Copy, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Outcome {
	NotApproved,
	Failed,
	Completed,
	Stopped,
}

#[derive(Debug, Clone, Copy, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Status {
	Proposed,
	Approved,
	Failing,
	Allocating,
	Funded { released: u8 },
	Closing { rejected: bool },
	Closed { outcome: Outcome },
}

impl Status {
	fn label(self) -> String {
		match self {
			Status::Proposed => "proposed".into(),
			Status::Approved => "approved".into(),
			Status::Failing => "failed, refunding".into(),
			Status::Allocating => "funded, allocating".into(),
			Status::Funded { released } => format!("funded, {released} tranche(s) released"),
			Status::Closing { rejected } => {
				if rejected {
					"stopped, refunding".into()
				} else {
					"completed, unlocking".into()
				}
			},
			Status::Closed { outcome } => format!("closed ({outcome:?})").to_lowercase(),
		}
	}
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Tranche {
	share: u32,
	earliest: u32,
	milestone: Vec<u8>,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Terms {
	shares: u128,
	price: u128,
	soft_cap: u128,
	hard_cap: u128,
	min_commit: u128,
	max_commit: u128,
	start: u32,
	end: u32,
	tranches: Vec<Tranche>,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct IdoView {
	asset: u32,
	owner: AccountId32,
	terms: Terms,
	status: Status,
	investors: u32,
	committed: u128,
	sold: u128,
	raised: u128,
	fee: u128,
	released: u128,
	refunded: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Commitment {
	amount: u128,
	shares: u128,
	returned: u128,
	refunded: u128,
	owed: u128,
}

pub async fn ido(
	client: &Client,
	signer: &Keypair,
	command: IdoCommand,
	json_out: bool,
) -> crate::Result<()> {
	match command {
		IdoCommand::Propose(args) => {
			let tranches: Vec<Value> = args
				.tranches
				.iter()
				.map(|(percent, block, milestone)| {
					Value::named_composite([
						("share", Value::u128(u128::from(*percent) * 10_000)),
						("earliest", Value::u128((*block).into())),
						("milestone", Value::from_bytes(milestone.as_bytes())),
					])
				})
				.collect();
			let terms = Value::named_composite([
				("shares", Value::u128(args.shares)),
				("price", Value::u128(args.price)),
				("soft_cap", Value::u128(args.soft_cap)),
				("hard_cap", Value::u128(args.hard_cap)),
				("min_commit", Value::u128(args.min)),
				("max_commit", Value::u128(args.max)),
				("start", Value::u128(args.start.into())),
				("end", Value::u128(args.end.into())),
				("tranches", Value::unnamed_composite(tranches)),
			]);
			let asset = Value::u128(args.asset.into());
			let (proposed, block): (Proposed, _) = match args.issue {
				None => {
					let tx = dynamic::transaction("Ido", "propose", (asset, terms));
					chain::call(client, signer, &tx, "Ido", "Proposed").await?
				},
				Some(supply) => {
					let issue = Value::named_composite([
						("supply", Value::u128(supply)),
						("name", Value::from_bytes(args.name.unwrap_or_default().as_bytes())),
						("symbol", Value::from_bytes(args.symbol.unwrap_or_default().as_bytes())),
						("decimals", Value::u128(args.decimals.into())),
					]);
					let tx = dynamic::transaction("Ido", "propose_issuing", (asset, issue, terms));
					chain::call(client, signer, &tx, "Ido", "Proposed").await?
				},
			};
			print(
				json_out,
				json!({ "ido": proposed.ido, "asset": args.asset, "shares": proposed.shares.to_string(), "block": block }),
				format!(
					"IDO {} of {} shares of asset {} proposed in block #{block}; the Council decides \
					 by motion",
					proposed.ido, proposed.shares, args.asset
				),
			);
		},
		IdoCommand::Commit { ido, amount } | IdoCommand::Withdraw { ido, amount } => {
			let (call, event, verb) = match command {
				IdoCommand::Commit { .. } => ("commit", "Committed", "committed"),
				_ => ("withdraw", "Withdrawn", "withdrew"),
			};
			let tx =
				dynamic::transaction("Ido", call, (Value::u128(ido.into()), Value::u128(amount)));
			let (moved, block): (Moved, _) = chain::call(client, signer, &tx, "Ido", event).await?;
			print(
				json_out,
				json!({ "ido": ido, "amount": moved.amount.to_string(), "total": moved.total.to_string(), "block": block }),
				format!(
					"{verb} {} in block #{block}; your commitment to IDO {ido} is {}",
					format_bdes(moved.amount),
					format_bdes(moved.total)
				),
			);
		},
		IdoCommand::Settle { ido, limit } => {
			let tx = dynamic::transaction(
				"Ido",
				"settle",
				(Value::u128(ido.into()), Value::u128(limit.into())),
			);
			let (_, block): (Done, _) =
				chain::call(client, signer, &tx, "System", "ExtrinsicSuccess").await?;
			let view = load(client, ido).await?;
			print(
				json_out,
				json!({ "ido": ido, "status": view.status.label(), "block": block }),
				format!("IDO {ido} settled in block #{block}: {}", view.status.label()),
			);
		},
		IdoCommand::Claim { ido } => {
			let tx = dynamic::transaction("Ido", "claim", (Value::u128(ido.into()),));
			let (claimed, block): (Claimed, _) =
				chain::call(client, signer, &tx, "Ido", "Claimed").await?;
			print(
				json_out,
				json!({ "ido": ido, "amount": claimed.amount.to_string(), "block": block }),
				format!("claimed {} from IDO {ido} in block #{block}", format_bdes(claimed.amount)),
			);
		},
		IdoCommand::Motion { action, ido, threshold } => {
			let call = Value::unnamed_variant(
				"Ido",
				[Value::named_variant(action.call(), [("ido", Value::u128(ido.into()))])],
			);
			let (motion, block) = crate::council::propose(client, signer, threshold, call).await?;
			print(
				json_out,
				json!({ "ido": ido, "call": action.call(), "index": motion.proposal_index, "hash": format!("{:?}", motion.proposal_hash), "block": block }),
				format!(
					"motion #{} (Ido.{} of IDO {ido}, {threshold} votes needed) proposed in block \
					 #{block}; hash {:?}",
					motion.proposal_index,
					action.call(),
					motion.proposal_hash
				),
			);
		},
		IdoCommand::Show { ido, investor } => {
			let view = load(client, ido).await?;
			let who = match investor {
				Some(text) => crate::parse_account("--investor", &text)?,
				None => AccountId32(signer.public_key().0),
			};
			let record: Option<Commitment> =
				chain::runtime_api(client, "IdoApi", "commitment", (ido, who)).await?;
			let t = &view.terms;
			let plan: Vec<String> = t
				.tranches
				.iter()
				.map(|tr| {
					format!(
						"{}% from #{} ({})",
						tr.share / 10_000,
						tr.earliest,
						String::from_utf8_lossy(&tr.milestone)
					)
				})
				.collect();
			let mut text = format!(
				"IDO {ido}: asset {}, owner {}, {}\n  {} shares at {} each; soft cap {}, hard cap \
				 {}; {} to {} per investor; blocks #{} to #{}\n  plan: {}\n  {} investors, \
				 committed {}; sold {} shares for {}, fee {}, released {}, refunded {}",
				view.asset,
				view.owner,
				view.status.label(),
				t.shares,
				format_bdes(t.price),
				format_bdes(t.soft_cap),
				format_bdes(t.hard_cap),
				format_bdes(t.min_commit),
				format_bdes(t.max_commit),
				t.start,
				t.end,
				plan.join(", "),
				view.investors,
				format_bdes(view.committed),
				view.sold,
				format_bdes(view.raised),
				format_bdes(view.fee),
				format_bdes(view.released),
				format_bdes(view.refunded),
			);
			if let Some(c) = &record {
				text.push_str(&format!(
					"\n{who}: committed {}, {} shares ({} returned), refunded {}, owed {}",
					format_bdes(c.amount),
					c.shares,
					c.returned,
					format_bdes(c.refunded),
					format_bdes(c.owed)
				));
			}
			print(
				json_out,
				json!({
					"ido": ido, "asset": view.asset, "owner": view.owner.to_string(), "status": view.status.label(),
					"shares": t.shares.to_string(), "price": t.price.to_string(), "softCap": t.soft_cap.to_string(),
					"hardCap": t.hard_cap.to_string(), "start": t.start, "end": t.end,
					"tranches": t.tranches.iter().map(|tr| json!({ "percent": tr.share / 10_000, "earliest": tr.earliest, "milestone": String::from_utf8_lossy(&tr.milestone) })).collect::<Vec<_>>(),
					"investors": view.investors, "committed": view.committed.to_string(), "sold": view.sold.to_string(),
					"raised": view.raised.to_string(), "fee": view.fee.to_string(), "released": view.released.to_string(),
					"refunded": view.refunded.to_string(),
					"investor": record.as_ref().map(|c| json!({
						"account": who.to_string(), "committed": c.amount.to_string(), "shares": c.shares.to_string(),
						"returned": c.returned.to_string(), "refunded": c.refunded.to_string(), "owed": c.owed.to_string(),
					})),
				}),
				text,
			);
		},
		IdoCommand::List { asset, open } => {
			let list: Vec<(u32, u32, Status)> =
				chain::runtime_api(client, "IdoApi", "idos", (asset, open)).await?;
			let rows: Vec<String> = list
				.iter()
				.map(|(id, asset, status)| format!("IDO {id}: asset {asset}, {}", status.label()))
				.collect();
			print(
				json_out,
				json!(list
					.iter()
					.map(
						|(id, asset, status)| json!({ "ido": id, "asset": asset, "status": status.label() })
					)
					.collect::<Vec<_>>()),
				if rows.is_empty() { "no IDOs".into() } else { rows.join("\n") },
			);
		},
	}
	Ok(())
}

async fn load(client: &Client, ido: u32) -> crate::Result<IdoView> {
	let view: Option<IdoView> = chain::runtime_api(client, "IdoApi", "ido", (ido,)).await?;
	view.ok_or_else(|| CliError::NotFound(format!("no IDO {ido}")))
}
