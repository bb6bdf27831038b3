//! `bdes-gateway-load`: a bounded load test of a running gateway on loopback. Valid downloads
//! (one worker per licence, all held by `--suri`) run for `--secs`, alone and then while a
//! flood of invalid requests runs from other loopback addresses (127.0.0.2 and up): fresh keys
//! for random licences, fresh keys for the workers' licences, forged signatures, replays of
//! requests the workers made, requests signed for another gateway, random asset ids. Prints
//! the valid throughput of both runs, the gateway's RSS (`--gateway-pid`) before, after and at
//! its peak, the flood's answers by status, and every valid request that was refused, as one
//! JSON object (the end-to-end test asserts on it).
//!
//!   bdes-gateway-load --gateway http://127.0.0.1:8088 --asset 0 --licences 3,4 --suri //Dave \
//!     --secs 10 --gateway-pid 1234

use bdes_gateway::{
	auth::{self, GatewayId, Request, HEADER_COUNTER},
	client::{GatewayClient, VOUCHER_LIFE_MS},
};
use clap::Parser;
use futures::StreamExt;
use serde_json::json;
use std::{
	collections::BTreeMap,
	net::{IpAddr, Ipv4Addr},
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};
use subxt::utils::AccountId32;
use subxt_signer::{sr25519::Keypair, SecretUri};

#[derive(Parser, Clone)]
struct Args {
	#[arg(long)]
	gateway: String,
	#[arg(long)]
	asset: u32,
	/// Licences of the asset held by `--suri`, comma-separated: one valid worker each.
	#[arg(long, value_delimiter = ',')]
	licences: Vec<u32>,
	#[arg(long, default_value = "//Dave")]
	suri: String,
	/// Length of each run, in seconds (both must end within the gateway's timestamp window,
	/// as the flood's requests are signed up front).
	#[arg(long, default_value_t = 10.0)]
	secs: f64,
	/// The gateway's process id, for its RSS.
	#[arg(long)]
	gateway_pid: Option<u32>,
	/// Flood tasks at once.
	#[arg(long, default_value_t = 16)]
	flood_tasks: usize,
	/// Loopback addresses the flood comes from (127.0.0.2 …).
	#[arg(long, default_value_t = 4)]
	flood_addresses: u8,
	/// Flood requests per second in all (0: as fast as the tasks go).
	#[arg(long, default_value_t = 500)]
	flood_rate: u32,
	/// Pre-signed requests of each attack.
	#[arg(long, default_value_t = 128)]
	pool: usize,
}

