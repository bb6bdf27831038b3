//! Signed licence checks per second with a warm cache: what the gateway does for every request
//! before it touches IPFS — parse the `x-bdes-*` headers, check the timestamp and the sr25519
//! signature, record the nonce, and take a call from the cached licence.
//!
//!   cargo bench -p bdes-gateway --bench licence_checks

use bdes_gateway::{
	auth::{self, ReplayGuard, SignedRequest},
	meter::{ChainCheck, Meter, Reserve},
};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::time::{Duration, Instant};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::dev;

const PATH: &str = "/assets/3/data";
const LICENCE: u32 = 1;

fn checks(c: &mut Criterion) {
	let alice = dev::alice();
	let account = AccountId32(alice.public_key().0);
	let meter = Meter::new(Duration::from_secs(3600));
	// Warm: the chain's answer is cached, with calls to spare for every iteration.
	meter.store(
		LICENCE,
		3,
		account,
		ChainCheck::Valid { calls_left: u32::MAX, expiry: u32::MAX },
		Instant::now(),
	);
	let replay = ReplayGuard::new(Duration::from_secs(60));
	let window = Duration::from_secs(60);

	let mut group = c.benchmark_group("gateway");
	group.throughput(Throughput::Elements(1));
	group.bench_function("signed licence check (warm cache)", |b| {
		b.iter_batched(
			// The client's side (signing) is not measured.
			|| {
				let nonce = format!("{:032x}", rand::random::<u128>());
				auth::sign(&alice, "GET", PATH, LICENCE, auth::now_ms(), &nonce)
			},
			|headers| {
				let request = SignedRequest::from_headers(|name| {
					headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
				})
				.expect("well-formed");
				let now = auth::now_ms();
				request.verify("GET", PATH, now, window).expect("signature verifies");
				replay.check(&request, now).expect("fresh nonce");
				match meter.reserve(request.licence, 3, &request.account, Instant::now()) {
					Reserve::Granted { .. } => {},
					other => panic!("warm cache should grant, got {other:?}"),
				}
			},
			BatchSize::SmallInput,
		)
	});
	group.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
