//! The chain side of the connector, over subxt with dynamic payloads decoded into this crate's
//! own views of `pallet-feeds` storage (the fields it needs; the others are skipped).

use crate::standard::{Kind, Schema};
pub use bdes_gateway::chain::TxError;
use std::future::Future;
use subxt::{
	config::RpcConfigFor,
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	rpcs::{LegacyRpcMethods, RpcClient},
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};
use tokio::sync::Mutex;

pub type Client = OnlineClient<PolkadotConfig>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType, serde::Serialize)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum FeedStatus {
	Proposed,
	Active,
	Stale,
	Suspended,
	Closed,
}

#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct SpecView {
	pub name: Vec<u8>,
	pub schema: u32,
	pub interval: u32,
}

/// A feed as `Feeds::Feeds` holds it.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct FeedView {
	pub operator: AccountId32,
	pub spec: SpecView,
	pub status: FeedStatus,
	pub batches: u32,
	pub covered_until: Option<u64>,
}

#[derive(Clone, Copy, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
enum ColumnType {
	Bool,
	Int64,
	Float64,
	Utf8,
	TimestampMillis,
}

#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ColumnView {
	name: Vec<u8>,
	kind: ColumnType,
}

#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct SchemaView {
	columns: Vec<ColumnView>,
	hash: [u8; 32],
}

/// What a submitted batch says about itself (`pallet_feeds::BatchInput`).
#[derive(Clone, Debug)]
pub struct BatchCall {
	pub feed: u32,
	pub cid: String,
	pub digest: [u8; 32],
	pub size: u64,
	pub schema: u32,
	pub header: [u8; 32],
	pub rows: u64,
	pub window: (u64, u64),
	pub source: String,
	/// An encrypted batch's Parquet file: its sha2-256 and size (`cid`, `digest` and `size`
	/// are then the age file's).
	pub encryption: Option<([u8; 32], u64)>,
	/// Its content key sealed to each recipient.
	pub keys: Vec<(AccountId32, Vec<u8>)>,
}

/// A node, and the operator key that signs batches. Batches go out with nonces counted here,
/// so several can wait in the pool at once (the state's nonce does not see the pool).
pub struct Chain {
	client: Client,
	rpc: LegacyRpcMethods<RpcConfigFor<PolkadotConfig>>,
	operator: Keypair,
	nonce: Mutex<Option<u64>>,
}

