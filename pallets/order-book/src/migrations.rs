//! Storage migrations of the order-book pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, storage_alias,
	traits::UncheckedOnRuntimeUpgrade,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Saturating;

/// v1 → v2 (issue 13): fewer writes a placement. Markets lose their count of resting orders
/// (written by every placement, used by nothing but a check); each account's orders move from
/// a key per order plus a counter to one list (`AccountOrders`).
pub mod v2 {
	use super::*;

	/// A market of v1.
	#[derive(Encode, Decode)]
	pub struct OldMarket<AssetId, Balance, BlockNumber> {
		pub base: AssetId,
		pub tick: Balance,
		pub lot: Balance,
		pub params: MarketParams<Balance, BlockNumber>,
		pub status: MarketStatus,
		pub open_orders: u32,
	}

	type OldMarketOf<T> = OldMarket<AssetIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;

	/// The resting orders of each account, a key per order (v1).
	#[storage_alias]
	pub type OrdersOf<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		Twox64Concat,
		OrderId,
		(),
	>;

	/// How many orders each account had resting (v1).
	#[storage_alias]
	pub type OpenOrderCount<T: Config> = StorageMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		u32,
		ValueQuery,
	>;

	/// Rewrites the markets and builds the accounts' lists. Unversioned: use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			Markets::<T>::translate::<OldMarketOf<T>, _>(|_, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				Some(Market {
					base: old.base,
					tick: old.tick,
					lot: old.lot,
					params: old.params,
					status: old.status,
				})
			});
			// At most `MaxOpenOrders` orders an account rested under v1, so each list fits;
			// ids are sorted as the list keeps them (oldest first).
			let mut lists: alloc::collections::BTreeMap<T::AccountId, alloc::vec::Vec<OrderId>> =
				Default::default();
			for (who, id, ()) in OrdersOf::<T>::drain() {
				reads.saturating_inc();
				writes.saturating_inc();
				lists.entry(who).or_default().push(id);
			}
			for (who, mut ids) in lists {
				ids.sort_unstable();
				match BoundedVec::<OrderId, T::MaxOpenOrders>::try_from(ids) {
					Ok(ids) => AccountOrders::<T>::insert(&who, ids),
					Err(_) => {
						frame_support::defensive!(
							"an account had more than MaxOpenOrders orders; its list is not migrated"
						);
					},
				}
				writes.saturating_inc();
			}
			let cleared = OpenOrderCount::<T>::clear(u32::MAX, None);
			reads.saturating_accrue(cleared.loops.into());
			writes.saturating_accrue(cleared.unique.into());
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let orders = OrdersOf::<T>::iter().count() as u64;
			let markets = Markets::<T>::iter_keys().count() as u64;
			Ok((orders, markets).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (orders, markets): (u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			let listed: u64 = AccountOrders::<T>::iter_values().map(|ids| ids.len() as u64).sum();
			ensure!(listed == orders, "orders lost from the accounts' lists");
			ensure!(Markets::<T>::iter().count() as u64 == markets, "markets lost");
			ensure!(OrdersOf::<T>::iter().next().is_none(), "v1 lists left");
			ensure!(OpenOrderCount::<T>::iter().next().is_none(), "v1 counters left");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`UncheckedMigrateV1ToV2`] run once, at storage version 1, setting version 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

pub use v2::MigrateV1ToV2;
