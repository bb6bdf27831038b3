//! Tests of the data-assets pallet: every call and error, deposits and fees, NFT ownership,
//! revisions and ratings, pin reports, and the offchain worker against scripted IPFS answers.

use crate::{mock::*, *};
use alloc::string::ToString;
use codec::{Decode, Encode};
use frame_support::traits::{Get, Hooks};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_core::offchain::testing::PendingRequest;
use sp_runtime::{traits::Dispatchable, DispatchError, DispatchResult};

const IPFS: &str = "http://127.0.0.1:5001/api/v0";

fn cid(seed: u32) -> Vec<u8> {
	let digest = sp_io::hashing::sha2_256(&seed.to_le_bytes());
	let hash = cid::multihash::Multihash::<64>::wrap(0x12, &digest).unwrap();
	cid::CidGeneric::<64>::new_v1(0x55, hash).to_string().into_bytes()
}

fn content(seed: u32) -> ContentInput {
	ContentInput {
		cid: cid(seed),
		digest: sp_io::hashing::sha2_256(&[seed as u8; 3]),
		size: 100,
		encryption: None,
	}
}

fn metadata() -> MetadataInput {
	MetadataInput {
		title: b"Air quality, Berlin".to_vec(),
		description: b"Hourly PM2.5 readings".to_vec(),
		category: Category::Science,
		tags: vec![b"air".to_vec(), b"pm2-5".to_vec()],
		format: b"text/csv".to_vec(),
		coverage: CoveragePeriod { start: 1_600_000_000, end: 1_700_000_000 },
		source: b"Umweltbundesamt".to_vec(),
	}
}

fn held(who: &AccountId, reason: HoldReason) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::DataAssets(reason), who)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::DataAssets(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn submit(who: &AccountId, seed: u32) -> AssetId {
	let asset = NextAssetId::<Test>::get();
	assert_ok!(DataAssets::submit(RuntimeOrigin::signed(who.clone()), metadata(), content(seed)));
	asset
}

fn list(who: &AccountId, seed: u32) -> AssetId {
	let asset = submit(who, seed);
	assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
	asset
}

fn report(who: &AccountId, asset: AssetId, outcome: PinOutcome) -> DispatchResult {
	let revision = Pins::<Test>::get(asset).map(|s| s.revision).unwrap_or_default();
	DataAssets::report_pins(
		RuntimeOrigin::signed(who.clone()),
		BoundedVec::truncate_from(vec![PinReport { asset, revision, outcome }]),
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

fn nft_owner(asset: AssetId) -> Option<AccountId> {
	<Nfts as frame_support::traits::tokens::nonfungibles_v2::Inspect<AccountId>>::owner(
		&OwnershipCollection::<Test>::get()?,
		&asset,
	)
}

// ---- listing ------------------------------------------------------------------------------------

#[test]
fn submit_holds_deposit_and_fee() {
	run_test(|| {
		let free = Balances::free_balance(alice());
		let asset = submit(&alice(), 1);
		let details = Assets::<Test>::get(asset).unwrap();
		assert_eq!(details.status, AssetStatus::Pending);
		assert_eq!(details.provider, alice());
		assert!(details.deposit > DEPOSIT_BASE, "deposit grows with the bytes stored");
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), details.deposit);
		assert_eq!(held(&alice(), HoldReason::ListingFee), LISTING_FEE);
		assert_eq!(Balances::free_balance(alice()), free - details.deposit - LISTING_FEE);
		assert_eq!(Metadata::<Test>::get(asset).unwrap().title.to_vec(), b"Air quality, Berlin");
		assert_eq!(NextAssetId::<Test>::get(), asset + 1);
		assert_eq!(
			events().last(),
			Some(&Event::Submitted {
				asset,
				provider: alice(),
				cid: cid(1).try_into().unwrap(),
				deposit: details.deposit
			})
		);
	});
}

#[test]
fn submit_refuses_every_bad_field() {
	run_test(|| {
		let origin = || RuntimeOrigin::signed(alice());
		let bad = |f: fn(&mut MetadataInput), error: Error<Test>| {
			let mut m = metadata();
			f(&mut m);
			assert_noop!(DataAssets::submit(origin(), m, content(1)), error);
		};
		bad(|m| m.title.clear(), Error::EmptyTitle);
		bad(|m| m.title = vec![b'a'; 65], Error::TitleTooLong);
		bad(|m| m.title = vec![0xff, 0xfe], Error::InvalidUtf8);
		bad(|m| m.description = vec![b'a'; 257], Error::DescriptionTooLong);
		bad(|m| m.source = vec![b'a'; 65], Error::SourceTooLong);
		bad(|m| m.tags = vec![b"a".to_vec(); 5], Error::TooManyTags);
		bad(|m| m.tags = vec![b"Upper".to_vec()], Error::InvalidTag);
		bad(|m| m.tags = vec![Vec::new()], Error::InvalidTag);
		bad(|m| m.tags = vec![vec![b'a'; 17]], Error::InvalidTag);
		bad(|m| m.tags = vec![b"air".to_vec(), b"air".to_vec()], Error::DuplicateTag);
		bad(|m| m.format = b"csv".to_vec(), Error::InvalidFormat);
		bad(|m| m.format = b"text/".to_vec(), Error::InvalidFormat);
		bad(|m| m.format = b"text/c sv".to_vec(), Error::InvalidFormat);
		bad(|m| m.coverage = CoveragePeriod { start: 2, end: 1 }, Error::InvalidCoveragePeriod);

		let bad_content = |c: ContentInput, error: Error<Test>| {
			assert_noop!(DataAssets::submit(origin(), metadata(), c), error);
		};
		bad_content(ContentInput { size: 0, ..content(1) }, Error::EmptyContent);
		bad_content(ContentInput { digest: [0; 32], ..content(1) }, Error::InvalidDigest);
		bad_content(ContentInput { cid: vec![b'Q'; 101], ..content(1) }, Error::CidTooLong);
		bad_content(ContentInput { cid: b"not-a-cid".to_vec(), ..content(1) }, Error::InvalidCid);
		// A CIDv0 with one character changed no longer decodes to a sha2-256 multihash.
		bad_content(
			ContentInput {
				cid: b"QmaML4RjGhTSKCk3ptb4XkUvRfKPaNKbJTXdNNHEGUgWm".to_vec(),
				..content(1)
			},
			Error::InvalidCid,
		);
		// dag-cbor is a valid CID, but not a file IPFS serves.
		let digest = sp_io::hashing::sha2_256(b"x");
		let hash = cid::multihash::Multihash::<64>::wrap(0x12, &digest).unwrap();
		let cbor = cid::CidGeneric::<64>::new_v1(0x71, hash).to_string().into_bytes();
		bad_content(ContentInput { cid: cbor, ..content(1) }, Error::UnsupportedCid);

		// Not enough funds for deposit and fee.
		assert_noop!(
			DataAssets::submit(RuntimeOrigin::signed(charlie()), metadata(), content(1)),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn cidv0_and_cidv1_in_several_bases_are_accepted() {
	run_test(|| {
		for text in [
			"QmaML4RjGhTSKCk3ptb4XkUvRfKPaNKbJTXdNNHEGUgWm3",
			"bafybeibcutws4tqthwjswe33f2gnhwxiu3xtn3azbkx4dor5uqkca53qia",
			"zdj7WWeQ43G6JJvLWQWZpyHuAMq6uYWRjkBXFad11vE2LHhQ7",
		] {
			assert_ok!(DataAssets::submit(
				RuntimeOrigin::signed(alice()),
				metadata(),
				ContentInput { cid: text.as_bytes().to_vec(), ..content(1) }
			));
		}
		assert_eq!(NextAssetId::<Test>::get(), 3);
	});
}

#[test]
fn approve_mints_nft_charges_fee_and_requests_pins() {
	run_test(|| {
		let asset = submit(&alice(), 1);
		let deposit = Assets::<Test>::get(asset).unwrap().deposit;
		let pool = Balances::free_balance(reserve_pool());
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));

		let details = Assets::<Test>::get(asset).unwrap();
		assert_eq!(details.status, AssetStatus::Listed);
		assert_eq!(details.fee, 0);
		assert_eq!(Balances::free_balance(reserve_pool()), pool + LISTING_FEE);
		assert_eq!(held(&alice(), HoldReason::ListingFee), 0);
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), deposit);
		assert_eq!(nft_owner(asset), Some(alice()));
		assert_eq!(DataAssets::owner_of(asset), Some(alice()));
		let pins = Pins::<Test>::get(asset).unwrap();
		assert_eq!(pins.target, 2);
		assert!(pins.pinned_by.is_empty());
		let evs = events();
		assert!(evs.contains(&Event::Listed { asset, owner: alice(), fee: LISTING_FEE }));
		assert!(evs.contains(&Event::PinRequested {
			asset,
			cid: cid(1).try_into().unwrap(),
			target: 2
		}));

		// Nothing is pending any more.
		assert_noop!(
			DataAssets::approve(RuntimeOrigin::root(), asset),
			Error::<Test>::NothingPending
		);
		assert_noop!(
			DataAssets::reject(RuntimeOrigin::root(), asset),
			Error::<Test>::NothingPending
		);
	});
}

#[test]
fn approval_fails_cleanly_without_a_collection_deposit() {
	run_test(|| {
		let asset = submit(&alice(), 1);
		// Drain the pallet account: the collection cannot be created.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), DataAssets::account_id(), 0));
		assert_noop!(
			DataAssets::approve(RuntimeOrigin::root(), asset),
			Error::<Test>::CollectionUnavailable
		);
	});
}

#[test]
fn reject_returns_deposit_and_fee() {
	run_test(|| {
		let free = Balances::free_balance(alice());
		let asset = submit(&alice(), 1);
		assert_ok!(DataAssets::reject(RuntimeOrigin::root(), asset));
		assert_eq!(Balances::free_balance(alice()), free);
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), 0);
		assert_eq!(Assets::<Test>::get(asset).unwrap().status, AssetStatus::Rejected);
		assert!(!Pins::<Test>::contains_key(asset));
		assert_eq!(events().last(), Some(&Event::Rejected { asset, provider: alice() }));
		assert_noop!(
			DataAssets::approve(RuntimeOrigin::root(), asset),
			Error::<Test>::NothingPending
		);
	});
}

