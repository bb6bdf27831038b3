//! Model execution throughput in the worker's wasmtime against the same Rust code run
//! natively, on the same input, in the same run:
//!
//!     scripts/build-models.sh
//!     cargo run --release -p bdes-worker --example throughput [ROWS]
//!
//! Each model runs natively and in wasmtime in turn, best of five of each; the table gives
//! input MB/s both ways and their ratio (wasm / native). Compiling the module is left out: the
//! worker compiles a model once per digest.

use bdes_model_kit::ModelFn;
use bdes_worker::{
	exec::{Executor, Limits},
	sample::sales,
};
use std::time::{Duration, Instant};

fn best(mut f: impl FnMut()) -> Duration {
	(0..5)
		.map(|_| {
			let start = Instant::now();
			f();
			start.elapsed()
		})
		.min()
		.unwrap_or_default()
}

fn main() {
	let rows: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
	let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
	let dir = std::env::var("BDES_MODELS_DIR")
		.unwrap_or_else(|_| format!("{target}/wasm32-unknown-unknown/model"));
	let data = sales(rows, 0x2545_f491_4f6c_dd1d);
	let small = sales(rows / 50, 3);
	let models: [(&str, ModelFn, bool, &[u8]); 4] = [
		(
			"aggregate",
			bdes_model_aggregate::aggregate,
			false,
			br#"{"group_by":"region","value":"amount"}"#,
		),
		(
			"filter",
			bdes_model_filter::filter,
			false,
			br#"{"columns":["amount","region"],"where":[{"column":"amount","op":"ge","value":"500"}]}"#,
		),
		("join", bdes_model_join::join, true, br#"{"left":"region","right":"region"}"#),
		("kmeans", bdes_model_kmeans::kmeans, false, br#"{"k":4,"columns":["x","y"]}"#),
	];
	let executor = Executor::new().expect("engine");
	let limits = Limits { fuel: u64::MAX / 2, memory: 4 << 30 };
	println!("{rows} rows, {} bytes of CSV", data.len());
	println!("| model | input MB | native MB/s | wasm MB/s | wasm / native |");
	println!("|---|---:|---:|---:|---:|");
	for (name, native, two, params) in models {
		let code = std::fs::read(format!("{dir}/bdes_model_{name}.wasm"))
			.unwrap_or_else(|e| panic!("{name}: {e}; run scripts/build-models.sh"));
		let model = executor.compile(&code).expect("compiles");
		let inputs: Vec<&[u8]> = if two { vec![&small, &small] } else { vec![&data] };
		let size: usize = inputs.iter().map(|i| i.len()).sum();
		let expected = native(&inputs, params).expect("native run");
		let out = executor.run(&model, &inputs, params, limits).expect("wasm run");
		assert_eq!(out.bytes, expected, "{name}: wasm and native differ");
		let n = best(|| {
			std::hint::black_box(native(&inputs, params).unwrap());
		});
		let w = best(|| {
			std::hint::black_box(executor.run(&model, &inputs, params, limits).unwrap());
		});
		let mb = size as f64 / 1e6;
		println!(
			"| {name} | {mb:.1} | {:.1} | {:.1} | {:.2}× |",
			mb / n.as_secs_f64(),
			mb / w.as_secs_f64(),
			n.as_secs_f64() / w.as_secs_f64()
		);
	}
}
