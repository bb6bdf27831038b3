//! `bdes-worker`: what a compute provider runs. The executor ([`exec`]) runs a model (see
//! `bdes-model-kit` for the ABI) in wasmtime with fuel metering, a memory limit and nothing to
//! import, so that the same model over the same inputs gives the same bytes and the same fuel
//! on every machine; the daemon ([`daemon`]) follows the chain and takes the provider's tasks
//! from assignment to a revealed, verifiable report.

pub mod chain;
pub mod config;
pub mod daemon;
pub mod exec;
pub mod metrics;
pub mod report;
pub mod state;
pub mod store;

/// Sample data for the worker's tests and its throughput harness.
#[doc(hidden)]
pub mod sample {
	/// A CSV of `rows` sales records (`region,amount,x,y`) in five regions, the same for a
	/// given seed (xorshift64).
	pub fn sales(rows: usize, seed: u64) -> Vec<u8> {
		let mut state = seed | 1;
		let mut next = move || {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			state
		};
		let mut out = String::from("region,amount,x,y\n");
		for _ in 0..rows {
			let region = ["north", "south", "east", "west", "centre"][(next() % 5) as usize];
			let amount = (next() % 100_000) as f64 / 100.0;
			let (x, y) = ((next() % 1000) as f64 / 10.0, (next() % 1000) as f64 / 10.0);
			out.push_str(&format!("{region},{amount},{x},{y}\n"));
		}
		out.into_bytes()
	}
}
