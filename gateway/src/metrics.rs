//! The gateway's Prometheus metrics.

use prometheus::{IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry};

pub struct Metrics {
	pub registry: Registry,
	/// Data requests by response status.
	pub requests: IntCounterVec,
	/// Refused data requests by error code.
	pub refusals: IntCounterVec,
	pub bytes: IntCounter,
	/// Usage batches by outcome: included, split, refused, failed, timeout.
	pub batches: IntCounterVec,
	/// Calls charged on chain by this gateway's vouchers.
	pub reported: IntCounter,
	/// Vouchers given up, by the chain's error (or HolderChanged).
	pub dropped: IntCounterVec,
	/// Licences with a voucher not yet on chain.
	pub pending: IntGauge,
	/// Chain lookups by lane: holder (a known holder's refresh) or stranger.
	pub lookups: IntCounterVec,
	/// Entries of the bounded maps, by map.
	pub entries: IntGaugeVec,
}

impl Metrics {
	pub fn new() -> anyhow::Result<Self> {
		let registry = Registry::new();
		let requests = IntCounterVec::new(
			Opts::new("bdes_gateway_requests_total", "Data requests by response status"),
			&["status"],
		)?;
		let refusals = IntCounterVec::new(
			Opts::new("bdes_gateway_refusals_total", "Refused data requests by error code"),
			&["error"],
		)?;
		let bytes = IntCounter::new("bdes_gateway_bytes_total", "Bytes of data served")?;
		let batches = IntCounterVec::new(
			Opts::new("bdes_gateway_usage_batches_total", "Usage batches by outcome"),
			&["outcome"],
		)?;
		let reported = IntCounter::new(
			"bdes_gateway_calls_reported_total",
			"Calls charged on chain by this gateway's vouchers",
		)?;
		let dropped = IntCounterVec::new(
			Opts::new(
				"bdes_gateway_vouchers_dropped_total",
				"Vouchers given up, by the chain's reason",
			),
			&["reason"],
		)?;
		let pending = IntGauge::new(
			"bdes_gateway_vouchers_pending",
			"Licences with a served voucher not yet on chain",
		)?;
		let lookups = IntCounterVec::new(
			Opts::new("bdes_gateway_chain_lookups_total", "Chain lookups by lane"),
			&["lane"],
		)?;
		let entries = IntGaugeVec::new(
			Opts::new("bdes_gateway_map_entries", "Entries of the gateway's bounded maps"),
			&["map"],
		)?;
		registry.register(Box::new(requests.clone()))?;
		registry.register(Box::new(refusals.clone()))?;
		registry.register(Box::new(bytes.clone()))?;
		registry.register(Box::new(batches.clone()))?;
		registry.register(Box::new(reported.clone()))?;
		registry.register(Box::new(dropped.clone()))?;
		registry.register(Box::new(pending.clone()))?;
		registry.register(Box::new(lookups.clone()))?;
		registry.register(Box::new(entries.clone()))?;
		Ok(Self {
			registry,
			requests,
			refusals,
			bytes,
			batches,
			reported,
			dropped,
			pending,
			lookups,
			entries,
		})
	}
}