#[test]
fn council_calls_need_the_council() {
	run_test(|| {
		let asset = submit(&alice(), 1);
		let signed = || RuntimeOrigin::signed(alice());
		assert_noop!(DataAssets::approve(signed(), asset), DispatchError::BadOrigin);
		assert_noop!(DataAssets::reject(signed(), asset), DispatchError::BadOrigin);
		assert_noop!(DataAssets::suspend(signed(), asset), DispatchError::BadOrigin);
		assert_noop!(DataAssets::restore(signed(), asset), DispatchError::BadOrigin);
		assert_noop!(
			DataAssets::rate(signed(), asset, QualityScores::default()),
			DispatchError::BadOrigin
		);
		assert_noop!(DataAssets::register_pinner(signed(), bob()), DispatchError::BadOrigin);
		assert_noop!(DataAssets::deregister_pinner(signed(), pinner1()), DispatchError::BadOrigin);
		assert_noop!(DataAssets::set_replication_target(signed(), 1), DispatchError::BadOrigin);
		assert_noop!(DataAssets::approve(RuntimeOrigin::root(), 99), Error::<Test>::UnknownAsset);
		assert_noop!(DataAssets::reject(RuntimeOrigin::root(), 99), Error::<Test>::UnknownAsset);
	});
}

// ---- lifecycle ----------------------------------------------------------------------------------

#[test]
fn suspend_restore_and_delist() {
	run_test(|| {
		let asset = list(&alice(), 1);
		assert_noop!(
			DataAssets::restore(RuntimeOrigin::root(), asset),
			Error::<Test>::InvalidStatus
		);
		assert_ok!(DataAssets::suspend(RuntimeOrigin::root(), asset));
		assert_eq!(Assets::<Test>::get(asset).unwrap().status, AssetStatus::Suspended);
		assert!(Pins::<Test>::contains_key(asset), "pins stay while suspended");
		assert_noop!(
			DataAssets::suspend(RuntimeOrigin::root(), asset),
			Error::<Test>::InvalidStatus
		);
		assert_ok!(DataAssets::restore(RuntimeOrigin::root(), asset));
		assert_eq!(Assets::<Test>::get(asset).unwrap().status, AssetStatus::Listed);

		// Only the owner (or the Council) delists.
		assert_noop!(
			DataAssets::delist(RuntimeOrigin::signed(bob()), asset),
			Error::<Test>::NotOwner
		);
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(alice()), asset));
		assert_eq!(Assets::<Test>::get(asset).unwrap().status, AssetStatus::Delisted);
		assert!(!Pins::<Test>::contains_key(asset));
		let evs = events();
		assert!(evs.contains(&Event::UnpinRequested { asset, cid: cid(1).try_into().unwrap() }));
		assert_eq!(evs.last(), Some(&Event::Delisted { asset, by_council: false }));
		assert_noop!(
			DataAssets::delist(RuntimeOrigin::signed(alice()), asset),
			Error::<Test>::InvalidStatus
		);

		let other = list(&bob(), 2);
		assert_ok!(DataAssets::suspend(RuntimeOrigin::root(), other));
		assert_ok!(DataAssets::delist(RuntimeOrigin::root(), other));
		assert_eq!(events().last(), Some(&Event::Delisted { asset: other, by_council: true }));
		// A pending asset cannot be delisted.
		let pending = submit(&alice(), 3);
		assert_noop!(
			DataAssets::delist(RuntimeOrigin::signed(alice()), pending),
			Error::<Test>::InvalidStatus
		);
	});
}

#[test]
fn remove_returns_the_deposit_and_burns_the_nft() {
	run_test(|| {
		let free = Balances::free_balance(alice());
		let asset = list(&alice(), 1);
		assert_noop!(
			DataAssets::remove(RuntimeOrigin::signed(alice()), asset),
			Error::<Test>::InvalidStatus
		);
		assert_ok!(DataAssets::rate(RuntimeOrigin::root(), asset, QualityScores::default()));
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(alice()), asset));
		assert_noop!(
			DataAssets::remove(RuntimeOrigin::signed(bob()), asset),
			Error::<Test>::NotOwner
		);
		assert_ok!(DataAssets::remove(RuntimeOrigin::signed(alice()), asset));
		assert!(!Assets::<Test>::contains_key(asset));
		assert!(!Metadata::<Test>::contains_key(asset));
		assert!(Ratings::<Test>::get(asset).is_empty());
		assert_eq!(nft_owner(asset), None);
		// Everything back except the listing fee.
		assert_eq!(Balances::free_balance(alice()), free - LISTING_FEE);
		assert_eq!(events().last(), Some(&Event::Removed { asset }));

		let rejected = submit(&bob(), 2);
		assert_ok!(DataAssets::reject(RuntimeOrigin::root(), rejected));
		assert_noop!(
			DataAssets::remove(RuntimeOrigin::signed(alice()), rejected),
			Error::<Test>::NotOwner
		);
		assert_ok!(DataAssets::remove(RuntimeOrigin::signed(bob()), rejected));
		assert_noop!(
			DataAssets::remove(RuntimeOrigin::signed(bob()), rejected),
			Error::<Test>::UnknownAsset
		);
	});
}

// ---- encrypted content and sealed keys (issue 12) -------------------------------------------

fn encrypted(seed: u32) -> ContentInput {
	ContentInput {
		encryption: Some(Encryption {
			plain_digest: sp_io::hashing::sha2_256(&[seed as u8; 5]),
			plain_size: 60,
		}),
		..content(seed)
	}
}

fn set_key(who: &AccountId, asset: AssetId, to: &AccountId, revision: u32) -> DispatchResult {
	DataAssets::set_content_key(
		RuntimeOrigin::signed(who.clone()),
		asset,
		to.clone(),
		revision,
		vec![7; 40],
	)
}

#[test]
fn encrypted_content_records_what_the_ciphertext_decrypts_to() {
	run_test(|| {
		let asset = NextAssetId::<Test>::get();
		assert_ok!(DataAssets::submit(RuntimeOrigin::signed(alice()), metadata(), encrypted(1)));
		let view = DataAssets::asset_view(asset).unwrap();
		assert_eq!(view.encryption, encrypted(1).encryption);
		// The CID, digest and size are the ciphertext's: pinners check those.
		assert_eq!((view.digest, view.size), (content(1).digest, 100));
		let bad = |plain_size: u64, plain_digest: [u8; 32], error: Error<Test>| {
			let input = ContentInput {
				encryption: Some(Encryption { plain_digest, plain_size }),
				..content(2)
			};
			assert_noop!(
				DataAssets::submit(RuntimeOrigin::signed(alice()), metadata(), input),
				error
			);
		};
		bad(0, [1; 32], Error::InvalidEncryption);
		bad(100, [1; 32], Error::InvalidEncryption);
		bad(99, [0; 32], Error::InvalidDigest);
		// Open data has no encryption.
		let open = submit(&bob(), 3);
		assert_eq!(DataAssets::asset_view(open).unwrap().encryption, None);
	});
}

