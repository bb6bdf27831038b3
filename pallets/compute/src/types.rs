//! Types of the compute pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::fungible::Inspect, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Permill;

pub use bdes_primitives::DataAssetId;

/// Identifier of a model.
pub type ModelId = u32;
/// Identifier of a task.
pub type TaskId = u64;
/// A compute provider's compact index: the assignment queues hold these, not accounts, so
/// that a queue of 1,000 providers is 4 KB of proof.
pub type ProviderIndex = u32;
/// Fuel: wasmtime's unit of executed work.
pub type Fuel = u64;
/// Providers price fuel per this many units.
pub const FUEL_PER_PRICE_UNIT: u128 = 1_000_000;

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balance of BDES.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// A CID (of a model's code or of a result).
pub type CidOf<T> = BoundedVec<u8, <T as Config>::MaxCidLen>;
/// A model's parameter schema or output format: short text or a CID.
pub type SpecOf<T> = BoundedVec<u8, <T as Config>::MaxSpecLen>;
/// A task's parameters, as the model's schema describes them.
pub type ParamsOf<T> = BoundedVec<u8, <T as Config>::MaxParamsLen>;
/// A task's inputs with the buyer's licence for each.
pub type InputsOf<T> = BoundedVec<Input<LicenceIdOf<T>>, <T as Config>::MaxInputs>;
/// The licence ids of the licences pallet.
pub type LicenceIdOf<T> = <T as Config>::LicenceId;
/// A model as stored.
pub type ModelOf<T> = Model<AccountIdOf<T>, BalanceOf<T>, CidOf<T>, SpecOf<T>>;
/// A provider as stored.
pub type ProviderOf<T> = Provider<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// A task as stored.
pub type TaskOf<T> = Task<
	AccountIdOf<T>,
	BalanceOf<T>,
	BlockNumberFor<T>,
	InputsOf<T>,
	ParamsOf<T>,
	BoundedVec<SlotOf<T>, <T as Config>::MaxRedundancy>,
>;
/// One provider's place in a task.
pub type SlotOf<T> = Slot<BlockNumberFor<T>, BalanceOf<T>, CidOf<T>>;
/// What a provider reveals.
pub type RevealOf<T> = Reveal<CidOf<T>>;
/// A verified result as stored.
pub type ResultOf<T> = TaskResult<
	AccountIdOf<T>,
	BalanceOf<T>,
	InputsOf<T>,
	CidOf<T>,
	BoundedVec<AccountIdOf<T>, <T as Config>::MaxRedundancy>,
>;

/// What a model provider earns from each task that runs its model.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum ModelFee<Balance> {
	/// A fixed amount per task.
	Fixed(Balance),
	/// A share of what the providers are paid.
	Share(Permill),
}

/// Where a model stands.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum ModelStatus {
	/// Registered: tasks may run it; their results wait for the Council's listing.
	Registered,
	/// Approved by the Council into the template library: results are listed at once.
	Approved,
	/// Retired by its provider or the Council: no new task runs it.
	Retired,
}

/// A model: WASM code on IPFS that providers run for tasks.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Model<AccountId, Balance, Cid, Spec> {
	/// The model provider: registered it, earns its fee.
	pub owner: AccountId,
	/// The WASM module's CID.
	pub code: Cid,
	/// The module's sha2-256: what providers check the fetched code against.
	pub code_hash: H256,
	/// How many input data assets a task gives it.
	pub inputs: u8,
	/// The parameters' schema (text or a CID).
	pub params: Spec,
	/// The output's format (a media type, or a CID of a schema).
	pub output: Spec,
	/// What the model provider earns per task.
	pub fee: ModelFee<Balance>,
	/// Estimated fuel per byte of input, for quotes.
	pub fuel_per_byte: u64,
	/// Where it stands.
	pub status: ModelStatus,
	/// Held from the owner while the model is registered.
	pub deposit: Balance,
}

/// A compute provider.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Provider<AccountId, Balance, BlockNumber> {
	/// Its account.
	pub account: AccountId,
	/// Held while registered; slashed for missed deadlines and wrong results.
	pub bond: Balance,
	/// Most tasks it runs at once.
	pub capacity: u32,
	/// BDES base units per `FUEL_PER_PRICE_UNIT` fuel.
	pub price: Balance,
	/// Open tasks assigned to it.
	pub load: u32,
	/// Whether it is in the assignment queue of its load (registered, not leaving, below its
	/// capacity; a stale one is taken out when assignment meets it).
	pub queued: bool,
	/// The provider before it in its queue (none: it is the head, or not queued).
	pub prev: Option<ProviderIndex>,
	/// The provider after it in its queue (none: it is the tail, or not queued).
	pub next: Option<ProviderIndex>,
	/// Its last heartbeat: it is fresh until `HeartbeatInterval` blocks after it.
	pub last_heartbeat: BlockNumber,
	/// The first heartbeat of its current unbroken run of heartbeats.
	pub online_since: BlockNumber,
	/// The first epoch whose standby reward is not yet credited.
	pub next_epoch: u32,
	/// Standby rewards credited and not yet paid.
	pub earned: Balance,
	/// Deregistering: no new tasks; the bond is released when its last task closes.
	pub leaving: bool,
}

