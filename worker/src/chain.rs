//! The chain side of the worker, over subxt with dynamic payloads decoded into this crate's own
//! views (the fields the worker needs; the others are skipped), so it keeps working across
//! runtime upgrades that leave them alone.

use crate::report::Report;
pub use bdes_gateway::chain::TxError;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::{AccountId32, H256},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

pub type Client = OnlineClient<PolkadotConfig>;

/// A registered compute provider.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct ProviderView {
	pub bond: u128,
	pub capacity: u32,
	pub price: u128,
	pub load: u32,
	pub last_heartbeat: u32,
	pub leaving: bool,
}

/// A registered model.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct ModelView {
	pub code: Vec<u8>,
	pub code_hash: H256,
}

#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct InputView {
	pub asset: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct RevealView {
	pub digest: H256,
}

#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct SlotView {
	pub provider: u32,
	pub assigned: u32,
	pub accepted: bool,
	pub commit: Option<H256>,
	pub reveal: Option<RevealView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum TaskStatus {
	Running,
	Disputed,
}

/// An open task, through `ComputeApi::task`.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct TaskView {
	pub model: u32,
	pub inputs: Vec<InputView>,
	pub params: Vec<u8>,
	pub max_fuel: u64,
	pub deadline: u32,
	pub slots: Vec<SlotView>,
	pub status: TaskStatus,
}

#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct TaskPosted {
	task: u64,
	providers: Vec<u32>,
}

#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Replaced {
	task: u64,
	new: Option<u32>,
}

/// The pallet's timing constants.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
	pub heartbeat_interval: u32,
	pub accept_timeout: u32,
	pub reveal_period: u32,
	pub bond_per_capacity: u128,
}

/// A call the worker makes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Call {
	Register { capacity: u32, price: u128, bond: u128 },
	Update { capacity: u32, price: u128, add_bond: u128 },
	Heartbeat,
	Accept(u64),
	Replace(u64, u32),
	Commit(u64, [u8; 32]),
	Reveal(u64),
	Finalize(u64),
}

impl Call {
	pub fn name(&self) -> &'static str {
		match self {
			Call::Register { .. } => "register_provider",
			Call::Update { .. } => "update_provider",
			Call::Heartbeat => "heartbeat",
			Call::Accept(_) => "accept",
			Call::Replace(..) => "replace",
			Call::Commit(..) => "commit_result",
			Call::Reveal(_) => "reveal_result",
			Call::Finalize(_) => "finalize",
		}
	}
}

/// A finalized block's view of the chain.
pub struct At {
	pub number: u32,
	inner: subxt::OnlineClientAtBlock<PolkadotConfig>,
}

impl At {
	pub async fn current(client: &Client) -> anyhow::Result<Self> {
		let inner = client.at_current_block().await?;
		Ok(Self { number: inner.block_number() as u32, inner })
	}

	pub async fn of(block: &subxt::client::Block<PolkadotConfig>) -> anyhow::Result<Self> {
		let inner = block.at().await?;
		Ok(Self { number: inner.block_number() as u32, inner })
	}

	pub fn timing(&self) -> anyhow::Result<Timing> {
		let constant = |name: &str| -> anyhow::Result<u32> {
			Ok(self.inner.constants().entry(dynamic::constant::<u32>("Compute", name))?)
		};
		Ok(Timing {
			heartbeat_interval: constant("HeartbeatInterval")?,
			accept_timeout: constant("AcceptTimeout")?,
			reveal_period: constant("RevealPeriod")?,
			bond_per_capacity: self
				.inner
				.constants()
				.entry(dynamic::constant::<u128>("Compute", "BondPerCapacity"))?,
		})
	}

	/// `account`'s provider index and record, if it is registered.
	pub async fn provider(
		&self,
		account: &AccountId32,
	) -> anyhow::Result<Option<(u32, ProviderView)>> {
		let index = dynamic::storage::<(AccountId32,), u32>("Compute", "ProviderIndexOf");
		let Some(index) = self.inner.storage().try_fetch(index, (*account,)).await? else {
			return Ok(None);
		};
		let index = index.decode_as::<u32>()?;
		let record = dynamic::storage::<(u32,), ProviderView>("Compute", "Providers");
		match self.inner.storage().try_fetch(record, (index,)).await? {
			Some(value) => Ok(Some((index, value.decode_as::<ProviderView>()?))),
			None => Ok(None),
		}
	}

	pub async fn model(&self, id: u32) -> anyhow::Result<Option<ModelView>> {
		let query = dynamic::storage::<(u32,), ModelView>("Compute", "Models");
		match self.inner.storage().try_fetch(query, (id,)).await? {
			Some(value) => Ok(Some(value.decode_as::<ModelView>()?)),
			None => Ok(None),
		}
	}

