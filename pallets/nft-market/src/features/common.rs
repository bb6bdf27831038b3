//! What sales and auctions share: the lock, the checks on the NFT, splitting and paying a
//! price.

use crate::*;
use bdes_primitives::{DataAssetId, OwnershipNft, RevenueSink};
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect as _, InspectHold, Mutate, MutateHold},
		tokens::{nonfungibles_v2::Inspect, Fortitude, Locker, Precision, Preservation},
	},
};
use sp_runtime::traits::{CheckedSub, Zero};

/// The NFT pallet asks here before it moves or burns an item: an NFT for sale or at auction
/// stays where it is.
impl<T: Config> Locker<T::CollectionId, T::ItemId> for Pallet<T> {
	fn is_locked(collection: T::CollectionId, item: T::ItemId) -> bool {
		Self::is_offered(&collection, &item)
	}
}

impl<T: Config> Pallet<T> {
	/// Whether the NFT is for sale or at auction.
	pub fn is_offered(collection: &T::CollectionId, item: &T::ItemId) -> bool {
		Sales::<T>::contains_key(collection, item)
			|| AuctionOfItem::<T>::contains_key(collection, item)
	}

	/// `who` owns the NFT, it can be transferred, and it is not offered already.
	pub(crate) fn ensure_offerable(
		who: &T::AccountId,
		collection: &T::CollectionId,
		item: &T::ItemId,
	) -> DispatchResult {
		ensure!(T::Nfts::owner(collection, item).as_ref() == Some(who), Error::<T>::NotOwner);
		ensure!(!Self::is_offered(collection, item), Error::<T>::AlreadyOffered);
		ensure!(T::Nfts::can_transfer(collection, item), Error::<T>::NotTransferable);
		Ok(())
	}

	/// How `price` splits: the protocol fee, dividends when the NFT owns a data asset with
	/// revenue shares, the rest to the seller.
	pub fn split(
		collection: &T::CollectionId,
		item: &T::ItemId,
		price: BalanceOf<T>,
	) -> Result<(Proceeds<BalanceOf<T>>, Option<DataAssetId>), Error<T>> {
		let fee = T::ProtocolFee::get().mul_floor(price);
		let asset = T::OwnershipNfts::data_asset(collection, item)
			.filter(|asset| T::Revenue::accepts(*asset));
		let dividends = asset
			.map(|_| T::DividendShare::get().mul_floor(price))
			.unwrap_or_else(Zero::zero);
		let seller = price
			.checked_sub(&fee)
			.and_then(|rest| rest.checked_sub(&dividends))
			.ok_or(Error::<T>::Overflow)?;
		Ok((Proceeds { fee, dividends, seller }, asset))
	}

	/// What `who` can pay now: BDES no freeze covers, keeping the account alive.
	pub(crate) fn spendable(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite)
	}

	/// Holds `amount` more of `who`'s BDES for a bid so that the bid can always be paid: it
	/// must be spendable now, and after the hold the free balance alone must still cover every
	/// freeze. pallet-balances lets held funds cover a freeze (`reducible_balance` discounts
	/// holds from it), so without the second check the same free BDES could back two bids, or
	/// a bid be raised, out of frozen funds. The hold is undone if a check fails.
	pub(crate) fn hold_bid(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		with_storage_layer(|| {
			ensure!(amount <= Self::spendable(who), Error::<T>::InsufficientSpendable);
			T::Currency::hold(&HoldReason::Bid.into(), who, amount)?;
			ensure!(
				T::Currency::reducible_total_balance_on_hold(who, Fortitude::Polite)
					>= T::Currency::total_balance_on_hold(who),
				Error::<T>::InsufficientSpendable
			);
			Ok(())
		})
	}

	/// Gives back a bid's hold in full.
	pub(crate) fn release_bid(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::release(&HoldReason::Bid.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Pays a split price from `from`'s free balance: the fee, the seller's part and the
	/// dividends.
	pub(crate) fn pay_out(
		from: &T::AccountId,
		seller: &T::AccountId,
		proceeds: &Proceeds<BalanceOf<T>>,
		asset: Option<DataAssetId>,
	) -> DispatchResult {
		let pay = |to: &T::AccountId, amount: BalanceOf<T>| -> DispatchResult {
			if !amount.is_zero() {
				T::Currency::transfer(from, to, amount, Preservation::Preserve)?;
			}
			Ok(())
		};
		pay(&T::FeeDestination::get(), proceeds.fee)?;
		pay(seller, proceeds.seller)?;
		if let Some(asset) = asset {
			if !proceeds.dividends.is_zero() {
				T::Revenue::pay(asset, from, proceeds.dividends)?;
			}
		}
		Ok(())
	}
}

/// Sales and auctions of data assets' ownership NFTs started by another pallet (a feed's
/// batches), with the same checks and deposits as the `list` and `create_auction` calls.
impl<T: Config> bdes_primitives::OwnershipSale<T::AccountId, BalanceOf<T>, AuctionTermsOf<T>>
	for Pallet<T>
{
	fn check_auction(terms: &AuctionTermsOf<T>) -> DispatchResult {
		Self::check_terms(terms)
	}

	fn sell(owner: &T::AccountId, asset: DataAssetId, price: BalanceOf<T>) -> DispatchResult {
		let (collection, item) = T::OwnershipNfts::nft(asset).ok_or(Error::<T>::NotOwner)?;
		Self::do_list(owner.clone(), collection, item, price)
	}

	fn auction(
		owner: &T::AccountId,
		asset: DataAssetId,
		terms: AuctionTermsOf<T>,
	) -> DispatchResult {
		let (collection, item) = T::OwnershipNfts::nft(asset).ok_or(Error::<T>::NotOwner)?;
		Self::do_create_auction(owner.clone(), collection, item, terms)
	}
}
