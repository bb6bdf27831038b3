//! The gateway under attack and under failure, over an in-memory chain and a fake IPFS: each
//! test is one scenario of issue 12.

mod common;

use bdes_gateway::auth::{self, GatewayId, HEADER_CALLS_LEFT, HEADER_COUNTER};
use common::*;
use std::time::Duration;
use subxt::utils::AccountId32;
use subxt_signer::sr25519::dev;

const L: u32 = 1;
const EXPIRY: u32 = 1_000;

async fn setup(calls: u32) -> (MemoryChain, FakeIpfs, Client) {
	let chain = MemoryChain::new();
	let ipfs = FakeIpfs::start().await;
	let holder = Client::new(dev::dave());
	chain.add_licence(L, &holder.account(), calls, EXPIRY);
	(chain, ipfs, holder)
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
	response.headers().get(name).map(|v| v.to_str().unwrap().to_string())
}

#[tokio::test]
async fn the_licences_calls_on_chain_equal_the_calls_the_holder_made() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	for n in 1..=4 {
		let response = holder.get(&gateway, &Req::new(L, n)).await;
		assert_eq!(response.status(), 200);
		assert_eq!(header(&response, HEADER_CALLS_LEFT).as_deref(), Some(&*(10 - n).to_string()));
		assert_eq!(header(&response, HEADER_COUNTER).as_deref(), Some(&*n.to_string()));
		assert_eq!(response.bytes().await.unwrap().as_ref(), ipfs.content.as_slice());
	}
	// A range is a call too, and its bytes are exact.
	let response = holder.get(&gateway, &Req::new(L, 5).range("bytes=10-19")).await;
	assert_eq!(response.status(), 206);
	assert_eq!(header(&response, "content-range").as_deref(), Some("bytes 10-19/65536"));
	assert_eq!(response.bytes().await.unwrap().as_ref(), &ipfs.content[10..20]);
	eventually(10, "the usage on chain", || chain.charged(L) == 5).await;
	assert_eq!(chain.licence(L).calls_left, 5);
	assert_eq!(gateway.stop().await, 0);
	assert_eq!(chain.charged(L), 5);
}

#[tokio::test]
async fn a_stale_counter_is_answered_409_with_the_counter_to_continue_from() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	for n in 1..=3 {
		assert_eq!(holder.status(&gateway, &Req::new(L, n)).await.0, 200);
	}
	let response = holder.get(&gateway, &Req::new(L, 2)).await;
	assert_eq!(response.status(), 409);
	assert_eq!(header(&response, HEADER_COUNTER).as_deref(), Some("3"));
	let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
	assert_eq!(
		(body["error"].as_str(), body["counter"].as_u64()),
		(Some("stale_counter"), Some(3))
	);
	assert_eq!(holder.status(&gateway, &Req::new(L, 4)).await.0, 200);
	// A counter beyond what the licence has left is refused, and charges nothing.
	assert_eq!(holder.status(&gateway, &Req::new(L, 11)).await, (403, "exhausted".into()));
	gateway.stop().await;
	assert_eq!(chain.charged(L), 4);
}

#[tokio::test]
async fn a_replayed_request_is_refused_also_after_a_restart() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	let captured = holder.headers(&gateway.state.gateway(), &Req::new(L, 1));
	let replay = || holder.send(&gateway.url, ASSET, &captured, None);
	assert_eq!(outcome(replay().await).await.0, 200);
	let again = replay().await;
	assert_eq!(again.status(), 409);
	assert_eq!(header(&again, HEADER_COUNTER).as_deref(), Some("1"));
	// Concurrent copies of one request: one is served.
	let captured = holder.headers(&gateway.state.gateway(), &Req::new(L, 2));
	let copies = futures::future::join_all(
		(0..8).map(|_| holder.send(&gateway.url, ASSET, &captured, None)),
	)
	.await;
	let served = copies.iter().filter(|r| r.status() == 200).count();
	assert_eq!(served, 1, "statuses {:?}", copies.iter().map(|r| r.status()).collect::<Vec<_>>());
	assert_eq!(gateway.stop().await, 0);
	assert_eq!(chain.charged(L), 2);

	// A new process with nothing saved: the chain's counter refuses the replay.
	let mut restarted = TestGateway::start(&chain, test_config(&ipfs)).await;
	let after = holder.send(&restarted.url, ASSET, &captured, None).await;
	assert_eq!(after.status(), 409);
	assert_eq!(header(&after, HEADER_COUNTER).as_deref(), Some("2"));
	assert_eq!(holder.status(&restarted, &Req::new(L, 3)).await.0, 200);
	restarted.stop().await;
	assert_eq!(chain.charged(L), 3);
	assert_eq!(chain.licence(L).calls_left, 7);
}

