//! Deterministic model execution.
//!
//! A model is compiled once per digest and instantiated fresh for every run, with:
//! - no imports at all: a module that imports anything (a clock, randomness, WASI, the host) is
//!   refused before it runs;
//! - fuel metering: each run gets the task's fuel; running out is [`RunError::OutOfFuel`], and
//!   the fuel a finished run used is deterministic, what the provider reveals;
//! - a memory limit: growing past it is [`RunError::OutOfMemory`];
//! - NaN canonicalisation and no threads or relaxed SIMD, the features whose results may differ
//!   between machines.

use sha2::{Digest, Sha256};
use wasmtime::{Config, Engine, Instance, Module, ResourceLimiter, Store, Trap};

/// Why a run produced no output.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RunError {
	/// The code is not a module the worker runs (not WebAssembly, it imports something, or
	/// it lacks an export of the ABI).
	#[error("not a runnable model: {0}")]
	Invalid(String),
	/// It exports another ABI version.
	#[error("model ABI version {0}, this worker runs version {expected}", expected = bdes_model_kit::ABI_VERSION)]
	AbiVersion(i32),
	/// It ran out of the fuel the task allows.
	#[error("out of fuel after {0}")]
	OutOfFuel(u64),
	/// It needed more memory than the limit.
	#[error("needed more than {0} bytes of memory")]
	OutOfMemory(usize),
	/// It trapped (a model's panic is a trap).
	#[error("trapped: {0}")]
	Trap(String),
	/// The model ran and returned an error.
	#[error("model error: {0}")]
	Model(String),
	/// Its response breaks the ABI.
	#[error("bad response: {0}")]
	BadResponse(String),
}

/// What a run may use.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
	/// Fuel: about one unit per WebAssembly instruction.
	pub fuel: u64,
	/// Linear memory, in bytes.
	pub memory: usize,
}

/// A finished run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
	/// The model's output.
	pub bytes: Vec<u8>,
	/// Fuel the run used.
	pub fuel: u64,
	/// The output's sha2-256, the digest a provider commits to.
	pub digest: [u8; 32],
}

/// A compiled model.
pub struct Model {
	module: Module,
	/// The code's sha2-256.
	pub code_hash: [u8; 32],
}

/// Compiles and runs models.
pub struct Executor {
	engine: Engine,
}

struct Limiter {
	memory: usize,
	hit: bool,
}

impl ResourceLimiter for Limiter {
	fn memory_growing(
		&mut self,
		_current: usize,
		desired: usize,
		_maximum: Option<usize>,
	) -> wasmtime::Result<bool> {
		let ok = desired <= self.memory;
		self.hit |= !ok;
		Ok(ok)
	}

	fn table_growing(
		&mut self,
		_current: usize,
		desired: usize,
		_maximum: Option<usize>,
	) -> wasmtime::Result<bool> {
		Ok(desired <= 100_000)
	}
}

impl Executor {
	/// An executor with the deterministic configuration.
	pub fn new() -> Result<Self, RunError> {
		let mut config = Config::new();
		// Threads are not even built in (wasmtime's `threads` feature is off).
		config
			.consume_fuel(true)
			.cranelift_nan_canonicalization(true)
			.wasm_relaxed_simd(false);
		let engine = Engine::new(&config).map_err(|e| RunError::Invalid(e.to_string()))?;
		Ok(Self { engine })
	}

	/// Compiles `code`, refusing a module that imports anything.
	pub fn compile(&self, code: &[u8]) -> Result<Model, RunError> {
		let module =
			Module::new(&self.engine, code).map_err(|e| RunError::Invalid(format!("{e:#}")))?;
		if let Some(import) = module.imports().next() {
			return Err(RunError::Invalid(format!(
				"imports {}::{}",
				import.module(),
				import.name()
			)));
		}
		Ok(Model { module, code_hash: Sha256::digest(code).into() })
	}

	/// Runs `model` over `inputs` with `params` within `limits`.
	pub fn run(
		&self,
		model: &Model,
		inputs: &[&[u8]],
		params: &[u8],
		limits: Limits,
	) -> Result<Output, RunError> {
		let mut store = Store::new(&self.engine, Limiter { memory: limits.memory, hit: false });
		store.limiter(|l| l);
		store.set_fuel(limits.fuel).map_err(|e| RunError::Invalid(e.to_string()))?;
		let result = Self::call(&mut store, model, inputs, params);
		let left = store.get_fuel().unwrap_or(0);
		let used = limits.fuel.saturating_sub(left);
		let response = result.map_err(|e| {
			if store.data().hit {
				RunError::OutOfMemory(limits.memory)
			} else if e.downcast_ref::<Trap>() == Some(&Trap::OutOfFuel) {
				RunError::OutOfFuel(used)
			} else {
				e.downcast::<RunError>().unwrap_or_else(|e| RunError::Trap(format!("{e:#}")))
			}
		})?;
		match bdes_model_kit::decode_response(&response) {
			Ok(Ok(bytes)) => {
				let digest = Sha256::digest(&bytes).into();
				Ok(Output { bytes, fuel: used, digest })
			},
			Ok(Err(message)) => Err(RunError::Model(message)),
			Err(e) => Err(RunError::BadResponse(e.to_string())),
		}
	}

	fn call(
		store: &mut Store<Limiter>,
		model: &Model,
		inputs: &[&[u8]],
		params: &[u8],
	) -> wasmtime::Result<Vec<u8>> {
		let invalid = |what: &str| RunError::Invalid(format!("no export {what} of the ABI"));
		let instance = Instance::new(&mut *store, &model.module, &[])?;
		let memory = instance.get_memory(&mut *store, "memory").ok_or_else(|| invalid("memory"))?;
		let version = instance
			.get_typed_func::<(), i32>(&mut *store, "bdes_abi_version")
			.map_err(|_| invalid("bdes_abi_version"))?
			.call(&mut *store, ())?;
		if version != bdes_model_kit::ABI_VERSION {
			return Err(RunError::AbiVersion(version).into());
		}
		let alloc = instance
			.get_typed_func::<u32, u32>(&mut *store, "bdes_alloc")
			.map_err(|_| invalid("bdes_alloc"))?;
		let run = instance
			.get_typed_func::<(u32, u32), u64>(&mut *store, "bdes_run")
			.map_err(|_| invalid("bdes_run"))?;
		let request = bdes_model_kit::encode_request(inputs, params);
		let len =
			u32::try_from(request.len()).map_err(|_| RunError::OutOfMemory(store.data().memory))?;
		let at = alloc.call(&mut *store, len)?;
		memory.write(&mut *store, at as usize, &request)?;
		let packed = run.call(&mut *store, (at, len))?;
		let (ptr, size) = ((packed >> 32) as usize, (packed & 0xffff_ffff) as usize);
		let mut response = vec![0u8; size];
		memory
			.read(&*store, ptr, &mut response)
			.map_err(|_| RunError::BadResponse("outside the module's memory".into()))?;
		Ok(response)
	}
}

#[cfg(test)]
mod tests;