/// A task's input: a data asset and the buyer's licence to it.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Input<LicenceId> {
	/// The data asset.
	pub asset: DataAssetId,
	/// The buyer's licence of it; the task uses one call.
	pub licence: LicenceId,
}

/// What a provider reveals: the result and what running it took.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Reveal<Cid> {
	/// The output's CID.
	pub cid: Cid,
	/// The output's sha2-256.
	pub digest: H256,
	/// The output's size in bytes.
	pub size: u64,
	/// Fuel the run used.
	pub fuel: Fuel,
}

/// One provider's place in a task.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Slot<BlockNumber, Balance, Cid> {
	/// The provider.
	pub provider: ProviderIndex,
	/// Its price when assigned, what it is paid at (a later change of terms does not
	/// touch the escrow it was assigned against).
	pub price: Balance,
	/// When it was assigned: it accepts within `AcceptTimeout` blocks.
	pub assigned: BlockNumber,
	/// Whether it accepted.
	pub accepted: bool,
	/// Its commitment: `blake2_256` of the reveal, a salt and its account.
	pub commit: Option<H256>,
	/// Its reveal.
	pub reveal: Option<Reveal<Cid>>,
}

/// Where a task stands.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum TaskStatus {
	/// Assigned: providers accept, commit and reveal.
	Running,
	/// The reveals disagree with no quorum: the Council decides.
	Disputed,
}

/// A task in progress.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Task<AccountId, Balance, BlockNumber, Inputs, Params, Slots> {
	/// Who posted and pays for it; owns the result.
	pub buyer: AccountId,
	/// The model it runs.
	pub model: ModelId,
	/// Its input data assets, each with the buyer's licence.
	pub inputs: Inputs,
	/// The model's parameters.
	pub params: Params,
	/// Most fuel a run may use (and be paid for).
	pub max_fuel: Fuel,
	/// Most a provider's price may be.
	pub max_price: Balance,
	/// How many providers run it independently.
	pub redundancy: u8,
	/// Commitments are taken until this block; reveals for `RevealPeriod` blocks after it.
	pub deadline: BlockNumber,
	/// The providers.
	pub slots: Slots,
	/// The model fee, fixed when posted.
	pub model_fee: ModelFee<Balance>,
	/// The cost at its most, in the task's escrow (its existential deposit apart).
	pub escrowed: Balance,
	/// The escrow's existential deposit, the buyer's, back at the close.
	pub buffer: Balance,
	/// Held from the buyer while the task is open.
	pub deposit: Balance,
	/// Where it stands.
	pub status: TaskStatus,
}

/// A verified result: the data asset it became and its provenance.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct TaskResult<AccountId, Balance, Inputs, Cid, Providers> {
	/// Who paid for it and owns it.
	pub buyer: AccountId,
	/// The model that made it.
	pub model: ModelId,
	/// The inputs it was made from.
	pub inputs: Inputs,
	/// The providers whose runs agreed.
	pub providers: Providers,
	/// The output's CID.
	pub cid: Cid,
	/// The output's sha2-256.
	pub digest: H256,
	/// The output's size in bytes.
	pub size: u64,
	/// The data asset it became (none until it could be minted: `mint_result` retries).
	pub asset: Option<DataAssetId>,
	/// Held from the buyer for this record.
	pub deposit: Balance,
}

/// A task's price before it is posted.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct Quote<AccountId, Balance> {
	/// Fuel the model's estimate gives for the inputs' sizes.
	pub fuel: Fuel,
	/// The providers that would be assigned now.
	pub providers: alloc::vec::Vec<AccountId>,
	/// The highest of their prices: the `max_price` to post with.
	pub price: Balance,
	/// What the providers would be paid for the estimated fuel.
	pub compute: Balance,
	/// The model fee.
	pub model_fee: Balance,
	/// The protocol fee.
	pub protocol_fee: Balance,
	/// Their sum.
	pub total: Balance,
}
