// Builds a raw chain spec from the runtime WASM alone, the way the node does: default genesis
// config, patched with a preset, turned into storage by the runtime's GenesisBuilder API. Runs the
// runtime in chopsticks' executor (smoldot's), so no node binary is needed.
import { destroyWorker, runTask } from '@acala-network/chopsticks-core';
import { compactAddLength, compactStripLength, hexToU8a, stringToU8a, u8aConcat, u8aToHex, u8aToString } from '@polkadot/util';
import { isLosslessNumber, parse, stringify } from 'lossless-json';
import { readFileSync, writeFileSync } from 'node:fs';

// Storage is empty before genesis: every read finds nothing.
const emptyStorage = {
  getStorage: async () => undefined,
  getNextKey: async () => undefined,
  offchainGetStorage: async () => undefined,
  offchainTimestamp: async () => Date.now(),
  offchainRandomSeed: async () => u8aToHex(new Uint8Array(32)),
  offchainSubmitTransaction: async () => false,
};

async function call(wasm, method, arg) {
  const response = await runTask(
    { wasm, calls: [[method, [arg]]], mockSignatureHost: false, allowUnresolvedImports: false, runtimeLogLevel: 0 },
    emptyStorage,
  );
  if ('Error' in response) throw new Error(`${method} failed: ${response.Error}`);
  return response.Call;
}

// SCALE `Option<Vec<u8>>` → UTF-8 string (or null).
function decodeOptionBytes(hex) {
  const bytes = hexToU8a(hex);
  if (bytes[0] === 0) return null;
  return u8aToString(compactStripLength(bytes.subarray(1))[1]);
}

// Merges a genesis patch into the defaults, as the node's chain-spec builder does: objects key by
// key, everything else (numbers, strings, arrays) replaced.
const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isLosslessNumber(v);
function merge(base, patch) {
  if (!isMap(base) || !isMap(patch)) return patch;
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = key in out ? merge(out[key], value) : value;
  return out;
}

/** The genesis storage (`genesis.raw.top`) of `preset`, including `:code`. */
export async function genesisStorage(wasmPath, preset) {
  const wasm = u8aToHex(readFileSync(wasmPath));
  const presetArg = (id) => (id === null ? '0x00' : u8aToHex(u8aConcat([1], compactAddLength(stringToU8a(id)))));
  const defaults = decodeOptionBytes((await call(wasm, 'GenesisBuilder_get_preset', presetArg(null))).result);
  const patch = decodeOptionBytes((await call(wasm, 'GenesisBuilder_get_preset', presetArg(preset))).result);
  if (defaults === null || patch === null) throw new Error(`the runtime has no preset "${preset}"`);
  // lossless-json keeps u128 balances exact (JSON.parse would round them).
  const config = stringify(merge(parse(defaults), parse(patch)));
  const arg = u8aToHex(compactAddLength(stringToU8a(config)));
  const built = await call(wasm, 'GenesisBuilder_build_state', arg);
  // `Result<(), String>`: 0x00 is Ok.
  if (built.result !== '0x00') throw new Error(`build_state refused the config: ${built.result}`);
  const top = {};
  for (const [key, value] of built.storageDiff) if (value !== null) top[key] = value;
  top['0x3a636f6465'] = wasm; // ":code"
  return top;
}

/** Writes a raw chain spec of `preset` with BDES's token properties. */
export async function writeRawSpec(wasmPath, preset, outPath, properties) {
  let top;
  try {
    top = await genesisStorage(wasmPath, preset);
  } finally {
    // The executor runs in a worker thread that would keep the process alive.
    await destroyWorker();
  }
  const spec = {
    name: `BDES (${preset}, from WASM)`,
    id: `bdes_${preset}`,
    chainType: 'Development',
    bootNodes: [],
    protocolId: 'bdes',
    properties,
    relay_chain: 'rococo-local',
    para_id: 2000,
    codeSubstitutes: {},
    genesis: { raw: { top, childrenDefault: {} } },
  };
  writeFileSync(outPath, JSON.stringify(spec, null, 1));
  return outPath;
}