#[tokio::test]
async fn replays_of_the_holders_requests_do_not_spend_the_holders_rate_limit() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut config = test_config(&ipfs);
	config.rate_per_sec = 2;
	let mut gateway = TestGateway::start(&chain, config).await;
	let captured = holder.headers(&gateway.state.gateway(), &Req::new(L, 1));
	assert_eq!(outcome(holder.send(&gateway.url, ASSET, &captured, None).await).await.0, 200);
	for _ in 0..30 {
		let replay = holder.send(&gateway.url, ASSET, &captured, None).await;
		assert_eq!(outcome(replay).await, (409, "stale_counter".into()));
	}
	// The holder's burst (4) is intact.
	for n in 2..=4 {
		assert_eq!(holder.status(&gateway, &Req::new(L, n)).await, (200, String::new()));
	}
	gateway.stop().await;
	assert_eq!(chain.charged(L), 4);
}

#[tokio::test]
async fn a_request_signed_for_another_gateway_chain_or_range_is_refused_before_any_lookup() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	let ours = gateway.state.gateway();
	let other_gateway = GatewayId { account: AccountId32(dev::eve().public_key().0), ..ours };
	let other_chain = GatewayId { genesis: [7; 32], ..ours };
	for signed_for in [other_gateway, other_chain] {
		let req = Req { gateway: Some(signed_for), ..Req::new(L, 1) };
		assert_eq!(holder.status(&gateway, &req).await, (401, "bad_signature".into()));
	}
	// Signed for one range, sent with another, or without one.
	let headers = holder.headers(&ours, &Req::new(L, 1).range("bytes=0-9"));
	let other_range = holder.send(&gateway.url, ASSET, &headers, Some("bytes=0-99999")).await;
	assert_eq!(outcome(other_range).await, (401, "bad_signature".into()));
	let no_range = holder.send(&gateway.url, ASSET, &headers, None).await;
	assert_eq!(outcome(no_range).await, (401, "bad_signature".into()));
	// Timestamps outside the window, vouchers too short-lived to settle.
	let old = Req { timestamp_ms: auth::now_ms() - 61_000, ..Req::new(L, 1) };
	assert_eq!(holder.status(&gateway, &old).await, (401, "stale_timestamp".into()));
	let short = Req { until_ms: auth::now_ms() + 1_000, ..Req::new(L, 1) };
	assert_eq!(holder.status(&gateway, &short).await, (401, "bad_until".into()));
	assert_eq!((chain.checks(), chain.asset_lookups()), (0, 0), "nothing reached the node");
	// The same request signed for this gateway and range is served.
	let response = holder.send(&gateway.url, ASSET, &headers, Some("bytes=0-9")).await;
	assert_eq!(response.status(), 206);
	gateway.stop().await;
	assert_eq!(chain.charged(L), 1);
}

