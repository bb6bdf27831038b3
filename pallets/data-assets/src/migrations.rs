//! Storage migrations of the data-assets pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Saturating;

/// v1 → v2: content records gain `encryption` (issue 12); every v1 content is open data.
pub mod v2 {
	use super::*;

	/// A content record before encryption existed.
	#[derive(Encode, Decode)]
	pub struct OldContent<MaxCid: Get<u32>> {
		pub cid: BoundedVec<u8, MaxCid>,
		pub digest: Digest,
		pub size: u64,
	}

	impl<MaxCid: Get<u32>> OldContent<MaxCid> {
		fn upgrade(self) -> Content<MaxCid> {
			Content { cid: self.cid, digest: self.digest, size: self.size, encryption: None }
		}
	}

	/// An asset record of v1.
	#[derive(Encode, Decode)]
	pub struct OldAssetDetails<AccountId, Balance, BlockNumber, MaxCid: Get<u32>> {
		pub provider: AccountId,
		pub status: AssetStatus,
		pub content: OldContent<MaxCid>,
		pub revision: u32,
		pub deposit: Balance,
		pub fee: Balance,
		pub created: BlockNumber,
		pub updated: BlockNumber,
	}

	/// A pending revision of v1.
	#[derive(Encode, Decode)]
	pub struct OldPendingRevision<AccountId, Balance, BlockNumber, MaxCid: Get<u32>> {
		pub content: OldContent<MaxCid>,
		pub submitter: AccountId,
		pub deposit: Balance,
		pub fee: Balance,
		pub submitted: BlockNumber,
	}

	type OldDetailsOf<T> = OldAssetDetails<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxCidLen,
	>;
	type OldRevisionOf<T> = OldPendingRevision<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxCidLen,
	>;

	/// Rewrites every asset and pending revision with `encryption: None`. Unversioned: use
	/// [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Assets::<T>::translate::<OldDetailsOf<T>, _>(|_, old| {
				count.saturating_inc();
				Some(AssetDetails {
					provider: old.provider,
					status: old.status,
					content: old.content.upgrade(),
					revision: old.revision,
					deposit: old.deposit,
					fee: old.fee,
					created: old.created,
					updated: old.updated,
				})
			});
			PendingRevisions::<T>::translate::<OldRevisionOf<T>, _>(|_, old| {
				count.saturating_inc();
				Some(PendingRevision {
					content: old.content.upgrade(),
					submitter: old.submitter,
					deposit: old.deposit,
					fee: old.fee,
					submitted: old.submitted,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}
	}
}

/// v1 → v2, run once (the pallet's storage version guards it).
pub type MigrateV1ToV2<T> = VersionedMigration<
	1,
	2,
	v2::UncheckedMigrateV1ToV2<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
