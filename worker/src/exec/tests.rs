use super::*;
use crate::sample::sales;
use bdes_model_kit::ModelFn;
use std::{
	collections::HashMap,
	sync::{Arc, LazyLock, Mutex},
};

/// One executor, and each model compiled once for all tests (cranelift is slow in a debug
/// build).
static EXECUTOR: LazyLock<Executor> = LazyLock::new(|| Executor::new().unwrap());

fn compiled(name: &'static str) -> Arc<Model> {
	static MODELS: LazyLock<Mutex<HashMap<&str, Arc<Model>>>> = LazyLock::new(Default::default);
	let mut models = MODELS.lock().unwrap();
	models
		.entry(name)
		.or_insert_with(|| Arc::new(EXECUTOR.compile(&wasm(name)).unwrap()))
		.clone()
}

/// The example models built for WebAssembly (`scripts/build-models.sh`).
fn wasm(name: &str) -> Vec<u8> {
	let dir = std::env::var("BDES_MODELS_DIR").unwrap_or_else(|_| {
		let target = option_env!("CARGO_TARGET_DIR")
			.map(str::to_owned)
			.unwrap_or_else(|| format!("{}/../target", env!("CARGO_MANIFEST_DIR")));
		format!("{target}/wasm32-unknown-unknown/model")
	});
	let path = format!("{dir}/bdes_model_{name}.wasm");
	std::fs::read(&path)
		.unwrap_or_else(|e| panic!("{path}: {e}; build the models with scripts/build-models.sh"))
}

const LIMITS: Limits = Limits { fuel: 10_000_000_000, memory: 64 << 20 };

fn examples() -> Vec<(&'static str, ModelFn, usize, &'static [u8])> {
	vec![
		(
			"aggregate",
			bdes_model_aggregate::aggregate as ModelFn,
			1,
			br#"{"group_by":"region","value":"amount"}"#,
		),
		(
			"filter",
			bdes_model_filter::filter,
			1,
			br#"{"columns":["amount","region"],"where":[{"column":"amount","op":"ge","value":"500"}]}"#,
		),
		("join", bdes_model_join::join, 2, br#"{"left":"region","right":"region"}"#),
		("kmeans", bdes_model_kmeans::kmeans, 1, br#"{"k":4,"columns":["x","y"]}"#),
	]
}

#[test]
fn every_example_model_gives_the_native_bytes_and_the_same_fuel_twice() {
	let executor = &*EXECUTOR;
	let data = sales(2_000, 7);
	let small = sales(20, 8);
	for (name, native, arity, params) in examples() {
		let model = compiled(name);
		let inputs: Vec<&[u8]> = if arity == 2 { vec![&small, &small] } else { vec![&data] };
		let first = executor.run(&model, &inputs, params, LIMITS).unwrap();
		let second = executor.run(&model, &inputs, params, LIMITS).unwrap();
		assert_eq!(first, second, "{name}: two runs differ");
		assert_eq!(first.bytes, native(&inputs, params).unwrap(), "{name}: not the native bytes");
		assert_eq!(first.digest, <[u8; 32]>::from(Sha256::digest(&first.bytes)));
		assert!(first.fuel > 0 && !first.bytes.is_empty(), "{name}");
	}
}

#[test]
fn limits_and_failures_are_typed() {
	let executor = &*EXECUTOR;
	let model = compiled("aggregate");
	let data = sales(2_000, 9);
	let params = br#"{"group_by":"region","value":"amount"}"#;
	let full = executor.run(&model, &[&data], params, LIMITS).unwrap();
	// Half the fuel it takes: out of fuel, having used all of it. (Fuel is checked at loop
	// heads and calls, so a limit a few units short may still finish: the count is exact and
	// the same everywhere, the cut-off is not to the unit.)
	let short = Limits { fuel: full.fuel / 2, ..LIMITS };
	assert_eq!(executor.run(&model, &[&data], params, short), Err(RunError::OutOfFuel(short.fuel)));
	// Exactly what it takes is enough.
	let exact = Limits { fuel: full.fuel, ..LIMITS };
	assert_eq!(executor.run(&model, &[&data], params, exact).unwrap(), full);
	// Memory: an input larger than the limit cannot be taken in.
	let big = sales(200_000, 10);
	let tight = Limits { memory: 4 << 20, ..LIMITS };
	assert_eq!(executor.run(&model, &[&big], params, tight), Err(RunError::OutOfMemory(4 << 20)));
	// The model's own errors reach the caller as such.
	assert_eq!(
		executor.run(&model, &[&data], br#"{"value":"price"}"#, LIMITS),
		Err(RunError::Model("no column \"price\"".into()))
	);
	assert_eq!(
		executor.run(&model, &[&data, &data], params, LIMITS),
		Err(RunError::Model("one input expected, 2 given".into()))
	);
}

#[test]
fn modules_that_import_anything_or_miss_the_abi_are_refused() {
	let executor = &*EXECUTOR;
	// (module (import "env" "now" (func)))
	let imports = [
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
		0x02, 0x0b, 0x01, 0x03, b'e', b'n', b'v', 0x03, b'n', b'o', b'w', 0x00, 0x00,
	];
	assert_eq!(
		executor.compile(&imports).err(),
		Some(RunError::Invalid("imports env::now".into()))
	);
	assert!(matches!(executor.compile(b"not wasm"), Err(RunError::Invalid(_))));
	// (module): valid, but no ABI.
	let empty = executor.compile(&[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]).unwrap();
	assert_eq!(
		executor.run(&empty, &[], b"", LIMITS),
		Err(RunError::Invalid("no export memory of the ABI".into()))
	);
}
