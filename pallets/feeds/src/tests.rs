//! Tests of the feeds pallet.

use crate::{
	mock::*, BatchInput, BatchInputOf, BatchOfDigest, Collector, Deadlines, Error, Event, FeedId,
	FeedSpec, FeedSpecOf, FeedStatus, Feeds as FeedRecords, LiveFeeds, NameOf, NextFeedId,
	NextSchemaId, SaleMode, SaleModeOf, SchemaId, Schemas, SealedKey,
};
use bdes_primitives::{Encryption, RevenueSink};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, Hooks},
};
use sp_runtime::{DispatchError, Permill};

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}
fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}
fn name(text: &str) -> NameOf<Test> {
	text.as_bytes().to_vec().try_into().unwrap()
}
fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Feeds(e) = r.event { Some(e) } else { None })
		.collect()
}
/// Moves to block `n`, running each block's `on_initialize`.
fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Feeds::on_initialize(next);
	}
}

const INTERVAL: u64 = 10;

fn schema() -> SchemaId {
	let id = NextSchemaId::<Test>::get();
	assert_ok!(Feeds::register_schema(signed(OTHER), name("weather"), columns()));
	id
}

fn spec(schema: SchemaId, sale: SaleModeOf<Test>) -> FeedSpecOf<Test> {
	FeedSpec {
		name: name("station_a"),
		schema,
		interval: INTERVAL,
		sale,
		collectors: Default::default(),
	}
}

/// A schema and an approved feed of `OPERATOR`'s.
fn feed_with(sale: SaleModeOf<Test>) -> (SchemaId, FeedId) {
	let schema = schema();
	let id = NextFeedId::<Test>::get();
	assert_ok!(Feeds::propose_feed(signed(OPERATOR), spec(schema, sale)));
	assert_ok!(Feeds::approve_feed(root(), id));
	(schema, id)
}

fn digest(n: u32) -> [u8; 32] {
	sp_io::hashing::sha2_256(&n.to_le_bytes())
}

/// Batch `n` of a feed: it covers seconds `n * 60 ..= n * 60 + 59`.
fn batch(schema: SchemaId, n: u32) -> BatchInputOf<Test> {
	BatchInput {
		cid: format!("bafybatch{n}").into_bytes().try_into().unwrap(),
		digest: digest(n),
		size: 1_000 + u64::from(n),
		schema,
		header: Schemas::<Test>::get(schema).unwrap().hash,
		rows: 24,
		window: (u64::from(n) * 60, u64::from(n) * 60 + 59),
		source: b"http://127.0.0.1/sensor".to_vec().try_into().unwrap(),
		encryption: None,
		keys: Default::default(),
	}
}

/// `batch(schema, n)` encrypted (ciphertext `cipher`), its key sealed to each of `to`.
fn sealed(schema: SchemaId, n: u32, cipher: u8, to: &[AccountId]) -> BatchInputOf<Test> {
	let plain = batch(schema, n);
	BatchInput {
		cid: format!("bafysealed{n}x{cipher}").into_bytes().try_into().unwrap(),
		digest: [cipher; 32],
		size: plain.size + 200,
		encryption: Some(Encryption { plain_digest: plain.digest, plain_size: plain.size }),
		keys: to
			.iter()
			.map(|r| SealedKey { recipient: *r, sealed: vec![cipher; 40].try_into().unwrap() })
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
		..plain
	}
}

// ---- schemas ------------------------------------------------------------------------------

#[test]
fn a_schema_is_registered_with_its_header_hash_and_a_deposit() {
	run_test(|| {
		let id = schema();
		let stored = Schemas::<Test>::get(id).unwrap();
		let expected = sp_io::hashing::sha2_256(b"ts:timestamp_ms,station:utf8,temp_c:float64");
		assert_eq!(stored.hash, expected);
		assert_eq!(stored.columns, columns());
		assert_eq!(Feeds::held(&OTHER), SCHEMA_DEPOSIT);
		assert_eq!(free(OTHER), INITIAL - SCHEMA_DEPOSIT);
		assert_eq!(
			events(),
			vec![Event::SchemaRegistered { schema: id, owner: OTHER, hash: expected }]
		);
	});
}