#[tokio::test]
async fn random_keys_for_a_victims_licence_never_evict_the_victim_and_cost_bounded_lookups() {
	let (chain, ipfs, victim) = setup(1_000).await;
	let mut config = test_config(&ipfs);
	config.cache_ms = 60_000;
	let mut gateway = TestGateway::start(&chain, config).await;
	assert_eq!(victim.status(&gateway, &Req::new(L, 1)).await.0, 200);
	let checks_after_victim = chain.checks();
	let started = std::time::Instant::now();
	let mut statuses = std::collections::BTreeMap::new();
	for round in 0..120u32 {
		// An attacker's fresh key signs (validly) a request for the victim's licence.
		let attacker = Client::new(random_key());
		*statuses.entry(attacker.status(&gateway, &Req::new(L, 1)).await).or_insert(0) += 1;
		// The victim is served throughout, from its cached entry.
		if round % 10 == 0 {
			let n = 2 + round / 10;
			assert_eq!(victim.status(&gateway, &Req::new(L, n)).await, (200, String::new()));
		}
	}
	// Each stranger costs a lookup only while the licence's lookup bucket lasts (burst 10,
	// then 5 a second).
	let lookups = chain.checks() - checks_after_victim;
	let bound = 10 + (5.0 * started.elapsed().as_secs_f64()).ceil() as usize;
	assert!(lookups <= bound, "{lookups} lookups for 120 strangers (bound {bound})");
	assert_eq!(statuses.get(&(403, "not_holder".into())).copied().unwrap_or(0), lookups);
	assert_eq!(
		statuses.get(&(429, "rate_limited".into())).copied().unwrap_or(0),
		120 - lookups,
		"{statuses:?}"
	);
	// The same stranger again is answered from the refusal cache.
	tokio::time::sleep(Duration::from_millis(500)).await;
	let attacker = Client::new(random_key());
	let _ = attacker.status(&gateway, &Req::new(L, 1)).await;
	let before = chain.checks();
	assert_eq!(attacker.status(&gateway, &Req::new(L, 2)).await.1, "not_holder");
	assert_eq!(chain.checks(), before);
	gateway.stop().await;
	assert_eq!(chain.charged(L), 13);
}

#[tokio::test]
async fn a_flood_from_one_address_is_cut_before_the_signature_check() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut config = test_config(&ipfs);
	config.ip_rate_per_sec = 10;
	let mut gateway = TestGateway::start(&chain, config).await;
	// Well-formed, in time, but signed by nobody: a signature check would say 401.
	let mut headers = holder.headers(&gateway.state.gateway(), &Req::new(L, 1));
	headers.retain(|(name, _)| *name != auth::HEADER_SIGNATURE);
	headers.push((auth::HEADER_SIGNATURE, format!("0x{}", "00".repeat(64))));
	let mut codes = std::collections::BTreeMap::new();
	let started = std::time::Instant::now();
	for _ in 0..60 {
		let (status, _) = outcome(holder.send(&gateway.url, ASSET, &headers, None).await).await;
		*codes.entry(status).or_insert(0) += 1;
	}
	// The burst (20) reaches the signature check; the rest is refused before it.
	let bound = 20 + (10.0 * started.elapsed().as_secs_f64()).ceil() as usize;
	assert!(codes[&401] >= 20 && codes[&401] <= bound, "{codes:?} (bound {bound})");
	assert_eq!(codes[&429], 60 - codes[&401]);
	assert_eq!((chain.checks(), chain.asset_lookups()), (0, 0));
	gateway.stop().await;
}

#[tokio::test]
async fn addresses_not_served_lately_share_a_signature_budget_and_served_clients_keep_theirs() {
	let (chain, ipfs, holder) = setup(100).await;
	let mut config = test_config(&ipfs);
	config.stranger_verify_rate = 5;
	let mut gateway = TestGateway::start(&chain, config).await;
	assert_eq!(holder.status(&gateway, &Req::new(L, 1)).await.0, 200);
	// A flood of forged signatures from other addresses: the budget's burst (10) is checked,
	// the rest refused before any signature check.
	let started = std::time::Instant::now();
	let mut codes = std::collections::BTreeMap::new();
	for i in 0..60u8 {
		let attacker = Client::from_address(random_key(), 2 + i % 4);
		let mut headers = attacker.headers(&gateway.state.gateway(), &Req::new(L, 1));
		headers.retain(|(name, _)| *name != auth::HEADER_SIGNATURE);
		headers.push((auth::HEADER_SIGNATURE, format!("0x{}", "01".repeat(64))));
		let (status, _) = outcome(attacker.send(&gateway.url, ASSET, &headers, None).await).await;
		*codes.entry(status).or_insert(0) += 1;
		// The holder, served before from its address, is never refused.
		if i % 10 == 0 {
			let n = 2 + u32::from(i / 10);
			assert_eq!(holder.status(&gateway, &Req::new(L, n)).await, (200, String::new()));
		}
	}
	let bound = 10 + (5.0 * started.elapsed().as_secs_f64()).ceil() as usize;
	assert!(codes[&401] >= 9 && codes[&401] <= bound, "{codes:?} (bound {bound})");
	assert_eq!(codes[&429], 60 - codes[&401]);
	gateway.stop().await;
	assert_eq!(chain.charged(L), 7);
}

