//! Builds the runtime WASM when the `wasm` feature is on (the node turns it on).
#[cfg(all(feature = "std", feature = "wasm", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("BDES", 5)
		.build();
}

#[cfg(all(feature = "std", feature = "wasm", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(all(feature = "std", feature = "wasm")))]
fn main() {}
