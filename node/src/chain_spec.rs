//! Built-in chain specs, each from a genesis preset of the embedded runtime.

use bdes_runtime::{
	currency::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL},
	genesis_config_presets::{PARACHAIN_ID, PRODUCTION_RUNTIME_PRESET},
};
use polkadot_omni_node_lib::chain_spec::{
	ChainSpec, DiskChainSpecLoader, Extensions, GenericChainSpec, LoadSpec,
};
use sc_chain_spec::{ChainType, Properties};

/// Resolves `--chain`: a built-in name, or else a chain spec file.
pub struct BdesChainSpecLoader;

impl LoadSpec for BdesChainSpecLoader {
	fn load_spec(&self, id: &str) -> Result<Box<dyn ChainSpec>, String> {
		Ok(Box::new(match id {
			// `--dev` asks for "dev".
			"" | "dev" | "development" => development()?,
			"local" | "local_testnet" => local_testnet()?,
			"bdes" | "production" => production()?,
			path => return DiskChainSpecLoader.load_spec(path),
		}))
	}
}

/// Token symbol, decimals and address format, so wallets and Polkadot.js Apps show BDES.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
	relay_chain: &str,
) -> Result<GenericChainSpec, String> {
	let wasm = bdes_runtime::WASM_BINARY
		.ok_or("the node was built without the runtime WASM (SKIP_WASM_BUILD?)")?;
	Ok(GenericChainSpec::builder(wasm, Extensions::new(relay_chain.into(), PARACHAIN_ID))
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_protocol_id("bdes")
		.with_properties(properties())
		.build())
}

/// Development chain: Alice collates alone (also without a relay chain, with `--dev`).
pub fn development() -> Result<GenericChainSpec, String> {
	from_preset(
		"BDES Development",
		"bdes_dev",
		ChainType::Development,
		"development",
		"rococo-local",
	)
}

/// Local testnet: Alice and Bob collate against a local relay chain.
pub fn local_testnet() -> Result<GenericChainSpec, String> {
	from_preset(
		"BDES Local Testnet",
		"bdes_local",
		ChainType::Local,
		"local_testnet",
		"rococo-local",
	)
}

/// Production-shaped chain (placeholder genesis accounts: see the runtime's presets).
pub fn production() -> Result<GenericChainSpec, String> {
	from_preset("BDES", "bdes", ChainType::Live, PRODUCTION_RUNTIME_PRESET, "polkadot")
}