#[test]
fn the_owner_seals_content_keys_to_itself_and_to_gateways_with_a_key() {
	run_test(|| {
		let gateway = account(40);
		let keyless = account(41);
		MockGateways::set(gateway.clone(), [4; 32]);
		let asset = NextAssetId::<Test>::get();
		assert_ok!(DataAssets::submit(RuntimeOrigin::signed(alice()), metadata(), encrypted(1)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		let free = Balances::free_balance(alice());
		assert_ok!(set_key(&alice(), asset, &alice(), 0));
		assert_ok!(set_key(&alice(), asset, &gateway, 0));
		assert_eq!(
			events().last(),
			Some(&Event::ContentKeySet { asset, recipient: gateway.clone(), revision: 0 })
		);
		assert_eq!(DataAssets::content_key(asset, &gateway), Some((0, vec![7; 40])));
		let deposit = ContentKeys::<Test>::get(asset, &gateway).unwrap().deposit;
		assert_eq!(held(&alice(), HoldReason::ContentKeyDeposit), 2 * deposit);
		assert_eq!(free - Balances::free_balance(alice()), 2 * deposit);
		assert_eq!(ContentKeyCount::<Test>::get(asset), 2);

		assert_noop!(set_key(&bob(), asset, &gateway, 0), Error::<Test>::NotOwner);
		assert_noop!(set_key(&alice(), asset, &keyless, 0), Error::<Test>::NotARecipient);
		assert_noop!(set_key(&alice(), asset, &gateway, 1), Error::<Test>::UnknownRevision);
		assert_noop!(set_key(&alice(), 99, &gateway, 0), Error::<Test>::UnknownAsset);
		assert_noop!(
			DataAssets::set_content_key(
				RuntimeOrigin::signed(alice()),
				asset,
				gateway.clone(),
				0,
				vec![]
			),
			Error::<Test>::EmptySealedKey
		);
		assert_noop!(
			DataAssets::set_content_key(
				RuntimeOrigin::signed(alice()),
				asset,
				gateway.clone(),
				0,
				vec![1; 65]
			),
			Error::<Test>::SealedKeyTooLong
		);
		MockGateways::set(account(42), [5; 32]);
		assert_noop!(set_key(&alice(), asset, &account(42), 0), Error::<Test>::TooManyContentKeys);
		// Replacing a key keeps the count and one deposit.
		assert_ok!(set_key(&alice(), asset, &gateway, 0));
		assert_eq!(ContentKeyCount::<Test>::get(asset), 2);
		assert_eq!(held(&alice(), HoldReason::ContentKeyDeposit), 2 * deposit);

		// Open data has no content key.
		let open = list(&bob(), 2);
		assert_noop!(set_key(&bob(), open, &bob(), 0), Error::<Test>::NotEncrypted);
	});
}

#[test]
fn a_revision_gets_its_own_key_sealed_before_approval() {
	run_test(|| {
		let gateway = account(40);
		MockGateways::set(gateway.clone(), [4; 32]);
		let asset = NextAssetId::<Test>::get();
		assert_ok!(DataAssets::submit(RuntimeOrigin::signed(alice()), metadata(), encrypted(1)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		assert_ok!(set_key(&alice(), asset, &gateway, 0));
		assert_noop!(set_key(&alice(), asset, &gateway, 1), Error::<Test>::UnknownRevision);
		assert_ok!(DataAssets::submit_revision(
			RuntimeOrigin::signed(alice()),
			asset,
			encrypted(2)
		));
		assert_ok!(set_key(&alice(), asset, &gateway, 1));
		assert_eq!(DataAssets::content_key(asset, &gateway).map(|k| k.0), Some(1));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		assert_eq!(DataAssets::asset_view(asset).unwrap().encryption, encrypted(2).encryption);
	});
}

#[test]
fn keys_are_removed_by_the_owner_the_recipient_or_after_removal_the_depositor() {
	run_test(|| {
		let gateway = account(40);
		MockGateways::set(gateway.clone(), [4; 32]);
		let asset = NextAssetId::<Test>::get();
		assert_ok!(DataAssets::submit(RuntimeOrigin::signed(alice()), metadata(), encrypted(1)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		assert_ok!(set_key(&alice(), asset, &gateway, 0));
		assert_ok!(set_key(&alice(), asset, &alice(), 0));
		let remove = |who: &AccountId, recipient: &AccountId| {
			DataAssets::remove_content_key(
				RuntimeOrigin::signed(who.clone()),
				asset,
				recipient.clone(),
			)
		};
		assert_noop!(remove(&bob(), &gateway), Error::<Test>::NotOwner);
		assert_noop!(remove(&alice(), &bob()), Error::<Test>::UnknownContentKey);
		// The gateway gives its key up.
		assert_ok!(remove(&gateway, &gateway));
		assert_eq!(
			events().last(),
			Some(&Event::ContentKeyRemoved { asset, recipient: gateway.clone() })
		);
		assert_eq!(ContentKeyCount::<Test>::get(asset), 1);
		// The asset goes; its depositor takes the last key back.
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(alice()), asset));
		assert_ok!(DataAssets::remove(RuntimeOrigin::signed(alice()), asset));
		assert_ok!(remove(&alice(), &alice()));
		assert_eq!(held(&alice(), HoldReason::ContentKeyDeposit), 0);
		assert!(!ContentKeyCount::<Test>::contains_key(asset));
	});
}

#[test]
fn the_v2_migration_marks_existing_content_as_open_data() {
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	run_test(|| {
		let asset = list(&alice(), 1);
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(2)));
		let details = Assets::<Test>::get(asset).unwrap();
		let revision = PendingRevisions::<Test>::get(asset).unwrap();
		// Rewrite both records as v1 wrote them: content without `encryption`.
		let v1_content = |c: &ContentOf<Test>| (c.cid.clone(), c.digest, c.size).encode();
		let mut old_details = details.provider.encode();
		old_details.extend(details.status.encode());
		old_details.extend(v1_content(&details.content));
		old_details.extend(
			(details.revision, details.deposit, details.fee, details.created, details.updated)
				.encode(),
		);
		let mut old_revision = v1_content(&revision.content);
		old_revision.extend(
			(&revision.submitter, revision.deposit, revision.fee, revision.submitted).encode(),
		);
		frame_support::storage::unhashed::put_raw(
			&Assets::<Test>::hashed_key_for(asset),
			&old_details,
		);
		frame_support::storage::unhashed::put_raw(
			&PendingRevisions::<Test>::hashed_key_for(asset),
			&old_revision,
		);
		StorageVersion::new(1).put::<DataAssets>();
		assert!(Assets::<Test>::try_get(asset).is_err(), "v1 bytes do not decode as v2");

		crate::migrations::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		// (The records compare by their encoding: their bound parameters have no `PartialEq`.)
		assert_eq!(Assets::<Test>::get(asset).encode(), Some(details).encode());
		assert_eq!(PendingRevisions::<Test>::get(asset).encode(), Some(revision).encode());
		assert_eq!(DataAssets::on_chain_storage_version(), StorageVersion::new(2));
	});
}

#[test]
fn ownership_moves_with_the_nft() {
	run_test(|| {
		let asset = list(&alice(), 1);
		let collection = OwnershipCollection::<Test>::get().unwrap();
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(alice()), collection, asset, bob()));
		assert_eq!(DataAssets::owner_of(asset), Some(bob()));
		assert_eq!(DataAssets::assets_of(&bob()), vec![asset]);
		assert!(DataAssets::assets_of(&alice()).is_empty());
		// The old holder lost every owner-only call, the new one has them.
		assert_noop!(
			DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(2)),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			DataAssets::delist(RuntimeOrigin::signed(alice()), asset),
			Error::<Test>::NotOwner
		);
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(bob()), asset, content(2)));
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(bob()), asset));
		assert_ok!(DataAssets::remove(RuntimeOrigin::signed(bob()), asset));
	});
}

// ---- revisions and ratings ----------------------------------------------------------------------

#[test]
fn revision_goes_through_approval_and_the_rating_does_not_carry_over() {
	run_test(|| {
		let asset = list(&alice(), 1);
		let scores = QualityScores {
			source_credibility: 95,
			coverage_period: 90,
			coverage_range: 92,
			timeliness: 88,
			access_efficiency: 100,
		};
		assert_ok!(DataAssets::rate(RuntimeOrigin::root(), asset, scores));
		let rating = DataAssets::current_rating(asset).unwrap();
		assert_eq!((rating.overall, rating.grade, rating.revision), (93, Grade::A, 0));
		assert_eq!(rating.digest, content(1).digest);

		assert_noop!(
			DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(1)),
			Error::<Test>::SameContent
		);
		let deposit_before = held(&alice(), HoldReason::ListingDeposit);
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(2)));
		let revision = PendingRevisions::<Test>::get(asset).unwrap();
		assert_eq!(held(&alice(), HoldReason::ListingFee), LISTING_FEE);
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), deposit_before + revision.deposit);
		assert_noop!(
			DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(3)),
			Error::<Test>::RevisionPending
		);
		// Until approval the listed content and its rating stay.
		assert_eq!(DataAssets::current_rating(asset), Some(rating.clone()));

		let pool = Balances::free_balance(reserve_pool());
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		let details = Assets::<Test>::get(asset).unwrap();
		assert_eq!(details.revision, 1);
		assert_eq!(details.content.cid.to_vec(), cid(2));
		assert_eq!(details.deposit, revision.deposit);
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), revision.deposit);
		assert_eq!(held(&alice(), HoldReason::ListingFee), 0);
		assert_eq!(Balances::free_balance(reserve_pool()), pool + LISTING_FEE);
		assert_eq!(
			DataAssets::current_rating(asset),
			None,
			"the old digest's rating is not current"
		);
		assert_eq!(Ratings::<Test>::get(asset).len(), 1, "but it stays in the history");
		assert_eq!(Pins::<Test>::get(asset).unwrap().cid.to_vec(), cid(2));
		let evs = events();
		assert!(evs.contains(&Event::UnpinRequested { asset, cid: cid(1).try_into().unwrap() }));
		assert!(evs.contains(&Event::RevisionApproved {
			asset,
			revision: 1,
			cid: cid(2).try_into().unwrap(),
			fee: LISTING_FEE
		}));

		// A rejected revision is refunded.
		let free = Balances::free_balance(alice());
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(3)));
		assert_ok!(DataAssets::reject(RuntimeOrigin::root(), asset));
		assert_eq!(Balances::free_balance(alice()), free);
		assert_eq!(events().last(), Some(&Event::RevisionRejected { asset, revision: 2 }));
	});
}

