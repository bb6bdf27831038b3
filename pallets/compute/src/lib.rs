//! # Compute: models, compute providers, tasks and verified results
//!
//! Data engineering on chain (whitepaper §4.3.4, §3.3, §6.4):
//!
//! - **Models.** A model provider registers a model: WASM code on IPFS (CID and sha2-256), its
//!   interface (inputs, a parameter schema, an output format), a fee (fixed, or a share of what
//!   the compute providers are paid) and a fuel-per-input-byte estimate. The Council approves
//!   models into the template library; a new version is a new model.
//! - **Compute providers** register with a bond (held), a capacity and a price per million
//!   fuel, and stay fresh with a heartbeat (free when due). A stale provider is never assigned
//!   and earns no standby reward. Deregistering waits for its open tasks.
//! - **Standby rewards** each epoch, from the ecosystem pot, to every provider online for the
//!   whole epoch, pro rata to capacity (each epoch's reward divided by the capacity registered
//!   at its start; what stale providers would have earned stays in the pot). O(1) per epoch and
//!   per claim: a cumulative reward per unit of capacity, kept per epoch.
//! - **Tasks.** `post_task` checks the buyer's licence of every input (one call of each is
//!   used), assigns `k` distinct fresh providers least loaded first in the same call (load
//!   queues with a bitmap of non-empty loads: O(k) queue reads), and moves the cost at its most
//!   into the task's own escrow account. Assigned providers may read the inputs while the task
//!   is open (`may_read`). Each accepts within a timeout or is replaced and penalised; each
//!   commits `blake2_256(reveal, salt, account)` and then reveals it, so none copies another. A
//!   quorum of equal digests makes the task succeed; no quorum goes to the Council. The result
//!   becomes a data asset of the buyer's, with its provenance on chain, listed at once when the
//!   model is an approved template; the escrow splits exactly: providers by fuel, the model
//!   provider, the protocol fee, the rest back. Wrong results and missed deadlines are slashed
//!   to the buyer and the reserve pool. A task nobody completes refunds the buyer.
//!
//! Logic lives in [`functions`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

