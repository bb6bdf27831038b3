//! The node side, behind [`ChainApi`]: asset content and licence checks through the runtime
//! APIs, usage vouchers as signed `report_usage` transactions, and the best block number from a
//! block subscription. [`Chain`] talks to a node with subxt (dynamic payloads, decoded into this
//! crate's own types); the tests put a deterministic in-memory chain behind the same trait.

use crate::{
	auth::{GatewayId, Voucher},
	meter::GatewayCheck,
};
use std::{
	future::Future,
	sync::{
		atomic::{AtomicU32, Ordering},
		Arc,
	},
	time::Duration,
};
use subxt::{
	dynamic::{self, Value},
	error::{DispatchError, TransactionEventsError},
	ext::scale_decode::DecodeAsType,
	tx::TransactionStatus,
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

pub type Client = OnlineClient<PolkadotConfig>;

/// A data asset's status, as the runtime names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Status {
	Pending,
	Listed,
	Rejected,
	Delisted,
	Suspended,
}

/// What an encrypted asset's ciphertext decrypts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Encryption {
	pub plain_digest: [u8; 32],
	pub plain_size: u64,
}

/// The fields of `DataAssetsApi::asset` the gateway needs (the others are skipped). For an
/// encrypted asset `cid`, `digest` and `size` are the ciphertext's.
#[derive(Clone, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct AssetContent {
	pub status: Status,
	pub format: Vec<u8>,
	pub cid: Vec<u8>,
	pub digest: [u8; 32],
	pub size: u64,
	pub encryption: Option<Encryption>,
	pub revision: u32,
}

/// Why a transaction did not do what it was sent for.
#[derive(Debug, thiserror::Error)]
pub enum TxError {
	/// The chain ran the call and refused it with this module error (e.g. `StaleVoucher`);
	/// nothing of it was recorded.
	#[error("refused by the chain: {0}")]
	Refused(String),
	/// It never ran, or we cannot tell (node unreachable, transaction pool refusal, dropped).
	#[error("{0}")]
	Failed(String),
}

/// Why `report_usage` did not record a batch (a batch is all or nothing).
pub type UsageError = TxError;

/// Signs and submits `tx`; the returned future resolves once it is in a finalized block (or
/// refused). Only a final block counts: a best block may be retracted.
pub async fn submit_until_final(
	client: &Client,
	signer: &Keypair,
	tx: &impl subxt::tx::Payload,
) -> Result<impl Future<Output = Result<(), TxError>> + Send + 'static, TxError> {
	submit_with_nonce_until_final(client, signer, tx, None).await
}

/// [`submit_until_final`] with the given nonce (`None`: the account's nonce at the current
/// block). A sender with several transactions in the pool at once counts its nonces itself:
/// the state's nonce does not see the pool.
pub async fn submit_with_nonce_until_final(
	client: &Client,
	signer: &Keypair,
	tx: &impl subxt::tx::Payload,
	nonce: Option<u64>,
) -> Result<impl Future<Output = Result<(), TxError>> + Send + 'static, TxError> {
	let failed = |e: &dyn std::fmt::Display| TxError::Failed(e.to_string());
	let at = client.at_current_block().await.map_err(|e| failed(&e))?;
	let mut params = subxt::config::DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new();
	if let Some(nonce) = nonce {
		params = params.nonce(nonce);
	}
	let mut progress = at
		.transactions()
		.sign_and_submit_then_watch(tx, signer, params.build())
		.await
		.map_err(|e| failed(&e))?;
	Ok(async move {
		while let Some(status) = progress.next().await {
			match status.map_err(|e| failed(&e))? {
				TransactionStatus::InFinalizedBlock(block) => {
					return match block.wait_for_success().await {
						Ok(_) => Ok(()),
						Err(TransactionEventsError::ExtrinsicFailed(error)) => Err(refused(error)),
						Err(e) => Err(failed(&e)),
					};
				},
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => return Err(TxError::Failed(message)),
				_ => continue,
			}
		}
		Err(TxError::Failed("the node stopped reporting the transaction's status".into()))
	})
}