#[tokio::test]
async fn random_ids_are_cached_as_unknown_and_every_map_stays_bounded() {
	let (chain, ipfs, _) = setup(10).await;
	let mut config = test_config(&ipfs);
	config.cached_licences = 256;
	config.licence_lookup_rate = 1_000;
	let mut gateway = TestGateway::start(&chain, config).await;
	let attacker = Client::new(random_key());
	// Random licence ids of a real asset, then random asset ids.
	let ids: Vec<u32> = (0..1_500).map(|_| rand::random::<u32>() | 1 << 31).collect();
	for (n, id) in ids.iter().enumerate() {
		let (status, code) = attacker.status(&gateway, &Req::new(*id, n as u32 + 1)).await;
		assert_eq!((status, code.as_str()), (403, "unknown_licence"));
	}
	let checks = chain.checks();
	assert_eq!(checks, 1_500);
	// An unknown id asked again is answered from the cache.
	let last = ids[ids.len() - 1];
	assert_eq!(attacker.status(&gateway, &Req::new(last, 9_999)).await.1, "unknown_licence");
	assert_eq!(chain.checks(), checks);
	let asset_lookups = chain.asset_lookups();
	let random_assets: Vec<u32> = (0..200).map(|_| rand::random::<u32>() | 1 << 31).collect();
	for (n, asset) in random_assets.iter().enumerate() {
		let req = Req { asset: *asset, ..Req::new(L, n as u32 + 1) };
		assert_eq!(attacker.status(&gateway, &req).await, (404, "unknown_asset".into()));
	}
	assert_eq!(chain.asset_lookups(), asset_lookups + 200);
	let again = Req { asset: random_assets[199], ..Req::new(L, 1) };
	assert_eq!(attacker.status(&gateway, &again).await.1, "unknown_asset");
	assert_eq!(chain.asset_lookups(), asset_lookups + 200);
	let (answers, refusals, ledgers) = gateway.state.meter.sizes();
	assert_eq!(answers, 0, "no answer is cached for strangers");
	assert_eq!(refusals, 1_024, "the refusal cache is bounded");
	assert_eq!(ledgers, 0);
	assert_eq!(gateway.metric("bdes_gateway_map_entries{map=\"assets\"}"), 201);
	gateway.stop().await;
}

#[tokio::test]
async fn a_cached_answer_does_not_outlive_the_expiry_block_and_late_usage_still_settles() {
	let chain = MemoryChain::new();
	let ipfs = FakeIpfs::start().await;
	let holder = Client::new(dev::dave());
	chain.add_licence(L, &holder.account(), 10, 20);
	let mut config = test_config(&ipfs);
	config.cache_ms = 60_000;
	config.flush_ms = 3_600_000;
	let mut gateway = TestGateway::start(&chain, config).await;
	chain.set_best(19);
	assert_eq!(holder.status(&gateway, &Req::new(L, 1)).await.0, 200);
	assert_eq!(holder.status(&gateway, &Req::new(L, 2)).await.0, 200);
	let checks = chain.checks();
	// The expiry block arrives; the answer cached a minute long is not used past it.
	chain.set_best(20);
	assert_eq!(holder.status(&gateway, &Req::new(L, 3)).await, (403, "expired".into()));
	assert_eq!(chain.checks(), checks + 1, "the chain was asked");
	// A final block behind the best: the chain still answers `Valid`, past the best block's
	// expiry, and the gateway refuses anyway.
	let bob = Client::new(dev::bob());
	chain.add_licence(2, &bob.account(), 10, 20);
	chain.set_final(19);
	assert_eq!(bob.status(&gateway, &Req::new(2, 1)).await, (403, "expired".into()));
	// The calls served in the last block before the expiry are settled after it (grace).
	chain.set_best(22);
	assert_eq!(gateway.stop().await, 0);
	assert_eq!(chain.charged(L), 2);
	assert_eq!(chain.licence(L).calls_left, 8);
}