#[test]
fn revisions_need_a_listed_asset() {
	run_test(|| {
		let pending = submit(&alice(), 1);
		assert_noop!(
			DataAssets::submit_revision(RuntimeOrigin::signed(alice()), pending, content(2)),
			Error::<Test>::InvalidStatus
		);
		assert_noop!(
			DataAssets::submit_revision(RuntimeOrigin::signed(alice()), 42, content(2)),
			Error::<Test>::UnknownAsset
		);
		let asset = list(&alice(), 3);
		assert_noop!(
			DataAssets::submit_revision(
				RuntimeOrigin::signed(alice()),
				asset,
				ContentInput { cid: b"x".to_vec(), ..content(4) }
			),
			Error::<Test>::InvalidCid
		);
		// Delisting refunds a pending revision.
		let free = Balances::free_balance(alice());
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(4)));
		assert_ok!(DataAssets::delist(RuntimeOrigin::root(), asset));
		assert_eq!(Balances::free_balance(alice()), free);
		assert!(!PendingRevisions::<Test>::contains_key(asset));
	});
}

#[test]
fn ratings_are_bounded_graded_and_checked() {
	run_test(|| {
		let pending = submit(&alice(), 1);
		assert_noop!(
			DataAssets::rate(RuntimeOrigin::root(), pending, QualityScores::default()),
			Error::<Test>::InvalidStatus
		);
		let asset = list(&alice(), 2);
		assert_noop!(
			DataAssets::rate(
				RuntimeOrigin::root(),
				asset,
				QualityScores { timeliness: 101, ..Default::default() }
			),
			Error::<Test>::ScoreOutOfRange
		);
		for (score, grade) in [(95, Grade::A), (80, Grade::B), (65, Grade::C), (45, Grade::D)] {
			System::set_block_number(System::block_number() + 1);
			let scores = QualityScores {
				source_credibility: score,
				coverage_period: score,
				coverage_range: score,
				timeliness: score,
				access_efficiency: score,
			};
			assert_ok!(DataAssets::rate(RuntimeOrigin::root(), asset, scores));
			let current = DataAssets::current_rating(asset).unwrap();
			assert_eq!((current.overall, current.grade), (score, grade));
			assert_eq!(current.block, System::block_number());
		}
		let history = Ratings::<Test>::get(asset);
		assert_eq!(history.len(), 3, "bounded by MaxRatingHistory; the oldest was dropped");
		assert_eq!(history[0].overall, 80);
		assert_eq!(Grade::from_overall(10), Grade::E);
	});
}

// ---- pinners and pin reports --------------------------------------------------------------------