impl Chain {
	pub async fn connect(url: &str, suri: &str) -> anyhow::Result<Self> {
		let rpc_client = RpcClient::from_url(url)
			.await
			.map_err(|e| anyhow::anyhow!("cannot reach the node at {url}: {e}"))?;
		let client = Client::from_rpc_client(rpc_client.clone()).await?;
		let uri: SecretUri = suri.parse().map_err(|e| anyhow::anyhow!("operator key: {e}"))?;
		let operator = Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("operator key: {e}"))?;
		Ok(Self {
			client,
			rpc: LegacyRpcMethods::new(rpc_client),
			operator,
			nonce: Mutex::new(None),
		})
	}

	pub fn operator(&self) -> AccountId32 {
		AccountId32(self.operator.public_key().0)
	}

	pub async fn feed(&self, id: u32) -> anyhow::Result<Option<FeedView>> {
		let at = self.client.at_current_block().await?;
		let query = dynamic::storage::<(u32,), FeedView>("Feeds", "Feeds");
		match at.storage().try_fetch(query, (id,)).await? {
			Some(value) => Ok(Some(value.decode_as::<FeedView>()?)),
			None => Ok(None),
		}
	}

	/// A registered schema, checked: the hash of its header text is the one on chain.
	pub async fn schema(&self, id: u32) -> anyhow::Result<Schema> {
		let at = self.client.at_current_block().await?;
		let query = dynamic::storage::<(u32,), SchemaView>("Feeds", "Schemas");
		let view = at
			.storage()
			.try_fetch(query, (id,))
			.await?
			.ok_or_else(|| anyhow::anyhow!("schema {id} is not registered"))?
			.decode_as::<SchemaView>()?;
		let columns = view
			.columns
			.into_iter()
			.map(|c| {
				let kind = match c.kind {
					ColumnType::Bool => Kind::Bool,
					ColumnType::Int64 => Kind::Int64,
					ColumnType::Float64 => Kind::Float64,
					ColumnType::Utf8 => Kind::Utf8,
					ColumnType::TimestampMillis => Kind::TimestampMillis,
				};
				Ok((String::from_utf8(c.name)?, kind))
			})
			.collect::<anyhow::Result<Vec<_>>>()?;
		let schema = Schema::new(columns)?;
		anyhow::ensure!(
			schema.hash() == view.hash,
			"schema {id}: its header {:?} does not hash to the chain's hash",
			schema.header()
		);
		Ok(schema)
	}

	/// How many content keys a batch may carry (`Feeds::MaxBatchKeys`).
	pub async fn max_batch_keys(&self) -> anyhow::Result<u32> {
		let at = self.client.at_current_block().await?;
		Ok(at.constants().entry(dynamic::constant::<u32>("Feeds", "MaxBatchKeys"))?)
	}

	/// A gateway's sealing key as registered (`DataLicences::SealingKeys`), if it has one.
	pub async fn sealing_key(&self, gateway: &AccountId32) -> anyhow::Result<Option<[u8; 32]>> {
		let at = self.client.at_current_block().await?;
		let query = dynamic::storage::<(AccountId32,), [u8; 32]>("DataLicences", "SealingKeys");
		match at.storage().try_fetch(query, (*gateway,)).await? {
			Some(value) => Ok(Some(value.decode_as::<[u8; 32]>()?)),
			None => Ok(None),
		}
	}

	/// Submits `submit_batch`; the future resolves once it is final (or refused). Resolves an
	/// error of its own if the pool would not take it; the next submission then asks the node
	/// for the account's next nonce again.
	pub async fn submit_batch(
		&self,
		batch: &BatchCall,
	) -> Result<impl Future<Output = Result<(), TxError>> + Send + 'static, TxError> {
		let u = |v: u64| Value::u128(v.into());
		let input = Value::named_composite([
			("cid", Value::from_bytes(batch.cid.as_bytes())),
			("digest", Value::from_bytes(batch.digest)),
			("size", u(batch.size)),
			("schema", u(batch.schema.into())),
			("header", Value::from_bytes(batch.header)),
			("rows", u(batch.rows)),
			("window", Value::unnamed_composite([u(batch.window.0), u(batch.window.1)])),
			("source", Value::from_bytes(batch.source.as_bytes())),
			(
				"encryption",
				match batch.encryption {
					Some((digest, size)) => Value::unnamed_variant(
						"Some",
						[Value::named_composite([
							("plain_digest", Value::from_bytes(digest)),
							("plain_size", u(size)),
						])],
					),
					None => Value::unnamed_variant("None", []),
				},
			),
			(
				"keys",
				Value::unnamed_composite(batch.keys.iter().map(|(to, sealed)| {
					Value::named_composite([
						("recipient", Value::from_bytes(to.0)),
						("sealed", Value::from_bytes(sealed)),
					])
				})),
			),
		]);
		let tx = dynamic::transaction("Feeds", "submit_batch", vec![u(batch.feed.into()), input]);
		let mut nonce = self.nonce.lock().await;
		let next = match *nonce {
			Some(n) => n,
			None => self
				.rpc
				.system_account_next_index(&self.operator())
				.await
				.map_err(|e| TxError::Failed(format!("account nonce: {e}")))?,
		};
		match bdes_gateway::chain::submit_with_nonce_until_final(
			&self.client,
			&self.operator,
			&tx,
			Some(next),
		)
		.await
		{
			Ok(done) => {
				*nonce = Some(next.saturating_add(1));
				Ok(done)
			},
			Err(e) => {
				*nonce = None;
				Err(e)
			},
		}
	}

	/// Forgets the counted nonce (after a transaction was dropped: the ones after it wait for a
	/// nonce that never comes).
	pub async fn recount_nonce(&self) {
		*self.nonce.lock().await = None;
	}
}