#[tokio::test]
async fn a_holder_change_drops_the_cached_holder_and_the_new_holder_continues() {
	let (chain, ipfs, alice) = setup(10).await;
	let bob = Client::new(dev::bob());
	let mut config = test_config(&ipfs);
	config.cache_ms = 200;
	config.flush_ms = 3_600_000;
	let mut gateway = TestGateway::start(&chain, config).await;
	assert_eq!(alice.status(&gateway, &Req::new(L, 1)).await.0, 200);
	chain.transfer(L, &bob.account());
	// Within the cache time the former holder may still be served (that call cannot be
	// settled); after it, never.
	tokio::time::sleep(Duration::from_millis(250)).await;
	assert_eq!(alice.status(&gateway, &Req::new(L, 2)).await, (403, "not_holder".into()));
	// The new holder continues from the chain's counter (nothing settled yet: 0).
	let response = bob.get(&gateway, &Req::new(L, 1)).await;
	assert_eq!(response.status(), 200);
	assert_eq!(header(&response, HEADER_CALLS_LEFT).as_deref(), Some("9"));
	assert_eq!(alice.status(&gateway, &Req::new(L, 3)).await, (403, "not_holder".into()));
	assert_eq!(gateway.stop().await, 0);
	// Bob's call is charged; Alice's, which no longer verifies on chain, is given up.
	assert_eq!(chain.charged(L), 1);
	assert_eq!(chain.licence(L).calls_left, 9);
	assert_eq!(gateway.metric("bdes_gateway_vouchers_dropped_total{reason=\"HolderChanged\"}"), 1);
}

#[tokio::test]
async fn a_batch_that_fails_or_times_out_loses_no_usage() {
	let (chain, ipfs, holder) = setup(10).await;
	// Unreachable, then no answer (nothing landed), then no answer (but it landed).
	chain.fail_next(&[Fault::Unavailable, Fault::Hang { land: false }, Fault::Hang { land: true }]);
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	for n in 1..=3 {
		assert_eq!(holder.status(&gateway, &Req::new(L, n)).await.0, 200);
	}
	eventually(20, "the vouchers on chain", || chain.charged(L) == 3 && chain.reports().0 >= 3)
		.await;
	for n in 4..=5 {
		assert_eq!(holder.status(&gateway, &Req::new(L, n)).await.0, 200);
	}
	assert_eq!(gateway.stop().await, 0);
	assert_eq!(chain.charged(L), 5);
	assert_eq!(chain.licence(L).calls_left, 5);
	let metric =
		|outcome: &str| format!("bdes_gateway_usage_batches_total{{outcome=\"{outcome}\"}}");
	assert_eq!(gateway.metric(&metric("failed")), 1);
	assert_eq!(gateway.metric(&metric("timeout")), 2);
}

#[tokio::test]
async fn a_refused_batch_is_split_and_only_the_voucher_refused_for_good_is_dropped() {
	let chain = MemoryChain::new();
	let ipfs = FakeIpfs::start().await;
	let holder = Client::new(dev::dave());
	// Licence 1 can be settled until block 25, licence 2 until 1005.
	chain.add_licence(1, &holder.account(), 10, 20);
	chain.add_licence(2, &holder.account(), 10, EXPIRY);
	let mut config = test_config(&ipfs);
	config.flush_ms = 3_600_000;
	let mut gateway = TestGateway::start(&chain, config).await;
	assert_eq!(holder.status(&gateway, &Req::new(1, 1)).await.0, 200);
	assert_eq!(holder.status(&gateway, &Req::new(2, 1)).await.0, 200);
	assert_eq!(holder.status(&gateway, &Req::new(2, 2)).await.0, 200);
	chain.set_best(25);
	assert_eq!(gateway.stop().await, 0);
	assert_eq!((chain.charged(1), chain.charged(2)), (0, 2));
	// One batch of two refused, then its halves: one dropped, one recorded.
	assert_eq!(chain.reports(), (3, vec![1]));
	let dropped = "bdes_gateway_vouchers_dropped_total{reason=\"SettlementClosed\"}";
	assert_eq!(gateway.metric(dropped), 1);
}