#[test]
fn pinner_registry() {
	run_test(|| {
		assert_noop!(
			DataAssets::register_pinner(RuntimeOrigin::root(), pinner1()),
			Error::<Test>::AlreadyPinner
		);
		assert_ok!(DataAssets::register_pinner(RuntimeOrigin::root(), bob()));
		assert_noop!(
			DataAssets::register_pinner(RuntimeOrigin::root(), charlie()),
			Error::<Test>::TooManyPinners
		);
		assert_ok!(DataAssets::deregister_pinner(RuntimeOrigin::root(), bob()));
		assert_noop!(
			DataAssets::deregister_pinner(RuntimeOrigin::root(), bob()),
			Error::<Test>::NotPinner
		);
		assert_eq!(events().last(), Some(&Event::PinnerDeregistered { pinner: bob() }));
		assert_noop!(
			DataAssets::set_replication_target(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidReplicationTarget
		);
		assert_noop!(
			DataAssets::set_replication_target(RuntimeOrigin::root(), 4),
			Error::<Test>::InvalidReplicationTarget
		);
		assert_ok!(DataAssets::set_replication_target(RuntimeOrigin::root(), 3));
		assert_eq!(ReplicationTarget::<Test>::get(), 3);
		let asset = list(&alice(), 1);
		assert_eq!(Pins::<Test>::get(asset).unwrap().target, 3);
	});
}

#[test]
fn pin_reports_count_each_pinner_once_and_meet_the_target() {
	run_test(|| {
		let asset = list(&alice(), 1);
		let c: CidOf<Test> = cid(1).try_into().unwrap();
		// Accepted reports are free.
		let call = RuntimeCall::DataAssets(Call::report_pins {
			reports: BoundedVec::truncate_from(vec![PinReport {
				asset,
				revision: 0,
				outcome: PinOutcome::Pinned,
			}]),
		});
		let info = call.dispatch(RuntimeOrigin::signed(pinner1())).unwrap();
		assert_eq!(info.pays_fee, frame_support::dispatch::Pays::No);
		assert_eq!(
			report(&pinner1(), asset, PinOutcome::Pinned),
			Err(Error::<Test>::AlreadyReported.into())
		);
		assert!(!Pins::<Test>::get(asset).unwrap().target_met());
		System::set_block_number(5);
		assert_ok!(report(&pinner2(), asset, PinOutcome::Pinned));
		let state = Pins::<Test>::get(asset).unwrap();
		assert!(state.target_met());
		assert_eq!(
			state.pinned_by.to_vec(),
			vec![
				PinRecord { pinner: pinner1(), block: 1 },
				PinRecord { pinner: pinner2(), block: 5 }
			]
		);
		let evs = events();
		assert!(evs.contains(&Event::Pinned {
			asset,
			cid: c.clone(),
			pinner: pinner2(),
			replicas: 2
		}));
		assert_eq!(evs.last(), Some(&Event::PinTargetMet { asset, cid: c.clone() }));
		let view = DataAssets::asset_view(asset).unwrap();
		assert!(view.pin.unwrap().target_met);
	});
}

#[test]
fn pin_reports_are_refused_when_invalid() {
	run_test(|| {
		let asset = list(&alice(), 1);
		assert_eq!(report(&bob(), asset, PinOutcome::Pinned), Err(Error::<Test>::NotPinner.into()));
		assert_eq!(
			report(&pinner1(), asset, PinOutcome::Lost),
			Err(Error::<Test>::NotPinnedBy.into())
		);
		assert_eq!(
			report(&pinner1(), 77, PinOutcome::Pinned),
			Err(Error::<Test>::NoPinRequest.into())
		);
		let stale = DataAssets::report_pins(
			RuntimeOrigin::signed(pinner1()),
			BoundedVec::truncate_from(vec![PinReport {
				asset,
				revision: 1,
				outcome: PinOutcome::Pinned,
			}]),
		);
		assert_eq!(stale.map_err(|e| e.error), Err(Error::<Test>::StaleReport.into()));
		let empty = DataAssets::report_pins(RuntimeOrigin::signed(pinner1()), BoundedVec::new());
		assert_eq!(empty.map_err(|e| e.error), Err(Error::<Test>::NoReports.into()));
		// All or nothing: a good report followed by a bad one changes nothing.
		let mixed = DataAssets::report_pins(
			RuntimeOrigin::signed(pinner1()),
			BoundedVec::truncate_from(vec![
				PinReport { asset, revision: 0, outcome: PinOutcome::Pinned },
				PinReport { asset: 77, revision: 0, outcome: PinOutcome::Pinned },
			]),
		);
		assert!(mixed.is_err());
		assert!(Pins::<Test>::get(asset).unwrap().pinned_by.is_empty());
	});
}

#[test]
fn mismatch_loss_and_repin() {
	run_test(|| {
		let asset = list(&alice(), 1);
		let c: CidOf<Test> = cid(1).try_into().unwrap();
		let mismatch = Mismatch::Size { observed: 99 };
		assert_ok!(report(&pinner2(), asset, PinOutcome::Mismatch(mismatch)));
		assert_eq!(
			events().last(),
			Some(&Event::PinMismatch { asset, cid: c.clone(), pinner: pinner2(), mismatch })
		);
		assert_eq!(
			report(&pinner2(), asset, PinOutcome::Pinned),
			Err(Error::<Test>::AlreadyReported.into())
		);
		assert_eq!(DataAssets::asset_view(asset).unwrap().pin.unwrap().mismatches.len(), 1);

		assert_ok!(report(&pinner1(), asset, PinOutcome::Pinned));
		assert_ok!(report(&pinner1(), asset, PinOutcome::Lost));
		assert_eq!(
			events().last(),
			Some(&Event::PinLost { asset, cid: c.clone(), pinner: pinner1(), replicas: 0 })
		);
		assert!(
			Pins::<Test>::get(asset).unwrap().pinned_by.is_empty(),
			"the request is open again"
		);
		assert_ok!(report(&pinner1(), asset, PinOutcome::Pinned));
		assert_eq!(Pins::<Test>::get(asset).unwrap().pinned_by.len(), 1);
	});
}

#[test]
fn deregistered_pinners_stop_counting() {
	run_test(|| {
		assert_ok!(DataAssets::set_replication_target(RuntimeOrigin::root(), 1));
		let asset = list(&alice(), 1);
		assert_ok!(report(&pinner1(), asset, PinOutcome::Pinned));
		assert!(DataAssets::asset_view(asset).unwrap().pin.unwrap().target_met);
		assert_ok!(DataAssets::deregister_pinner(RuntimeOrigin::root(), pinner1()));
		let pin = DataAssets::asset_view(asset).unwrap().pin.unwrap();
		assert!(!pin.target_met);
		assert!(pin.pinned_by.is_empty());
		assert_ok!(report(&pinner2(), asset, PinOutcome::Pinned));
		assert_eq!(Pins::<Test>::get(asset).unwrap().pinned_by.len(), 1);
	});
}

#[test]
fn runtime_api_views() {
	run_test(|| {
		let a = submit(&alice(), 1);
		let b = list(&alice(), 2);
		let c = list(&bob(), 3);
		assert_ok!(DataAssets::rate(RuntimeOrigin::root(), b, QualityScores::default()));
		let view = DataAssets::asset_view(b).unwrap();
		assert_eq!(view.owner, alice());
		assert_eq!(view.status, AssetStatus::Listed);
		assert_eq!(view.title, b"Air quality, Berlin".to_vec());
		assert_eq!(view.tags, vec![b"air".to_vec(), b"pm2-5".to_vec()]);
		assert_eq!(view.cid, cid(2));
		assert_eq!(view.rating.unwrap().grade, Grade::E);
		assert_eq!(view.pin.unwrap().target, 2);
		assert_eq!(DataAssets::assets_of(&alice()), vec![a, b]);
		assert_eq!(DataAssets::assets_of(&bob()), vec![c]);
		assert_eq!(DataAssets::list_assets(None, 0, 10), vec![a, b, c]);
		assert_eq!(DataAssets::list_assets(Some(AssetStatus::Listed), 0, 10), vec![b, c]);
		assert_eq!(DataAssets::list_assets(None, 1, 1), vec![b]);
		assert!(DataAssets::asset_view(9).is_none());
	});
}

#[test]
fn genesis_registers_pinners() {
	run_test(|| {
		assert!(Pinners::<Test>::contains_key(pinner1()));
		assert_eq!(Pinners::<Test>::count(), 2);
		assert_eq!(ReplicationTarget::<Test>::get(), 2);
	});
}

// ---- offchain worker ----------------------------------------------------------------------------

fn expect(env: &OffchainEnv, uri: String, response: &[u8]) {
	env.http.write().expect_request(PendingRequest {
		method: "POST".into(),
		uri,
		response: Some(response.to_vec()),
		sent: true,
		..Default::default()
	});
}

/// Lists an asset whose content is `bytes`, with the offchain key's pinner as the only target.
fn listed_bytes(env: &mut OffchainEnv, bytes: &[u8]) -> (AssetId, String) {
	listed_as(env, bytes, String::from_utf8(cid(7)).unwrap())
}

/// Lists `bytes` under the CID text `text`.
fn listed_as(env: &mut OffchainEnv, bytes: &[u8], text: String) -> (AssetId, String) {
	env.ext.execute_with(|| {
		assert_ok!(DataAssets::set_replication_target(RuntimeOrigin::root(), 1));
		let asset = NextAssetId::<Test>::get();
		assert_ok!(DataAssets::submit(
			RuntimeOrigin::signed(alice()),
			metadata(),
			ContentInput {
				cid: text.clone().into_bytes(),
				digest: sp_io::hashing::sha2_256(bytes),
				size: bytes.len() as u64,
				encryption: None,
			}
		));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		(asset, text)
	})
}

fn expect_pin(env: &OffchainEnv, cid: &str, size: usize, bytes: &[u8]) {
	expect(
		env,
		format!("{IPFS}/pin/add?arg={cid}&recursive=true&progress=false"),
		format!(r#"{{"Pins":["{cid}"]}}"#).as_bytes(),
	);
	expect(
		env,
		format!("{IPFS}/files/stat?arg=/ipfs/{cid}"),
		format!(r#"{{"Type":"file","Size":{size},"Hash":"{cid}"}}"#).as_bytes(),
	);
	if !bytes.is_empty() {
		expect(env, format!("{IPFS}/cat?arg={cid}"), bytes);
	}
}

/// The reports the offchain worker sent, decoded.
fn sent_reports(env: &OffchainEnv) -> Vec<(AccountId, Vec<PinReport>)> {
	let mut pool = env.pool.write();
	pool.transactions
		.drain(..)
		.map(|tx| {
			let tx = Extrinsic::decode(&mut &*tx).unwrap();
			let sp_runtime::generic::Preamble::Signed(who, _, _) = tx.preamble else {
				panic!("not signed")
			};
			match tx.function {
				RuntimeCall::DataAssets(Call::report_pins { reports }) => (who, reports.to_vec()),
				other => panic!("unexpected call {other:?}"),
			}
		})
		.collect()
}

fn apply(env: &mut OffchainEnv, sent: Vec<(AccountId, Vec<PinReport>)>) {
	env.ext.execute_with(|| {
		for (who, reports) in sent {
			assert_ok!(DataAssets::report_pins(
				RuntimeOrigin::signed(who),
				BoundedVec::truncate_from(reports)
			));
		}
	});
}

/// Runs the offchain worker as a node would after importing block `block`.
fn run_worker(env: &mut OffchainEnv, block: u64) {
	env.ext.execute_with(|| <DataAssets as Hooks<u64>>::offchain_worker(block));
}

/// Lists `bytes` and lets the worker pin them and its report land on chain.
fn pinned_asset(env: &mut OffchainEnv, bytes: &[u8]) -> (AssetId, String) {
	let (asset, text) = listed_bytes(env, bytes);
	expect_pin(env, &text, bytes.len(), bytes);
	run_worker(env, 2);
	let sent = sent_reports(env);
	assert_eq!(sent[0].1[0].outcome, PinOutcome::Pinned);
	apply(env, sent);
	(asset, text)
}

#[test]
fn offchain_worker_pins_checks_digest_and_reports() {
	let mut env = offchain_env();
	let bytes = b"hello, data".to_vec();
	let (asset, text) = listed_bytes(&mut env, &bytes);
	expect_pin(&env, &text, bytes.len(), &bytes);
	run_worker(&mut env, 2);
	let sent = sent_reports(&env);
	assert_eq!(sent.len(), 1);
	assert_eq!(sent[0].0, env.pinner);
	assert_eq!(sent[0].1[0].outcome, PinOutcome::Pinned);
	assert_eq!(sent[0].1[0].asset, asset);
	apply(&mut env, sent);
	env.ext.execute_with(|| {
		assert!(Pins::<Test>::get(asset).unwrap().target_met());
		// Nothing left to do: no request, no transaction.
		<DataAssets as Hooks<u64>>::offchain_worker(3);
	});
	assert!(sent_reports(&env).is_empty());
}

#[test]
fn offchain_worker_reports_size_and_digest_mismatches() {
	let mut env = offchain_env();
	let bytes = b"the listed bytes".to_vec();
	let (asset, text) = listed_bytes(&mut env, &bytes);
	// IPFS holds other bytes of the same length: the digest gives it away; the pin is released.
	expect_pin(&env, &text, bytes.len(), b"other bytes here");
	expect(&env, format!("{IPFS}/pin/rm?arg={text}&recursive=true"), br#"{"Pins":[]}"#);
	run_worker(&mut env, 2);
	let sent = sent_reports(&env);
	let observed = sp_io::hashing::sha2_256(b"other bytes here");
	assert_eq!(sent[0].1[0].outcome, PinOutcome::Mismatch(Mismatch::Digest { observed }));
	apply(&mut env, sent);
	env.ext.execute_with(|| {
		assert_eq!(Pins::<Test>::get(asset).unwrap().mismatches.len(), 1);
	});

	// A size mismatch is found without reading the bytes.
	let mut env = offchain_env();
	let (_, text) = listed_bytes(&mut env, &bytes);
	expect_pin(&env, &text, 5, &[]);
	expect(&env, format!("{IPFS}/pin/rm?arg={text}&recursive=true"), br#"{"Pins":[]}"#);
	run_worker(&mut env, 2);
	let sent = sent_reports(&env);
	assert_eq!(sent[0].1[0].outcome, PinOutcome::Mismatch(Mismatch::Size { observed: 5 }));
}

#[test]
fn offchain_worker_skips_the_digest_of_large_content() {
	let mut env = offchain_env();
	let bytes = vec![7u8; DIGEST_CHECK_LIMIT as usize + 1];
	let (_, text) = listed_bytes(&mut env, &bytes);
	expect_pin(&env, &text, bytes.len(), &[]);
	run_worker(&mut env, 2);
	assert_eq!(sent_reports(&env)[0].1[0].outcome, PinOutcome::Pinned);
}

#[test]
fn offchain_worker_retries_with_backoff_when_ipfs_times_out_or_is_down() {
	let mut env = offchain_env();
	let bytes = b"patience".to_vec();
	let (asset, text) = listed_bytes(&mut env, &bytes);

	// Timeout: nothing reported, retried after a backoff of 2 blocks.
	env.faults.lock().unwrap().timeouts.push("pin/add".into());
	run_worker(&mut env, 2);
	assert!(sent_reports(&env).is_empty());
	env.faults.lock().unwrap().timeouts.clear();
	// Block 3 is inside the backoff: no request is made (an unexpected one would panic).
	run_worker(&mut env, 3);

	// IPFS down at block 4: still nothing, the backoff doubles to 4 blocks.
	env.faults.lock().unwrap().down = true;
	run_worker(&mut env, 4);
	assert!(sent_reports(&env).is_empty());
	run_worker(&mut env, 7);
	env.faults.lock().unwrap().down = false;

	// An API error (Kubo's error body) counts as a failure too.
	expect(
		&env,
		format!("{IPFS}/pin/add?arg={text}&recursive=true&progress=false"),
		br#"{"Message":"context deadline exceeded","Code":0,"Type":"error"}"#,
	);
	run_worker(&mut env, 8);
	assert!(sent_reports(&env).is_empty());

	// IPFS is back: the pin lands.
	expect_pin(&env, &text, bytes.len(), &bytes);
	run_worker(&mut env, 16);
	let sent = sent_reports(&env);
	assert_eq!(sent[0].1[0].outcome, PinOutcome::Pinned);
	apply(&mut env, sent);
	env.ext.execute_with(|| assert!(Pins::<Test>::get(asset).unwrap().target_met()));
}

#[test]
fn offchain_worker_waits_for_its_report_and_respects_the_lock() {
	let mut env = offchain_env();
	let bytes = b"once".to_vec();
	let (_, text) = listed_bytes(&mut env, &bytes);
	expect_pin(&env, &text, bytes.len(), &bytes);
	run_worker(&mut env, 2);
	assert_eq!(sent_reports(&env).len(), 1);
	// The report is not included yet: the next runs do not pin again (no request expected).
	run_worker(&mut env, 3);
	assert!(sent_reports(&env).is_empty());

	// Another worker holding the request's lock keeps this one off it.
	let mut env = offchain_env();
	let (asset, _) = listed_bytes(&mut env, &bytes);
	env.ext.execute_with(|| {
		let key = codec::Encode::encode(&(b"bdes::pin-lock::", asset));
		let mut lock = sp_runtime::offchain::storage_lock::StorageLock::<
			sp_runtime::offchain::storage_lock::BlockAndTime<System>,
		>::with_block_and_time_deadline(
			&key, 20, sp_core::offchain::Duration::from_millis(120_000)
		);
		let _guard = lock.try_lock().unwrap();
		<DataAssets as Hooks<u64>>::offchain_worker(2);
	});
	assert!(sent_reports(&env).is_empty());
}

#[test]
fn offchain_worker_rechecks_pins_and_reports_losses() {
	let mut env = offchain_env();
	let bytes = b"keep me".to_vec();
	let (asset, text) = pinned_asset(&mut env, &bytes);

	// At the re-check interval the pin is gone from IPFS.
	expect(
		&env,
		format!("{IPFS}/pin/ls?arg={text}&type=recursive"),
		format!(r#"{{"Message":"path '{text}' is not pinned","Code":0,"Type":"error"}}"#)
			.as_bytes(),
	);
	run_worker(&mut env, RECHECK_INTERVAL);
	let sent = sent_reports(&env);
	assert_eq!(sent[0].1[0].outcome, PinOutcome::Lost);
	apply(&mut env, sent);
	env.ext
		.execute_with(|| assert!(!Pins::<Test>::get(asset).unwrap().target_met()));

	// The request is open again and the next run pins it again.
	expect_pin(&env, &text, bytes.len(), &bytes);
	run_worker(&mut env, RECHECK_INTERVAL + 1);
	assert_eq!(sent_reports(&env)[0].1[0].outcome, PinOutcome::Pinned);

	// With IPFS down at a re-check, nothing is reported lost.
	let mut env = offchain_env();
	pinned_asset(&mut env, &bytes);
	env.faults.lock().unwrap().down = true;
	run_worker(&mut env, RECHECK_INTERVAL);
	assert!(sent_reports(&env).is_empty());
}

#[test]
fn offchain_worker_unpins_delisted_content() {
	let mut env = offchain_env();
	let bytes = b"short-lived".to_vec();
	let (asset, text) = pinned_asset(&mut env, &bytes);
	env.ext.execute_with(|| {
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(alice()), asset));
	});
	// IPFS down: the unpin waits.
	env.faults.lock().unwrap().down = true;
	run_worker(&mut env, 3);
	env.faults.lock().unwrap().down = false;
	expect(
		&env,
		format!("{IPFS}/pin/rm?arg={text}&recursive=true"),
		format!(r#"{{"Pins":["{text}"]}}"#).as_bytes(),
	);
	run_worker(&mut env, 4);
	// Done: later runs make no request (an unexpected one would panic).
	run_worker(&mut env, 5);
	assert!(sent_reports(&env).is_empty());
}

#[test]
fn offchain_worker_uses_the_configured_ipfs_url_and_ignores_unregistered_keys() {
	let mut env = offchain_env();
	let bytes = b"elsewhere".to_vec();
	let (_, text) = listed_bytes(&mut env, &bytes);
	env.ext.execute_with(|| {
		sp_io::offchain::local_storage_set(
			sp_core::offchain::StorageKind::PERSISTENT,
			offchain::IPFS_API_URL_KEY,
			b"http://10.0.0.7:5001/",
		);
	});
	let base = "http://10.0.0.7:5001/api/v0";
	expect(
		&env,
		format!("{base}/pin/add?arg={text}&recursive=true&progress=false"),
		format!(r#"{{"Pins":["{text}"]}}"#).as_bytes(),
	);
	expect(
		&env,
		format!("{base}/files/stat?arg=/ipfs/{text}"),
		format!(r#"{{"Size":{}}}"#, bytes.len()).as_bytes(),
	);
	expect(&env, format!("{base}/cat?arg={text}"), &bytes);
	run_worker(&mut env, 2);
	assert_eq!(sent_reports(&env).len(), 1);

	// A key whose account is not a registered pinner does nothing.
	let mut env = offchain_env();
	listed_bytes(&mut env, &bytes);
	let pinner = env.pinner.clone();
	env.ext.execute_with(|| {
		assert_ok!(DataAssets::deregister_pinner(RuntimeOrigin::root(), pinner));
		assert!(DataAssets::local_pinners().is_empty());
		<DataAssets as Hooks<u64>>::offchain_worker(2);
	});
	assert!(sent_reports(&env).is_empty());
}

// ---- one listing per content (issue 11, item 8) -------------------------------------------------

/// The CIDv0 and the dag-pb CIDv1 of the root whose multihash `cid(seed)` (a raw CIDv1) has.
fn same_root(seed: u32) -> [Vec<u8>; 2] {
	let digest = sp_io::hashing::sha2_256(&seed.to_le_bytes());
	let hash = cid::multihash::Multihash::<64>::wrap(0x12, &digest).unwrap();
	[
		cid::CidGeneric::<64>::new_v0(hash).unwrap().to_string().into_bytes(),
		cid::CidGeneric::<64>::new_v1(0x70, hash).to_string().into_bytes(),
	]
}

fn with_cid(text: Vec<u8>, seed: u32) -> ContentInput {
	ContentInput { cid: text, ..content(seed) }
}

#[test]
fn a_second_listing_of_content_already_claimed_is_refused() {
	run_test(|| {
		let listed = list(&alice(), 1);
		let [v0, v1] = same_root(1);
		// The same CID, or another CID of the same root, with any digest: the same content.
		for text in [cid(1), v0, v1] {
			assert_noop!(
				DataAssets::submit(RuntimeOrigin::signed(bob()), metadata(), with_cid(text, 9)),
				Error::<Test>::ContentAlreadyListed
			);
		}
		// A pending listing claims its content...
		submit(&bob(), 2);
		assert_noop!(
			DataAssets::submit(RuntimeOrigin::signed(alice()), metadata(), content(2)),
			Error::<Test>::ContentAlreadyListed
		);
		// ...and so does a pending revision.
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), listed, content(3)));
		let [v0, _] = same_root(3);
		assert_noop!(
			DataAssets::submit(RuntimeOrigin::signed(bob()), metadata(), with_cid(v0, 3)),
			Error::<Test>::ContentAlreadyListed
		);
	});
}

#[test]
fn a_revision_to_content_another_asset_claims_is_refused() {
	run_test(|| {
		let a = list(&alice(), 1);
		let b = list(&bob(), 2);
		let owner = || RuntimeOrigin::signed(alice());
		let [v0, v1] = same_root(2);
		for text in [cid(2), v0, v1] {
			assert_noop!(
				DataAssets::submit_revision(owner(), a, with_cid(text, 7)),
				Error::<Test>::ContentAlreadyListed
			);
		}
		// Content of a pending listing, and of another asset's pending revision.
		submit(&bob(), 3);
		assert_noop!(
			DataAssets::submit_revision(owner(), a, content(3)),
			Error::<Test>::ContentAlreadyListed
		);
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(bob()), b, content(4)));
		let [_, v1] = same_root(4);
		assert_noop!(
			DataAssets::submit_revision(owner(), a, with_cid(v1, 4)),
			Error::<Test>::ContentAlreadyListed
		);
		// The asset's own content under another digest is a correction, not a second listing.
		let fixed = ContentInput { digest: [0xcd; 32], ..content(1) };
		assert_ok!(DataAssets::submit_revision(owner(), a, fixed));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), a));
		assert_noop!(
			DataAssets::submit(RuntimeOrigin::signed(bob()), metadata(), content(1)),
			Error::<Test>::ContentAlreadyListed
		);
	});
}

