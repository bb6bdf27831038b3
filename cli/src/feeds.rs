//! `bdes feed …`: schemas and feeds (`pallet-feeds`). Operators run `bdes-connector`, which
//! submits the batches; these are the operator's and the Council's commands.

use crate::{
	chain::{self, Client},
	council, print,
	rights::parse_bdes,
	view::format_bdes,
	CliError,
};
use clap::Subcommand;
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

#[derive(Subcommand)]
pub enum FeedCommand {
	/// Register a schema NAME with typed columns, e.g. `time:timestamp_ms,temp_c:float64`
	/// (types: bool, int64, float64, utf8, timestamp_ms). Holds a deposit.
	Schema { name: String, columns: String },
	/// Propose a feed you will operate: its schema, interval, and the sale of each batch (a
	/// licence offer, a fixed-price sale or an auction of its ownership NFT). Holds a deposit.
	Propose {
		name: String,
		#[arg(long)]
		schema: u32,
		/// Blocks between batches (a batch missing for two intervals makes the feed stale).
		#[arg(long)]
		interval: u32,
		/// Each batch sells licences at this price (BDES)…
		#[arg(long, value_parser = parse_bdes, group = "sale")]
		offer_price: Option<u128>,
		/// …valid this many blocks…
		#[arg(long, default_value_t = 100_000)]
		offer_blocks: u32,
		/// …for this many calls…
		#[arg(long, default_value_t = 1_000)]
		offer_calls: u32,
		/// …with this percentage of each sale to the batch's collectors.
		#[arg(long, default_value_t = 0)]
		offer_share: u32,
		/// Each batch's ownership NFT is sold at this price (BDES)…
		#[arg(long, value_parser = parse_bdes, group = "sale")]
		price: Option<u128>,
		/// …or auctioned from this price (BDES)…
		#[arg(long, value_parser = parse_bdes, group = "sale")]
		auction_start: Option<u128>,
		/// …in steps of at least this much…
		#[arg(long, value_parser = parse_bdes, default_value = "1")]
		auction_increment: u128,
		/// …for this many blocks.
		#[arg(long, default_value_t = 100)]
		auction_blocks: u32,
		/// A collector and its percentage of the revenue, ACCOUNT:PERCENT (repeat; the parts
		/// add up to 100).
		#[arg(long = "collector", value_parser = parse_collector)]
		collectors: Vec<(AccountId32, u32)>,
	},
	/// As a councillor, propose the motion that approves FEED.
	Approve {
		feed: u32,
		#[arg(long, default_value_t = 2)]
		threshold: u32,
	},
	/// Show a feed: its status, batches and the window it covers.
	Show { feed: u32 },
}

fn parse_collector(text: &str) -> Result<(AccountId32, u32), String> {
	let (account, percent) = text.split_once(':').ok_or(format!("{text}: ACCOUNT:PERCENT"))?;
	let account = account.parse().map_err(|_| format!("{account}: not an SS58 address"))?;
	let percent = percent
		.parse()
		.ok()
		.filter(|p| *p <= 100)
		.ok_or(format!("{percent}: 0 to 100"))?;
	Ok((account, percent))
}