#[test]
fn bad_schemas_are_refused() {
	run_test(|| {
		let mut dup = columns();
		dup[1].name = name("ts");
		assert_noop!(
			Feeds::register_schema(signed(OTHER), name("w"), dup),
			Error::<Test>::DuplicateColumn
		);
		let mut bad = columns();
		bad[0].name = name("Ts");
		assert_noop!(Feeds::register_schema(signed(OTHER), name("w"), bad), Error::<Test>::BadName);
		assert_noop!(
			Feeds::register_schema(signed(OTHER), name("w"), Default::default()),
			Error::<Test>::EmptySchema
		);
		assert_noop!(
			Feeds::register_schema(signed(OTHER), name("9w"), columns()),
			Error::<Test>::BadName
		);
	});
}

// ---- feeds --------------------------------------------------------------------------------

#[test]
fn a_feed_is_proposed_with_a_deposit_and_approved_by_the_council() {
	run_test(|| {
		let schema = schema();
		assert_ok!(Feeds::propose_feed(signed(OPERATOR), spec(schema, SaleMode::FixedPrice(500))));
		assert_eq!(Feeds::held(&OPERATOR), FEED_DEPOSIT);
		assert_eq!(FeedRecords::<Test>::get(0).unwrap().status, FeedStatus::Proposed);
		// A proposed feed takes no batches.
		assert_noop!(
			Feeds::submit_batch(signed(OPERATOR), 0, batch(schema, 0)),
			Error::<Test>::FeedNotActive
		);
		assert_noop!(Feeds::approve_feed(signed(OPERATOR), 0), DispatchError::BadOrigin);
		assert_ok!(Feeds::approve_feed(root(), 0));
		let feed = FeedRecords::<Test>::get(0).unwrap();
		assert_eq!(feed.status, FeedStatus::Active);
		assert_eq!(feed.deadline, Some(1 + 2 * INTERVAL));
		assert_eq!(LiveFeeds::<Test>::get().to_vec(), vec![0]);
		assert_noop!(Feeds::approve_feed(root(), 0), Error::<Test>::NotProposed);
	});
}

#[test]
fn a_rejected_feed_gives_its_deposit_back() {
	run_test(|| {
		let schema = schema();
		assert_ok!(Feeds::propose_feed(signed(OPERATOR), spec(schema, SaleMode::FixedPrice(500))));
		assert_ok!(Feeds::reject_feed(root(), 0));
		assert_eq!(Feeds::held(&OPERATOR), 0);
		assert_eq!(free(OPERATOR), INITIAL);
		assert!(FeedRecords::<Test>::get(0).is_none());
	});
}

#[test]
fn bad_feeds_are_refused() {
	run_test(|| {
		let schema = schema();
		let propose = |spec| Feeds::propose_feed(signed(OPERATOR), spec);
		assert_noop!(
			propose(FeedSpec { schema: 9, ..spec(schema, SaleMode::FixedPrice(5)) }),
			Error::<Test>::UnknownSchema
		);
		assert_noop!(
			propose(FeedSpec { interval: 1, ..spec(schema, SaleMode::FixedPrice(5)) }),
			Error::<Test>::BadInterval
		);
		assert_noop!(propose(spec(schema, SaleMode::FixedPrice(0))), Error::<Test>::BadSaleTerms);
		assert_noop!(propose(spec(schema, SaleMode::Offers(0))), Error::<Test>::BadSaleTerms);
		assert_noop!(propose(spec(schema, SaleMode::Auction(0))), Error::<Test>::BadSaleTerms);
		let split = |parts: &[(AccountId, u32)]| FeedSpec {
			collectors: parts
				.iter()
				.map(|(a, p)| Collector { account: *a, part: Permill::from_percent(*p) })
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
			..spec(schema, SaleMode::FixedPrice(5))
		};
		assert_noop!(propose(split(&[(10, 50), (11, 40)])), Error::<Test>::BadSplit);
		assert_noop!(propose(split(&[(10, 50), (10, 50)])), Error::<Test>::BadSplit);
		assert_noop!(propose(split(&[(10, 100), (11, 0)])), Error::<Test>::BadSplit);
		assert_ok!(propose(split(&[(10, 60), (11, 40)])));
	});
}