/// A request's headers, its asset and range.
#[derive(Clone)]
struct Prepared {
	headers: Vec<(&'static str, String)>,
	asset: u32,
}

fn sign(key: &Keypair, gateway: &GatewayId, asset: u32, licence: u32, calls: u32) -> Prepared {
	let path = format!("/assets/{asset}/data");
	let now = auth::now_ms();
	let request = Request {
		method: "GET",
		path: &path,
		range: None,
		licence,
		calls,
		until_ms: now + VOUCHER_LIFE_MS,
		timestamp_ms: now,
	};
	Prepared { headers: auth::sign(key, gateway, &request), asset }
}

fn random_key() -> Keypair {
	loop {
		if let Ok(key) = Keypair::from_secret_key(rand::random()) {
			return key;
		}
	}
}

fn send(http: &reqwest::Client, url: &str, prepared: &Prepared) -> reqwest::RequestBuilder {
	let mut request = http.get(format!("{url}/assets/{}/data", prepared.asset));
	for (name, value) in &prepared.headers {
		request = request.header(*name, value);
	}
	request
}

/// One run's valid downloads.
#[derive(Default)]
struct Valid {
	requests: u64,
	bytes: u64,
	refused: Vec<String>,
}

/// Downloads `licence`'s asset over and over until `stop`; keeps the last requests it made
/// (for the flood to replay).
async fn worker(
	client: GatewayClient,
	key: Keypair,
	asset: u32,
	licence: u32,
	counter: Arc<Mutex<u32>>,
	captured: Arc<Mutex<Vec<Prepared>>>,
	stop: Arc<AtomicBool>,
) -> Valid {
	let mut done = Valid::default();
	while !stop.load(Ordering::Relaxed) {
		let mut next = *counter.lock().unwrap() + 1;
		let mut attempt = 0;
		loop {
			let prepared = sign(&key, &client.gateway, asset, licence, next);
			let outcome = send(&client.http, &client.url, &prepared).send().await;
			let response = match outcome {
				Ok(response) => response,
				Err(e) => {
					done.refused.push(format!("licence {licence} #{next}: {e}"));
					break;
				},
			};
			let status = response.status();
			if status.is_success() {
				let mut body = response.bytes_stream();
				let mut bytes = 0u64;
				let mut cut = None;
				while let Some(chunk) = body.next().await {
					match chunk {
						Ok(chunk) => bytes += chunk.len() as u64,
						Err(e) => {
							cut = Some(e);
							break;
						},
					}
				}
				*counter.lock().unwrap() = next;
				match cut {
					Some(e) => done.refused.push(format!("licence {licence} #{next}: cut: {e}")),
					None => {
						done.requests += 1;
						done.bytes += bytes;
						let mut captured = captured.lock().unwrap();
						if captured.len() < 64 {
							captured.push(prepared);
						}
					},
				}
				break;
			}
			let counter_header = response
				.headers()
				.get(HEADER_COUNTER)
				.and_then(|v| v.to_str().ok()?.parse::<u32>().ok());
			let body = response.text().await.unwrap_or_default();
			// A 409 is the protocol's way to resynchronise a client: it re-signs once.
			if let (409, Some(reached), 0) = (status.as_u16(), counter_header, attempt) {
				next = reached + 1;
				attempt += 1;
				continue;
			}
			done.refused.push(format!("licence {licence} #{next}: {status} {body}"));
			break;
		}
	}
	done
}

async fn valid_run(
	client: &GatewayClient,
	key: &Keypair,
	args: &Args,
	counters: &[Arc<Mutex<u32>>],
	captured: &Arc<Mutex<Vec<Prepared>>>,
) -> (Valid, f64) {
	let stop = Arc::new(AtomicBool::new(false));
	let started = Instant::now();
	let workers: Vec<_> = args
		.licences
		.iter()
		.zip(counters)
		.map(|(licence, counter)| {
			tokio::spawn(worker(
				client.clone(),
				key.clone(),
				args.asset,
				*licence,
				counter.clone(),
				captured.clone(),
				stop.clone(),
			))
		})
		.collect();
	tokio::time::sleep(Duration::from_secs_f64(args.secs)).await;
	stop.store(true, Ordering::Relaxed);
	let mut total = Valid::default();
	for worker in workers {
		let done = worker.await.unwrap_or_default();
		total.requests += done.requests;
		total.bytes += done.bytes;
		total.refused.extend(done.refused);
	}
	(total, started.elapsed().as_secs_f64())
}

/// The attacks, signed up front so the flood costs its tasks no cryptography.
fn flood_pool(
	args: &Args,
	gateway: &GatewayId,
	holder: &Keypair,
	replays: Vec<Prepared>,
) -> Vec<(&'static str, Prepared)> {
	let mut pool = Vec::new();
	let victim = args.licences[0];
	let stranger_gateway = GatewayId { account: AccountId32(rand::random()), ..*gateway };
	for i in 0..args.pool {
		let n = i as u32 + 1;
		let random_licence = rand::random::<u32>() | 1 << 31;
		pool.push(("random_licence", sign(&random_key(), gateway, args.asset, random_licence, n)));
		pool.push(("victims_licence", sign(&random_key(), gateway, args.asset, victim, n)));
		let mut forged = sign(holder, gateway, args.asset, victim, u32::MAX - n);
		if let Some(signature) =
			forged.headers.iter_mut().find(|(h, _)| *h == auth::HEADER_SIGNATURE)
		{
			signature.1 = format!("0x{}", hex::encode([rand::random::<u8>(); 64]));
		}
		pool.push(("forged_signature", forged));
		let elsewhere = sign(holder, &stranger_gateway, args.asset, victim, u32::MAX - n);
		pool.push(("other_gateway", elsewhere));
		let random_asset = rand::random::<u32>() | 1 << 31;
		pool.push(("random_asset", sign(&random_key(), gateway, random_asset, victim, n)));
	}
	pool.extend(replays.into_iter().map(|p| ("replay", p)));
	pool
}

#[derive(Default)]
struct FloodTally {
	sent: AtomicU64,
	by_status: Mutex<BTreeMap<String, u64>>,
}

async fn flood_task(
	index: usize,
	args: Arc<Args>,
	pool: Arc<Vec<(&'static str, Prepared)>>,
	tally: Arc<FloodTally>,
	stop: Arc<AtomicBool>,
) {
	let address =
		Ipv4Addr::new(127, 0, 0, 2 + (index % args.flood_addresses.max(1) as usize) as u8);
	let Ok(http) = reqwest::Client::builder().local_address(IpAddr::V4(address)).build() else {
		return;
	};
	let pause = if args.flood_rate == 0 {
		Duration::ZERO
	} else {
		Duration::from_secs_f64(args.flood_tasks as f64 / f64::from(args.flood_rate))
	};
	let mut next = index;
	let mut tick = tokio::time::interval(pause.max(Duration::from_micros(1)));
	tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
	while !stop.load(Ordering::Relaxed) {
		if !pause.is_zero() {
			tick.tick().await;
		}
		let (kind, prepared) = &pool[next % pool.len()];
		next += args.flood_tasks;
		let status = match send(&http, &args.gateway, prepared).send().await {
			Ok(response) => {
				let status = response.status().as_u16();
				let _ = response.bytes().await;
				status.to_string()
			},
			Err(_) => "error".to_string(),
		};
		tally.sent.fetch_add(1, Ordering::Relaxed);
		*tally.by_status.lock().unwrap().entry(format!("{kind} {status}")).or_insert(0) += 1;
	}
}

/// The process's resident set, in KiB.
fn rss_kib(pid: Option<u32>) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
	status
		.lines()
		.find_map(|l| l.strip_prefix("VmRSS:"))
		.and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args = Arc::new(Args::parse());
	anyhow::ensure!(!args.licences.is_empty(), "--licences: at least one");
	let uri: SecretUri = args.suri.parse()?;
	let key = Keypair::from_uri(&uri)?;
	let client = GatewayClient::connect(reqwest::Client::new(), &args.gateway).await?;
	let counters: Vec<_> = args.licences.iter().map(|_| Arc::new(Mutex::new(0u32))).collect();
	let captured = Arc::new(Mutex::new(Vec::new()));

	// One request per licence first: the counters and caches are warm in both runs alike.
	let (warm, _) =
		valid_run(&client, &key, &Args { secs: 0.5, ..(*args).clone() }, &counters, &captured)
			.await;
	let rss_start = rss_kib(args.gateway_pid);
	let (alone, alone_secs) = valid_run(&client, &key, &args, &counters, &captured).await;
	let rss_alone = rss_kib(args.gateway_pid);

	let replays = captured.lock().unwrap().clone();
	let pool = Arc::new(flood_pool(&args, &client.gateway, &key, replays));
	let tally = Arc::new(FloodTally::default());
	let stop = Arc::new(AtomicBool::new(false));
	let flood: Vec<_> = (0..args.flood_tasks)
		.map(|i| {
			tokio::spawn(flood_task(i, args.clone(), pool.clone(), tally.clone(), stop.clone()))
		})
		.collect();
	let peak = Arc::new(AtomicU64::new(0));
	let sampler = {
		let (peak, stop, pid) = (peak.clone(), stop.clone(), args.gateway_pid);
		tokio::spawn(async move {
			while !stop.load(Ordering::Relaxed) {
				if let Some(rss) = rss_kib(pid) {
					peak.fetch_max(rss, Ordering::Relaxed);
				}
				tokio::time::sleep(Duration::from_millis(100)).await;
			}
		})
	};
	// Let the flood reach its rate before measuring.
	tokio::time::sleep(Duration::from_millis(500)).await;
	let flood_started = Instant::now();
	let (flooded, flooded_secs) = valid_run(&client, &key, &args, &counters, &captured).await;
	stop.store(true, Ordering::Relaxed);
	for task in flood {
		let _ = task.await;
	}
	let _ = sampler.await;
	let flood_secs = flood_started.elapsed().as_secs_f64() + 0.5;
	let rss_end = rss_kib(args.gateway_pid);

	let mib = |bytes: u64, secs: f64| bytes as f64 / f64::from(1 << 20) / secs;
	let alone_rps = alone.requests as f64 / alone_secs;
	let flooded_rps = flooded.requests as f64 / flooded_secs;
	let sent = tally.sent.load(Ordering::Relaxed);
	let refused: Vec<_> = warm
		.refused
		.iter()
		.chain(&alone.refused)
		.chain(&flooded.refused)
		.cloned()
		.collect();
	let report = json!({
		"licences": args.licences.len(),
		"served": warm.requests + alone.requests + flooded.requests,
		"alone": { "requests": alone.requests, "secs": alone_secs, "rps": alone_rps, "mibps": mib(alone.bytes, alone_secs) },
		"flooded": { "requests": flooded.requests, "secs": flooded_secs, "rps": flooded_rps, "mibps": mib(flooded.bytes, flooded_secs) },
		"ratio": if alone_rps > 0.0 { flooded_rps / alone_rps } else { 0.0 },
		"flood": {
			"requests": sent,
			"rps": sent as f64 / flood_secs,
			"addresses": args.flood_addresses,
			"pool": pool.len(),
			"by_status": *tally.by_status.lock().unwrap(),
		},
		"rss_kib": { "start": rss_start, "after_alone": rss_alone, "peak": peak.load(Ordering::Relaxed), "end": rss_end },
		"valid_refused": refused.len(),
		"refusals": refused,
	});
	println!("{report}");
	Ok(())
}
