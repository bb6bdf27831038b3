//! Signed licence checks per second with a warm cache: what the gateway does for every request
//! before it touches IPFS — parse the `x-bdes-*` headers, check the timestamp and the sr25519
//! signature of the voucher, and reserve and commit its counter on the cached licence.
//!
//!   cargo bench -p bdes-gateway --bench licence_checks

use bdes_gateway::{
	auth::{self, GatewayId, Request, SignedRequest},
	meter::{GatewayCheck, Meter, MeterConfig},
};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::{
	cell::Cell,
	time::{Duration, Instant},
};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::dev;

const PATH: &str = "/assets/3/data";
const LICENCE: u32 = 1;

fn checks(c: &mut Criterion) {
	let alice = dev::alice();
	let account = AccountId32(alice.public_key().0);
	let gateway =
		GatewayId { account: AccountId32(dev::ferdie().public_key().0), genesis: [1; 32] };
	let meter = Meter::new(MeterConfig { ttl: Duration::from_secs(3600), ..Default::default() });
	// Warm: the chain's answer is cached, with calls to spare for every iteration.
	let check = GatewayCheck::Valid {
		calls_left: u32::MAX,
		expiry: u32::MAX,
		charged: 0,
		settle_until: u32::MAX,
	};
	meter.store(LICENCE, 3, account, check, Instant::now());
	let window = Duration::from_secs(60);
	let life = (Duration::from_secs(600), Duration::from_secs(86_400));
	let counter = Cell::new(0u32);

	let mut group = c.benchmark_group("gateway");
	group.throughput(Throughput::Elements(1));
	group.bench_function("signed licence check (warm cache)", |b| {
		b.iter_batched(
			// The client's side (signing) is not measured.
			|| {
				counter.set(counter.get() + 1);
				let now = auth::now_ms();
				let request = Request {
					method: "GET",
					path: PATH,
					range: None,
					licence: LICENCE,
					calls: counter.get(),
					until_ms: now + 3_600_000,
					timestamp_ms: now,
				};
				auth::sign(&alice, &gateway, &request)
			},
			|headers| {
				let request = SignedRequest::from_headers(|name| {
					headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
				})
				.expect("well-formed");
				request.check_time(auth::now_ms(), window, life).expect("in time");
				let voucher = request.verify(&gateway, "GET", PATH, None).expect("verifies");
				meter
					.reserve(LICENCE, 3, &request.account, request.calls, Instant::now(), 1)
					.expect("the warm cache grants");
				meter
					.commit(&request.account, voucher, request.timestamp_ms, 1)
					.expect("commits");
			},
			BatchSize::SmallInput,
		)
	});
	group.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
