//! Runtime API for clients: an asset with its status, rating and pin state; assets by owner.

use crate::types::{AssetId, AssetStatus, AssetView};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Read access to data assets for wallets, the CLI and gateways. Version 2 adds
	/// `content_key` (encrypted content).
	#[api_version(2)]
	pub trait DataAssetsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// An asset with its metadata, status, owner, current rating and pin state.
		fn asset(id: AssetId) -> Option<AssetView<AccountId, Balance, BlockNumber>>;
		/// Ids of the assets `owner` owns (holds the NFT of, or provided and has no NFT yet).
		fn assets_of(owner: AccountId) -> Vec<AssetId>;
		/// Up to `limit` asset ids from `start` on, optionally only those in `status`.
		fn assets(status: Option<AssetStatus>, start: AssetId, limit: u32) -> Vec<AssetId>;
		/// The content key of `asset` sealed to `recipient`: the revision it decrypts and the
		/// sealed bytes.
		#[api_version(2)]
		fn content_key(asset: AssetId, recipient: AccountId) -> Option<(u32, Vec<u8>)>;
	}
}
