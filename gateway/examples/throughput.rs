//! Licence-gated download throughput against a direct IPFS `cat` of the same content, in the
//! same run, alternating so both see the same machine. Run by `scripts/bench-gateway.sh`, which
//! sets up the node, IPFS, the gateway, a 100 MiB asset and a licence.
//!
//!   cargo run --release -p bdes-gateway --example throughput -- \
//!     --gateway URL --ipfs URL --asset ID --cid CID --licence L --suri //Dave [--rounds 5]

use bdes_gateway::auth;
use clap::Parser;
use futures::StreamExt;
use std::time::Instant;
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
	let path = format!("/assets/{}/data", args.asset);
	let (mut direct, mut gated) = (Vec::new(), Vec::new());
	for round in 0..args.rounds {
		let start = Instant::now();
		let bytes = drain(
			http.post(format!("{}/api/v0/cat", args.ipfs))
				.query(&[("arg", &args.cid)])
				.send()
				.await?,
		)
		.await?;
		let direct_mib_s = bytes as f64 / (1 << 20) as f64 / start.elapsed().as_secs_f64();

		let nonce = format!("{:032x}", rand::random::<u128>());
		let mut request = http.get(format!("{}{path}", args.gateway));
		for (name, value) in auth::sign(&signer, "GET", &path, args.licence, auth::now_ms(), &nonce)
		{
			request = request.header(name, value);
		}
		let start = Instant::now();
		let gated_bytes = drain(request.send().await?).await?;
		anyhow::ensure!(
			gated_bytes == bytes,
			"the gateway served {gated_bytes} bytes, IPFS {bytes}"
		);
		let gated_mib_s = gated_bytes as f64 / (1 << 20) as f64 / start.elapsed().as_secs_f64();
		println!(
			"round {}: {} MiB, direct IPFS cat {direct_mib_s:.1} MiB/s, through the gateway {gated_mib_s:.1} MiB/s",
			round + 1,
			bytes >> 20
		);
		direct.push(direct_mib_s);
		gated.push(gated_mib_s);
	}
	let (direct, gated) = (median(direct), median(gated));
	println!(
		"median over {} rounds: direct {direct:.1} MiB/s, gateway {gated:.1} MiB/s, ratio {:.2}",
		args.rounds,
		gated / direct
	);
	Ok(())
}
