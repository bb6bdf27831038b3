//! `bdes compute …`: models, tasks and their verified results (`pallet-compute`). Providers run
//! `bdes-worker`; these are the model provider's, the buyer's and the Council's commands.

use crate::{
	chain::{self, Client},
	council, ipfs, print,
	rights::parse_bdes,
	view::format_bdes,
	CliError,
};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::{AccountId32, H256},
};
use subxt_signer::sr25519::Keypair;

#[derive(Subcommand)]
pub enum ComputeCommand {
	/// As a model provider, add a model's WebAssembly FILE to IPFS and register it: tasks may
	/// run it at once; the Council may approve it into the template library.
	RegisterModel {
		file: PathBuf,
		/// Input data assets a task gives it.
		#[arg(long, default_value_t = 1)]
		inputs: u8,
		/// Its parameters' schema (text, or a CID).
		#[arg(long, default_value = "")]
		params: String,
		/// Its output's format (a media type, or a CID of a schema).
		#[arg(long, default_value = "text/csv")]
		output: String,
		/// Your fee: a percentage of what the providers are paid…
		#[arg(long, conflicts_with = "fee", default_value_t = 0)]
		fee_share: u32,
		/// …or a fixed amount of BDES per task.
		#[arg(long, value_parser = parse_bdes)]
		fee: Option<u128>,
		/// Estimated fuel per byte of input (quotes use it).
		#[arg(long, default_value_t = 1_000)]
		fuel_per_byte: u64,
	},
	/// The price of a task before it is posted (`ComputeApi.quote`).
	Quote {
		model: u32,
		/// An input data asset (repeat in the model's order).
		#[arg(long = "input", required = true)]
		inputs: Vec<u32>,
		/// Providers that run it independently.
		#[arg(long, default_value_t = 2)]
		k: u8,
	},
	/// Post a task: MODEL over inputs you hold licences for, run by K providers assigned now.
	Post {
		model: u32,
		/// ASSET:LICENCE, an input and your licence of it (repeat in the model's order).
		#[arg(long = "input", value_parser = parse_input, required = true)]
		inputs: Vec<(u32, u32)>,
		/// The model's parameters (e.g. JSON).
		#[arg(long, default_value = "")]
		params: String,
		#[arg(long, default_value_t = 2)]
		k: u8,
		/// Most fuel a run may use (default: 4× the quote's estimate).
		#[arg(long)]
		max_fuel: Option<u64>,
		/// Most a provider's price per million fuel may be, in base units (default: the
		/// quote's).
		#[arg(long)]
		max_price: Option<u128>,
		/// Blocks from now to the deadline of the commitments.
		#[arg(long, default_value_t = 150)]
		blocks: u32,
	},
	/// Show an open task's providers and their progress, or a closed task's verified result.
	Show { task: u64 },
	/// As a councillor, propose the motion that approves MODEL into the template library.
	ApproveModel {
		model: u32,
		#[arg(long, default_value_t = 2)]
		threshold: u32,
	},
	/// As a councillor, propose the motion that decides disputed TASK: DIGEST (0x…) is the
	/// right result, or `none` of the revealed ones is.
	Resolve {
		task: u64,
		digest: String,
		#[arg(long, default_value_t = 2)]
		threshold: u32,
	},
}