#[test]
fn at_most_max_feeds_are_live() {
	run_test(|| {
		let schema = schema();
		for i in 0..=MAX_FEEDS {
			assert_ok!(Feeds::propose_feed(signed(OPERATOR), spec(schema, SaleMode::Offers(1))));
			if i < MAX_FEEDS {
				assert_ok!(Feeds::approve_feed(root(), i));
			}
		}
		assert_noop!(Feeds::approve_feed(root(), MAX_FEEDS), Error::<Test>::TooManyFeeds);
		// Closing one makes room.
		assert_ok!(Feeds::close_feed(signed(OPERATOR), 0));
		assert_ok!(Feeds::approve_feed(root(), MAX_FEEDS));
	});
}

// ---- batches ------------------------------------------------------------------------------

#[test]
fn a_batch_becomes_a_listed_asset_and_its_sale_starts_by_itself() {
	for (sale, expected) in [
		(SaleMode::Offers(7), MockSale::Offer(7)),
		(SaleMode::FixedPrice(500), MockSale::Fixed(500)),
		(SaleMode::Auction(30), MockSale::Auction(30)),
	] {
		run_test(|| {
			let (schema, feed) = feed_with(sale);
			let held = Feeds::held(&OPERATOR);
			run_to(5);
			assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 0)));
			let asset = 0;
			let made = crate::mock::asset(asset).unwrap();
			assert_eq!(made.owner, OPERATOR);
			assert!(made.listed);
			assert_eq!(made.title, b"station_a #0".to_vec());
			assert_eq!(made.coverage, (0, 59));
			assert_eq!(crate::mock::sale(asset), Some(expected));
			assert_eq!(Feeds::held(&OPERATOR), held + BATCH_DEPOSIT);
			let record = Feeds::batch(asset).unwrap();
			assert_eq!((record.feed, record.seq, record.rows), (feed, 0, 24));
			assert_eq!(BatchOfDigest::<Test>::get(feed, digest(0)), Some(asset));
			let stored = FeedRecords::<Test>::get(feed).unwrap();
			assert_eq!((stored.batches, stored.last_batch), (1, 5));
			assert_eq!(stored.deadline, Some(5 + 2 * INTERVAL));
			assert!(events().contains(&Event::BatchListed {
				feed,
				seq: 0,
				asset,
				digest: digest(0),
				rows: 24,
				encrypted: false,
			}));
		});
	}
}

