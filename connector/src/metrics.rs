//! The connector's Prometheus metrics, labelled by feed id.

use prometheus::{IntCounterVec, IntGaugeVec, Opts, Registry};

pub struct Metrics {
	pub registry: Registry,
	/// Batches by outcome: `listed` (final), `duplicate` (on chain already), `given_up`,
	/// `retried`.
	pub batches: IntCounterVec,
	/// Rows cut into batches.
	pub rows: IntCounterVec,
	/// Records that did not fit the feed's schema.
	pub rows_rejected: IntCounterVec,
	/// Rows at or before the window the chain covers already (sent before, or late).
	pub rows_covered: IntCounterVec,
	/// Failed reads of a source (each retried with backoff).
	pub source_errors: IntCounterVec,
	/// Batches cut and not final on chain yet.
	pub pending: IntGaugeVec,
}

impl Metrics {
	pub fn new() -> anyhow::Result<Self> {
		let registry = Registry::new();
		let counter = |name: &str, help: &str, labels: &[&str]| -> anyhow::Result<IntCounterVec> {
			let c = IntCounterVec::new(Opts::new(name, help), labels)?;
			registry.register(Box::new(c.clone()))?;
			Ok(c)
		};
		let batches =
			counter("bdes_connector_batches_total", "Batches by outcome", &["feed", "outcome"])?;
		let rows = counter("bdes_connector_rows_total", "Rows cut into batches", &["feed"])?;
		let rows_rejected = counter(
			"bdes_connector_rows_rejected_total",
			"Records that did not fit the feed's schema",
			&["feed"],
		)?;
		let rows_covered = counter(
			"bdes_connector_rows_covered_total",
			"Rows at or before the window the chain covers already",
			&["feed"],
		)?;
		let source_errors =
			counter("bdes_connector_source_errors_total", "Failed reads of a source", &["feed"])?;
		let pending = IntGaugeVec::new(
			Opts::new("bdes_connector_pending", "Batches cut and not final on chain yet"),
			&["feed"],
		)?;
		registry.register(Box::new(pending.clone()))?;
		Ok(Self { registry, batches, rows, rows_rejected, rows_covered, source_errors, pending })
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
