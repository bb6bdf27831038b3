//! What sales and auctions share: the lock, the checks on the NFT, splitting and paying a
//! price.

use crate::*;
use bdes_primitives::{DataAssetId, OwnershipNft, RevenueSink};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{
			nonfungibles_v2::Inspect, Fortitude, Locker, Precision, Preservation, Restriction,
		},
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

	/// Pays a split price from `from`: out of its bid hold (auctions) or its free balance
	/// (sales).
	pub(crate) fn pay_out(
		from: &T::AccountId,
		from_hold: bool,
		seller: &T::AccountId,
		proceeds: &Proceeds<BalanceOf<T>>,
		asset: Option<DataAssetId>,
	) -> DispatchResult {
		let fee_destination = T::FeeDestination::get();
		let pay = |to: &T::AccountId, amount: BalanceOf<T>| -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			if from_hold {
				T::Currency::transfer_on_hold(
					&HoldReason::Bid.into(),
					from,
					to,
					amount,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Polite,
				)?;
			} else {
				T::Currency::transfer(from, to, amount, Preservation::Preserve)?;
			}
			Ok(())
		};
		pay(&fee_destination, proceeds.fee)?;
		pay(seller, proceeds.seller)?;
		if let Some(asset) = asset {
			if !proceeds.dividends.is_zero() {
				// The dividend pool takes from a free balance.
				if from_hold {
					T::Currency::release(
						&HoldReason::Bid.into(),
						from,
						proceeds.dividends,
						Precision::Exact,
					)?;
				}
				T::Revenue::pay(asset, from, proceeds.dividends)?;
			}
		}
		Ok(())
	}
}