	pub async fn task(&self, id: u64) -> anyhow::Result<Option<TaskView>> {
		let call = dynamic::runtime_api_call::<_, Option<TaskView>>("ComputeApi", "task", (id,));
		Ok(self.inner.runtime_apis().call(call).await?)
	}

	/// An input's content as the chain lists it (what the gateway's bytes must hash to).
	pub async fn asset(
		&self,
		id: u32,
	) -> anyhow::Result<Option<bdes_gateway::chain::AssetContent>> {
		let call = dynamic::runtime_api_call::<_, Option<bdes_gateway::chain::AssetContent>>(
			"DataAssetsApi",
			"asset",
			(id,),
		);
		Ok(self.inner.runtime_apis().call(call).await?)
	}

	/// Ids of the open tasks that have `provider` in a slot: a full scan of the task table,
	/// made at start and now and then; in between, [`At::assigned_in_block`] follows it.
	pub async fn tasks_of(&self, provider: u32) -> anyhow::Result<Vec<u64>> {
		let query = dynamic::storage::<(u64,), TaskView>("Compute", "Tasks");
		let mut entries = self.inner.storage().iter(query, ()).await?;
		let mut mine = Vec::new();
		while let Some(entry) = entries.next().await {
			let entry = entry?;
			// Twox64Concat: the id is the key's last 8 bytes.
			let key = entry.key_bytes();
			let Some(id) = key
				.len()
				.checked_sub(8)
				.and_then(|at| key.get(at..))
				.and_then(|b| <[u8; 8]>::try_from(b).ok())
				.map(u64::from_le_bytes)
			else {
				continue;
			};
			let task = entry.value().decode_as::<TaskView>()?;
			if task.slots.iter().any(|s| s.provider == provider) {
				mine.push(id);
			}
		}
		Ok(mine)
	}

	/// Tasks this block assigned to `provider` (posted with it, or it replaced a no-show).
	pub async fn assigned_in_block(&self, provider: u32) -> anyhow::Result<Vec<u64>> {
		let events = self.inner.events().fetch().await?;
		let mut found = Vec::new();
		for event in events.iter() {
			let event = event?;
			if event.pallet_name() != "Compute" {
				continue;
			}
			match event.event_name() {
				"TaskPosted" => {
					let posted: TaskPosted = event.decode_fields_unchecked_as()?;
					if posted.providers.contains(&provider) {
						found.push(posted.task);
					}
				},
				"Replaced" => {
					let replaced: Replaced = event.decode_fields_unchecked_as()?;
					if replaced.new == Some(provider) {
						found.push(replaced.task);
					}
				},
				_ => {},
			}
		}
		Ok(found)
	}
}

fn payload(
	call: &Call,
	report: Option<&Report>,
) -> Result<subxt::tx::DynamicPayload<Vec<Value>>, TxError> {
	let u = Value::u128;
	let args = match call {
		Call::Register { capacity, price, bond } => {
			vec![u((*capacity).into()), u(*price), u(*bond)]
		},
		Call::Update { capacity, price, add_bond } => {
			vec![u((*capacity).into()), u(*price), u(*add_bond)]
		},
		Call::Heartbeat => vec![],
		Call::Accept(task) | Call::Finalize(task) => vec![u((*task).into())],
		Call::Replace(task, slot) => vec![u((*task).into()), u((*slot).into())],
		Call::Commit(task, commitment) => vec![u((*task).into()), Value::from_bytes(commitment)],
		Call::Reveal(task) => {
			let report = report.ok_or_else(|| TxError::Failed("no report to reveal".into()))?;
			let reveal = Value::named_composite([
				("cid", Value::from_bytes(report.cid.as_bytes())),
				("digest", Value::from_bytes(report.digest)),
				("size", u(report.size.into())),
				("fuel", u(report.fuel.into())),
			]);
			vec![u((*task).into()), reveal, Value::from_bytes(report.salt)]
		},
	};
	// The call's name is its pallet name: one place says it.
	Ok(dynamic::transaction("Compute", call.name(), args))
}

/// Signs and submits `call`; the returned future resolves once it is in a finalized block
/// (or refused), so that the worker never sends it again while it may still land.
pub async fn submit(
	client: &Client,
	signer: &Keypair,
	call: &Call,
	report: Option<&Report>,
) -> Result<impl std::future::Future<Output = Result<(), TxError>> + Send + 'static, TxError> {
	let tx = payload(call, report)?;
	bdes_gateway::chain::submit_until_final(client, signer, &tx).await
}
