// A real IPFS node for the tests: scripts/ipfs.sh (js-ipfs in Kubo's wire format) in a
// throw-away repo on free ports, and a small Kubo RPC client.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './target.mjs';

const run = promisify(execFile);
const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'ipfs.sh');

export async function startIpfs() {
  const dir = mkdtempSync(join(tmpdir(), 'bdes-e2e-ipfs-'));
  const env = {
    ...process.env,
    BDES_IPFS_REPO: join(dir, 'repo'),
    BDES_IPFS_API_PORT: String(await freePort()),
    BDES_IPFS_GATEWAY_PORT: String(await freePort()),
    BDES_IPFS_SWARM_PORT: String(await freePort()),
  };
  const url = `http://127.0.0.1:${env.BDES_IPFS_API_PORT}`;
  const ipfs = {
    url,
    async start() {
      await run(script, ['start'], { env, timeout: 300_000 });
    },
    async stop() {
      await run(script, ['stop'], { env, timeout: 60_000 });
    },
    /** POSTs a Kubo RPC command; resolves with `{ status, body }` (body parsed as JSON). */
    async call(command, query) {
      const res = await fetch(`${url}/api/v0/${command}?${new URLSearchParams(query)}`, { method: 'POST' });
      const text = await res.text();
      let body;
      try { body = JSON.parse(text); } catch { body = text; }
      return { status: res.status, body };
    },
    async isPinned(cid) {
      const { status, body } = await ipfs.call('pin/ls', { arg: cid, type: 'recursive' });
      return status === 200 && Object.keys(body.Keys ?? {}).includes(cid);
    },
    async cleanup() {
      await ipfs.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await ipfs.start();
  return ipfs;
}
