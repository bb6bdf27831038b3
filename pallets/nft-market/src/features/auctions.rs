//! English auctions, and their settlement in bounded steps.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::MutateHold,
		tokens::{nonfungibles_v2::Transfer, Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{CheckedAdd, One, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Whether an auction may have `terms`: amounts above zero, a duration in bounds, a
	/// reserve no lower than the start price.
	pub(crate) fn check_terms(terms: &AuctionTermsOf<T>) -> DispatchResult {
		ensure!(
			!terms.start_price.is_zero() && !terms.min_increment.is_zero(),
			Error::<T>::ZeroAmount
		);
		ensure!(
			terms.duration >= T::MinDuration::get() && terms.duration <= T::MaxDuration::get(),
			Error::<T>::InvalidDuration
		);
		if let Some(reserve) = terms.reserve {
			ensure!(reserve >= terms.start_price, Error::<T>::InvalidReserve);
		}
		Ok(())
	}

	pub(crate) fn do_create_auction(
		who: T::AccountId,
		collection: T::CollectionId,
		item: T::ItemId,
		terms: AuctionTermsOf<T>,
	) -> DispatchResult {
		Self::check_terms(&terms)?;
		Self::ensure_offerable(&who, &collection, &item)?;
		let deposit = T::AuctionDeposit::get();
		T::Currency::hold(&HoldReason::AuctionDeposit.into(), &who, deposit)?;

		let id = NextAuctionId::<T>::get();
		NextAuctionId::<T>::put(id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?);
		let end = frame_system::Pallet::<T>::block_number().saturating_add(terms.duration);
		Auctions::<T>::insert(
			id,
			Auction {
				collection,
				item,
				seller: who.clone(),
				start_price: terms.start_price,
				min_increment: terms.min_increment,
				reserve: terms.reserve,
				end,
				highest: None,
				deposit,
				status: AuctionStatus::Open,
				queued_at: Some(end),
			},
		);
		AuctionOfItem::<T>::insert(collection, item, id);
		Self::queue(end, id);
		Self::deposit_event(Event::AuctionCreated {
			auction: id,
			collection,
			item,
			seller: who,
			terms,
			end,
		});
		Ok(())
	}

	pub(crate) fn do_bid(who: T::AccountId, id: AuctionId, amount: BalanceOf<T>) -> DispatchResult {
		let mut auction = Auctions::<T>::get(id).ok_or(Error::<T>::UnknownAuction)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			auction.status == AuctionStatus::Open && now < auction.end,
			Error::<T>::AuctionEnded
		);
		ensure!(auction.seller != who, Error::<T>::OwnOffer);
		let minimum = match &auction.highest {
			Some(highest) => {
				highest.amount.checked_add(&auction.min_increment).ok_or(Error::<T>::Overflow)?
			},
			None => auction.start_price,
		};
		ensure!(amount >= minimum, Error::<T>::BidTooLow);

		match auction.highest.take() {
			// Raising one's own bid holds the difference.
			Some(previous) if previous.bidder == who => {
				Self::hold_bid(&who, amount.saturating_sub(previous.amount))?;
			},
			previous => {
				Self::hold_bid(&who, amount)?;
				if let Some(previous) = previous {
					Self::release_bid(&previous.bidder, previous.amount)?;
				}
			},
		}
		auction.highest = Some(Bid { bidder: who.clone(), amount });

		// Anti-sniping: a bid in the last blocks leaves the others as long to answer.
		let window = T::ExtensionWindow::get();
		let extended = now.saturating_add(window);
		if extended > auction.end {
			if let Some(at) = auction.queued_at {
				Self::unqueue(at, id);
			}
			auction.end = extended;
			auction.queued_at = Some(extended);
			Self::queue(extended, id);
			Self::deposit_event(Event::AuctionExtended { auction: id, end: extended });
		}
		Auctions::<T>::insert(id, auction);
		Self::deposit_event(Event::BidPlaced { auction: id, bidder: who, amount });
		Ok(())
	}

	pub(crate) fn do_cancel_auction(who: T::AccountId, id: AuctionId) -> DispatchResult {
		let auction = Auctions::<T>::get(id).ok_or(Error::<T>::UnknownAuction)?;
		ensure!(auction.seller == who, Error::<T>::NotSeller);
		ensure!(auction.highest.is_none(), Error::<T>::HasBids);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < auction.end, Error::<T>::AuctionEnded);
		Self::remove_auction(id, &auction);
		T::Currency::release(
			&HoldReason::AuctionDeposit.into(),
			&who,
			auction.deposit,
			Precision::Exact,
		)?;
		Self::deposit_event(Event::AuctionCancelled { auction: id });
		Ok(())
	}

	/// Settles an ended auction in a storage layer of its own: on failure nothing changes.
	///
	/// Failures are the seller's side (the NFT cannot move) or a receiver's (the dividend pool
	/// refuses): they are retried, then abandoned. A winner that cannot pay is not an error: the
	/// auction ends without a sale, for waiting cannot make frozen BDES pay and the seller must
	/// not lose its deposit over the winner.
	pub(crate) fn do_settle(id: AuctionId, auction: AuctionOf<T>) -> DispatchResult {
		with_storage_layer(|| Self::settle_inner(id, auction))
	}

	fn settle_inner(id: AuctionId, auction: AuctionOf<T>) -> DispatchResult {
		Self::remove_auction(id, &auction);
		T::Currency::release(
			&HoldReason::AuctionDeposit.into(),
			&auction.seller,
			auction.deposit,
			Precision::Exact,
		)?;
		let reserve_met = |bid: &Bid<T::AccountId, BalanceOf<T>>| {
			auction.reserve.is_none_or(|reserve| bid.amount >= reserve)
		};
		match auction.highest {
			Some(bid) if reserve_met(&bid) => {
				let (proceeds, asset) =
					Self::split(&auction.collection, &auction.item, bid.amount)?;
				// The bid leaves its hold and is paid like a purchase; whether the winner can
				// pay is decided here, once, so every later failure is a receiver's or the
				// seller's.
				Self::release_bid(&bid.bidder, bid.amount)?;
				if Self::spendable(&bid.bidder) < bid.amount {
					Self::deposit_event(Event::WinnerDefaulted {
						auction: id,
						winner: bid.bidder,
						amount: bid.amount,
					});
					return Ok(());
				}
				Self::pay_out(&bid.bidder, &auction.seller, &proceeds, asset)?;
				T::Nfts::transfer(&auction.collection, &auction.item, &bid.bidder)?;
				Self::deposit_event(Event::AuctionSettled {
					auction: id,
					winner: Some(bid.bidder),
					price: bid.amount,
					proceeds,
				});
			},
			highest => {
				// No bid, or the reserve not met: the NFT stays, the bid goes back.
				if let Some(bid) = highest {
					Self::release_bid(&bid.bidder, bid.amount)?;
				}
				Self::deposit_event(Event::AuctionSettled {
					auction: id,
					winner: None,
					price: Zero::zero(),
					proceeds: Default::default(),
				});
			},
		}
		Ok(())
	}

	pub(crate) fn do_abandon(id: AuctionId) -> DispatchResult {
		let auction = Auctions::<T>::get(id).ok_or(Error::<T>::UnknownAuction)?;
		let exhausted = matches!(
			auction.status,
			AuctionStatus::SettlementFailed { attempts } if attempts >= T::MaxSettleAttempts::get()
		);
		ensure!(exhausted, Error::<T>::NotAbandonable);
		Self::remove_auction(id, &auction);
		if let Some(bid) = &auction.highest {
			Self::release_bid(&bid.bidder, bid.amount)?;
		}
		// The seller's side kept the settlement from happening: its deposit goes to the pool.
		// Forced: a forfeit must not wait on the seller's freezes (a vested seller would keep the
		// auction, and the bidder's funds, stuck for ever), and it goes to the reserve pool, not
		// to anyone the seller controls.
		T::Currency::transfer_on_hold(
			&HoldReason::AuctionDeposit.into(),
			&auction.seller,
			&T::FeeDestination::get(),
			auction.deposit,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		)?;
		Self::deposit_event(Event::AuctionAbandoned { auction: id });
		Ok(())
	}

	/// Drops an auction's records: unlocks the NFT, takes it out of the queue.
	fn remove_auction(id: AuctionId, auction: &AuctionOf<T>) {
		Auctions::<T>::remove(id);
		AuctionOfItem::<T>::remove(auction.collection, auction.item);
		if let Some(at) = auction.queued_at {
			Self::unqueue(at, id);
		}
	}

	fn queue(at: BlockNumberFor<T>, id: AuctionId) {
		let count = DueCount::<T>::get();
		if count == 0 || at < SettleCursor::<T>::get() {
			SettleCursor::<T>::put(at);
		}
		Due::<T>::insert(at, id, ());
		DueCount::<T>::put(count.saturating_add(1));
	}

	pub(crate) fn unqueue(at: BlockNumberFor<T>, id: AuctionId) {
		if Due::<T>::take(at, id).is_some() {
			DueCount::<T>::mutate(|count| count.saturating_dec());
		}
	}

	/// Settles up to `max` auctions due by `now`, oldest first, looking at no more than
	/// `4 × max + 1` blocks of the queue. Returns the weight used.
	pub(crate) fn settle_due(now: BlockNumberFor<T>, max: u32) -> Weight {
		let db = T::DbWeight::get();
		if DueCount::<T>::get() == 0 {
			return db.reads(1);
		}
		let mut cursor = SettleCursor::<T>::get();
		let max_scan = max.saturating_mul(4).saturating_add(1);
		let (mut settled, mut scanned) = (0u32, 0u32);
		while settled < max && scanned < max_scan && cursor <= now {
			scanned.saturating_inc();
			let due: alloc::vec::Vec<AuctionId> = Due::<T>::iter_key_prefix(cursor)
				.take(max.saturating_sub(settled) as usize)
				.collect();
			if due.is_empty() {
				cursor = cursor.saturating_add(One::one());
				continue;
			}
			for id in due {
				settled.saturating_inc();
				Self::settle_queued(id, cursor, now);
			}
		}
		SettleCursor::<T>::put(cursor);
		T::WeightInfo::settle_due(settled).saturating_add(db.reads_writes(scanned.into(), 1))
	}

	/// Settles one queued auction; a failure is recorded and queued again for later, so the
	/// queue moves on.
	fn settle_queued(id: AuctionId, at: BlockNumberFor<T>, now: BlockNumberFor<T>) {
		let Some(mut auction) = Auctions::<T>::get(id) else {
			Self::unqueue(at, id);
			return;
		};
		let Err(error) = Self::do_settle(id, auction.clone()) else { return };
		Self::unqueue(at, id);
		let attempts = match auction.status {
			AuctionStatus::SettlementFailed { attempts } => attempts.saturating_add(1),
			AuctionStatus::Open => 1,
		};
		let retry_at = (attempts < T::MaxSettleAttempts::get())
			.then(|| now.saturating_add(T::RetryDelay::get().max(One::one())));
		if let Some(retry_at) = retry_at {
			Self::queue(retry_at, id);
		}
		auction.status = AuctionStatus::SettlementFailed { attempts };
		auction.queued_at = retry_at;
		Auctions::<T>::insert(id, auction);
		Self::deposit_event(Event::SettlementFailed { auction: id, error, attempts, retry_at });
	}
}