#[test]
fn an_encrypted_batch_carries_its_sealed_keys_and_is_told_apart_by_its_plaintext() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		let input = sealed(schema, 0, 0xc1, &[OPERATOR, GATEWAY]);
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, input));
		let asset = 0;
		let made = crate::mock::asset(asset).unwrap();
		// The asset's content is the ciphertext; it knows what it decrypts to.
		assert_eq!(made.digest, [0xc1; 32]);
		assert_eq!(
			made.encryption,
			Some(Encryption { plain_digest: digest(0), plain_size: batch(schema, 0).size })
		);
		assert_eq!(made.keys, vec![(OPERATOR, vec![0xc1; 40]), (GATEWAY, vec![0xc1; 40])]);
		assert_eq!(crate::mock::sale(asset), Some(MockSale::Offer(7)));
		// The provenance and the duplicate index hold the plaintext's digest.
		assert_eq!(Feeds::batch(asset).unwrap().digest, digest(0));
		assert_eq!(BatchOfDigest::<Test>::get(feed, digest(0)), Some(asset));
		assert!(events().contains(&Event::BatchListed {
			feed,
			seq: 0,
			asset,
			digest: digest(0),
			rows: 24,
			encrypted: true,
		}));

		// The same Parquet file sealed again (fresh key, other ciphertext) is a duplicate, as
		// is the same file sent open.
		let submit = |b| Feeds::submit_batch(signed(OPERATOR), feed, b);
		assert_noop!(submit(sealed(schema, 0, 0xc2, &[OPERATOR])), Error::<Test>::DuplicateBatch);
		assert_noop!(submit(batch(schema, 0)), Error::<Test>::DuplicateBatch);
		// An encrypted batch needs a key; an open one takes none.
		assert_noop!(submit(sealed(schema, 1, 0xc3, &[])), Error::<Test>::NoContentKey);
		let open_with_key =
			BatchInput { keys: sealed(schema, 1, 0xc3, &[OPERATOR]).keys, ..batch(schema, 1) };
		assert_noop!(submit(open_with_key), Error::<Test>::KeysWithoutEncryption);
		// A key to an account that is neither the operator nor a gateway: nothing is listed,
		// nothing held.
		let held = Feeds::held(&OPERATOR);
		assert_noop!(
			submit(sealed(schema, 1, 0xc4, &[OPERATOR, BUYER])),
			DispatchError::Other("NotARecipient")
		);
		assert_eq!(Feeds::held(&OPERATOR), held);
		assert_eq!(crate::mock::assets(), vec![0]);
		// An open batch after an encrypted one, and the other way round: one feed, both kinds.
		assert_ok!(submit(batch(schema, 1)));
		assert_ok!(submit(sealed(schema, 2, 0xc5, &[GATEWAY])));
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().batches, 3);

		// Another operator's feed cannot claim this feed's plaintext digests: duplicates are
		// told apart within a feed (the digest of an encrypted file is its operator's word).
		let other = NextFeedId::<Test>::get();
		assert_ok!(Feeds::propose_feed(signed(OTHER), spec(schema, SaleMode::Offers(7))));
		assert_ok!(Feeds::approve_feed(root(), other));
		assert_ok!(Feeds::submit_batch(signed(OTHER), other, sealed(schema, 0, 0xc6, &[OTHER])));
		assert_eq!(BatchOfDigest::<Test>::get(feed, digest(0)), Some(0));
		assert_eq!(BatchOfDigest::<Test>::get(other, digest(0)), Some(3));
	});
}

#[test]
fn bad_batches_are_refused_and_change_nothing() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 1)));
		let submit = |b| Feeds::submit_batch(signed(OPERATOR), feed, b);
		// The same digest twice.
		let mut again = batch(schema, 2);
		again.digest = digest(1);
		assert_noop!(submit(again), Error::<Test>::DuplicateBatch);
		// A header that is not the schema's.
		let mut header = batch(schema, 2);
		header.header = [0; 32];
		assert_noop!(submit(header), Error::<Test>::HeaderMismatch);
		// Another schema.
		let other = self::schema();
		let mut wrong = batch(schema, 2);
		wrong.schema = other;
		assert_noop!(submit(wrong), Error::<Test>::SchemaMismatch);
		// A window that overlaps the last batch's.
		let mut overlap = batch(schema, 2);
		overlap.window.0 = 119;
		assert_noop!(submit(overlap), Error::<Test>::WindowOverlap);
		let mut empty = batch(schema, 2);
		empty.rows = 0;
		assert_noop!(submit(empty), Error::<Test>::BadBatch);
		let mut reversed = batch(schema, 2);
		reversed.window = (200, 190);
		assert_noop!(submit(reversed), Error::<Test>::BadBatch);
		assert_noop!(
			Feeds::submit_batch(signed(OTHER), feed, batch(schema, 2)),
			Error::<Test>::NotOperator
		);
		// A sale that cannot start refuses the batch: no asset, no deposit.
		set_sales_fail(true);
		let held = Feeds::held(&OPERATOR);
		assert!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 2)).is_err());
		assert_eq!(crate::mock::assets(), vec![0]);
		assert_eq!(Feeds::held(&OPERATOR), held);
		set_sales_fail(false);
		assert_ok!(submit(batch(schema, 2)));
		assert_eq!(crate::mock::assets(), vec![0, 1]);
	});
}

