//! `bdes-worker`: a compute provider's daemon (see the crate's `daemon` module).

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let config = bdes_worker::config::Config::parse();
	let worker = bdes_worker::daemon::Worker::connect(config).await?;
	worker.serve().await?;
	let stop = async {
		let mut term =
			match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
				Ok(term) => term,
				Err(_) => return std::future::pending().await,
			};
		tokio::select! {
			_ = tokio::signal::ctrl_c() => {},
			_ = term.recv() => {},
		}
	};
	worker.run(stop).await?;
	// Runs in progress are not waited for: nothing was committed for them, and the restarted
	// worker runs them again.
	std::process::exit(0)
}
