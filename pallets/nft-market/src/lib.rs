//! # NFT market
//!
//! Fixed-price sales and English auctions of NFTs: ownership NFTs of data assets, transferable
//! licences, later task results.
//!
//! - An NFT for sale or at auction is locked: the NFT pallet asks this pallet
//!   ([`frame_support::traits::tokens::Locker`]) before any transfer or burn, so it cannot move
//!   or be offered twice until the sale or auction ends. Its owner stays its owner meanwhile.
//! - Every price pays a protocol fee to the reserve pool; when the NFT is the ownership NFT of
//!   a data asset with revenue shares, a configured part goes to the asset's dividend pool;
//!   the seller gets the rest.
//! - Auctions: a start price, a minimum increment, an end, an optional reserve. Bids are held;
//!   an outbid bidder is released at once; a bid in the last `ExtensionWindow` blocks moves the
//!   end. The seller can cancel before the first bid.
//! - A bid or a purchase is paid only from BDES that no freeze (a vesting schedule, say)
//!   covers: pallet-balances lets held funds cover a freeze, so a bid is held only while the
//!   account's free balance still covers all its freezes after the hold, and the same free
//!   BDES never back two bids.
//! - Settlement runs by itself from the end block on: at most `MaxSettlementsPerBlock` a block
//!   in `on_initialize`, the rest in the next blocks, so a thousand auctions ending together
//!   never make a block overweight; anyone can also `settle` an ended auction. A settlement
//!   that fails on the seller's side (the NFT cannot move, say) changes nothing, is recorded and
//!   retried later; the queue goes on with the others. After `MaxSettleAttempts` failures anyone
//!   may `abandon` it: the bid goes back, the NFT stays with the seller, whose deposit goes to
//!   the reserve pool. A winner that cannot pay (its BDES were frozen after it bid) ends the
//!   auction at once without a sale: the bid goes back, the NFT stays with the seller, and the
//!   seller's deposit comes back.
//!
//! Logic lives in [`features`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod features;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// Sets up what the benchmarks need: NFTs, and data assets with revenue shares.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, CollectionId, ItemId> {
	/// Mints a transferable NFT to `owner`. With `with_dividends`, the NFT is the ownership NFT
	/// of a data asset whose sales pay dividends (the costly path).
	fn nft(owner: &AccountId, with_dividends: bool) -> (CollectionId, ItemId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use bdes_primitives::{OwnershipNft, RevenueSink};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::nonfungibles_v2,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Permill;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of a sale.
		#[codec(index = 0)]
		SaleDeposit,
		/// Storage deposit of an auction.
		#[codec(index = 1)]
		AuctionDeposit,
		/// The highest bid of an auction.
		#[codec(index = 2)]
		Bid,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// BDES: prices, bids, fees and deposits.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Collection id of the NFT pallet.
		type CollectionId: Parameter + MaxEncodedLen + Copy;

		/// Item id of the NFT pallet.
		type ItemId: Parameter + MaxEncodedLen + Copy;

		/// The NFT pallet.
		type Nfts: nonfungibles_v2::Inspect<
				Self::AccountId,
				CollectionId = Self::CollectionId,
				ItemId = Self::ItemId,
			> + nonfungibles_v2::Transfer<Self::AccountId>;

		/// Which NFTs own data assets.
		type OwnershipNfts: OwnershipNft<Self::CollectionId, Self::ItemId>;

		/// The dividend pools of data assets (their revenue-share holders).
		type Revenue: RevenueSink<Self::AccountId, BalanceOf<Self>>;

		/// Where protocol fees go (the reserve pool).
		type FeeDestination: Get<Self::AccountId>;

		/// Part of every price that goes to the reserve pool.
		#[pallet::constant]
		type ProtocolFee: Get<Permill>;

		/// Part of the price of a data asset's ownership NFT that goes to the asset's dividend
		/// pool, when it has revenue shares.
		#[pallet::constant]
		type DividendShare: Get<Permill>;

		/// Storage deposit of a sale.
		#[pallet::constant]
		type SaleDeposit: Get<BalanceOf<Self>>;

		/// Storage deposit of an auction.
		#[pallet::constant]
		type AuctionDeposit: Get<BalanceOf<Self>>;

		/// Shortest auction, in blocks.
		#[pallet::constant]
		type MinDuration: Get<BlockNumberFor<Self>>;

		/// Longest auction, in blocks.
		#[pallet::constant]
		type MaxDuration: Get<BlockNumberFor<Self>>;

		/// A bid in the last this-many blocks moves the end to this-many blocks after it.
		#[pallet::constant]
		type ExtensionWindow: Get<BlockNumberFor<Self>>;

		/// Auctions settled in one block's `on_initialize`, at most.
		#[pallet::constant]
		type MaxSettlementsPerBlock: Get<u32>;

		/// Blocks between automatic attempts at a settlement that failed.
		#[pallet::constant]
		type RetryDelay: Get<BlockNumberFor<Self>>;

		/// Automatic attempts at a settlement before anyone may abandon it.
		#[pallet::constant]
		type MaxSettleAttempts: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Mints NFTs for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::CollectionId, Self::ItemId>;
	}

	/// NFTs for sale.
	#[pallet::storage]
	pub type Sales<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::CollectionId,
		Blake2_128Concat,
		T::ItemId,
		SaleOf<T>,
	>;

	/// The id the next auction gets.
	#[pallet::storage]
	pub type NextAuctionId<T> = StorageValue<_, AuctionId, ValueQuery>;

	/// Auctions not yet settled.
	#[pallet::storage]
	pub type Auctions<T: Config> = StorageMap<_, Twox64Concat, AuctionId, AuctionOf<T>>;

	/// The auction each NFT at auction is in.
	#[pallet::storage]
	pub type AuctionOfItem<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::CollectionId,
		Blake2_128Concat,
		T::ItemId,
		AuctionId,
	>;

	/// Settlement queue: (block a settlement is due from, auction).
	#[pallet::storage]
	pub type Due<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		AuctionId,
		(),
		OptionQuery,
	>;

	/// Entries in the settlement queue.
	#[pallet::storage]
	pub type DueCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The next block of the settlement queue to look at.
	#[pallet::storage]
	pub type SettleCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An NFT was put up for sale.
		Listed {
			collection: T::CollectionId,
			item: T::ItemId,
			seller: T::AccountId,
			price: BalanceOf<T>,
		},
		/// A sale was withdrawn.
		SaleCancelled { collection: T::CollectionId, item: T::ItemId },
		/// An NFT was sold at its fixed price.
		Sold {
			collection: T::CollectionId,
			item: T::ItemId,
			seller: T::AccountId,
			buyer: T::AccountId,
			price: BalanceOf<T>,
			proceeds: Proceeds<BalanceOf<T>>,
		},
		/// An auction opened.
		AuctionCreated {
			auction: AuctionId,
			collection: T::CollectionId,
			item: T::ItemId,
			seller: T::AccountId,
			terms: AuctionTermsOf<T>,
			end: BlockNumberFor<T>,
		},
		/// A bid became the highest; the previous highest bidder was released.
		BidPlaced { auction: AuctionId, bidder: T::AccountId, amount: BalanceOf<T> },
		/// A late bid moved the end.
		AuctionExtended { auction: AuctionId, end: BlockNumberFor<T> },
		/// The seller cancelled an auction without bids.
		AuctionCancelled { auction: AuctionId },
		/// An auction was settled: the NFT went to `winner` for `price`, or (`winner` none: no
		/// bid, or the reserve not met, the bid released) stayed with the seller.
		AuctionSettled {
			auction: AuctionId,
			winner: Option<T::AccountId>,
			price: BalanceOf<T>,
			proceeds: Proceeds<BalanceOf<T>>,
		},
		/// Settling an auction failed; nothing changed and it is retried from `retry_at` (none:
		/// attempts exhausted, anyone may settle or abandon it).
		SettlementFailed {
			auction: AuctionId,
			error: DispatchError,
			attempts: u32,
			retry_at: Option<BlockNumberFor<T>>,
		},
		/// A settlement that kept failing was abandoned: the bid went back, the NFT stayed.
		AuctionAbandoned { auction: AuctionId },
		/// The winner could not pay at settlement (its BDES became frozen after it bid): the
		/// bid went back, the NFT stayed with the seller, unlocked, and the seller's deposit
		/// came back.
		WinnerDefaulted { auction: AuctionId, winner: T::AccountId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not own the NFT.
		NotOwner,
		/// The NFT cannot be transferred (its collection or item forbids it).
		NotTransferable,
		/// The NFT is already for sale or at auction.
		AlreadyOffered,
		/// The price or an amount is zero.
		ZeroAmount,
		/// The NFT is not for sale.
		NotForSale,
		/// The sale's price is above what the buyer accepts.
		PriceAboveLimit,
		/// Sellers do not buy or bid on their own NFTs.
		OwnOffer,
		/// The duration is outside `MinDuration..=MaxDuration`.
		InvalidDuration,
		/// The reserve is below the start price.
		InvalidReserve,
		/// No auction with this id.
		UnknownAuction,
		/// The auction has ended.
		AuctionEnded,
		/// The auction has not ended yet.
		AuctionNotEnded,
		/// The bid is below the start price or the highest bid plus the increment.
		BidTooLow,
		/// The auction has bids; it cannot be cancelled.
		HasBids,
		/// Only the seller may do this.
		NotSeller,
		/// The settlement has not failed `MaxSettleAttempts` times.
		NotAbandonable,
		/// An amount does not fit the arithmetic.
		Overflow,
		/// No more ids.
		NoMoreIds,
		/// The account cannot pay that much from BDES that no freeze covers: a bid or a
		/// purchase is paid only from what stays free of vesting and other freezes (and keeps the
		/// account alive), so it can always be paid.
		InsufficientSpendable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::settle_due(now, T::MaxSettlementsPerBlock::get())
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Put an NFT you own up for sale at `price` BDES. It stays yours, locked, until it is
		/// sold or you cancel. Holds a storage deposit.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::list())]
		pub fn list(
			origin: OriginFor<T>,
			collection: T::CollectionId,
			item: T::ItemId,
			price: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_list(who, collection, item, price)
		}

		/// Buy an NFT for sale, paying its price if it is at most `max_price`: the protocol
		/// fee to the reserve pool, the dividend part to a data asset's share holders, the rest
		/// to the seller. The NFT moves to you.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::buy())]
		pub fn buy(
			origin: OriginFor<T>,
			collection: T::CollectionId,
			item: T::ItemId,
			max_price: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_buy(who, collection, item, max_price)
		}

		/// Withdraw your NFT from sale; the deposit comes back.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel_sale())]
		pub fn cancel_sale(
			origin: OriginFor<T>,
			collection: T::CollectionId,
			item: T::ItemId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_sale(who, collection, item)
		}

		/// Auction an NFT you own: start price, minimum increment, duration in blocks and an
		/// optional reserve. The NFT is locked until settlement. Holds a storage deposit.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::create_auction())]
		pub fn create_auction(
			origin: OriginFor<T>,
			collection: T::CollectionId,
			item: T::ItemId,
			terms: AuctionTermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_auction(who, collection, item, terms)
		}

		/// Bid `amount` (held until you are outbid or the auction settles): at least the start
		/// price, or the highest bid plus the increment. Raising your own bid holds only the
		/// difference. The hold must come from BDES no freeze covers. A bid in the last blocks
		/// extends the auction.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::bid())]
		pub fn bid(
			origin: OriginFor<T>,
			auction: AuctionId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bid(who, auction, amount)
		}

		/// Cancel your auction before its first bid; the NFT is unlocked and the deposit comes
		/// back.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel_auction())]
		pub fn cancel_auction(origin: OriginFor<T>, auction: AuctionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_auction(who, auction)
		}

		/// Settle an ended auction now (it also settles by itself). Anyone may call it; if the
		/// settlement fails, nothing changes. A winner that cannot pay ends the auction without a
		/// sale (`WinnerDefaulted`).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::settle())]
		pub fn settle(origin: OriginFor<T>, auction: AuctionId) -> DispatchResult {
			ensure_signed(origin)?;
			let stored = Auctions::<T>::get(auction).ok_or(Error::<T>::UnknownAuction)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= stored.end, Error::<T>::AuctionNotEnded);
			Self::do_settle(auction, stored)
		}

		/// Abandon an auction whose settlement failed `MaxSettleAttempts` times: the highest
		/// bid is released, the NFT is unlocked with its seller, the seller's deposit goes to
		/// the reserve pool (even if the seller's BDES are frozen). Anyone may call it.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::abandon())]
		pub fn abandon(origin: OriginFor<T>, auction: AuctionId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_abandon(auction)
		}
	}
}