#[test]
fn three_feeds_of_a_hundred_batches_make_three_hundred_assets_and_replays_add_none() {
	run_test(|| {
		let schema = schema();
		for (i, sale) in [SaleMode::Offers(7), SaleMode::FixedPrice(500), SaleMode::Auction(30)]
			.into_iter()
			.enumerate()
		{
			assert_ok!(Feeds::propose_feed(signed(OPERATOR), spec(schema, sale)));
			assert_ok!(Feeds::approve_feed(root(), i as u32));
		}
		for n in 0..100u32 {
			run_to(System::block_number() + 3);
			for feed in 0..3u32 {
				assert_ok!(Feeds::submit_batch(
					signed(OPERATOR),
					feed,
					batch(schema, n * 3 + feed)
				));
			}
		}
		let made = crate::mock::assets();
		assert_eq!(made.len(), 300);
		assert!(made.iter().all(|a| crate::mock::sale(*a).is_some()));
		// Every batch replayed as it was, then again with a later window: all refused as
		// duplicates.
		for later in [false, true] {
			for n in 0..100u32 {
				for feed in 0..3u32 {
					let mut replay = batch(schema, n * 3 + feed);
					if later {
						replay.window = (1_000_000 + u64::from(n), 1_000_000 + u64::from(n));
					}
					assert_noop!(
						Feeds::submit_batch(signed(OPERATOR), feed, replay),
						Error::<Test>::DuplicateBatch
					);
				}
			}
		}
		assert_eq!(crate::mock::assets().len(), 300);
		assert_eq!(FeedRecords::<Test>::get(2).unwrap().batches, 100);
	});
}

// ---- stale feeds --------------------------------------------------------------------------

#[test]
fn a_feed_silent_for_two_intervals_is_stale_in_the_block_of_its_deadline() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		run_to(4);
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 0)));
		let deadline = 4 + 2 * INTERVAL;
		run_to(deadline - 1);
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().status, FeedStatus::Active);
		System::reset_events();
		run_to(deadline);
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().status, FeedStatus::Stale);
		assert_eq!(events(), vec![Event::FeedStale { feed, last_batch: 4 }]);
		assert!(Deadlines::<Test>::iter().next().is_none());
		// Its next batch makes it active again, and sells.
		run_to(deadline + 3);
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 1)));
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().status, FeedStatus::Active);
		assert!(events().contains(&Event::FeedRecovered { feed }));
		assert_eq!(crate::mock::sale(1), Some(MockSale::Offer(7)));
	});
}

#[test]
fn a_feed_that_delivers_never_goes_stale() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		for n in 0..20 {
			run_to(System::block_number() + 2 * INTERVAL - 1);
			assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, n)));
		}
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().status, FeedStatus::Active);
		assert!(!events().iter().any(|e| matches!(e, Event::FeedStale { .. })));
	});
}

#[test]
fn the_council_suspends_and_resumes_a_feed() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		assert_noop!(Feeds::suspend_feed(signed(OPERATOR), feed), DispatchError::BadOrigin);
		assert_ok!(Feeds::suspend_feed(root(), feed));
		assert_noop!(
			Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 0)),
			Error::<Test>::FeedSuspended
		);
		// Suspended feeds do not go stale.
		run_to(100);
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().status, FeedStatus::Suspended);
		assert_noop!(Feeds::suspend_feed(root(), feed), Error::<Test>::NotLive);
		assert_ok!(Feeds::resume_feed(root(), feed));
		assert_noop!(Feeds::resume_feed(root(), feed), Error::<Test>::NotSuspended);
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().deadline, Some(100 + 2 * INTERVAL));
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 0)));
	});
}

#[test]
fn a_closed_feed_takes_no_batches_and_keeps_its_provenance() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 0)));
		assert_noop!(Feeds::close_feed(signed(OTHER), feed), Error::<Test>::NotOperator);
		assert_ok!(Feeds::close_feed(signed(OPERATOR), feed));
		assert_eq!(Feeds::held(&OPERATOR), BATCH_DEPOSIT);
		assert_eq!(FeedRecords::<Test>::get(feed).unwrap().status, FeedStatus::Closed);
		assert!(LiveFeeds::<Test>::get().is_empty());
		assert_noop!(
			Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 1)),
			Error::<Test>::FeedNotActive
		);
		assert_eq!(Feeds::batch(0).unwrap().feed, feed);
	});
}

