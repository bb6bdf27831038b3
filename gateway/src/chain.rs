//! The node side: asset content and licence checks through the runtime APIs, usage batches as
//! signed transactions. Dynamic payloads, decoded into this crate's own types.

use crate::meter::ChainCheck;
use subxt::{
	dynamic::{self, Value},
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

/// The fields of `DataAssetsApi::asset` the gateway needs (the others are skipped).
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct AssetContent {
	pub status: Status,
	pub format: Vec<u8>,
	pub cid: Vec<u8>,
	pub digest: [u8; 32],
	pub size: u64,
}

/// The node, and the operator key that signs usage batches.
pub struct Chain {
	client: Client,
	operator: Keypair,
}

impl Chain {
	pub async fn connect(url: &str, operator_suri: &str) -> anyhow::Result<Self> {
		let uri: SecretUri =
			operator_suri.parse().map_err(|e| anyhow::anyhow!("operator key: {e}"))?;
		let operator = Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("operator key: {e}"))?;
		let client = Client::from_insecure_url(url)
			.await
			.map_err(|e| anyhow::anyhow!("cannot reach the node at {url}: {e}"))?;
		Ok(Self { client, operator })
	}

	/// The operator's account.
	pub fn operator(&self) -> AccountId32 {
		AccountId32(self.operator.public_key().0)
	}

	/// An asset's content and status, `None` if there is no such asset.
	pub async fn asset(&self, id: u32) -> anyhow::Result<Option<AssetContent>> {
		let at = self.client.at_current_block().await?;
		let call =
			dynamic::runtime_api_call::<_, Option<AssetContent>>("DataAssetsApi", "asset", (id,));
		Ok(at.runtime_apis().call(call).await?)
	}

	/// Whether `licence` lets `who` use `asset` now.
	pub async fn check(
		&self,
		licence: u32,
		asset: u32,
		who: &AccountId32,
	) -> anyhow::Result<ChainCheck> {
		let at = self.client.at_current_block().await?;
		let call = dynamic::runtime_api_call::<_, ChainCheck>(
			"DataLicencesApi",
			"check",
			(licence, asset, *who),
		);
		Ok(at.runtime_apis().call(call).await?)
	}

	/// Submits a usage batch and waits until it is in a block and succeeded.
	pub async fn report_usage(&self, batch: &[(u32, u32)]) -> anyhow::Result<()> {
		let usage = Value::unnamed_composite(batch.iter().map(|(licence, calls)| {
			Value::unnamed_composite([Value::u128((*licence).into()), Value::u128((*calls).into())])
		}));
		let tx = dynamic::transaction("DataLicences", "report_usage", (usage,));
		let at = self.client.at_current_block().await?;
		let mut progress = at
			.transactions()
			.sign_and_submit_then_watch_default(&tx, &self.operator)
			.await?;
		while let Some(status) = progress.next().await {
			match status? {
				// A dev node finalizes at once and may never report "in best block".
				TransactionStatus::InBestBlock(block)
				| TransactionStatus::InFinalizedBlock(block) => {
					block.wait_for_success().await?;
					return Ok(());
				},
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => anyhow::bail!("usage batch refused: {message}"),
				_ => continue,
			}
		}
		anyhow::bail!("the node dropped the usage batch")
	}
}
