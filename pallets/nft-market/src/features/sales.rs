//! Fixed-price sales.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{nonfungibles_v2::Transfer, Precision},
	},
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_list(
		who: T::AccountId,
		collection: T::CollectionId,
		item: T::ItemId,
		price: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!price.is_zero(), Error::<T>::ZeroAmount);
		Self::ensure_offerable(&who, &collection, &item)?;
		let deposit = T::SaleDeposit::get();
		T::Currency::hold(&HoldReason::SaleDeposit.into(), &who, deposit)?;
		Sales::<T>::insert(collection, item, Sale { seller: who.clone(), price, deposit });
		Self::deposit_event(Event::Listed { collection, item, seller: who, price });
		Ok(())
	}

	pub(crate) fn do_buy(
		who: T::AccountId,
		collection: T::CollectionId,
		item: T::ItemId,
		max_price: BalanceOf<T>,
	) -> DispatchResult {
		let sale = Sales::<T>::get(collection, item).ok_or(Error::<T>::NotForSale)?;
		ensure!(sale.seller != who, Error::<T>::OwnOffer);
		ensure!(sale.price <= max_price, Error::<T>::PriceAboveLimit);
		ensure!(sale.price <= Self::spendable(&who), Error::<T>::InsufficientSpendable);
		// Unlock first: the transfer below asks the lock.
		Sales::<T>::remove(collection, item);
		T::Currency::release(
			&HoldReason::SaleDeposit.into(),
			&sale.seller,
			sale.deposit,
			Precision::Exact,
		)?;
		let (proceeds, asset) = Self::split(&collection, &item, sale.price)?;
		Self::pay_out(&who, &sale.seller, &proceeds, asset)?;
		T::Nfts::transfer(&collection, &item, &who)?;
		Self::deposit_event(Event::Sold {
			collection,
			item,
			seller: sale.seller,
			buyer: who,
			price: sale.price,
			proceeds,
		});
		Ok(())
	}

	pub(crate) fn do_cancel_sale(
		who: T::AccountId,
		collection: T::CollectionId,
		item: T::ItemId,
	) -> DispatchResult {
		let sale = Sales::<T>::get(collection, item).ok_or(Error::<T>::NotForSale)?;
		ensure!(sale.seller == who, Error::<T>::NotSeller);
		Sales::<T>::remove(collection, item);
		T::Currency::release(
			&HoldReason::SaleDeposit.into(),
			&who,
			sale.deposit,
			Precision::Exact,
		)?;
		Self::deposit_event(Event::SaleCancelled { collection, item });
		Ok(())
	}
}
