//! A feed end to end in the runtime, with the real data-assets, NFT-market and collective
//! pallets: a schema, a feed approved by Council motion, a batch that lists itself and is
//! auctioned, a bid, the auction settling by itself, the collector paid its part.

use super::{free, ido::by_motion, preset_ext};
use crate::{
	configs::{nft_market::OwnershipDividendShare, treasury::TreasuryAccount},
	DataAssets, Feeds, NftMarket, Runtime, RuntimeCall, RuntimeOrigin, System, BDES, MINUTES,
};
use bdes_primitives::{ColumnType, DataAssetInspect, Encryption};
use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
use pallet_feeds::{BatchInput, Collector, Column, FeedSpec, FeedStatus, SaleMode, SealedKey};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring;
use sp_runtime::Permill;

fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		NftMarket::on_initialize(next);
		Feeds::on_initialize(next);
	}
}

#[test]
fn a_feeds_batch_lists_itself_and_its_auction_settles_by_itself() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let [dave, eve, ferdie] =
			[Sr25519Keyring::Dave, Sr25519Keyring::Eve, Sr25519Keyring::Ferdie]
				.map(|k| k.to_account_id());
		let columns: Vec<Column<BoundedVec<u8, _>>> =
			[(&b"ts"[..], ColumnType::TimestampMillis), (b"temp_c", ColumnType::Float64)]
				.into_iter()
				.map(|(name, kind)| Column { name: name.to_vec().try_into().unwrap(), kind })
				.collect();
		assert_ok!(Feeds::register_schema(
			RuntimeOrigin::signed(dave.clone()),
			b"weather".to_vec().try_into().unwrap(),
			columns.try_into().unwrap()
		));
		let hash = pallet_feeds::Schemas::<Runtime>::get(0).unwrap().hash;
		assert_eq!(hash, sp_io::hashing::sha2_256(b"ts:timestamp_ms,temp_c:float64"));
		let terms = pallet_nft_market::AuctionTerms {
			start_price: 10 * BDES,
			min_increment: BDES,
			duration: MINUTES,
			reserve: None,
		};
		let spec = FeedSpec {
			name: b"station_a".to_vec().try_into().unwrap(),
			schema: 0,
			interval: MINUTES,
			sale: SaleMode::Auction(terms),
			collectors: vec![Collector { account: eve.clone(), part: Permill::one() }]
				.try_into()
				.unwrap(),
		};
		assert_ok!(Feeds::propose_feed(RuntimeOrigin::signed(dave.clone()), spec));
		by_motion(RuntimeCall::Feeds(pallet_feeds::Call::approve_feed { feed: 0 }));
		assert_eq!(pallet_feeds::Feeds::<Runtime>::get(0).unwrap().status, FeedStatus::Active);

		let batch = BatchInput {
			cid: b"QmaML4RjGhTSKCk3ptb4XkUvRfKPaNKbJTXdNNHEGUgWm3".to_vec().try_into().unwrap(),
			digest: [0x42; 32],
			size: 2_048,
			schema: 0,
			header: hash,
			rows: 60,
			window: (1_767_225_600, 1_767_225_659),
			source: b"http://127.0.0.1:8080/sensor".to_vec().try_into().unwrap(),
			encryption: None,
			keys: Default::default(),
		};
		let asset = pallet_data_assets::NextAssetId::<Runtime>::get();
		assert_ok!(Feeds::submit_batch(RuntimeOrigin::signed(dave.clone()), 0, batch.clone()));
		// Listed with no motion, owned by the operator, its auction open.
		assert!(DataAssets::is_listed(asset));
		assert_eq!(DataAssets::owner(asset), Some(dave.clone()));
		assert_eq!(pallet_feeds::Batches::<Runtime>::get(asset).unwrap().feed, 0);
		let auction = pallet_nft_market::NextAuctionId::<Runtime>::get() - 1;
		assert!(pallet_nft_market::Auctions::<Runtime>::contains_key(auction));
		// The same batch again is refused.
		let mut again = batch;
		again.window = (1_767_225_700, 1_767_225_759);
		assert_noop!(
			Feeds::submit_batch(RuntimeOrigin::signed(dave.clone()), 0, again),
			pallet_feeds::Error::<Runtime>::DuplicateBatch
		);

		assert_ok!(NftMarket::bid(RuntimeOrigin::signed(ferdie.clone()), auction, 20 * BDES));
		let (eve_before, dave_before, pool_before) =
			(free(&eve), free(&dave), free(&TreasuryAccount::get()));
		let end = pallet_nft_market::Auctions::<Runtime>::get(auction).unwrap().end;
		run_to(end);
		// Settled by itself: the NFT is Ferdie's, the collector has the dividend part.
		assert!(!pallet_nft_market::Auctions::<Runtime>::contains_key(auction));
		assert_eq!(DataAssets::owner(asset), Some(ferdie));
		let dividends = OwnershipDividendShare::get().mul_floor(20 * BDES);
		let fee = crate::configs::nft_market::NftProtocolFee::get().mul_floor(20 * BDES);
		assert_eq!(free(&eve), eve_before + dividends);
		assert_eq!(free(&TreasuryAccount::get()), pool_before + fee);
		// Dave also gets his auction deposit back.
		assert!(free(&dave) >= dave_before + 20 * BDES - dividends - fee);
		// Silent for two intervals since its batch: stale.
		run_to(end + 2 * MINUTES);
		assert_eq!(pallet_feeds::Feeds::<Runtime>::get(0).unwrap().status, FeedStatus::Stale);
	});
}

