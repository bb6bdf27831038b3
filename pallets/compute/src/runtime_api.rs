//! The compute pallet's runtime API: quotes, read rights, tasks and results.

use crate::{DataAssetId, ModelId, Quote, TaskId};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// What clients, compute providers and the data gateway ask about tasks.
	pub trait ComputeApi<AccountId, Balance, Task, TaskResult>
	where
		AccountId: Codec,
		Balance: Codec,
		Task: Codec,
		TaskResult: Codec,
	{
		/// The price of a task of `model` on `inputs` by `k` providers, before it is posted:
		/// none if the model is unknown or retired or fewer than `k` providers are fresh.
		fn quote(model: ModelId, inputs: Vec<DataAssetId>, k: u8) -> Option<Quote<AccountId, Balance>>;
		/// Whether `who` may read `asset` for `task` (assigned to the open task, an input).
		fn may_read(who: AccountId, asset: DataAssetId, task: TaskId) -> bool;
		/// An open task.
		fn task(task: TaskId) -> Option<Task>;
		/// A verified result and its provenance.
		fn result(task: TaskId) -> Option<TaskResult>;
	}
}
