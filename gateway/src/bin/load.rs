//! `bdes-gateway-load`: a bounded load test of a running gateway on loopback. Valid downloads
//! (one worker per licence, all held by `--suri`) run for `--secs`, alone and then while a
//! flood of invalid requests runs from other loopback addresses (127.0.0.2 and up): fresh keys
//! for random licences, fresh keys for the workers' licences, forged signatures, replays of
//! requests the workers made, requests signed for another gateway, random asset ids; the two
//! kinds of run alternate for `--rounds`. The flood's requests are signed up front and written
//! as raw HTTP/1.1 on kept-alive connections, so that it costs the gateway rather than its own
//! client. Prints the valid throughput of both kinds of run, the CPU time of the gateway
//! (`--gateway-pid`) and of this process in each, the gateway's RSS before, at its peak and
//! after, the flood's answers by status, and every valid request that was refused, as one JSON
//! object (the end-to-end test asserts on it).
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
	/// Length of each run, in seconds (all but the first must end within the gateway's
	/// timestamp window, as the flood's requests are signed up front).
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
	/// Rounds of a run without the flood then one with it.
	#[arg(long, default_value_t = 2)]
	rounds: usize,
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

/// A request as bytes on the wire (HTTP/1.1, kept alive), rendered once: the flood is meant
/// to cost the gateway, not its own client.
fn wire(host: &str, prepared: &Prepared) -> Vec<u8> {
	let mut text = format!("GET /assets/{}/data HTTP/1.1\r\nhost: {host}\r\n", prepared.asset);
	for (name, value) in &prepared.headers {
		text.push_str(&format!("{name}: {value}\r\n"));
	}
	text.push_str("\r\n");
	text.into_bytes()
}

/// Reads one response off `stream`: its status, and whether the connection stays open.
async fn read_response(
	stream: &mut tokio::net::TcpStream,
	buffer: &mut Vec<u8>,
) -> std::io::Result<(u16, bool)> {
	use tokio::io::AsyncReadExt;
	let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
	let header_end = loop {
		if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
			break at + 4;
		}
		let mut chunk = [0u8; 4096];
		let read = stream.read(&mut chunk).await?;
		if read == 0 {
			return Err(bad("closed"));
		}
		buffer.extend_from_slice(&chunk[..read]);
	};
	let head = String::from_utf8_lossy(&buffer[..header_end]).to_ascii_lowercase();
	let status = head
		.split(' ')
		.nth(1)
		.and_then(|s| s.parse().ok())
		.ok_or_else(|| bad("status"))?;
	let length: usize = head
		.lines()
		.find_map(|l| l.strip_prefix("content-length:"))
		.and_then(|v| v.trim().parse().ok())
		.unwrap_or(0);
	let keep = !head.contains("connection: close");
	while buffer.len() < header_end + length {
		let mut chunk = [0u8; 4096];
		let read = stream.read(&mut chunk).await?;
		if read == 0 {
			return Err(bad("closed"));
		}
		buffer.extend_from_slice(&chunk[..read]);
	}
	buffer.drain(..header_end + length);
	Ok((status, keep))
}

