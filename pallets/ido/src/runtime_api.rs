//! Runtime API of the IDO pallet: IDOs by asset and status, their plans, investors' records.

use crate::{Commitment, DataAssetId, IdoId, IdoInfo, Status, Tranche};
use alloc::vec::Vec;
use codec::Codec;

/// An IDO as clients read it: its plan's milestones as plain bytes.
pub type IdoView<AccountId, Balance, BlockNumber> =
	IdoInfo<AccountId, Balance, BlockNumber, Vec<Tranche<BlockNumber, Vec<u8>>>>;

sp_api::decl_runtime_apis! {
	/// What clients read from the IDO pallet.
	pub trait IdoApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// An IDO: its terms and plan, where it is, what was raised, released and refunded.
		fn ido(id: IdoId) -> Option<IdoView<AccountId, Balance, BlockNumber>>;
		/// IDOs, oldest first, of one data asset or all, and only those not closed if `open`.
		fn idos(asset: Option<DataAssetId>, open: bool) -> Vec<(IdoId, DataAssetId, Status)>;
		/// An investor's record: commitment, shares delivered and returned, refunds, what is
		/// owed to it.
		fn commitment(id: IdoId, who: AccountId) -> Option<Commitment<Balance>>;
	}
}