#[test]
fn content_is_free_again_once_nothing_claims_it() {
	run_test(|| {
		let again = |who: &AccountId, seed: u32| {
			let [v0, _] = same_root(seed);
			let asset = NextAssetId::<Test>::get();
			assert_ok!(DataAssets::submit(
				RuntimeOrigin::signed(who.clone()),
				metadata(),
				with_cid(v0, seed)
			));
			asset
		};
		// A rejected listing.
		let rejected = submit(&alice(), 1);
		assert_ok!(DataAssets::reject(RuntimeOrigin::root(), rejected));
		let second = again(&bob(), 1);
		// Content revised away.
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), second));
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(bob()), second, content(2)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), second));
		again(&alice(), 1);
		// A rejected revision.
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(bob()), second, content(3)));
		assert_ok!(DataAssets::reject(RuntimeOrigin::root(), second));
		again(&alice(), 3);
		// A delisted asset (its pins are released) and its refunded pending revision.
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(bob()), second, content(4)));
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(bob()), second));
		again(&alice(), 2);
		again(&alice(), 4);
		// Removing it changes nothing more.
		assert_ok!(DataAssets::remove(RuntimeOrigin::signed(bob()), second));
		assert_noop!(
			DataAssets::submit(RuntimeOrigin::signed(bob()), metadata(), content(2)),
			Error::<Test>::ContentAlreadyListed
		);
	});
}