async fn flood_task(
	index: usize,
	args: Arc<Args>,
	pool: Arc<Vec<(&'static str, Vec<u8>)>>,
	tally: Arc<FloodTally>,
	stop: Arc<AtomicBool>,
) {
	use tokio::io::AsyncWriteExt;
	let address =
		Ipv4Addr::new(127, 0, 0, 2 + (index % args.flood_addresses.max(1) as usize) as u8);
	let Some(gateway) = args
		.gateway
		.trim_start_matches("http://")
		.trim_end_matches('/')
		.parse::<std::net::SocketAddr>()
		.ok()
	else {
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
	let mut connection: Option<tokio::net::TcpStream> = None;
	let mut buffer = Vec::new();
	while !stop.load(Ordering::Relaxed) {
		if !pause.is_zero() {
			tick.tick().await;
		}
		let (kind, request) = &pool[next % pool.len()];
		next += args.flood_tasks;
		if connection.is_none() {
			let socket = tokio::net::TcpSocket::new_v4();
			let connected = match socket {
				Ok(socket) => match socket.bind((IpAddr::V4(address), 0).into()) {
					Ok(()) => socket.connect(gateway).await.ok(),
					Err(_) => None,
				},
				Err(_) => None,
			};
			buffer.clear();
			connection = connected;
		}
		let status = match connection.as_mut() {
			Some(stream) => match stream.write_all(request).await {
				Ok(()) => read_response(stream, &mut buffer).await,
				Err(e) => Err(e),
			},
			None => Err(std::io::Error::other("cannot connect")),
		};
		let status = match status {
			Ok((status, keep)) => {
				if !keep {
					connection = None;
				}
				status.to_string()
			},
			Err(_) => {
				connection = None;
				"error".to_string()
			},
		};
		tally.sent.fetch_add(1, Ordering::Relaxed);
		*tally.by_status.lock().unwrap().entry(format!("{kind} {status}")).or_insert(0) += 1;
	}
}

/// CPU seconds (user and system) the process has used so far.
fn cpu_secs(pid: Option<u32>) -> Option<f64> {
	let path = match pid {
		Some(pid) => format!("/proc/{pid}/stat"),
		None => "/proc/self/stat".to_string(),
	};
	let stat = std::fs::read_to_string(path).ok()?;
	// Fields after the command name (which may hold spaces): utime and stime are the 12th
	// and 13th, in clock ticks of 1/100 s.
	let rest = &stat[stat.rfind(')')? + 2..];
	let fields: Vec<&str> = rest.split(' ').collect();
	let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
	Some(ticks as f64 / 100.0)
}

/// The process's resident set, in KiB.
fn rss_kib(pid: Option<u32>) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
	status
		.lines()
		.find_map(|l| l.strip_prefix("VmRSS:"))
		.and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Totals of the runs of one kind.
#[derive(Default)]
struct Runs {
	valid: Valid,
	secs: f64,
	gateway_cpu: f64,
	load_cpu: f64,
}

impl Runs {
	fn add(&mut self, (valid, secs): (Valid, f64), cpu: ((f64, f64), (f64, f64))) {
		self.valid.requests += valid.requests;
		self.valid.bytes += valid.bytes;
		self.valid.refused.extend(valid.refused);
		self.secs += secs;
		self.gateway_cpu += (cpu.1).0 - (cpu.0).0;
		self.load_cpu += (cpu.1).1 - (cpu.0).1;
	}

	fn report(&self) -> serde_json::Value {
		let rps = self.valid.requests as f64 / self.secs;
		json!({
			"requests": self.valid.requests,
			"secs": self.secs,
			"rps": rps,
			"mibps": self.valid.bytes as f64 / f64::from(1 << 20) / self.secs,
			"gateway_cpu_secs": self.gateway_cpu,
			"load_cpu_secs": self.load_cpu,
		})
	}
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
	let cpu = || (cpu_secs(args.gateway_pid).unwrap_or(0.0), cpu_secs(None).unwrap_or(0.0));

	// One request per licence first: the counters and caches are warm in both kinds of run.
	let (warm, _) =
		valid_run(&client, &key, &Args { secs: 0.5, ..(*args).clone() }, &counters, &captured)
			.await;
	let rss_start = rss_kib(args.gateway_pid);
	let peak = Arc::new(AtomicU64::new(rss_start.unwrap_or(0)));
	let sampling = Arc::new(AtomicBool::new(true));
	let sampler = {
		let (peak, sampling, pid) = (peak.clone(), sampling.clone(), args.gateway_pid);
		tokio::spawn(async move {
			while sampling.load(Ordering::Relaxed) {
				if let Some(rss) = rss_kib(pid) {
					peak.fetch_max(rss, Ordering::Relaxed);
				}
				tokio::time::sleep(Duration::from_millis(100)).await;
			}
		})
	};
	let (mut alone, mut flooded) = (Runs::default(), Runs::default());
	let tally = Arc::new(FloodTally::default());
	let mut pool = None;
	let mut flood_secs = 0.0;
	// Runs with and without the flood alternate, so that a drift of the machine's load (other
	// processes, IPFS's caches) falls on both alike.
	for _ in 0..args.rounds.max(1) {
		let before = cpu();
		let run = valid_run(&client, &key, &args, &counters, &captured).await;
		alone.add(run, (before, cpu()));

		// Signed once, after a run that made requests to replay.
		let pool = pool
			.get_or_insert_with(|| {
				let replays = captured.lock().unwrap().clone();
				let host =
					args.gateway.trim_start_matches("http://").trim_end_matches('/').to_string();
				let pool: Vec<_> = flood_pool(&args, &client.gateway, &key, replays)
					.into_iter()
					.map(|(kind, prepared)| (kind, wire(&host, &prepared)))
					.collect();
				Arc::new(pool)
			})
			.clone();
		let stop = Arc::new(AtomicBool::new(false));
		let started = Instant::now();
		let flood: Vec<_> = (0..args.flood_tasks)
			.map(|i| {
				tokio::spawn(flood_task(i, args.clone(), pool.clone(), tally.clone(), stop.clone()))
			})
			.collect();
		// Let the flood reach its rate before measuring.
		tokio::time::sleep(Duration::from_millis(300)).await;
		let before = cpu();
		let run = valid_run(&client, &key, &args, &counters, &captured).await;
		flooded.add(run, (before, cpu()));
		stop.store(true, Ordering::Relaxed);
		for task in flood {
			let _ = task.await;
		}
		flood_secs += started.elapsed().as_secs_f64();
	}
	sampling.store(false, Ordering::Relaxed);
	let _ = sampler.await;
	let rss_end = rss_kib(args.gateway_pid);

	let sent = tally.sent.load(Ordering::Relaxed);
	let refused: Vec<_> = warm
		.refused
		.iter()
		.chain(&alone.valid.refused)
		.chain(&flooded.valid.refused)
		.cloned()
		.collect();
	let alone_rps = alone.valid.requests as f64 / alone.secs;
	let flooded_rps = flooded.valid.requests as f64 / flooded.secs;
	let report = json!({
		"licences": args.licences.len(),
		"served": warm.requests + alone.valid.requests + flooded.valid.requests,
		"alone": alone.report(),
		"flooded": flooded.report(),
		"ratio": if alone_rps > 0.0 { flooded_rps / alone_rps } else { 0.0 },
		"flood": {
			"requests": sent,
			"rps": sent as f64 / flood_secs,
			"addresses": args.flood_addresses,
			"pool": pool.map_or(0, |p| p.len()),
			"by_status": *tally.by_status.lock().unwrap(),
		},
		"rss_kib": { "start": rss_start, "peak": peak.load(Ordering::Relaxed), "end": rss_end },
		"valid_refused": refused.len(),
		"refusals": refused,
	});
	println!("{report}");
	Ok(())
}
