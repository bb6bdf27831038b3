//! Runtime API for clients and gateways: is a licence valid, licences of an account, offers.

use crate::types::{
	DataAssetId, GatewayCheck, LicenceCheck, LicenceId, LicenceInfo, Offer, OfferId,
};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Read access to licences for wallets, the CLI and data gateways. Version 2 adds
	/// `gateway_check` (usage vouchers).
	#[api_version(2)]
	pub trait DataLicencesApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Whether `licence` lets `who` use `asset` now: calls left and expiry, or why not.
		fn check(licence: LicenceId, asset: DataAssetId, who: AccountId) -> LicenceCheck<BlockNumber>;
		/// A licence with its holder.
		fn licence(licence: LicenceId) -> Option<LicenceInfo<AccountId, BlockNumber>>;
		/// The licences `who` holds.
		fn licences_of(who: AccountId) -> Vec<LicenceInfo<AccountId, BlockNumber>>;
		/// The open offers of `asset`.
		fn offers(asset: DataAssetId) -> Vec<(OfferId, Offer<AccountId, Balance, BlockNumber>)>;
		/// `check` as `gateway` needs it: with the cumulative calls it has charged on the
		/// licence (its next voucher must be above) and the last block to settle usage.
		#[api_version(2)]
		fn gateway_check(
			licence: LicenceId,
			asset: DataAssetId,
			who: AccountId,
			gateway: AccountId,
		) -> GatewayCheck<BlockNumber>;
	}
}