// ---- pin reports are bound to the revision, deposits cover the asset (issue 11, item 9) --------

#[test]
fn a_pinned_report_on_an_earlier_revision_does_not_count_for_a_later_one_with_the_same_cid() {
	run_test(|| {
		let asset = list(&alice(), 1);
		// pinner1 checked revision 0 (CID X, its digest) and reported; the report lands late.
		let late = PinReport { asset, revision: 0, outcome: PinOutcome::Pinned };
		// X → Y → X, the last with another declared digest.
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(2)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		let back = ContentInput { digest: [0xab; 32], ..content(1) };
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, back));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		assert_eq!(Pins::<Test>::get(asset).unwrap().cid.to_vec(), cid(1));

		let result = DataAssets::report_pins(
			RuntimeOrigin::signed(pinner1()),
			BoundedVec::truncate_from(vec![late]),
		);
		assert_eq!(result.map_err(|e| e.error), Err(Error::<Test>::StaleReport.into()));
		assert!(Pins::<Test>::get(asset).unwrap().pinned_by.is_empty());
		// A report on the current revision counts.
		assert_eq!(Pins::<Test>::get(asset).unwrap().revision, 2);
		assert_ok!(report(&pinner1(), asset, PinOutcome::Pinned));
		assert_eq!(Pins::<Test>::get(asset).unwrap().pinned_by.len(), 1);
	});
}

#[test]
fn after_a_revision_the_held_deposit_covers_what_the_asset_stores() {
	run_test(|| {
		let asset = list(&alice(), 1);
		let stored = || {
			let details = Assets::<Test>::get(asset).unwrap();
			let metadata = Metadata::<Test>::get(asset).unwrap();
			DataAssets::deposit_for(metadata.encoded_size() + details.encoded_size())
		};
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), stored());

		// The owner's own revision.
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, content(2)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		assert_eq!(Assets::<Test>::get(asset).unwrap().deposit, stored());
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), stored());

		// A new owner's revision: the old provider's deposit comes back in full, the new
		// owner's covers the asset.
		let collection = OwnershipCollection::<Test>::get().unwrap();
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(alice()), collection, asset, bob()));
		let (alice_free, bob_free) =
			(Balances::free_balance(alice()), Balances::free_balance(bob()));
		let alice_held = held(&alice(), HoldReason::ListingDeposit);
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(bob()), asset, content(3)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), 0);
		assert_eq!(Balances::free_balance(alice()), alice_free + alice_held);
		assert_eq!(held(&bob(), HoldReason::ListingDeposit), stored());
		assert_eq!(Balances::free_balance(bob()), bob_free - stored() - LISTING_FEE);
		assert_eq!(Assets::<Test>::get(asset).unwrap().provider, bob());
	});
}

// ---- the worker releases only what nothing wants, re-checks keep the chain honest (item 8) -----

fn not_pinned(text: &str) -> Vec<u8> {
	format!(r#"{{"Message":"path '{text}' is not pinned","Code":0,"Type":"error"}}"#).into_bytes()
}

#[test]
fn offchain_worker_never_unpins_content_another_asset_still_wants() {
	let mut env = offchain_env();
	let bytes = b"wanted twice".to_vec();
	let (a, x) = pinned_asset(&mut env, &bytes);
	let b = env.ext.execute_with(|| {
		// Asset A moves on to other content...
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), a, content(2)));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), a));
		// ...and asset B lists the content A left.
		let b = NextAssetId::<Test>::get();
		assert_ok!(DataAssets::submit(
			RuntimeOrigin::signed(bob()),
			metadata(),
			ContentInput {
				cid: x.clone().into_bytes(),
				digest: sp_io::hashing::sha2_256(&bytes),
				size: bytes.len() as u64,
				encryption: None,
			}
		));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), b));
		// Another pinner holds both: this worker has nothing to pin.
		assert_ok!(report(&pinner1(), a, PinOutcome::Pinned));
		assert_ok!(report(&pinner1(), b, PinOutcome::Pinned));
		b
	});
	// The worker's record of X for A is stale, but B wants X: no `pin/rm` (an unexpected
	// request panics).
	run_worker(&mut env, 3);
	run_worker(&mut env, 4);

	// B delisted: nothing wants X any more, and it is released once.
	env.ext.execute_with(|| {
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(bob()), b));
	});
	expect(&env, format!("{IPFS}/pin/rm?arg={x}&recursive=true"), br#"{"Pins":[]}"#);
	run_worker(&mut env, 5);
	run_worker(&mut env, 6);
	assert!(sent_reports(&env).is_empty());
}

#[test]
fn offchain_worker_rechecks_at_its_first_run_after_a_missed_recheck_block() {
	let mut env = offchain_env();
	let bytes = b"keep me".to_vec();
	let (asset, text) = pinned_asset(&mut env, &bytes);
	// No worker ran at block RECHECK_INTERVAL (the node was busy): the next run re-checks.
	expect(&env, format!("{IPFS}/pin/ls?arg={text}&type=recursive"), &not_pinned(&text));
	run_worker(&mut env, RECHECK_INTERVAL + 1);
	let sent = sent_reports(&env);
	assert_eq!(sent.len(), 1);
	assert_eq!((sent[0].1[0].asset, sent[0].1[0].outcome), (asset, PinOutcome::Lost));
	// Once an interval: the next runs do not re-check again (no request expected).
	run_worker(&mut env, RECHECK_INTERVAL + 2);
	run_worker(&mut env, 2 * RECHECK_INTERVAL - 1);
	assert!(sent_reports(&env).is_empty());
}

#[test]
fn offchain_worker_reports_losses_beyond_one_report_at_the_next_blocks() {
	let mut env = offchain_env();
	let pinner = env.pinner.clone();
	let cap = <<Test as Config>::MaxReportsPerCall as Get<u32>>::get() as usize;
	// One asset more than a report holds, each pinned by this pinner on chain.
	let held: Vec<(AssetId, String)> = env.ext.execute_with(|| {
		assert_ok!(DataAssets::set_replication_target(RuntimeOrigin::root(), 1));
		for seed in 0..=cap as u32 {
			let asset = list(&alice(), 100 + seed);
			assert_ok!(report(&pinner, asset, PinOutcome::Pinned));
		}
		Pins::<Test>::iter()
			.map(|(asset, state)| (asset, String::from_utf8(state.cid.to_vec()).unwrap()))
			.collect()
	});
	// IPFS lost them all. The re-check reports as many as one report holds...
	for (_, text) in &held[..cap] {
		expect(&env, format!("{IPFS}/pin/ls?arg={text}&type=recursive"), &not_pinned(text));
	}
	run_worker(&mut env, RECHECK_INTERVAL);
	let sent = sent_reports(&env);
	let reported: Vec<_> = sent[0].1.iter().map(|r| (r.asset, r.outcome)).collect();
	let first: Vec<_> = held[..cap].iter().map(|(a, _)| (*a, PinOutcome::Lost)).collect();
	assert_eq!(reported, first);
	// ...and the rest at the next block, not an interval later.
	let (last, text) = &held[cap];
	expect(&env, format!("{IPFS}/pin/ls?arg={text}&type=recursive"), &not_pinned(text));
	run_worker(&mut env, RECHECK_INTERVAL + 1);
	let sent = sent_reports(&env);
	assert_eq!(sent.len(), 1);
	assert_eq!((sent[0].1[0].asset, sent[0].1[0].outcome), (*last, PinOutcome::Lost));
	// The re-check is done until the next interval.
	run_worker(&mut env, RECHECK_INTERVAL + 2);
	assert!(sent_reports(&env).is_empty());
}

