//! `bdes-gateway` binary: flags and environment in [`bdes_gateway::config::Config`].

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let config = bdes_gateway::config::Config::parse();
	bdes_gateway::server::run(config).await
}