fn parse_input(text: &str) -> Result<(u32, u32), String> {
	let (asset, licence) = text.split_once(':').ok_or(format!("{text}: ASSET:LICENCE"))?;
	Ok((
		asset.parse().map_err(|_| format!("{text}: asset id"))?,
		licence.parse().map_err(|_| format!("{text}: licence id"))?,
	))
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ModelRegistered {
	model: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct TaskPosted {
	task: u64,
	providers: Vec<u32>,
	escrowed: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Quote {
	fuel: u64,
	providers: Vec<AccountId32>,
	price: u128,
	compute: u128,
	model_fee: u128,
	protocol_fee: u128,
	total: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Reveal {
	cid: Vec<u8>,
	digest: H256,
	fuel: u64,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Slot {
	provider: u32,
	accepted: bool,
	commit: Option<H256>,
	reveal: Option<Reveal>,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Task {
	model: u32,
	deadline: u32,
	max_fuel: u64,
	escrowed: u128,
	slots: Vec<Slot>,
	status: Value,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct TaskResult {
	buyer: AccountId32,
	model: u32,
	providers: Vec<AccountId32>,
	cid: Vec<u8>,
	digest: H256,
	size: u64,
	asset: Option<u32>,
}

async fn quote(client: &Client, model: u32, inputs: Vec<u32>, k: u8) -> crate::Result<Quote> {
	let quote: Option<Quote> =
		chain::runtime_api(client, "ComputeApi", "quote", (model, inputs, k)).await?;
	quote.ok_or_else(|| {
		CliError::NotFound(format!(
			"no quote: model {model} is unknown or retired, or fewer than {k} providers are fresh"
		))
	})
}

/// Proposes the Council motion `Compute.<call>(fields)` and prints it; `subject` names what it
/// is about in the JSON output, `about` in the text.
async fn motion(
	client: &Client,
	signer: &Keypair,
	threshold: u32,
	call: &str,
	fields: Vec<(&str, Value)>,
	subject: (&str, serde_json::Value),
	about: String,
	json_out: bool,
) -> crate::Result<()> {
	let call_value = Value::unnamed_variant("Compute", [Value::named_variant(call, fields)]);
	let (proposed, block) = council::propose(client, signer, threshold, call_value).await?;
	let mut value = json!({ "index": proposed.proposal_index, "hash": format!("{:?}", proposed.proposal_hash), "block": block });
	value[subject.0] = subject.1;
	print(
		json_out,
		value,
		format!(
			"motion #{} (Compute.{call} of {about}, {threshold} votes needed) proposed in block \
			 #{block}",
			proposed.proposal_index
		),
	);
	Ok(())
}

pub async fn compute(
	client: &Client,
	signer: &Keypair,
	ipfs_api: &str,
	command: ComputeCommand,
	json_out: bool,
) -> crate::Result<()> {
	match command {
		ComputeCommand::RegisterModel {
			file,
			inputs,
			params,
			output,
			fee_share,
			fee,
			fuel_per_byte,
		} => {
			let fee = match fee {
				Some(amount) => Value::unnamed_variant("Fixed", [Value::u128(amount)]),
				None if fee_share <= 100 => {
					Value::unnamed_variant("Share", [Value::u128((fee_share * 10_000).into())])
				},
				None => return Err(CliError::Usage("--fee-share: a percentage, 0 to 100".into())),
			};
			let added = ipfs::add_file(ipfs_api, &file, 1, !json_out).await?;
			let tx = dynamic::transaction(
				"Compute",
				"register_model",
				vec![
					Value::from_bytes(added.cid.as_bytes()),
					Value::from_bytes(added.digest),
					Value::u128(inputs.into()),
					Value::from_bytes(params.as_bytes()),
					Value::from_bytes(output.as_bytes()),
					fee,
					Value::u128(fuel_per_byte.into()),
				],
			);
			let (registered, block): (ModelRegistered, _) =
				chain::call(client, signer, &tx, "Compute", "ModelRegistered").await?;
			let hash = format!("0x{}", hex::encode(added.digest));
			print(
				json_out,
				json!({ "model": registered.model, "cid": added.cid, "codeHash": hash, "block": block }),
				format!(
					"model {} registered in block #{block}: code {} (sha2-256 {hash}, {} bytes)",
					registered.model, added.cid, added.size
				),
			);
		},
		ComputeCommand::Quote { model, inputs, k } => {
			let q = quote(client, model, inputs, k).await?;
			print(
				json_out,
				json!({
					"fuel": q.fuel, "price": q.price.to_string(), "compute": q.compute.to_string(),
					"modelFee": q.model_fee.to_string(), "protocolFee": q.protocol_fee.to_string(),
					"total": q.total.to_string(),
					"providers": q.providers.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
				}),
				format!(
					"{} fuel estimated; {} providers at up to {} per million fuel: compute {}, model \
					 fee {}, protocol fee {}, total {}",
					q.fuel,
					q.providers.len(),
					q.price,
					format_bdes(q.compute),
					format_bdes(q.model_fee),
					format_bdes(q.protocol_fee),
					format_bdes(q.total)
				),
			);
		},
		ComputeCommand::Post { model, inputs, params, k, max_fuel, max_price, blocks } => {
			let q = quote(client, model, inputs.iter().map(|(a, _)| *a).collect(), k).await?;
			let at = client.at_current_block().await.map_err(chain::node_error)?;
			let deadline = (at.block_number() as u32).saturating_add(blocks);
			let max_fuel = max_fuel.unwrap_or(q.fuel.saturating_mul(4));
			let inputs = Value::unnamed_composite(inputs.iter().map(|(asset, licence)| {
				Value::named_composite([
					("asset", Value::u128((*asset).into())),
					("licence", Value::u128((*licence).into())),
				])
			}));
			let tx = dynamic::transaction(
				"Compute",
				"post_task",
				vec![
					Value::u128(model.into()),
					inputs,
					Value::from_bytes(params.as_bytes()),
					Value::u128(max_fuel.into()),
					Value::u128(max_price.unwrap_or(q.price)),
					Value::u128(k.into()),
					Value::u128(deadline.into()),
				],
			);
			let (posted, block): (TaskPosted, _) =
				chain::call(client, signer, &tx, "Compute", "TaskPosted").await?;
			print(
				json_out,
				json!({ "task": posted.task, "providers": posted.providers, "escrowed": posted.escrowed.to_string(), "maxFuel": max_fuel, "deadline": deadline, "block": block }),
				format!(
					"task {} posted in block #{block}: providers {:?}, {} in escrow, up to {max_fuel} \
					 fuel each, commitments by #{deadline}",
					posted.task,
					posted.providers,
					format_bdes(posted.escrowed)
				),
			);
		},
		ComputeCommand::Show { task } => {
			let open: Option<Task> =
				chain::runtime_api(client, "ComputeApi", "task", (task,)).await?;
			if let Some(t) = open {
				let status = match &t.status.value {
					subxt::ext::scale_value::ValueDef::Variant(v) => v.name.clone(),
					_ => "?".into(),
				};
				let slots: Vec<serde_json::Value> = t
					.slots
					.iter()
					.map(|s| {
						json!({
							"provider": s.provider, "accepted": s.accepted,
							"committed": s.commit.is_some(),
							"digest": s.reveal.as_ref().map(|r| format!("{:?}", r.digest)),
							"cid": s.reveal.as_ref().map(|r| String::from_utf8_lossy(&r.cid).into_owned()),
							"fuel": s.reveal.as_ref().map(|r| r.fuel),
						})
					})
					.collect();
				let lines: Vec<String> = t
					.slots
					.iter()
					.map(|s| {
						let step = match (&s.reveal, &s.commit, s.accepted) {
							(Some(r), _, _) => format!("revealed {:?} ({} fuel)", r.digest, r.fuel),
							(None, Some(_), _) => "committed".into(),
							(None, None, true) => "accepted".into(),
							(None, None, false) => "assigned".into(),
						};
						format!("  provider {}: {step}", s.provider)
					})
					.collect();
				print(
					json_out,
					json!({ "task": task, "open": true, "status": status, "model": t.model, "deadline": t.deadline, "maxFuel": t.max_fuel, "escrowed": t.escrowed.to_string(), "slots": slots }),
					format!(
						"task {task} ({status}): model {}, {} in escrow, commitments by #{}\n{}",
						t.model,
						format_bdes(t.escrowed),
						t.deadline,
						lines.join("\n")
					),
				);
				return Ok(());
			}
			let result: Option<TaskResult> =
				chain::runtime_api(client, "ComputeApi", "result", (task,)).await?;
			let r = result.ok_or_else(|| {
				CliError::NotFound(format!("task {task} is not open and has no verified result"))
			})?;
			let cid = String::from_utf8_lossy(&r.cid).into_owned();
			print(
				json_out,
				json!({
					"task": task, "open": false, "buyer": r.buyer.to_string(), "model": r.model,
					"providers": r.providers.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
					"cid": cid, "digest": format!("{:?}", r.digest), "size": r.size, "asset": r.asset,
				}),
				format!(
					"task {task} verified: model {}, {} bytes {cid} (sha2-256 {:?}) agreed by {} \
					 providers; {}",
					r.model,
					r.size,
					r.digest,
					r.providers.len(),
					match r.asset {
						Some(asset) => format!("data asset {asset} of {}", r.buyer),
						None => "not minted yet (`mint_result`)".into(),
					}
				),
			);
		},
		ComputeCommand::ApproveModel { model, threshold } => {
			let fields = vec![("model", Value::u128(model.into()))];
			let (subject, about) = (("model", json!(model)), format!("model {model}"));
			motion(client, signer, threshold, "approve_model", fields, subject, about, json_out)
				.await?;
		},
		ComputeCommand::Resolve { task, digest, threshold } => {
			let digest = match digest.as_str() {
				"none" => Value::unnamed_variant("None", []),
				text => {
					let bytes = hex::decode(text.trim_start_matches("0x"))
						.ok()
						.filter(|b| b.len() == 32)
						.ok_or_else(|| {
							CliError::Usage(format!("{text}: a 0x… digest or `none`"))
						})?;
					Value::unnamed_variant("Some", [Value::from_bytes(bytes)])
				},
			};
			let fields = vec![("task", Value::u128(task.into())), ("digest", digest)];
			let (subject, about) = (("task", json!(task)), format!("task {task}"));
			motion(client, signer, threshold, "resolve_dispute", fields, subject, about, json_out)
				.await?;
		},
	}
	Ok(())
}