pub mod functions;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// Sets up what the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, LicenceId> {
	/// A listed data asset and a valid licence of `buyer`'s to it with calls left.
	fn licensed_input(buyer: &AccountId) -> (DataAssetId, LicenceId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use bdes_primitives::{DataAssetInspect, DataAssetMint, LicenceUse};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::Permill;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds BDES.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A compute provider's bond.
		#[codec(index = 0)]
		Bond,
		/// Storage deposit of a model, a task or a result.
		#[codec(index = 1)]
		Deposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// BDES: escrows, bonds, deposits, rewards.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Data assets: inputs' existence and sizes.
		type DataAssets: DataAssetInspect<Self::AccountId>;

		/// Makes verified results data assets.
		type Results: DataAssetMint<Self::AccountId>;

		/// Id of a licence.
		type LicenceId: Parameter + Member + MaxEncodedLen + Copy;

		/// The licences pallet: a task uses one call of each input's licence.
		type Licences: LicenceUse<Self::AccountId, Self::LicenceId>;

		/// Approves models, decides disputed tasks (the Council).
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Task escrows are sub-accounts of this, one per task.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Receives protocol fees and its part of slashes (the reserve pool).
		type ReservePool: Get<Self::AccountId>;

		/// Pays standby rewards (the ecosystem pot).
		type RewardPot: Get<Self::AccountId>;

		/// The protocol's part of what providers are paid.
		#[pallet::constant]
		type ProtocolFee: Get<Permill>;

		/// Held per model.
		#[pallet::constant]
		type ModelDeposit: Get<BalanceOf<Self>>;

		/// Held per open task, and per result record.
		#[pallet::constant]
		type TaskDeposit: Get<BalanceOf<Self>>;

		/// Least bond per unit of capacity.
		#[pallet::constant]
		type BondPerCapacity: Get<BalanceOf<Self>>;

		/// Largest capacity of one provider (at most 127: loads are bits of a `u128`).
		#[pallet::constant]
		type MaxCapacity: Get<u32>;

		/// Most providers registered at once.
		#[pallet::constant]
		type MaxProviders: Get<u32>;

		/// A provider is fresh for this many blocks after a heartbeat.
		#[pallet::constant]
		type HeartbeatInterval: Get<BlockNumberFor<Self>>;

		/// Blocks of a standby epoch.
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;

		/// Standby reward of one epoch, shared by the capacity registered at its start.
		#[pallet::constant]
		type StandbyReward: Get<BalanceOf<Self>>;

		/// Blocks an assigned provider has to accept.
		#[pallet::constant]
		type AcceptTimeout: Get<BlockNumberFor<Self>>;

		/// Blocks after the deadline for reveals.
		#[pallet::constant]
		type RevealPeriod: Get<BlockNumberFor<Self>>;

		/// Longest time from posting to the deadline.
		#[pallet::constant]
		type MaxTaskDuration: Get<BlockNumberFor<Self>>;

		/// Part of the bond slashed for not accepting in time.
		#[pallet::constant]
		type NoShowSlash: Get<Permill>;

		/// Part of the bond slashed for a missed deadline (accepted, no reveal).
		#[pallet::constant]
		type MissedSlash: Get<Permill>;

		/// Part of the bond slashed for a wrong result.
		#[pallet::constant]
		type WrongSlash: Get<Permill>;

		/// Most providers a task runs on (`k`, at most 5).
		#[pallet::constant]
		type MaxRedundancy: Get<u32>;

		/// Most inputs of a task.
		#[pallet::constant]
		type MaxInputs: Get<u32>;

		/// Most providers one assignment looks at (stale ones it removes, pricier ones it
		/// skips) before it gives up.
		#[pallet::constant]
		type MaxLooks: Get<u32>;

		/// Longest CID.
		#[pallet::constant]
		type MaxCidLen: Get<u32>;

		/// Longest parameter schema or output format.
		#[pallet::constant]
		type MaxSpecLen: Get<u32>;

		/// Longest task parameters.
		#[pallet::constant]
		type MaxParamsLen: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId, Self::LicenceId>;
	}

	/// The next model's id.
	#[pallet::storage]
	pub type NextModelId<T> = StorageValue<_, ModelId, ValueQuery>;

	/// Registered models.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Blake2_128Concat, ModelId, ModelOf<T>>;

	/// The next provider index.
	#[pallet::storage]
	pub type NextProviderIndex<T> = StorageValue<_, ProviderIndex, ValueQuery>;

	/// Registered providers by index.
	#[pallet::storage]
	pub type Providers<T: Config> = StorageMap<_, Twox64Concat, ProviderIndex, ProviderOf<T>>;

	/// A provider account's index.
	#[pallet::storage]
	pub type ProviderIndexOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ProviderIndex>;

	/// How many providers are registered.
	#[pallet::storage]
	pub type ProviderCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The assignment queue of each load, as the head and tail of a list linked through the
	/// providers' records: providers with that many open tasks, in the order they reached it
	/// (ties go to the earliest). A list, so that moving one provider touches a few small
	/// records instead of re-encoding a queue of up to `MaxProviders`.
	#[pallet::storage]
	pub type QueueEnds<T: Config> =
		StorageMap<_, Twox64Concat, u32, (ProviderIndex, ProviderIndex), OptionQuery>;

	/// Bit `l` is set while the queue of load `l` is not empty.
	#[pallet::storage]
	pub type Loads<T> = StorageValue<_, u128, ValueQuery>;

	/// Capacity registered now (it becomes the next epoch's share base).
	#[pallet::storage]
	pub type RegisteredCapacity<T> = StorageValue<_, u32, ValueQuery>;

	/// Capacity registered at the start of the current epoch.
	#[pallet::storage]
	pub type EpochCapacity<T> = StorageValue<_, u32, ValueQuery>;

	/// Cumulative standby reward per unit of capacity (scaled by `REWARD_SCALE`) at the start
	/// of each epoch: epoch `e`'s reward per unit is `at(e + 1) - at(e)`.
	#[pallet::storage]
	pub type RewardPerCapacity<T> = StorageMap<_, Twox64Concat, u32, u128, ValueQuery>;

	/// The next task's id.
	#[pallet::storage]
	pub type NextTaskId<T> = StorageValue<_, TaskId, ValueQuery>;

	/// Open tasks.
	#[pallet::storage]
	pub type Tasks<T: Config> = StorageMap<_, Twox64Concat, TaskId, TaskOf<T>>;

	/// Verified results, with their provenance.
	#[pallet::storage]
	pub type Results<T: Config> = StorageMap<_, Twox64Concat, TaskId, ResultOf<T>>;

	/// The task each result data asset came from.
	#[pallet::storage]
	pub type ResultOfAsset<T: Config> = StorageMap<_, Twox64Concat, DataAssetId, TaskId>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` registered model `model`.
		ModelRegistered { model: ModelId, owner: T::AccountId, code_hash: H256 },
		/// The Council approved `model` into the template library.
		ModelApproved { model: ModelId },
		/// `model` was retired: no new task runs it.
		ModelRetired { model: ModelId },
		/// `account` registered as provider `provider`.
		ProviderRegistered {
			provider: ProviderIndex,
			account: T::AccountId,
			capacity: u32,
			price: BalanceOf<T>,
			bond: BalanceOf<T>,
		},
		/// `provider` is online (a heartbeat).
		Heartbeat { provider: ProviderIndex },
		/// `provider` is leaving: its bond is released when its last task closes.
		ProviderLeaving { provider: ProviderIndex },
		/// `provider` left; its bond was released.
		ProviderLeft { provider: ProviderIndex, account: T::AccountId },
		/// `provider` was paid `amount` of standby rewards.
		StandbyPaid { provider: ProviderIndex, amount: BalanceOf<T> },
		/// `buyer` posted `task`, escrowing `escrowed`; `providers` were assigned.
		TaskPosted {
			task: TaskId,
			buyer: T::AccountId,
			model: ModelId,
			providers: Vec<ProviderIndex>,
			escrowed: BalanceOf<T>,
		},
		/// `provider` accepted `task`.
		Accepted { task: TaskId, provider: ProviderIndex },
		/// `old` did not accept `task` in time and was penalised `slashed`; `new` (if any)
		/// took its place.
		Replaced {
			task: TaskId,
			old: ProviderIndex,
			new: Option<ProviderIndex>,
			slashed: BalanceOf<T>,
		},
		/// `provider` committed to a result of `task`.
		Committed { task: TaskId, provider: ProviderIndex },
		/// `provider` revealed its result of `task`.
		Revealed { task: TaskId, provider: ProviderIndex, digest: H256, fuel: Fuel },
		/// `task` has no quorum: the Council decides.
		Disputed { task: TaskId },
		/// `task` succeeded with `digest`: providers were paid `compute`, the model provider
		/// `model_fee`, the reserve pool `protocol_fee`, the buyer got `refund` back.
		Succeeded {
			task: TaskId,
			digest: H256,
			compute: BalanceOf<T>,
			model_fee: BalanceOf<T>,
			protocol_fee: BalanceOf<T>,
			refund: BalanceOf<T>,
		},
		/// `task` failed: the buyer got `refund` back.
		Failed { task: TaskId, refund: BalanceOf<T> },
		/// `provider` was slashed `amount` over `task` (half to the buyer, half to the pool).
		Slashed { task: TaskId, provider: ProviderIndex, amount: BalanceOf<T> },
		/// `provider` changed its terms: it runs up to `capacity` tasks at once at `price`, with
		/// `bond` held.
		ProviderUpdated {
			provider: ProviderIndex,
			capacity: u32,
			price: BalanceOf<T>,
			bond: BalanceOf<T>,
		},
		/// A slash left `provider`'s bond short of its capacity's: it now runs at most
		/// `capacity` tasks at once (and earns standby rewards for that many).
		CapacityCut { provider: ProviderIndex, capacity: u32 },
		/// `task`'s result became data asset `asset` of the buyer's.
		ResultMinted { task: TaskId, asset: DataAssetId, listed: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such model.
		UnknownModel,
		/// Not the model's owner.
		NotModelOwner,
		/// The model is retired, or not in the state this needs.
		WrongModelStatus,
		/// A model takes 1 to `MaxInputs` inputs and its code a CID.
		BadModel,
		/// Already a provider.
		AlreadyProvider,
		/// Not a provider.
		NotProvider,
		/// `MaxProviders` are registered.
		TooManyProviders,
		/// Capacity from 1 to `MaxCapacity`, a price above zero.
		BadCapacity,
		/// The bond is below `BondPerCapacity` × capacity.
		BondTooLow,
		/// The provider is leaving.
		Leaving,
		/// No such task.
		UnknownTask,
		/// The inputs do not match the model's.
		WrongInputs,
		/// No such input data asset.
		UnknownInput,
		/// Redundancy from 1 to `MaxRedundancy`.
		BadRedundancy,
		/// The deadline is past, too close to fit the accept timeout, or too far.
		BadDeadline,
		/// Zero fuel or zero price.
		ZeroAmount,
		/// Fewer fresh providers within the price than the redundancy.
		NoProviders,
		/// Not a provider of this task.
		NotAssigned,
		/// Already done.
		AlreadyDone,
		/// Too late for this.
		TooLate,
		/// Too early for this.
		TooEarly,
		/// The reveal does not match the commitment.
		BadReveal,
		/// The task is not in the state this needs.
		WrongStatus,
		/// The digest is not one that was revealed.
		UnknownDigest,
		/// Nothing to pay.
		NothingToClaim,
		/// The result is minted already, or there is none.
		NoResultToMint,
		/// An amount does not fit the arithmetic.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::epoch_turn(n)
		}

		fn integrity_test() {
			assert!(
				T::MaxCapacity::get() > 0 && T::MaxCapacity::get() < 128,
				"loads are u128 bits"
			);
			assert!(T::MaxRedundancy::get() > 0 && T::MaxRedundancy::get() <= 5, "k is 1 to 5");
			assert!(!T::EpochLength::get().is_zero(), "EpochLength must be at least 1");
			assert!(T::MaxLooks::get() >= T::MaxRedundancy::get(), "MaxLooks below k");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a model: its WASM code's CID and sha2-256, how many inputs it takes, its
		/// parameter schema and output format, your fee per task and its fuel per input byte.
		/// Holds `ModelDeposit`. Tasks may run it at once; the Council may approve it into the
		/// template library, whose results are listed without a motion.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_model())]
		pub fn register_model(
			origin: OriginFor<T>,
			code: CidOf<T>,
			code_hash: H256,
			inputs: u8,
			params: SpecOf<T>,
			output: SpecOf<T>,
			fee: ModelFee<BalanceOf<T>>,
			fuel_per_byte: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let model = Model {
				owner: who,
				code,
				code_hash,
				inputs,
				params,
				output,
				fee,
				fuel_per_byte,
				status: ModelStatus::Registered,
				deposit: Zero::zero(),
			};
			Self::do_register_model(model)
		}

		/// As the Council, approve a registered model into the template library.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve_model())]
		pub fn approve_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_approve_model(model)
		}

		/// Retire a model (its owner, or the Council): no new task runs it, and its deposit
		/// is released. Tasks already posted finish.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::retire_model())]
		pub fn retire_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let by = match T::CouncilOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_retire_model(by, model)
		}

		/// Register as a compute provider: `capacity` tasks at once, at `price` per million
		/// fuel, holding `bond` (at least `BondPerCapacity` × capacity) from your spendable
		/// balance. You are fresh from now until `HeartbeatInterval` blocks after your last
		/// heartbeat.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_provider())]
		pub fn register_provider(
			origin: OriginFor<T>,
			capacity: u32,
			price: BalanceOf<T>,
			bond: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_provider(who, capacity, price, bond)
		}

		/// As a provider, show you are online. Free once per half `HeartbeatInterval` (and
		/// always when you were stale); credits the standby rewards of the epochs you were
		/// online for.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::heartbeat())]
		pub fn heartbeat(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let due = Self::do_heartbeat(who)?;
			Ok(if due { Pays::No } else { Pays::Yes }.into())
		}

		/// As a provider, leave: no new tasks; the bond is released once your open tasks close
		/// (at once if there are none). Unpaid standby rewards stay claimable until then.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::deregister_provider())]
		pub fn deregister_provider(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister(who)
		}

		/// As a provider, be paid your credited standby rewards from the ecosystem pot.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_standby())]
		pub fn claim_standby(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_standby(who)
		}

		/// Post a task: run `model` on `inputs` (each with your licence of it: one call of
		/// each is used) with `params`, by `redundancy` independent providers of price at most
		/// `max_price`, each run at most `max_fuel`, committed by `deadline`. The providers are
		/// assigned in this call (fresh ones, least loaded first) and the cost at its most
		/// moves into the task's escrow; a deposit is held. `quote` (runtime API) prices it.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::post_task(*redundancy as u32, T::MaxLooks::get()))]
		pub fn post_task(
			origin: OriginFor<T>,
			model: ModelId,
			inputs: InputsOf<T>,
			params: ParamsOf<T>,
			max_fuel: Fuel,
			max_price: BalanceOf<T>,
			redundancy: u8,
			deadline: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_post(who, model, inputs, params, max_fuel, max_price, redundancy, deadline)
		}

		/// As an assigned provider, accept a task within `AcceptTimeout` blocks.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::accept())]
		pub fn accept(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept(who, task)
		}

		/// Replace the provider in `slot` of a task, which did not accept in time: it is
		/// penalised (`NoShowSlash` of its bond, to the reserve pool) and the least loaded
		/// fresh provider not in the task takes its place, if there is one. Anyone may call it.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::replace(T::MaxLooks::get()))]
		pub fn replace(origin: OriginFor<T>, task: TaskId, slot: u32) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_replace(task, slot)
		}

		/// As an accepted provider, commit to your result before the deadline:
		/// `blake2_256(SCALE(reveal) ++ salt ++ your account)`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::commit_result())]
		pub fn commit_result(
			origin: OriginFor<T>,
			task: TaskId,
			commitment: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, task, commitment)
		}

		/// Reveal your committed result, once every provider of the task committed or the
		/// deadline passed, and until `RevealPeriod` blocks after the deadline.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::reveal_result())]
		pub fn reveal_result(
			origin: OriginFor<T>,
			task: TaskId,
			reveal: RevealOf<T>,
			salt: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, task, reveal, salt)
		}

		/// Close a task once every provider revealed, or the reveal period is over: a quorum
		/// of equal digests succeeds (result minted, escrow split, the wrong side slashed); no
		/// reveal fails it (refund); reveals without a quorum go to the Council. Anyone may.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::finalize())]
		pub fn finalize(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_finalize(task)
		}

		/// As the Council, decide a disputed task: `digest` is the right result (its
		/// providers are paid, the others slashed), or none is (the buyer is refunded and
		/// every revealer slashed).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::finalize())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			task: TaskId,
			digest: Option<H256>,
		) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_resolve(task, digest)
		}

		/// Mint a verified result that could not be minted when its task succeeded (the buyer
		/// could not pay the data asset's deposits then). Anyone may.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::mint_result())]
		pub fn mint_result(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_mint_result(task)
		}

		/// As a provider, change your terms: run up to `capacity` tasks at once, at `price` per
		/// million fuel, holding `add_bond` more from your spendable balance (the bond must
		/// cover `BondPerCapacity` × capacity). Open tasks keep the price they were posted at.
		/// Raising the capacity earns standby rewards from the next whole epoch.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::update_provider())]
		pub fn update_provider(
			origin: OriginFor<T>,
			capacity: u32,
			price: BalanceOf<T>,
			add_bond: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_provider(who, capacity, price, add_bond)
		}
	}
}
