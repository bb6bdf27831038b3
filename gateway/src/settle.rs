//! Settlement: the latest unreported voucher of every licence goes on chain in `report_usage`
//! batches of at most [`MAX_BATCH`], each with a deadline. What is not recorded is submitted
//! again, except a voucher the chain refuses for good ([`FINAL`]); a refused batch of several
//! vouchers is split in halves, since the chain's all-or-nothing answer does not say which one
//! it refused. Nothing is saved to disk: after a restart the chain's `charged` counters are
//! the state, and anything at or below them is refused as stale.

use crate::{
	auth::Voucher,
	chain::{ChainApi, UsageError},
	meter::Meter,
	metrics::Metrics,
};
use std::time::{Duration, Instant};

/// Vouchers in one batch (the runtime's `MaxUsageBatch`).
pub const MAX_BATCH: usize = 64;
/// The chain's refusals that submitting again cannot change: the voucher is already charged
/// (`StaleVoucher`: an earlier copy landed, e.g. after a deadline passed), can never verify
/// (`BadVoucher`: the licence moved), or can no longer be settled.
pub const FINAL: [&str; 5] =
	["StaleVoucher", "BadVoucher", "SettlementClosed", "VoucherExpired", "UnknownLicence"];
/// A voucher refused for a reason that may pass (`QuotaExceeded` until a top-up,
/// `LicenceGatewaysFull`) waits this long before it is submitted again: a refused transaction
/// costs the operator a fee.
pub const REFUSED_BACKOFF: Duration = Duration::from_secs(30);

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
	pub included: usize,
	pub calls: u64,
	pub retried: usize,
	pub dropped: usize,
}

fn describe(batch: &[Voucher]) -> String {
	let licences: Vec<String> =
		batch.iter().map(|v| format!("{}@{}", v.licence, v.calls)).collect();
	format!("[{}]", licences.join(", "))
}

/// Submits every licence's latest unreported voucher once.
pub async fn round<C: ChainApi>(
	chain: &C,
	meter: &Meter,
	metrics: &Metrics,
	deadline: Duration,
) -> Round {
	let mut done = Round::default();
	for (voucher, reason) in meter.take_dropped() {
		eprintln!(
			"voucher of licence {} ({} calls) given up: {reason}",
			voucher.licence, voucher.calls
		);
		metrics.dropped.with_label_values(&[reason]).inc();
		done.dropped += 1;
	}
	let vouchers = meter.take_unreported(Instant::now());
	for chunk in vouchers.chunks(MAX_BATCH) {
		let mut todo = vec![chunk.to_vec()];
		while let Some(batch) = todo.pop() {
			let outcome = tokio::time::timeout(deadline, chain.report_usage(batch.clone())).await;
			match outcome {
				Ok(Ok(())) => {
					let calls = meter.settled(&batch);
					metrics.batches.with_label_values(&["included"]).inc();
					metrics.reported.inc_by(calls);
					done.included += batch.len();
					done.calls += calls;
				},
				Ok(Err(UsageError::Refused(error))) if batch.len() > 1 => {
					eprintln!(
						"usage batch of {} vouchers refused ({error}); splitting it",
						batch.len()
					);
					metrics.batches.with_label_values(&["split"]).inc();
					let (first, second) = batch.split_at(batch.len() / 2);
					todo.push(second.to_vec());
					todo.push(first.to_vec());
				},
				Ok(Err(UsageError::Refused(error))) => {
					if let Some(reason) = FINAL.iter().find(|f| **f == error) {
						let landed = *reason == "StaleVoucher";
						if landed {
							eprintln!(
								"voucher {} is on chain already (an earlier submission landed)",
								describe(&batch)
							);
						} else {
							eprintln!(
								"voucher {} given up: the chain refuses it ({error})",
								describe(&batch)
							);
						}
						let landed = meter.dropped(&batch, landed);
						metrics.reported.inc_by(landed);
						metrics.dropped.with_label_values(&[reason]).inc();
						done.dropped += batch.len();
					} else {
						eprintln!(
							"voucher {} refused ({error}); submitted again in {} s",
							describe(&batch),
							REFUSED_BACKOFF.as_secs()
						);
						meter.retry(&batch, Some(Instant::now() + REFUSED_BACKOFF));
						metrics.batches.with_label_values(&["refused"]).inc();
						done.retried += batch.len();
					}
				},
				Ok(Err(UsageError::Failed(e))) => {
					eprintln!(
						"usage batch {} not recorded ({e}); submitted again",
						describe(&batch)
					);
					meter.retry(&batch, None);
					metrics.batches.with_label_values(&["failed"]).inc();
					done.retried += batch.len();
				},
				Err(_) => {
					eprintln!(
						"usage batch {} not final within {} s; submitted again",
						describe(&batch),
						deadline.as_secs_f32()
					);
					meter.retry(&batch, None);
					metrics.batches.with_label_values(&["timeout"]).inc();
					done.retried += batch.len();
				},
			}
		}
	}
	metrics.pending.set(meter.pending() as i64);
	done
}

/// Rounds until nothing is pending or `within` has passed (a gateway that stops). Returns
/// what is left unsettled.
pub async fn settle_all<C: ChainApi>(
	chain: &C,
	meter: &Meter,
	metrics: &Metrics,
	deadline: Duration,
	within: Duration,
) -> usize {
	let end = Instant::now() + within;
	// Nothing waits out a backoff now: the process is about to end.
	meter.clear_backoff();
	loop {
		let left = end.saturating_duration_since(Instant::now());
		round(chain, meter, metrics, deadline.min(left)).await;
		let pending = meter.pending();
		if pending == 0 || Instant::now() >= end {
			return pending;
		}
		tokio::time::sleep(Duration::from_millis(200).min(left)).await;
	}
}