#[test]
fn an_encrypted_batch_is_listed_with_its_keys_sealed_to_the_operator_and_a_gateway() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let [dave, ferdie, charlie] =
			[Sr25519Keyring::Dave, Sr25519Keyring::Ferdie, Sr25519Keyring::Charlie]
				.map(|k| k.to_account_id());
		// Ferdie is the preset's gateway; its sealing key as `bdes-gateway` registers it.
		pallet_data_licences::SealingKeys::<Runtime>::insert(&ferdie, [9u8; 32]);
		let columns: Vec<Column<BoundedVec<u8, _>>> = vec![Column {
			name: b"ts".to_vec().try_into().unwrap(),
			kind: ColumnType::TimestampMillis,
		}];
		assert_ok!(Feeds::register_schema(
			RuntimeOrigin::signed(dave.clone()),
			b"ticks".to_vec().try_into().unwrap(),
			columns.try_into().unwrap()
		));
		let terms = pallet_data_licences::OfferTerms {
			price: 5 * BDES,
			duration: 1_000,
			calls: 100,
			max_sales: None,
			transferable: true,
			revenue_share: Permill::zero(),
		};
		let spec = FeedSpec {
			name: b"ticks".to_vec().try_into().unwrap(),
			schema: 0,
			interval: MINUTES,
			sale: SaleMode::Offers(terms),
			collectors: Default::default(),
		};
		assert_ok!(Feeds::propose_feed(RuntimeOrigin::signed(dave.clone()), spec));
		by_motion(RuntimeCall::Feeds(pallet_feeds::Call::approve_feed { feed: 0 }));
		let header = pallet_feeds::Schemas::<Runtime>::get(0).unwrap().hash;
		let sealed = |cipher: u8, to: &[&crate::AccountId], window: u64| BatchInput {
			cid: b"QmaML4RjGhTSKCk3ptb4XkUvRfKPaNKbJTXdNNHEGUgWm3".to_vec().try_into().unwrap(),
			digest: [cipher; 32],
			size: 2_400,
			schema: 0,
			header,
			rows: 60,
			window: (window, window + 59),
			source: b"http://127.0.0.1:8080/ticks".to_vec().try_into().unwrap(),
			encryption: Some(Encryption { plain_digest: [0x51; 32], plain_size: 2_048 }),
			keys: to
				.iter()
				.map(|r| SealedKey {
					recipient: (*r).clone(),
					sealed: vec![cipher; 250].try_into().unwrap(),
				})
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
		};
		let asset = pallet_data_assets::NextAssetId::<Runtime>::get();
		let held = |who| {
			<crate::Balances as frame_support::traits::fungible::InspectHold<_>>::balance_on_hold(
				&crate::RuntimeHoldReason::DataAssets(
					pallet_data_assets::HoldReason::ContentKeyDeposit,
				),
				who,
			)
		};
		let before = held(&dave);
		// A key to an account that is no gateway refuses the batch.
		assert_noop!(
			Feeds::submit_batch(
				RuntimeOrigin::signed(dave.clone()),
				0,
				sealed(0xa1, &[&dave, &charlie], 100)
			),
			pallet_data_assets::Error::<Runtime>::NotARecipient
		);
		assert_ok!(Feeds::submit_batch(
			RuntimeOrigin::signed(dave.clone()),
			0,
			sealed(0xa1, &[&dave, &ferdie], 100)
		));
		// Listed, its offer open, the keys on chain before any licence is bought.
		assert!(DataAssets::is_listed(asset));
		let view = DataAssets::asset_view(asset).unwrap();
		assert_eq!(view.digest, [0xa1; 32]);
		assert_eq!(view.encryption.map(|e| e.plain_digest), Some([0x51; 32]));
		assert_eq!(DataAssets::content_key(asset, &ferdie), Some((0, vec![0xa1; 250])));
		assert_eq!(DataAssets::content_key(asset, &dave), Some((0, vec![0xa1; 250])));
		assert!(held(&dave) > before, "the keys' deposits are the operator's");
		assert_eq!(pallet_feeds::Batches::<Runtime>::get(asset).unwrap().digest, [0x51; 32]);
		// The same Parquet file sealed again is the duplicate it is.
		assert_noop!(
			Feeds::submit_batch(
				RuntimeOrigin::signed(dave.clone()),
				0,
				sealed(0xa2, &[&dave], 200)
			),
			pallet_feeds::Error::<Runtime>::DuplicateBatch
		);
	});
}