#[tokio::test]
async fn a_call_ipfs_cannot_serve_is_not_charged() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	ipfs.fail.store(true, std::sync::atomic::Ordering::Relaxed);
	let captured = holder.headers(&gateway.state.gateway(), &Req::new(L, 1));
	let failed = holder.send(&gateway.url, ASSET, &captured, None).await;
	assert_eq!(outcome(failed).await, (502, "ipfs_unavailable".into()));
	ipfs.fail.store(false, std::sync::atomic::Ordering::Relaxed);
	tokio::time::sleep(Duration::from_millis(300)).await;
	assert_eq!(chain.charged(L), 0);
	// The counter was not taken: the same signed request is served now, once.
	assert_eq!(outcome(holder.send(&gateway.url, ASSET, &captured, None).await).await.0, 200);
	gateway.stop().await;
	assert_eq!(chain.charged(L), 1);
}

#[tokio::test]
async fn shutting_down_finishes_responses_in_flight_and_settles_them() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut config = test_config(&ipfs);
	config.flush_ms = 3_600_000;
	let mut gateway = TestGateway::start(&chain, config).await;
	assert_eq!(holder.status(&gateway, &Req::new(L, 1)).await.0, 200);
	*ipfs.stall.lock().unwrap() = Duration::from_millis(800);
	let slow = holder.get(&gateway, &Req::new(L, 2)).await;
	assert_eq!(slow.status(), 200);
	// SIGTERM while the body streams.
	let url = gateway.url.clone();
	let stopping = tokio::spawn(async move { gateway.stop().await });
	tokio::time::sleep(Duration::from_millis(100)).await;
	// No new connections.
	assert!(reqwest::get(format!("{url}/healthz")).await.is_err());
	assert_eq!(slow.bytes().await.unwrap().as_ref(), ipfs.content.as_slice());
	assert_eq!(stopping.await.unwrap(), 0, "nothing left unsettled");
	assert_eq!(chain.charged(L), 2);
}

#[tokio::test]
async fn info_tells_clients_what_to_sign_for() {
	let (chain, ipfs, _) = setup(1).await;
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	let body = reqwest::get(format!("{}/info", gateway.url))
		.await
		.unwrap()
		.bytes()
		.await
		.unwrap();
	let info: auth::GatewayInfo = serde_json::from_slice(&body).unwrap();
	assert_eq!(GatewayId::try_from(&info).unwrap(), gateway.state.gateway());
	assert_eq!(info.gateway, account(&operator()).to_string());
	gateway.stop().await;
}

#[tokio::test]
async fn an_encrypted_asset_is_served_decrypted_with_exact_ranges_once_the_owner_authorises() {
	let plain: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(7) % 256) as u8).collect();
	let key = bdes_sealing::ContentKey::generate();
	let mut cipher = Vec::new();
	bdes_sealing::encrypt(&key, &plain[..], &mut cipher).unwrap();
	assert!(!cipher.windows(64).any(|w| w == &plain[..64]), "IPFS holds no plaintext");
	let ipfs = FakeIpfs::start_with(cipher.clone()).await;
	let chain = MemoryChain::new();
	let holder = Client::new(dev::dave());
	chain.add_licence(L, &holder.account(), 10, EXPIRY);
	let (plain_size, cipher_size) = (plain.len() as u64, cipher.len() as u64);
	chain.add_encrypted_asset(ASSET, CID, plain_size, cipher_size, None);
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;

	// Not authorised: refused, and the counter is not spent.
	assert_eq!(holder.status(&gateway, &Req::new(L, 1)).await, (403, "not_authorised".into()));
	// A key sealed to another identity does not open either.
	let other = bdes_sealing::Identity::generate();
	let wrong = bdes_sealing::seal(&key, &other.recipient());
	chain.add_encrypted_asset(ASSET, CID, plain_size, cipher_size, Some((0, wrong)));
	assert_eq!(holder.status(&gateway, &Req::new(L, 1)).await, (403, "not_authorised".into()));

	let sealed = bdes_sealing::seal(&key, &gateway.state.sealing_key());
	chain.add_encrypted_asset(ASSET, CID, plain_size, cipher_size, Some((0, sealed)));
	let response = holder.get(&gateway, &Req::new(L, 1)).await;
	assert_eq!(response.status(), 200);
	assert_eq!(header(&response, "content-length"), Some(plain.len().to_string()));
	assert_eq!(response.bytes().await.unwrap().as_ref(), plain.as_slice());
	let ranges: [(u64, u64); 5] =
		[(0, 0), (65_535, 65_536), (65_536, 131_071), (100_000, 199_999), (199_990, 199_999)];
	for (n, (first, last)) in ranges.iter().enumerate() {
		let req = Req::new(L, n as u32 + 2).range(&format!("bytes={first}-{last}"));
		let response = holder.get(&gateway, &req).await;
		assert_eq!(response.status(), 206);
		assert_eq!(
			header(&response, "content-range"),
			Some(format!("bytes {first}-{last}/{}", plain.len()))
		);
		let body = response.bytes().await.unwrap();
		assert_eq!(body.as_ref(), &plain[*first as usize..=*last as usize], "range {first}-{last}");
	}
	let suffix = holder.get(&gateway, &Req::new(L, 7).range("bytes=-5")).await;
	assert_eq!(suffix.bytes().await.unwrap().as_ref(), &plain[plain.len() - 5..]);
	eventually(10, "the usage on chain", || chain.charged(L) == 7).await;
	assert_eq!(gateway.stop().await, 0);
	assert_eq!(chain.licence(L).calls_left, 3);
}

