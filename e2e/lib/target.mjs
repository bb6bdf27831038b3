// Starts the chain the end-to-end tests talk to: the built `bdes-node --dev` when there is one,
// otherwise the runtime WASM in chopsticks (a real executor behind the same JSON-RPC). Which one
// ran is printed, and a target that fails to start is an error with its log, never a skip.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRawSpec } from './genesis.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const BDES_PROPERTIES = { tokenSymbol: 'BDES', tokenDecimals: 5, ss58Format: 42 };

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

/** The flags every end-to-end run gives `bdes-node --dev` (the tests and the throughput harness). */
export function devNodeArgs(port, p2p) {
  // Offchain workers always: the pinners' worker pins data assets (tests/data-assets).
  return ['--dev', '--rpc-port', String(port), '--port', String(p2p), '--no-prometheus', '--no-mdns', '--no-telemetry', '--offchain-worker', 'always'];
}

function launch(cmd, args, env = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 4000) log.splice(0, log.length - 4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  return { child, log: () => log.join(''), exited: () => exited };
}

/** Resolves once something accepts TCP connections on `port`, or rejects when the process dies. */
async function portOpen(port, proc, deadline) {
  while (Date.now() < deadline && !proc.exited()) {
    const open = await new Promise((res) => {
      const socket = connectTcp({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        res(true);
      });
      socket.on('error', () => res(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function connect(endpoint, port, proc, timeoutMs) {
  // Wait for the port first, so the client does not log a failed attempt every second.
  await portOpen(port, proc, Date.now() + timeoutMs);
  // The provider retries every second until the RPC server answers.
  const provider = new WsProvider(endpoint, 1000);
  let timer;
  let watcher;
  const failed = new Promise((_, rej) => {
    timer = setTimeout(
      () => rej(new Error(`RPC at ${endpoint} did not come up within ${timeoutMs / 1000}s; the chain's log:\n${proc.log()}`)),
      timeoutMs,
    );
    watcher = setInterval(() => {
      if (proc.exited()) {
        rej(new Error(`the chain exited (${JSON.stringify(proc.exited())}) before RPC came up; its log:\n${proc.log()}`));
      }
    }, 500);
  });
  try {
    const api = await Promise.race([ApiPromise.create({ provider, noInitWarn: true }), failed]);
    return { api, provider };
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
    clearInterval(watcher);
  }
}

/**
 * Starts the target: `{ mode, api, endpoint, newBlock(), stop(), log() }`.
 * Env: BDES_E2E_TARGET=node|chopsticks (default: node if BDES_NODE_BIN exists),
 * BDES_NODE_BIN, BDES_RUNTIME_WASM.
 */
export async function startTarget() {
  const nodeBin = process.env.BDES_NODE_BIN;
  const mode = process.env.BDES_E2E_TARGET || (nodeBin && existsSync(nodeBin) ? 'node' : 'chopsticks');
  const port = await freePort();
  const endpoint = `ws://127.0.0.1:${port}`;
  let proc;
  if (mode === 'node') {
    if (!nodeBin || !existsSync(nodeBin)) throw new Error(`BDES_NODE_BIN (${nodeBin}) is not a built node`);
    const p2p = await freePort();
    proc = launch(nodeBin, devNodeArgs(port, p2p));
  } else if (mode === 'chopsticks') {
    const wasm = process.env.BDES_RUNTIME_WASM;
    if (!wasm || !existsSync(wasm)) throw new Error(`BDES_RUNTIME_WASM (${wasm}) is not a built runtime`);
    const artifacts = resolve(here, '..', '.artifacts');
    mkdirSync(artifacts, { recursive: true });
    const spec = await writeRawSpec(wasm, 'development', join(artifacts, 'bdes-dev.raw.json'), BDES_PROPERTIES);
    const cli = resolve(here, '..', 'node_modules', '@acala-network', 'chopsticks', 'chopsticks.cjs');
    proc = launch(process.execPath, [cli, '--genesis', spec, '--port', String(port), '--host', '127.0.0.1', '--build-block-mode', 'Instant'], { LOG_LEVEL: 'info' });
  } else {
    throw new Error(`unknown BDES_E2E_TARGET ${mode}`);
  }
  console.log(`# e2e target: ${mode === 'node' ? `bdes-node --dev (${nodeBin})` : `chopsticks with runtime WASM ${process.env.BDES_RUNTIME_WASM}`} at ${endpoint}`);
  let api;
  let provider;
  try {
    // The node needs ~30 s to build genesis and compile the runtime before RPC answers.
    ({ api, provider } = await connect(endpoint, port, proc, 240_000));
    // A transaction signed at genesis names block 0 as its mortal era's birth, whose hash the
    // runtime only learns when block 1 is built (until then `BlockHash[0]` holds a placeholder,
    // and the signature fails as `badProof`). A node has built block 1 long before RPC is up;
    // chopsticks builds blocks on demand, so build the first one here.
    if (mode === 'chopsticks' && (await api.rpc.chain.getHeader()).number.toNumber() === 0) {
      await provider.send('dev_newBlock', [{ count: 1 }]);
    }
  } catch (e) {
    proc.child.kill('SIGKILL');
    throw e;
  }
  return {
    mode,
    api,
    endpoint,
    log: proc.log,
    /** Asks for a block in chopsticks; on the node, blocks come by themselves. */
    async newBlock() {
      if (mode === 'chopsticks') await provider.send('dev_newBlock', [{ count: 1 }]);
    },
    async stop() {
      await api.disconnect().catch(() => {});
      proc.child.kill('SIGTERM');
      await new Promise((res) => {
        if (proc.exited()) return res();
        const t = setTimeout(() => { proc.child.kill('SIGKILL'); res(); }, 15_000);
        proc.child.on('exit', () => { clearTimeout(t); res(); });
      });
    },
  };
}