/// The columns of a header text, as `register_schema` takes them.
fn columns(text: &str) -> crate::Result<Vec<Value>> {
	text.split(',')
		.map(|column| {
			let (name, kind) = column
				.split_once(':')
				.ok_or_else(|| CliError::Usage(format!("{column}: expected name:type")))?;
			let kind = match kind.trim() {
				"bool" => "Bool",
				"int64" => "Int64",
				"float64" => "Float64",
				"utf8" => "Utf8",
				"timestamp_ms" => "TimestampMillis",
				other => return Err(CliError::Usage(format!("{other}: not a column type"))),
			};
			Ok(Value::named_composite([
				("name", Value::from_bytes(name.trim().as_bytes())),
				("kind", Value::unnamed_variant(kind, [])),
			]))
		})
		.collect()
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct SchemaRegistered {
	schema: u32,
	hash: [u8; 32],
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct FeedProposed {
	feed: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct FeedSpecView {
	name: Vec<u8>,
	schema: u32,
	interval: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct FeedView {
	operator: AccountId32,
	spec: FeedSpecView,
	status: Value,
	deposit: u128,
	last_batch: u32,
	deadline: Option<u32>,
	batches: u32,
	covered_until: Option<u64>,
}

pub async fn feed(
	client: &Client,
	signer: &Keypair,
	command: FeedCommand,
	json_out: bool,
) -> crate::Result<()> {
	match command {
		FeedCommand::Schema { name, columns: header } => {
			let tx = dynamic::transaction(
				"Feeds",
				"register_schema",
				vec![
					Value::from_bytes(name.as_bytes()),
					Value::unnamed_composite(columns(&header)?),
				],
			);
			let (registered, block): (SchemaRegistered, _) =
				chain::call(client, signer, &tx, "Feeds", "SchemaRegistered").await?;
			let hash = format!("0x{}", hex::encode(registered.hash));
			print(
				json_out,
				json!({ "schema": registered.schema, "hash": hash, "block": block }),
				format!(
					"schema {} ({name}: {header}) registered in block #{block}; hash {hash}",
					registered.schema
				),
			);
		},
		FeedCommand::Propose {
			name,
			schema,
			interval,
			offer_price,
			offer_blocks,
			offer_calls,
			offer_share,
			price,
			auction_start,
			auction_increment,
			auction_blocks,
			collectors,
		} => {
			let u = Value::u128;
			if offer_share > 100 {
				return Err(CliError::Usage("--offer-share: a percentage, 0 to 100".into()));
			}
			let sale = match (offer_price, price, auction_start) {
				(Some(p), None, None) => Value::unnamed_variant(
					"Offers",
					[Value::named_composite([
						("price", u(p)),
						("duration", u(offer_blocks.into())),
						("calls", u(offer_calls.into())),
						("max_sales", Value::unnamed_variant("None", [])),
						("transferable", Value::bool(true)),
						("revenue_share", u((offer_share * 10_000).into())),
					])],
				),
				(None, Some(p), None) => Value::unnamed_variant("FixedPrice", [u(p)]),
				(None, None, Some(start)) => Value::unnamed_variant(
					"Auction",
					[Value::named_composite([
						("start_price", u(start)),
						("min_increment", u(auction_increment)),
						("duration", u(auction_blocks.into())),
						("reserve", Value::unnamed_variant("None", [])),
					])],
				),
				_ => {
					return Err(CliError::Usage(
						"one of --offer-price, --price or --auction-start".into(),
					))
				},
			};
			let collectors: Vec<Value> = collectors
				.iter()
				.map(|(account, percent)| {
					Value::named_composite([
						("account", Value::from_bytes(account.0)),
						("part", u((*percent * 10_000).into())),
					])
				})
				.collect();
			let spec = Value::named_composite([
				("name", Value::from_bytes(name.as_bytes())),
				("schema", u(schema.into())),
				("interval", u(interval.into())),
				("sale", sale),
				("collectors", Value::unnamed_composite(collectors)),
			]);
			let tx = dynamic::transaction("Feeds", "propose_feed", vec![spec]);
			let (proposed, block): (FeedProposed, _) =
				chain::call(client, signer, &tx, "Feeds", "FeedProposed").await?;
			print(
				json_out,
				json!({ "feed": proposed.feed, "block": block }),
				format!(
					"feed {} ({name}) proposed in block #{block}; the Council approves it",
					proposed.feed
				),
			);
		},
		FeedCommand::Approve { feed, threshold } => {
			let call = Value::unnamed_variant(
				"Feeds",
				[Value::named_variant("approve_feed", [("feed", Value::u128(feed.into()))])],
			);
			let (proposed, block) = council::propose(client, signer, threshold, call).await?;
			print(
				json_out,
				json!({ "index": proposed.proposal_index, "hash": format!("{:?}", proposed.proposal_hash), "block": block, "feed": feed }),
				format!(
					"motion #{} (Feeds.approve_feed of feed {feed}, {threshold} votes needed) \
					 proposed in block #{block}",
					proposed.proposal_index
				),
			);
		},
		FeedCommand::Show { feed } => {
			let at = client.at_current_block().await.map_err(chain::node_error)?;
			let query = dynamic::storage::<(u32,), FeedView>("Feeds", "Feeds");
			let found = at.storage().try_fetch(query, (feed,)).await.map_err(chain::node_error)?;
			let view = match found {
				Some(value) => value.decode_as::<FeedView>().map_err(chain::node_error)?,
				None => return Err(CliError::NotFound(format!("no feed {feed}"))),
			};
			let status = match &view.status.value {
				subxt::ext::scale_value::ValueDef::Variant(v) => v.name.clone(),
				_ => "?".into(),
			};
			let name = String::from_utf8_lossy(&view.spec.name).into_owned();
			print(
				json_out,
				json!({
					"feed": feed, "name": name, "operator": view.operator.to_string(),
					"status": status, "schema": view.spec.schema, "interval": view.spec.interval,
					"batches": view.batches, "lastBatch": view.last_batch, "deadline": view.deadline,
					"coveredUntil": view.covered_until, "deposit": view.deposit.to_string(),
				}),
				format!(
					"feed {feed} ({name}) of {}: {status}, schema {}, a batch every {} blocks; {} \
					 batches, the last in block #{}, next due by #{}; covers to {} (Unix s); \
					 deposit {}",
					view.operator,
					view.spec.schema,
					view.spec.interval,
					view.batches,
					view.last_batch,
					view.deadline.map_or("-".into(), |d| d.to_string()),
					view.covered_until.map_or("-".into(), |c| c.to_string()),
					format_bdes(view.deposit)
				),
			);
		},
	}
	Ok(())
}
