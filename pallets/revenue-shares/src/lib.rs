//! # Revenue shares
//!
//! The owner of a listed data asset issues a fixed supply of a fungible revenue-share token
//! (an asset of the assets pallet, administered by this pallet so nobody can mint more). At
//! least `LockedShare` (51% in the runtime) of the supply stays staked — frozen — with the data
//! asset's owner at all times; a transfer that would break it fails in the assets pallet.
//!
//! Revenue of the data asset (licence sales now, auctions and tasks later, or anyone through
//! `contribute`) is held in the pallet account and shared among the *staked* shares with a
//! per-share accumulator: each revenue adds `revenue / total_staked` to it (the remainder is
//! carried, never lost), and a stake is settled — its earnings since its last snapshot moved to
//! `unclaimed` — before it changes. Claims, stakes and unstakes are O(1). Staked shares are
//! frozen in the holder's own account, so the only way a staked balance changes is through this
//! pallet: nobody can claim more than their share, claim twice, or gain by moving tokens.
//!
//! A new stake warms up before it earns: it is frozen at once but joins the accumulator only
//! from the first multiple of the warm-up period `W` at least `W` blocks later. Revenue often
//! lands at a block everyone knows (an auction's end), and a stake that earned at once could be
//! made just before it and removed just after, taking part of it from the long-term stakers;
//! now such a stake earns nothing from it. (A delay on unstaking instead would not help: the
//! sandwiched stake would still be staked when the revenue lands and take its part, only with
//! its shares frozen a while longer.) Warming shares of all holders wait in buckets by the
//! block they start earning in, which the next call touching the class activates before
//! anything reads or changes the accumulator, recording the accumulator at that moment for
//! their holders: activation is exact, lazy, and bounded.
//!
//! `W` is [`WarmUpPeriod`], set at genesis and by `WarmUpOrigin` (the Council) with
//! `set_warm_up`, between 1 and `MaxWarmUp` blocks. A change applies to stakes made from then
//! on; shares already warming keep the block they were told (a holder who stakes again moves
//! their warming shares to the new stake's block, as always). Under one period at most two
//! multiples of it lie ahead, so a class has at most two buckets; after a change the buckets of
//! the old period (two at most) still wait beside those of the new one (two at most). The
//! period can change again only once every stake made under the period before the last change
//! earns ([`NextWarmUpChange`], at most twice that period after the change), so buckets of
//! three periods never wait together and a class has at most four ([`MaxWarming`]).
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

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use bdes_primitives::DataAssetInspect;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			fungibles,
			tokens::fungibles::metadata::MetadataDeposit,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Convert, Perbill};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds BDES.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of a share class or a stake record.
		#[codec(index = 0)]
		Deposit,
		/// Dividends owed to holders, held in the pallet account.
		#[codec(index = 1)]
		Dividends,
	}

	/// Why the pallet freezes share tokens.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// Staked shares: they earn dividends and cannot move.
		#[codec(index = 0)]
		Staked,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// BDES: deposits and dividends.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The overarching freeze reason.
		type RuntimeFreezeReason: From<FreezeReason>;

		/// Id of a fungible asset in the assets pallet.
		type ShareAssetId: Parameter + Member + MaxEncodedLen + Copy;

		/// The assets-pallet id reserved for a data asset's share token (`None`: no id left).
		type ShareAssetIdOf: Convert<DataAssetId, Option<Self::ShareAssetId>>;

		/// The assets pallet, for the share tokens (same balance type as BDES).
		type Fungibles: fungibles::Create<
				Self::AccountId,
				AssetId = Self::ShareAssetId,
				Balance = BalanceOf<Self>,
			> + fungibles::Mutate<Self::AccountId>
			+ fungibles::metadata::Mutate<Self::AccountId>
			+ MetadataDeposit<BalanceOf<Self>>;

		/// Freezes on share tokens (pallet-assets-freezer).
		type Freezer: fungibles::MutateFreeze<
			Self::AccountId,
			AssetId = Self::ShareAssetId,
			Balance = BalanceOf<Self>,
			Id = Self::RuntimeFreezeReason,
		>;

		/// Who owns which data asset, and whether it is listed.
		type DataAssets: DataAssetInspect<Self::AccountId>;

		/// The pallet account: owner and admin of the share tokens, keeper of dividends.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Part of the supply that stays staked with the data asset's owner.
		#[pallet::constant]
		type LockedShare: Get<Perbill>;

		/// Smallest supply that can be issued.
		#[pallet::constant]
		type MinSupply: Get<BalanceOf<Self>>;

		/// Storage deposit of a share class.
		#[pallet::constant]
		type ClassDeposit: Get<BalanceOf<Self>>;

		/// Storage deposit of one holder's stake record.
		#[pallet::constant]
		type StakeDeposit: Get<BalanceOf<Self>>;

		/// Longest token name and symbol.
		#[pallet::constant]
		type StringLimit: Get<u32>;

		/// Most decimals a share token may have.
		#[pallet::constant]
		type MaxDecimals: Get<u8>;

		/// The warm-up period until genesis or `set_warm_up` sets one (see [`WarmUpPeriod`]):
		/// what a chain upgraded from a constant warm-up starts with. Between 1 and
		/// `MaxWarmUp`.
		#[pallet::constant]
		type DefaultWarmUp: Get<BlockNumberFor<Self>>;

		/// The longest warm-up period `set_warm_up` accepts: beyond it a stake would be frozen
		/// without earning for longer than any holder could reasonably expect.
		#[pallet::constant]
		type MaxWarmUp: Get<BlockNumberFor<Self>>;

		/// Who sets the warm-up period (the Council in the runtime).
		type WarmUpOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates listed data assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: bdes_primitives::DataAssetBenchmarkHelper<Self::AccountId>;
	}

	/// The share class of each data asset that issued one.
	#[pallet::storage]
	pub type Classes<T: Config> = StorageMap<_, Blake2_128Concat, DataAssetId, ShareClassOf<T>>;

	/// Stakes, by data asset and holder.
	#[pallet::storage]
	pub type Stakes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DataAssetId,
		Blake2_128Concat,
		T::AccountId,
		StakeOf<T>,
	>;

	/// The warm-up period `W`, in blocks: a stake made at block `n` earns from the first
	/// multiple of `W` at least `W` blocks after `n` (so after `W` to `2 × W − 1` blocks).
	#[pallet::storage]
	pub type WarmUpPeriod<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultWarmUp>;

	/// The first block in which the warm-up period may change again: the block from which
	/// every stake made under the period before the last change earns. `None`: it never
	/// changed.
	#[pallet::storage]
	pub type NextWarmUpChange<T: Config> = StorageValue<_, BlockNumberFor<T>>;

	/// Shares staked but still warming up (they earn nothing yet), by data asset and holder.
	#[pallet::storage]
	pub type Warming<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DataAssetId,
		Blake2_128Concat,
		T::AccountId,
		WarmingStakeOf<T>,
	>;

	/// Per data asset, the warming shares of all holders by the block they start earning in,
	/// earliest first (at most [`MaxWarming`] blocks).
	#[pallet::storage]
	pub type WarmingTotals<T: Config> =
		StorageMap<_, Blake2_128Concat, DataAssetId, WarmingOf<T>, ValueQuery>;

	/// The accumulator when warmed-up shares started earning, by data asset and block; kept
	/// until each stake that waited for it has been settled.
	#[pallet::storage]
	pub type Activations<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DataAssetId,
		Twox64Concat,
		BlockNumberFor<T>,
		Activation,
	>;

	/// Staked shares a sale (the IDO pallet) locks, by data asset and holder: the holder cannot
	/// unstake below it until the sale lifts it.
	#[pallet::storage]
	pub type SaleLocks<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DataAssetId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` issued `supply` revenue shares of `asset` as token `share_asset`; `locked` of
		/// them stay staked with the owner.
		Issued {
			asset: DataAssetId,
			share_asset: T::ShareAssetId,
			owner: T::AccountId,
			supply: BalanceOf<T>,
			locked: BalanceOf<T>,
		},
		/// `who` staked `amount` more shares; they (with any of `who`'s shares still warming
		/// up) earn from block `earns_from`.
		Staked {
			asset: DataAssetId,
			who: T::AccountId,
			amount: BalanceOf<T>,
			earns_from: BlockNumberFor<T>,
		},
		/// `who` unstaked `amount` shares (those still warming up first).
		Unstaked { asset: DataAssetId, who: T::AccountId, amount: BalanceOf<T> },
		/// `who` was paid `amount` of dividends.
		Claimed { asset: DataAssetId, who: T::AccountId, amount: BalanceOf<T> },
		/// `amount` of revenue from `from` now belongs to the staked shares of `asset`.
		RevenueReceived { asset: DataAssetId, from: T::AccountId, amount: BalanceOf<T> },
		/// The new owner of the data asset took over the locked shares.
		LockTakenOver {
			asset: DataAssetId,
			from: T::AccountId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// Stakes made from now on warm up for `blocks` (it was `previous`); shares already
		/// warming keep their block. The period can change again from block `next_change`.
		WarmUpSet {
			blocks: BlockNumberFor<T>,
			previous: BlockNumberFor<T>,
			next_change: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No data asset with this id.
		UnknownAsset,
		/// The caller does not own the data asset.
		NotOwner,
		/// The data asset is not listed.
		NotListed,
		/// The data asset has revenue shares already.
		AlreadyIssued,
		/// The data asset has no revenue shares.
		NoShares,
		/// The supply is below `MinSupply`.
		SupplyTooLow,
		/// The name or symbol is empty.
		EmptyName,
		/// The name or symbol is longer than `StringLimit`.
		NameTooLong,
		/// More decimals than `MaxDecimals`.
		TooManyDecimals,
		/// No share-token id is left for this data asset.
		NoShareAssetId,
		/// The share token's id is taken in the assets pallet.
		ShareAssetIdTaken,
		/// The amount is zero.
		ZeroAmount,
		/// The caller holds fewer unstaked shares than that.
		InsufficientShares,
		/// The caller has fewer staked shares than that.
		InsufficientStake,
		/// The data asset's owner must keep its locked shares staked.
		BelowLock,
		/// Shares bought in a sale stay staked until the sale ends.
		LockedBySale,
		/// There are no dividends to claim.
		NothingToClaim,
		/// The caller holds the lock already.
		AlreadyLockHolder,
		/// An amount does not fit the arithmetic.
		Overflow,
		/// A warm-up period of zero blocks: a stake would earn from a revenue it sees coming.
		ZeroWarmUp,
		/// A warm-up period above `MaxWarmUp`.
		WarmUpTooLong,
		/// The warm-up period is that already.
		WarmUpUnchanged,
		/// Stakes made under the period before the last change still warm up; the period can
		/// change again from block [`NextWarmUpChange`].
		WarmUpChangeTooSoon,
	}

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The warm-up period (see [`WarmUpPeriod`]), from 1 to `MaxWarmUp` blocks.
		pub warm_up: BlockNumberFor<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { warm_up: T::DefaultWarmUp::get() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				Pallet::<T>::check_warm_up(self.warm_up).is_ok(),
				"the genesis warm-up must be from 1 to MaxWarmUp blocks"
			);
			WarmUpPeriod::<T>::put(self.warm_up);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				Self::check_warm_up(T::DefaultWarmUp::get()).is_ok(),
				"DefaultWarmUp must be from 1 to MaxWarmUp blocks"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Issue the revenue-share token of a listed data asset you own: `supply` tokens, all
		/// minted to you, with a name, symbol and decimals. `LockedShare` of the supply (51%)
		/// is staked and frozen with you from now on. Holds a storage deposit and pays the
		/// token metadata's deposit.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::issue())]
		pub fn issue(
			origin: OriginFor<T>,
			asset: DataAssetId,
			supply: BalanceOf<T>,
			name: Vec<u8>,
			symbol: Vec<u8>,
			decimals: u8,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_issue(who, asset, supply, name, symbol, decimals)
		}

		/// Stake `amount` of your shares of `asset`: they are frozen in your account at once and
		/// earn dividends after a warm-up (from the first multiple of [`WarmUpPeriod`] at least
		/// that many blocks away; shares of yours still warming up wait with them). The first
		/// stake holds a small storage deposit.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::stake())]
		pub fn stake(
			origin: OriginFor<T>,
			asset: DataAssetId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_stake(who, asset, amount)
		}

		/// Unstake `amount` of your staked shares of `asset`, those still warming up first
		/// (dividends earned so far stay claimable). The data asset's owner cannot go below the
		/// locked part.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unstake())]
		pub fn unstake(
			origin: OriginFor<T>,
			asset: DataAssetId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unstake(who, asset, amount)
		}

		/// Claim your dividends of `asset`: everything your staked shares earned and you have
		/// not claimed yet.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, asset: DataAssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, asset)
		}

		/// Pay `amount` BDES of revenue to the staked shares of `asset` (for revenue earned
		/// outside the chain's own markets).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::contribute())]
		pub fn contribute(
			origin: OriginFor<T>,
			asset: DataAssetId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			Self::do_pay_revenue(asset, &who, amount)
		}

		/// As the new owner of a data asset (its ownership NFT changed hands), take over the
		/// locked shares from the previous owner: they move to your account, staked and frozen.
		/// The previous owner's earnings up to now stay theirs to claim.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::take_over_lock())]
		pub fn take_over_lock(origin: OriginFor<T>, asset: DataAssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_take_over_lock(who, asset)
		}

		/// Set the warm-up period of stakes made from now on to `blocks` (1 to `MaxWarmUp`).
		/// Shares already warming keep the block they earn from (unless their holder stakes
		/// again: they then wait with the new shares, under the new period). Refused until every
		/// stake made under the period before the last change earns ([`NextWarmUpChange`]),
		/// which keeps a class's warming shares in at most four buckets.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_warm_up())]
		pub fn set_warm_up(origin: OriginFor<T>, blocks: BlockNumberFor<T>) -> DispatchResult {
			T::WarmUpOrigin::ensure_origin(origin)?;
			Self::do_set_warm_up(blocks)
		}
	}
}