#[test]
fn a_delisted_batch_is_released_and_its_deposit_returned() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 0)));
		assert_noop!(Feeds::release_batch(signed(OTHER), 0), Error::<Test>::StillListed);
		assert_noop!(Feeds::release_batch(signed(OTHER), 9), Error::<Test>::UnknownBatch);
		delist(0);
		let held = Feeds::held(&OPERATOR);
		assert_ok!(Feeds::release_batch(signed(OTHER), 0));
		assert_eq!(Feeds::held(&OPERATOR), held - BATCH_DEPOSIT);
		assert!(Feeds::batch(0).is_none());
		assert!(BatchOfDigest::<Test>::get(feed, digest(0)).is_none());
	});
}

// ---- contribution rewards -----------------------------------------------------------------

#[test]
fn contribution_rewards_go_only_to_feeds_punctual_for_the_whole_epoch() {
	run_test(|| {
		let schema = schema();
		// Feeds 0 and 1 punctual, 2 late once (no stale), 3 stale, 4 approved mid-epoch:
		// operators 10, 11, 12, 1, 2.
		let operators = [10, 11, 12, OPERATOR, OTHER];
		for (i, who) in operators.iter().enumerate() {
			assert_ok!(Feeds::propose_feed(signed(*who), spec(schema, SaleMode::Offers(1))));
			if i != 4 {
				assert_ok!(Feeds::approve_feed(root(), i as u32));
			}
		}
		run_to(EPOCH); // The second epoch starts at block EPOCH: every feed was approved before.
		let mut n = 0;
		let mut submit = |feed: FeedId, who: AccountId| {
			assert_ok!(Feeds::submit_batch(signed(who), feed, batch(schema, n)));
			n += 1;
		};
		for f in 0..4 {
			submit(f, operators[f as usize]);
		}
		// Approved a block into the epoch: not there for the whole of it.
		run_to(EPOCH + 1);
		assert_ok!(Feeds::approve_feed(root(), 4));
		let mut block = EPOCH;
		while block + INTERVAL < 2 * EPOCH {
			block += INTERVAL;
			run_to(block);
			submit(0, 10);
			submit(1, 11);
			submit(4, OTHER);
			// Feed 2 skips one delivery in the middle of the epoch, never two in a row.
			if block != EPOCH + 5 * INTERVAL {
				submit(2, 12);
			}
		}
		let pot = free(RewardPot::get());
		let before: Vec<Balance> = operators.iter().map(|w| free(*w)).collect();
		System::reset_events();
		run_to(2 * EPOCH);
		assert_eq!(FeedRecords::<Test>::get(3).unwrap().status, FeedStatus::Stale);
		let share = REWARD / 2;
		let paid: Vec<Balance> = operators.iter().zip(&before).map(|(w, b)| free(*w) - b).collect();
		assert_eq!(paid, vec![share, share, 0, 0, 0]);
		assert_eq!(free(RewardPot::get()), pot - 2 * share);
		assert_eq!(
			events()
				.into_iter()
				.filter(|e| matches!(e, Event::ContributionPaid { .. }))
				.count(),
			2
		);
		assert!(events().contains(&Event::ContributionPaid {
			epoch: 1,
			feed: 0,
			operator: 10,
			amount: share
		}));
	});
}

#[test]
fn a_dry_pot_leaves_rewards_unpaid_without_failing_the_block() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		let pot = RewardPot::get();
		let all = Balances::balance(&pot);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::transfer(
			&pot,
			&OTHER,
			all - ED,
			frame_support::traits::tokens::Preservation::Preserve
		));
		let mut n = 0;
		while System::block_number() + INTERVAL < 2 * EPOCH {
			run_to(System::block_number() + INTERVAL);
			assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, n)));
			n += 1;
		}
		run_to(2 * EPOCH);
		assert!(events().contains(&Event::ContributionUnpaid { epoch: 1, feed, amount: REWARD }));
	});
}

// ---- revenue split ------------------------------------------------------------------------

