//! `bdes-gateway` binary: flags and environment in [`bdes_gateway::config::Config`].

use clap::Parser;

fn main() -> anyhow::Result<()> {
	let config = bdes_gateway::config::Config::parse();
	let mut runtime = tokio::runtime::Builder::new_multi_thread();
	if config.worker_threads > 0 {
		runtime.worker_threads(config.worker_threads);
	}
	runtime.enable_all().build()?.block_on(bdes_gateway::server::run(config))
}