/// What the gateway needs of the chain.
pub trait ChainApi: Send + Sync + 'static {
	/// The gateway's identity (its operator account, the chain's genesis hash).
	fn gateway(&self) -> GatewayId;
	/// The best block number, as of the latest block the subscription saw.
	fn best_block(&self) -> u32;
	/// An asset's content and status, `None` if there is no such asset.
	fn asset(&self, id: u32) -> impl Future<Output = anyhow::Result<Option<AssetContent>>> + Send;
	/// `DataLicencesApi::gateway_check` for this gateway.
	fn gateway_check(
		&self,
		licence: u32,
		asset: u32,
		who: AccountId32,
	) -> impl Future<Output = anyhow::Result<GatewayCheck>> + Send;
	/// Submits one `report_usage` batch and waits until it is final (or refused).
	fn report_usage(
		&self,
		vouchers: Vec<Voucher>,
	) -> impl Future<Output = Result<(), UsageError>> + Send;
	/// Whether the node answers.
	fn healthy(&self) -> impl Future<Output = bool> + Send;
	/// `DataAssetsApi::content_key` for this gateway: the revision and the content key sealed
	/// to its sealing key, if the owner authorised it.
	fn content_key(
		&self,
		asset: u32,
	) -> impl Future<Output = anyhow::Result<Option<(u32, Vec<u8>)>>> + Send;
	/// `ComputeApi::may_read`: whether `who` is assigned to the open `task`, one of whose
	/// inputs is `asset`.
	fn may_read(
		&self,
		who: AccountId32,
		asset: u32,
		task: u64,
	) -> impl Future<Output = anyhow::Result<bool>> + Send;
}

/// A node reached with subxt, and the operator key that signs usage batches.
pub struct Chain {
	client: Client,
	operator: Keypair,
	best: Arc<AtomicU32>,
	watcher: tokio::task::JoinHandle<()>,
}

impl Drop for Chain {
	fn drop(&mut self) {
		self.watcher.abort();
	}
}

impl Chain {
	pub async fn connect(url: &str, operator_suri: &str) -> anyhow::Result<Self> {
		let uri: SecretUri =
			operator_suri.parse().map_err(|e| anyhow::anyhow!("operator key: {e}"))?;
		let operator = Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("operator key: {e}"))?;
		let client = Client::from_insecure_url(url)
			.await
			.map_err(|e| anyhow::anyhow!("cannot reach the node at {url}: {e}"))?;
		let finalized = client.at_current_block().await?.block_number();
		let best = Arc::new(AtomicU32::new(finalized as u32));
		let watcher = tokio::spawn(watch_best_blocks(client.clone(), best.clone()));
		Ok(Self { client, operator, best, watcher })
	}

	/// Registers `key` as this gateway's sealing key on chain (`DataLicences::set_sealing_key`)
	/// unless it is already. Returns whether it had to.
	pub async fn ensure_sealing_key(&self, key: [u8; 32]) -> anyhow::Result<bool> {
		let at = self.client.at_current_block().await?;
		let query = dynamic::storage::<(AccountId32,), [u8; 32]>("DataLicences", "SealingKeys");
		let account = AccountId32(self.operator.public_key().0);
		let current = match at.storage().try_fetch(query, (account,)).await? {
			Some(value) => Some(value.decode_as::<[u8; 32]>()?),
			None => None,
		};
		if current == Some(key) {
			return Ok(false);
		}
		let tx = dynamic::transaction("DataLicences", "set_sealing_key", (Value::from_bytes(key),));
		let mut progress = at
			.transactions()
			.sign_and_submit_then_watch_default(&tx, &self.operator)
			.await?;
		while let Some(status) = progress.next().await {
			match status? {
				TransactionStatus::InBestBlock(block)
				| TransactionStatus::InFinalizedBlock(block) => {
					block.wait_for_success().await?;
					return Ok(true);
				},
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => anyhow::bail!("{message}"),
				_ => continue,
			}
		}
		anyhow::bail!("the node stopped reporting the transaction's status")
	}
}

