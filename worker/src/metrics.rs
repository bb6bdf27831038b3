//! The worker's Prometheus metrics and its status page.

use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};

pub struct Metrics {
	pub registry: Registry,
	/// Runs by outcome (`ok` or the failure's kind).
	pub runs: IntCounterVec,
	/// Fuel used by finished runs.
	pub fuel: IntCounter,
	/// Transactions by call and outcome (`ok`, `refused`, `failed`).
	pub calls: IntCounterVec,
	/// Retried fetches, by source (`gateway`, `ipfs`).
	pub retries: IntCounterVec,
	/// Open tasks assigned to this provider.
	pub open: IntGauge,
	/// Runs in progress.
	pub running: IntGauge,
	/// The last finalized block the worker acted on.
	pub block: IntGauge,
}

impl Metrics {
	pub fn new() -> anyhow::Result<Self> {
		let registry = Registry::new();
		let runs = IntCounterVec::new(
			Opts::new("bdes_worker_runs_total", "Model runs by outcome"),
			&["outcome"],
		)?;
		let fuel = IntCounter::new("bdes_worker_fuel_total", "Fuel used by finished runs")?;
		let calls = IntCounterVec::new(
			Opts::new("bdes_worker_calls_total", "Transactions by call and outcome"),
			&["call", "outcome"],
		)?;
		let retries = IntCounterVec::new(
			Opts::new("bdes_worker_retries_total", "Retried fetches by source"),
			&["source"],
		)?;
		let open = IntGauge::new("bdes_worker_open_tasks", "Open tasks assigned to this provider")?;
		let running = IntGauge::new("bdes_worker_running", "Model runs in progress")?;
		let block = IntGauge::new("bdes_worker_block", "Last finalized block acted on")?;
		registry.register(Box::new(runs.clone()))?;
		registry.register(Box::new(fuel.clone()))?;
		registry.register(Box::new(calls.clone()))?;
		registry.register(Box::new(retries.clone()))?;
		registry.register(Box::new(open.clone()))?;
		registry.register(Box::new(running.clone()))?;
		registry.register(Box::new(block.clone()))?;
		Ok(Self { registry, runs, fuel, calls, retries, open, running, block })
	}

	/// The text exposition of every metric.
	pub fn render(&self) -> String {
		let mut out = String::new();
		let encoder = prometheus::TextEncoder::new();
		if encoder.encode_utf8(&self.registry.gather(), &mut out).is_err() {
			out.clear();
		}
		out
	}
}
