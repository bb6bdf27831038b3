//! Runtime API for clients: a data asset's share class, a holder's stake and claimable dividends.

use crate::types::{DataAssetId, ShareClass, Stake};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Read access to revenue shares for wallets and the CLI.
	pub trait RevenueSharesApi<AccountId, Balance, ShareAssetId>
	where
		AccountId: Codec,
		Balance: Codec,
		ShareAssetId: Codec,
	{
		/// The share class of `asset`, if it issued one.
		fn class(asset: DataAssetId) -> Option<ShareClass<AccountId, Balance, ShareAssetId>>;
		/// `who`'s stake in `asset`'s shares.
		fn stake(asset: DataAssetId, who: AccountId) -> Option<Stake<Balance>>;
		/// The dividends `who` could claim now.
		fn claimable(asset: DataAssetId, who: AccountId) -> Balance;
	}
}
