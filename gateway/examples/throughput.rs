//! Licence-gated download throughput against a direct IPFS `cat` of the same content, in the
//! same run, alternating so both see the same machine. Run by `scripts/bench-gateway.sh`, which
//! sets up the node, IPFS, the gateway, a 100 MiB asset and a licence.
//!
//!   cargo run --release -p bdes-gateway --example throughput -- \
//!     --gateway URL --ipfs URL --asset ID --cid CID --licence L --suri //Dave [--rounds 5]

use bdes_gateway::client::GatewayClient;
use clap::Parser;
use futures::StreamExt;
use std::{cell::Cell, time::Instant};
use subxt_signer::{sr25519::Keypair, SecretUri};

#[derive(Parser)]
struct Args {
	#[arg(long)]
	gateway: String,
	#[arg(long)]
	ipfs: String,
	#[arg(long)]
	asset: u32,
	#[arg(long)]
	cid: String,
	#[arg(long)]
	licence: u32,
	#[arg(long, default_value = "//Dave")]
	suri: String,
	#[arg(long, default_value_t = 5)]
	rounds: usize,
}

async fn drain(response: reqwest::Response) -> anyhow::Result<u64> {
	anyhow::ensure!(response.status().is_success(), "HTTP {}", response.status());
	let mut body = response.bytes_stream();
	let mut bytes = 0u64;
	while let Some(chunk) = body.next().await {
		bytes += chunk?.len() as u64;
	}
	Ok(bytes)
}

/// MiB/s of a direct `cat` of the content.
async fn direct_cat(http: &reqwest::Client, args: &Args) -> anyhow::Result<f64> {
	let start = Instant::now();
	let response = http
		.post(format!("{}/api/v0/cat", args.ipfs))
		.query(&[("arg", &args.cid)])
		.send()
		.await?;
	let bytes = drain(response).await?;
	Ok(bytes as f64 / (1 << 20) as f64 / start.elapsed().as_secs_f64())
}

/// MiB/s of a signed, licence-gated download of the asset through the gateway; `counter` is
/// the last counter the gateway accepted (the first request learns it from a 409).
async fn gated_fetch(
	gateway: &GatewayClient,
	args: &Args,
	signer: &Keypair,
	counter: &Cell<u32>,
) -> anyhow::Result<f64> {
	let start = Instant::now();
	let (response, used) =
		gateway.get(signer, args.asset, args.licence, counter.get() + 1, None).await?;
	let bytes = drain(response).await?;
	counter.set(used);
	Ok(bytes as f64 / (1 << 20) as f64 / start.elapsed().as_secs_f64())
}

fn median(mut values: Vec<f64>) -> f64 {
	values.sort_by(|a, b| a.total_cmp(b));
	values[values.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args = Args::parse();
	let uri: SecretUri = args.suri.parse()?;
	let signer = Keypair::from_uri(&uri)?;
	let http = reqwest::Client::new();
	let gateway = GatewayClient::connect(http.clone(), &args.gateway).await?;
	let counter = Cell::new(0);
	let (mut direct, mut gated) = (Vec::new(), Vec::new());
	// Round 0 warms IPFS's block cache and is not counted; then the order alternates so neither
	// path always runs on the warmer cache.
	for round in 0..=args.rounds {
		let gateway_first = round % 2 == 1;
		let (mut d, mut g) = (0.0, 0.0);
		for step in 0..2 {
			if (step == 0) == gateway_first {
				g = gated_fetch(&gateway, &args, &signer, &counter).await?;
			} else {
				d = direct_cat(&http, &args).await?;
			}
		}
		if round == 0 {
			println!("warm-up: direct IPFS cat {d:.1} MiB/s, through the gateway {g:.1} MiB/s");
			continue;
		}
		println!(
			"round {round} ({} first): direct IPFS cat {d:.1} MiB/s, through the gateway {g:.1} MiB/s",
			if gateway_first { "gateway" } else { "direct" }
		);
		direct.push(d);
		gated.push(g);
	}
	let (direct, gated) = (median(direct), median(gated));
	println!(
		"median over {} rounds: direct {direct:.1} MiB/s, gateway {gated:.1} MiB/s, ratio {:.2}",
		args.rounds,
		gated / direct
	);
	Ok(())
}