#[tokio::test]
async fn a_tasks_provider_reads_its_input_unmetered_and_nobody_else_does() {
	let (chain, ipfs, holder) = setup(10).await;
	let mut gateway = TestGateway::start(&chain, test_config(&ipfs)).await;
	let client = bdes_gateway::client::GatewayClient::connect(reqwest::Client::new(), &gateway.url)
		.await
		.unwrap();
	let provider = dev::eve();
	let task = 9;
	chain.set_task_read(task, ASSET, &AccountId32(provider.public_key().0), true);
	let read = |key, task, asset, range| {
		let request = client.task_input(key, task, asset, range);
		async move { request.send().await.unwrap() }
	};
	let response = read(&provider, task, ASSET, None).await;
	assert_eq!(response.status(), 200);
	assert_eq!(response.bytes().await.unwrap().as_ref(), ipfs.content.as_slice());
	let response = read(&provider, task, ASSET, Some("bytes=5-9")).await;
	assert_eq!(response.status(), 206);
	assert_eq!(response.bytes().await.unwrap().as_ref(), &ipfs.content[5..10]);
	// Another account, another task, another asset: refused.
	let stranger = dev::ferdie();
	assert_eq!(
		outcome(read(&stranger, task, ASSET, None).await).await,
		(403, "not_assigned".into())
	);
	assert_eq!(
		outcome(read(&provider, task + 1, ASSET, None).await).await,
		(403, "not_assigned".into())
	);
	chain.add_asset(ASSET + 1, "bafkreiother", 10);
	assert_eq!(
		outcome(read(&provider, task, ASSET + 1, None).await).await,
		(403, "not_assigned".into())
	);
	// A signature for another path, or a header naming another task, is refused before any lookup.
	let path = format!("/tasks/{task}/inputs/{ASSET}");
	let gw = gateway.state.gateway();
	let checks = chain.checks();
	let mut headers = auth::sign_task_read(&provider, &gw, task, &path, None, auth::now_ms());
	let send = |headers: Vec<(&'static str, String)>, url: String| {
		let mut request = reqwest::Client::new().get(url);
		for (name, value) in headers {
			request = request.header(name, value);
		}
		async move { outcome(request.send().await.unwrap()).await }
	};
	let other = format!("{}/tasks/{task}/inputs/{}", gateway.url, ASSET + 1);
	assert_eq!(send(headers.clone(), other).await, (401, "bad_signature".into()));
	headers.iter_mut().find(|(n, _)| *n == auth::HEADER_TASK).unwrap().1 = "10".into();
	assert_eq!(send(headers, format!("{}{path}", gateway.url)).await, (401, "malformed".into()));
	assert_eq!(chain.checks(), checks);
	// Task reads charge no licence; the holder's own calls still count from 1.
	assert_eq!(holder.status(&gateway, &Req::new(L, 1)).await.0, 200);
	assert_eq!(gateway.stop().await, 0);
	assert_eq!(chain.charged(L), 1);
}