/// Keeps `best` at the best block's number, resubscribing if the subscription ends.
async fn watch_best_blocks(client: Client, best: Arc<AtomicU32>) {
	loop {
		match client.stream_best_blocks().await {
			Ok(mut blocks) => {
				while let Some(block) = blocks.next().await {
					match block {
						Ok(block) => best.store(block.number() as u32, Ordering::Relaxed),
						Err(e) => {
							eprintln!("best block subscription: {e}");
							break;
						},
					}
				}
			},
			Err(e) => eprintln!("cannot subscribe to best blocks: {e}"),
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

/// A voucher as the runtime's `Voucher<MultiSignature>`, for a dynamic call.
fn voucher_value(voucher: &Voucher) -> Value {
	Value::named_composite([
		("licence", Value::u128(voucher.licence.into())),
		("calls", Value::u128(voucher.calls.into())),
		("until_ms", Value::u128(voucher.until_ms.into())),
		("request", Value::from_bytes(voucher.request)),
		("signature", Value::unnamed_variant("Sr25519", [Value::from_bytes(voucher.signature)])),
	])
}

fn refused(error: DispatchError) -> UsageError {
	match &error {
		DispatchError::Module(module) => match module.details() {
			Ok(details) => UsageError::Refused(details.variant.name.clone()),
			Err(_) => UsageError::Refused(module.to_string()),
		},
		other => UsageError::Refused(other.to_string()),
	}
}

impl ChainApi for Chain {
	fn gateway(&self) -> GatewayId {
		GatewayId {
			account: AccountId32(self.operator.public_key().0),
			genesis: self.client.genesis_hash().0,
		}
	}

	fn best_block(&self) -> u32 {
		self.best.load(Ordering::Relaxed)
	}

	async fn asset(&self, id: u32) -> anyhow::Result<Option<AssetContent>> {
		let at = self.client.at_current_block().await?;
		let call =
			dynamic::runtime_api_call::<_, Option<AssetContent>>("DataAssetsApi", "asset", (id,));
		Ok(at.runtime_apis().call(call).await?)
	}

	async fn gateway_check(
		&self,
		licence: u32,
		asset: u32,
		who: AccountId32,
	) -> anyhow::Result<GatewayCheck> {
		let at = self.client.at_current_block().await?;
		let gateway = AccountId32(self.operator.public_key().0);
		let call = dynamic::runtime_api_call::<_, GatewayCheck>(
			"DataLicencesApi",
			"gateway_check",
			(licence, asset, who, gateway),
		);
		Ok(at.runtime_apis().call(call).await?)
	}

	async fn report_usage(&self, vouchers: Vec<Voucher>) -> Result<(), UsageError> {
		let batch = Value::unnamed_composite(vouchers.iter().map(voucher_value));
		let tx = dynamic::transaction("DataLicences", "report_usage", (batch,));
		// Final only: a batch in a retracted block is resubmitted (a copy that did land is
		// refused as stale, not charged twice).
		submit_until_final(&self.client, &self.operator, &tx).await?.await
	}

	async fn healthy(&self) -> bool {
		self.client.at_current_block().await.is_ok()
	}

	async fn content_key(&self, asset: u32) -> anyhow::Result<Option<(u32, Vec<u8>)>> {
		let at = self.client.at_current_block().await?;
		let gateway = AccountId32(self.operator.public_key().0);
		let call = dynamic::runtime_api_call::<_, Option<(u32, Vec<u8>)>>(
			"DataAssetsApi",
			"content_key",
			(asset, gateway),
		);
		Ok(at.runtime_apis().call(call).await?)
	}

	async fn may_read(&self, who: AccountId32, asset: u32, task: u64) -> anyhow::Result<bool> {
		let at = self.client.at_current_block().await?;
		let call =
			dynamic::runtime_api_call::<_, bool>("ComputeApi", "may_read", (who, asset, task));
		Ok(at.runtime_apis().call(call).await?)
	}
}