#[test]
fn offchain_worker_recognises_its_pin_in_another_cid_encoding() {
	let mut env = offchain_env();
	let bytes = b"base58 listing".to_vec();
	// A CIDv1 listed in base58btc; Kubo lists pins in base32.
	let digest = sp_io::hashing::sha2_256(b"base58");
	let hash = cid::multihash::Multihash::<64>::wrap(0x12, &digest).unwrap();
	let listed = cid::CidGeneric::<64>::new_v1(0x55, hash);
	let base58 = listed.to_string_of_base(cid::multibase::Base::Base58Btc).unwrap();
	let base32 = listed.to_string();
	let (_, text) = listed_as(&mut env, &bytes, base58);
	expect_pin(&env, &text, bytes.len(), &bytes);
	run_worker(&mut env, 2);
	let sent = sent_reports(&env);
	apply(&mut env, sent);
	expect(
		&env,
		format!("{IPFS}/pin/ls?arg={text}&type=recursive"),
		format!(r#"{{"Keys":{{"{base32}":{{"Type":"recursive"}}}}}}"#).as_bytes(),
	);
	run_worker(&mut env, RECHECK_INTERVAL);
	assert!(sent_reports(&env).is_empty(), "still pinned: nothing lost");
}

#[test]
fn offchain_worker_keeps_a_mismatched_pin_a_pending_correction_claims() {
	let mut env = offchain_env();
	let bytes = b"declared wrongly".to_vec();
	// Listed with a wrong digest; the owner already proposes the same CID with the right one.
	let (asset, text) = env.ext.execute_with(|| {
		assert_ok!(DataAssets::set_replication_target(RuntimeOrigin::root(), 1));
		let text = String::from_utf8(cid(7)).unwrap();
		let asset = NextAssetId::<Test>::get();
		let wrong = ContentInput {
			cid: text.clone().into_bytes(),
			digest: [0x11; 32],
			size: bytes.len() as u64,
			encryption: None,
		};
		assert_ok!(DataAssets::submit(RuntimeOrigin::signed(alice()), metadata(), wrong));
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
		let right = ContentInput {
			cid: text.clone().into_bytes(),
			digest: sp_io::hashing::sha2_256(&bytes),
			size: bytes.len() as u64,
			encryption: None,
		};
		assert_ok!(DataAssets::submit_revision(RuntimeOrigin::signed(alice()), asset, right));
		(asset, text)
	});
	// The digest gives revision 0 away, but the pending revision claims the same content: no
	// `pin/rm`.
	expect_pin(&env, &text, bytes.len(), &bytes);
	run_worker(&mut env, 2);
	let sent = sent_reports(&env);
	assert!(matches!(sent[0].1[0].outcome, PinOutcome::Mismatch(Mismatch::Digest { .. })));
	apply(&mut env, sent);
	// Approved, revision 1 is pinned and checked afresh.
	env.ext.execute_with(|| {
		assert_ok!(DataAssets::approve(RuntimeOrigin::root(), asset));
	});
	expect_pin(&env, &text, bytes.len(), &bytes);
	run_worker(&mut env, 3);
	let sent = sent_reports(&env);
	assert_eq!(sent[0].1, vec![PinReport { asset, revision: 1, outcome: PinOutcome::Pinned }]);
	apply(&mut env, sent);
	// Delisted, the content is released.
	env.ext.execute_with(|| {
		assert_ok!(DataAssets::delist(RuntimeOrigin::signed(alice()), asset));
	});
	expect(&env, format!("{IPFS}/pin/rm?arg={text}&recursive=true"), br#"{"Pins":[]}"#);
	run_worker(&mut env, 4);
	run_worker(&mut env, 5);
}

// ---- results of compute tasks -----------------------------------------------------------------

/// Open content of `n` bytes with the test CID and digest of `seed`.
fn open(seed: u32, size: u64) -> bdes_primitives::MintContent<AccountId> {
	bdes_primitives::MintContent::open(&cid(seed), [seed as u8; 32], size)
}

fn about() -> bdes_primitives::AssetDescription {
	bdes_primitives::AssetDescription {
		title: b"Verified compute result".to_vec(),
		format: b"application/octet-stream".to_vec(),
		tags: vec![b"compute-result".to_vec()],
		coverage: (10, 20),
		..Default::default()
	}
}

#[test]
fn a_minted_asset_has_the_metadata_its_maker_gives() {
	use bdes_primitives::DataAssetMint;
	run_test(|| {
		let asset =
			<DataAssets as DataAssetMint<_>>::mint(&alice(), open(9, 64), about(), true).unwrap();
		let metadata = Metadata::<Test>::get(asset).unwrap();
		assert_eq!(metadata.title.to_vec(), b"Verified compute result".to_vec());
		assert_eq!(metadata.coverage, CoveragePeriod { start: 10, end: 20 });
		// A description the data-assets pallet refuses in a submission is refused here too.
		let bad = bdes_primitives::AssetDescription { title: vec![], ..about() };
		assert!(<DataAssets as DataAssetMint<_>>::mint(&alice(), open(10, 64), bad, true).is_err());
	});
}

#[test]
fn a_verified_result_becomes_a_data_asset_of_its_buyer() {
	use bdes_primitives::{DataAssetInspect, DataAssetMint};
	run_test(|| {
		let free = Balances::free_balance(alice());
		let listed =
			<DataAssets as DataAssetMint<_>>::mint(&alice(), open(7, 4_096), about(), true)
				.unwrap();
		// An approved template's result: listed at once, its NFT with the buyer, fee charged.
		assert_eq!(nft_owner(listed), Some(alice()));
		assert!(<DataAssets as DataAssetInspect<_>>::is_listed(listed));
		assert_eq!(<DataAssets as DataAssetInspect<_>>::content_size(listed), Some(4_096));
		let details = Assets::<Test>::get(listed).unwrap();
		assert_eq!(held(&alice(), HoldReason::ListingDeposit), details.deposit);
		assert_eq!(
			Balances::free_balance(alice()),
			free - details.deposit - LISTING_FEE - ITEM_DEPOSIT
		);
		// Another model's: pending the Council like any submission.
		let pending =
			<DataAssets as DataAssetMint<_>>::mint(&alice(), open(8, 10), about(), false).unwrap();
		assert_eq!(Assets::<Test>::get(pending).unwrap().status, AssetStatus::Pending);
		assert_eq!(nft_owner(pending), None);
		// The same content twice is refused, as for submissions.
		assert!(
			<DataAssets as DataAssetMint<_>>::mint(&bob(), open(7, 4_096), about(), true).is_err()
		);
	});
}

#[test]
fn a_minted_encrypted_asset_holds_its_content_keys_before_any_sale() {
	use bdes_primitives::{DataAssetMint, MintContent};
	run_test(|| {
		let gateway = account(40);
		MockGateways::set(gateway.clone(), [4; 32]);
		let encryption = Some(Encryption { plain_digest: [3; 32], plain_size: 50 });
		let content = MintContent {
			encryption,
			keys: vec![(alice(), vec![1; 40]), (gateway.clone(), vec![2; 40])],
			..open(11, 100)
		};
		let free = Balances::free_balance(alice());
		let asset =
			<DataAssets as DataAssetMint<_>>::mint(&alice(), content, about(), true).unwrap();
		assert_eq!(DataAssets::asset_view(asset).unwrap().encryption, encryption);
		assert_eq!(DataAssets::content_key(asset, &alice()), Some((0, vec![1; 40])));
		assert_eq!(DataAssets::content_key(asset, &gateway), Some((0, vec![2; 40])));
		assert_eq!(ContentKeyCount::<Test>::get(asset), 2);
		// The keys' deposits are the owner's, beside the listing's.
		let key_deposit = ContentKeys::<Test>::get(asset, &gateway).unwrap().deposit;
		assert_eq!(held(&alice(), HoldReason::ContentKeyDeposit), 2 * key_deposit);
		let details = Assets::<Test>::get(asset).unwrap();
		assert_eq!(
			free - Balances::free_balance(alice()),
			details.deposit + LISTING_FEE + ITEM_DEPOSIT + 2 * key_deposit
		);
		assert!(events().contains(&Event::ContentKeySet {
			asset,
			recipient: gateway.clone(),
			revision: 0
		}));

		// A key to an account that is neither the owner nor a gateway fails the whole mint
		// (in the caller's storage layer, as a dispatch has), and open content takes no key.
		let mint = |content| {
			frame_support::storage::with_storage_layer(|| {
				<DataAssets as DataAssetMint<_>>::mint(&alice(), content, about(), true)
			})
		};
		let stranger =
			MintContent { encryption, keys: vec![(account(41), vec![1; 40])], ..open(12, 100) };
		assert_noop!(mint(stranger), Error::<Test>::NotARecipient);
		let keyed_open = MintContent { keys: vec![(alice(), vec![1; 40])], ..open(13, 100) };
		assert_noop!(mint(keyed_open), Error::<Test>::NotEncrypted);
	});
}
