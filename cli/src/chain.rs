//! The chain side, over subxt with dynamic payloads: decoded into this crate's own types, so the
//! CLI keeps working across runtime upgrades that leave these calls and the API unchanged.

use crate::{
	ipfs::Added,
	view::{AssetView, Status},
	CliError, PublishArgs,
};
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	tx::TransactionStatus,
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

pub type Client = OnlineClient<PolkadotConfig>;

/// Connects to the node; ws:// is allowed (dev chains and local nodes).
pub async fn connect(url: &str) -> crate::Result<Client> {
	Client::from_insecure_url(url)
		.await
		.map_err(|e| CliError::NodeUnreachable { url: url.to_string(), reason: e.to_string() })
}

/// The signer for a secret URI such as `//Alice` or a mnemonic.
pub fn signer(suri: &str) -> crate::Result<Keypair> {
	let uri: SecretUri = suri.parse().map_err(|e| CliError::Usage(format!("--suri: {e}")))?;
	Keypair::from_uri(&uri).map_err(|e| CliError::Usage(format!("--suri: {e}")))
}

pub(crate) fn node_error(e: impl std::fmt::Display) -> CliError {
	CliError::Other(anyhow::anyhow!("node: {e}"))
}

/// The `Submitted` event's fields.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Submitted {
	asset: u32,
	deposit: u128,
}

/// A listing included on chain.
pub struct Listed {
	pub asset: u32,
	pub deposit: u128,
	pub block_number: u64,
}

/// Submits the listing and waits until it is in a block (best or finalized, whichever the node
/// reports first: a dev node finalizes at once and never reports "in best block").
pub async fn submit(
	client: &Client,
	signer: &Keypair,
	args: &PublishArgs,
	cid: &str,
	added: &Added,
	encryption: Option<bdes_sealing::EncryptSummary>,
) -> crate::Result<Listed> {
	let metadata = Value::named_composite([
		("title", Value::from_bytes(args.title.as_bytes())),
		("description", Value::from_bytes(args.description.as_bytes())),
		("category", Value::unnamed_variant(args.category.variant(), [])),
		(
			"tags",
			Value::unnamed_composite(args.tags.iter().map(|t| Value::from_bytes(t.as_bytes()))),
		),
		("format", Value::from_bytes(args.format.as_bytes())),
		(
			"coverage",
			Value::named_composite([
				("start", Value::u128(args.coverage_start.into())),
				("end", Value::u128(args.coverage_end.into())),
			]),
		),
		("source", Value::from_bytes(args.source.as_bytes())),
	]);
	let content = Value::named_composite([
		("cid", Value::from_bytes(cid.as_bytes())),
		("digest", Value::from_bytes(added.digest)),
		("size", Value::u128(added.size.into())),
		(
			"encryption",
			match encryption {
				Some(summary) => Value::unnamed_variant(
					"Some",
					[Value::named_composite([
						("plain_digest", Value::from_bytes(summary.plaintext.sha256)),
						("plain_size", Value::u128(summary.plaintext.size.into())),
					])],
				),
				None => Value::unnamed_variant("None", []),
			},
		),
	]);
	let tx = dynamic::transaction("DataAssets", "submit", (metadata, content));
	let (submitted, block_number): (Submitted, _) =
		call(client, signer, &tx, "DataAssets", "Submitted").await?;
	Ok(Listed { asset: submitted.asset, deposit: submitted.deposit, block_number })
}

/// One asset, through `DataAssetsApi::asset`.
pub async fn asset(client: &Client, id: u32) -> crate::Result<Option<AssetView>> {
	let at = client.at_current_block().await.map_err(node_error)?;
	let call = dynamic::runtime_api_call::<_, Option<AssetView>>("DataAssetsApi", "asset", (id,));
	at.runtime_apis().call(call).await.map_err(node_error)
}

/// Ids of an owner's assets, through `DataAssetsApi::assets_of`.
pub async fn assets_of(client: &Client, owner: AccountId32) -> crate::Result<Vec<u32>> {
	let at = client.at_current_block().await.map_err(node_error)?;
	let call = dynamic::runtime_api_call::<_, Vec<u32>>("DataAssetsApi", "assets_of", (owner,));
	at.runtime_apis().call(call).await.map_err(node_error)
}

/// All asset ids (optionally in one status), paging through `DataAssetsApi::assets`.
pub async fn list(client: &Client, status: Option<Status>) -> crate::Result<Vec<u32>> {
	const PAGE: u32 = 100;
	let at = client.at_current_block().await.map_err(node_error)?;
	let status = match status {
		Some(s) => Value::unnamed_variant("Some", [Value::unnamed_variant(s.variant(), [])]),
		None => Value::unnamed_variant("None", []),
	};
	let mut ids = Vec::new();
	let mut start = 0u32;
	loop {
		let call = dynamic::runtime_api_call::<_, Vec<u32>>(
			"DataAssetsApi",
			"assets",
			(status.clone(), start, PAGE),
		);
		let page = at.runtime_apis().call(call).await.map_err(node_error)?;
		let Some(last) = page.last().copied() else { break };
		ids.extend(page);
		start = last.saturating_add(1);
		if ids.len() % PAGE as usize != 0 {
			break;
		}
	}
	Ok(ids)
}

/// Signs and submits `tx`, waits until it is in a block and succeeded, and returns the fields of
/// its first `pallet`.`event` event with the block number.
pub async fn call<E: subxt::ext::scale_decode::DecodeAsFields>(
	client: &Client,
	signer: &Keypair,
	tx: &impl subxt::tx::Payload,
	pallet: &str,
	event: &str,
) -> crate::Result<(E, u64)> {
	let at = client.at_current_block().await.map_err(node_error)?;
	let mut progress = at
		.transactions()
		.sign_and_submit_then_watch_default(tx, signer)
		.await
		.map_err(|e| CliError::Refused(e.to_string()))?;
	while let Some(status) = progress.next().await {
		let in_block = match status.map_err(node_error)? {
			// A dev node finalizes at once and may never report "in best block".
			TransactionStatus::InBestBlock(b) | TransactionStatus::InFinalizedBlock(b) => b,
			TransactionStatus::Invalid { message }
			| TransactionStatus::Dropped { message }
			| TransactionStatus::Error { message } => return Err(CliError::Refused(message)),
			_ => continue,
		};
		let events = in_block
			.wait_for_success()
			.await
			.map_err(|e| CliError::Refused(e.to_string()))?;
		let block = in_block.at().await.map_err(node_error)?.block_number();
		for found in events.iter() {
			let found = found.map_err(node_error)?;
			if found.pallet_name() == pallet && found.event_name() == event {
				let fields: E = found.decode_fields_unchecked_as().map_err(node_error)?;
				return Ok((fields, block));
			}
		}
		return Err(CliError::Other(anyhow::anyhow!("included, but no {pallet}.{event} event")));
	}
	Err(CliError::Refused("the node dropped the transaction".into()))
}

/// Calls a runtime API by name and decodes its answer.
pub async fn runtime_api<R: subxt::ext::scale_decode::DecodeAsType>(
	client: &Client,
	api: &str,
	method: &str,
	args: impl subxt::ext::frame_decode::runtime_apis::IntoEncodableValues,
) -> crate::Result<R> {
	let at = client.at_current_block().await.map_err(node_error)?;
	let call = dynamic::runtime_api_call::<_, R>(api, method, args);
	at.runtime_apis().call(call).await.map_err(node_error)
}