#[test]
fn a_batch_revenue_goes_to_the_feeds_collectors_by_their_parts() {
	run_test(|| {
		let schema = schema();
		let collectors = vec![
			Collector { account: 10, part: Permill::from_percent(60) },
			Collector { account: 11, part: Permill::from_percent(30) },
			// Not an account yet: its 10% of 50 is below the existential deposit.
			Collector { account: 500, part: Permill::from_percent(10) },
		];
		let feed_spec = FeedSpec {
			collectors: collectors.try_into().unwrap(),
			..spec(schema, SaleMode::Offers(7))
		};
		assert_ok!(Feeds::propose_feed(signed(OPERATOR), feed_spec));
		assert_ok!(Feeds::approve_feed(root(), 0));
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), 0, batch(schema, 0)));
		assert!(<Feeds as RevenueSink<_, _>>::accepts(0));
		assert!(!<Feeds as RevenueSink<_, _>>::accepts(1));
		// The NFT was sold: its new owner gets what a collector could not receive.
		set_owner(0, OTHER);
		let before = [free(BUYER), free(10), free(11), free(OTHER)];
		assert_ok!(<Feeds as RevenueSink<_, _>>::pay(0, &BUYER, 50));
		assert_eq!(
			[free(BUYER), free(10), free(11), free(OTHER)],
			[before[0] - 50, before[1] + 30, before[2] + 15, before[3] + 5]
		);
		assert_eq!(Balances::balance(&500), 0);
		assert!(events().contains(&Event::RevenueSplit { asset: 0, collectors: 45, owner: 5 }));
	});
}

#[test]
fn a_feed_without_collectors_takes_no_revenue() {
	run_test(|| {
		let (schema, feed) = feed_with(SaleMode::Offers(7));
		assert_ok!(Feeds::submit_batch(signed(OPERATOR), feed, batch(schema, 0)));
		assert!(!<Feeds as RevenueSink<_, _>>::accepts(0));
		assert!(<Feeds as RevenueSink<_, _>>::pay(0, &BUYER, 50).is_err());
	});
}

// ---- random sequences ---------------------------------------------------------------------

mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Op {
		Wait(u64),
		Submit(u32),
		Suspend(u32),
		Resume(u32),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(1u64..30).prop_map(Op::Wait),
			(0u32..3).prop_map(Op::Submit),
			(0u32..3).prop_map(Op::Suspend),
			(0u32..3).prop_map(Op::Resume),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]

		/// Whatever the order of deliveries, silences and suspensions: a feed is stale exactly
		/// when it has been active and silent for two intervals, and the deadline queue holds
		/// each active feed once.
		#[test]
		fn a_feed_is_stale_exactly_when_silent_for_two_intervals(ops in prop::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| -> Result<(), TestCaseError> {
				let schema = schema();
				for i in 0..3u32 {
					assert_ok!(Feeds::propose_feed(signed(OPERATOR), spec(schema, SaleMode::Offers(1))));
					assert_ok!(Feeds::approve_feed(root(), i));
				}
				// Block each feed's clock last (re)started at, unless suspended.
				let mut clock: [Option<u64>; 3] = [Some(1); 3];
				let mut n = 0;
				for op in ops {
					match op {
						Op::Wait(k) => {
							for _ in 0..k {
								run_to(System::block_number() + 1);
								let now = System::block_number();
								for (f, start) in clock.iter().enumerate() {
									let status = FeedRecords::<Test>::get(f as u32).unwrap().status;
									match start {
										None => prop_assert_eq!(status, FeedStatus::Suspended),
										Some(s) if now >= s + 2 * INTERVAL =>
											prop_assert_eq!(status, FeedStatus::Stale),
										Some(_) => prop_assert_eq!(status, FeedStatus::Active),
									}
								}
							}
						},
						Op::Submit(f) => {
							let result = Feeds::submit_batch(signed(OPERATOR), f, batch(schema, n));
							n += 1;
							prop_assert_eq!(result.is_ok(), clock[f as usize].is_some());
							if result.is_ok() {
								clock[f as usize] = Some(System::block_number());
							}
						},
						Op::Suspend(f) => {
							let result = Feeds::suspend_feed(root(), f);
							prop_assert_eq!(result.is_ok(), clock[f as usize].is_some());
							clock[f as usize] = None;
						},
						Op::Resume(f) => {
							let result = Feeds::resume_feed(root(), f);
							prop_assert_eq!(result.is_ok(), clock[f as usize].is_none());
							if result.is_ok() {
								clock[f as usize] = Some(System::block_number());
							}
						},
					}
					prop_assert!(Feeds::do_try_state().is_ok());
				}
				Ok(())
			})?;
		}
	}
}
