// End to end, on bdes-node --dev with a real IPFS node and a running bdes-gateway: Bob lists a
// dataset, issues revenue shares (Charlie gets and stakes 49%, which earn after the development
// chain's short warm-up) and opens licence offers; Dave buys a licence with the CLI, fetches the
// data through the gateway (bytes match the on-chain digest) and the call count drops on chain;
// an account without a licence, an expired licence, an exhausted quota, a bad signature and a
// replayed request are each refused with their status code; Bob and Charlie claim dividends in
// proportion 51:49. Runs against the node only (the gateway meters through the node's
// transaction pool; chopsticks is the fallback for the chain tests).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startIpfs } from '../lib/ipfs.mjs';
import { freePort, startTarget } from '../lib/target.mjs';
import { councilMotion, send, waitFor } from '../lib/tx.mjs';

const onNode = (process.env.BDES_E2E_TARGET || 'node') === 'node' && process.env.BDES_NODE_BIN;
const cliBin = process.env.BDES_CLI_BIN;
const gatewayBin = process.env.BDES_GATEWAY_BIN;
const skip = !onNode
  ? 'needs bdes-node; this run uses chopsticks'
  : !cliBin || !gatewayBin
    ? 'BDES_CLI_BIN or BDES_GATEWAY_BIN is not set'
    : false;
if (skip) console.log(`# rights e2e skipped: ${skip}`);

const BDES = 100_000n;
let target;
let api;
let ipfs;
let gateway;
let gatewayUrl;
let gatewayLog = '';
let keys;
let dir;
let asset;
let data;

before(async () => {
  if (skip) return;
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  keys = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve'].map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  dir = mkdtempSync(join(tmpdir(), 'bdes-e2e-rights-'));
  ipfs = await startIpfs();
  target = await startTarget();
  api = target.api;
  const port = await freePort();
  gatewayUrl = `http://127.0.0.1:${port}`;
  // Ferdie is the development preset's registered gateway.
  gateway = spawn(gatewayBin, [
    '--listen', `127.0.0.1:${port}`, '--node', target.endpoint, '--ipfs', ipfs.url,
    '--operator-suri', '//Ferdie', '--flush-ms', '1000', '--cache-ms', '500',
  ]);
  gateway.stdout.on('data', (d) => { gatewayLog += d; });
  gateway.stderr.on('data', (d) => { gatewayLog += d; });
  await waitFor('the gateway to listen', async () => {
    try {
      return (await fetch(`${gatewayUrl}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }, 60_000, () => `; gateway log:\n${gatewayLog}`);
}, { timeout: 600_000 });

after(async () => {
  gateway?.kill();
  await target?.stop();
  await ipfs?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI as `suri`; resolves with `{ code, stdout, stderr }`. */
function bdes(args, suri) {
  return new Promise((resolve) => {
    execFile(
      cliBin,
      ['--url', target.endpoint, '--ipfs', ipfs.url, '--suri', suri, '--json', ...args],
      { timeout: 300_000, maxBuffer: 16 << 20, env: { ...process.env, BDES_GATEWAY: gatewayUrl } },
      (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }),
    );
  });
}

async function bdesOk(args, suri) {
  const out = await bdes(args, suri);
  assert.equal(out.code, 0, `bdes ${args.join(' ')} failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

/** Headers of a request signed as `pair` (the protocol of bdes-gateway's `auth` module). */
function signedHeaders(pair, assetId, licence, { nonce = randomBytes(16).toString('hex'), timestamp = Date.now(), tamper = false } = {}) {
  const path = `/assets/${assetId}/data`;
  const message = `bdes-gateway/v1\nGET\n${path}\n${licence}\n${timestamp}\n${nonce}`;
  const signature = pair.sign(new TextEncoder().encode(message));
  if (tamper) signature[0] ^= 0xff;
  return {
    'x-bdes-account': pair.address,
    'x-bdes-licence': String(licence),
    'x-bdes-timestamp': String(timestamp),
    'x-bdes-nonce': nonce,
    'x-bdes-signature': u8aToHex(signature),
  };
}

/** A signed request, ready to send (and to send again, for the replay test). */
function signedFetch(pair, assetId, licence, options) {
  const headers = signedHeaders(pair, assetId, licence, options);
  return () => fetch(`${gatewayUrl}/assets/${assetId}/data`, { headers });
}

const licenceInfo = async (id) => (await api.call.dataLicencesApi.licence(id)).unwrap();
const callsLeft = async (id) => (await licenceInfo(id)).callsLeft.toNumber();

test('Bob lists a dataset, issues revenue shares and opens licence offers', { skip, timeout: 600_000 }, async () => {
  const { bob, charlie, alice } = keys;
  const path = join(dir, 'weather.csv');
  data = randomBytes(1024 * 1024);
  writeFileSync(path, data);
  const published = await bdesOk(['data', 'publish', path, '--title', 'Weather 2026', '--tags', 'weather', '--format', 'text/csv'], '//Bob');
  asset = published.asset;
  await councilMotion(api, api.tx.dataAssets.approve(asset), alice, bob);

  const issued = await bdesOk(['shares', 'issue', String(asset), '--supply', '1000', '--name', 'Weather 2026 shares', '--symbol', 'WTHR'], '//Bob');
  assert.equal(issued.locked, '510', '51% stays locked with Bob');
  // Charlie gets the 49% that may move, and stakes them.
  const sent = await bdesOk(['shares', 'transfer', String(asset), charlie.address, '490'], '//Bob');
  assert.equal(sent.amount, '490');
  const staked = await bdesOk(['shares', 'stake', String(asset), '490'], '//Charlie');
  assert.equal(staked.amount, '490');
  // A stake earns after a warm-up of W blocks, from the first multiple of W at least W blocks
  // later (the development preset's W is 2: within 3 blocks).
  const warmUp = (await api.query.revenueShares.warmUpPeriod()).toNumber();
  assert.ok(warmUp >= 1 && warmUp <= 10, `the development warm-up is short, not ${warmUp} blocks`);
  assert.equal(staked.earnsFrom % warmUp, 0);
  assert.ok(
    staked.earnsFrom >= staked.block + warmUp && staked.earnsFrom < staked.block + 2 * warmUp,
    `staked in #${staked.block}, earns from #${staked.earnsFrom}`,
  );
  // One more share would break Bob's lock: the assets pallet refuses the transfer.
  await assert.rejects(send(api.tx.assets.transfer(issued.shareAsset, charlie.address, 1), bob), /BalanceLow|Frozen/);

  const long = await bdesOk(['licence', 'offer', String(asset), '--price', '10', '--duration', '1000', '--calls', '2', '--revenue-share', '40'], '//Bob');
  const short = await bdesOk(['licence', 'offer', String(asset), '--price', '10', '--duration', '3', '--calls', '5', '--revenue-share', '40'], '//Bob');
  assert.deepEqual([long.offer, short.offer], [0, 1]);
  // The licence sales come once Charlie's shares earn, or the 49% would go to Bob's 51%.
  await waitFor(
    `Charlie's stake to earn (block #${staked.earnsFrom})`,
    async () => (await api.rpc.chain.getHeader()).number.toNumber() >= staked.earnsFrom,
    60_000 + 2 * warmUp * 6_000,
  );
});

let licence;

test('Dave buys a licence, fetches the data through the gateway, and the call count drops on chain', { skip, timeout: 300_000 }, async () => {
  const bought = await bdesOk(['licence', 'buy', '0'], '//Dave');
  licence = bought.licence;
  assert.equal(bought.calls, 2);
  assert.equal(BigInt(bought.fee), 2n * BDES / 10n, '2% to the reserve pool');
  assert.equal(BigInt(bought.revenue), 4n * BDES, '40% to the share holders');
  assert.equal(BigInt(bought.toOwner), 58n * BDES / 10n, 'the rest to Bob');

  const output = join(dir, 'fetched.csv');
  const fetched = await bdesOk(['data', 'fetch', String(asset), '--licence', String(licence), '-o', output], '//Dave');
  assert.equal(fetched.bytes, data.length);
  assert.ok(readFileSync(output).equals(data), 'the bytes are the published ones');
  const onChain = (await api.call.dataAssetsApi.asset(asset)).unwrap().digest.toHex();
  assert.equal(fetched.digest, onChain, 'sha2-256 matches the chain');
  assert.equal(`0x${createHash('sha256').update(data).digest('hex')}`, onChain);
  assert.equal(fetched.callsLeft, '1');
  await waitFor('the usage batch on chain', async () => (await callsLeft(licence)) === 1, 60_000, () => `; gateway log:\n${gatewayLog}`);

  // A range request counts as a call too, and ends the quota.
  const res = await fetch(`${gatewayUrl}/assets/${asset}/data`, {
    headers: { ...signedHeaders(keys.dave, asset, licence), range: 'bytes=10-19' },
  });
  assert.equal(res.status, 206);
  assert.equal(res.headers.get('content-range'), `bytes 10-19/${data.length}`);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(data.subarray(10, 20)));
  await waitFor('the quota to run out on chain', async () => (await callsLeft(licence)) === 0, 60_000);
});

test('the gateway refuses: no licence 403, exhausted 403, expired 403, bad signature 401, replay 409, unknown asset 404', { skip, timeout: 300_000 }, async () => {
  const { dave, eve } = keys;
  const json = async (res) => ({ status: res.status, body: await res.json() });

  // Eve holds no licence.
  const eveRequest = signedFetch(eve, asset, licence);
  const noLicence = await json(await eveRequest());
  assert.deepEqual([noLicence.status, noLicence.body.error], [403, 'not_holder']);
  // The same signed request again is a replay.
  const replay = await json(await eveRequest());
  assert.deepEqual([replay.status, replay.body.error], [409, 'replay']);

  const exhausted = await json(await signedFetch(dave, asset, licence)());
  assert.deepEqual([exhausted.status, exhausted.body.error], [403, 'exhausted']);

  const badSignature = await json(await signedFetch(dave, asset, licence, { tamper: true })());
  assert.equal(badSignature.status, 401);
  const stale = await json(await signedFetch(dave, asset, licence, { timestamp: Date.now() - 3_600_000 })());
  assert.equal(stale.status, 401);

  // A licence of the 3-block offer, used after its expiry.
  const short = await bdesOk(['licence', 'buy', '1'], '//Dave');
  const expiry = (await licenceInfo(short.licence)).expiry.toNumber();
  await waitFor(`block #${expiry}`, async () => (await api.rpc.chain.getHeader()).number.toNumber() >= expiry, 60_000);
  const expired = await json(await signedFetch(dave, asset, short.licence)());
  assert.deepEqual([expired.status, expired.body.error], [403, 'expired']);

  const unknown = await json(await signedFetch(dave, 999, licence)());
  assert.equal(unknown.status, 404);

  const metrics = await (await fetch(`${gatewayUrl}/metrics`)).text();
  assert.match(metrics, /bdes_gateway_requests_total\{status="403"\} [1-9]/);
  assert.match(metrics, /bdes_gateway_calls_reported_total 2/);
});

test('the two share holders claim dividends in proportion 51:49', { skip, timeout: 300_000 }, async () => {
  // Two sales of 10 BDES, 40% each to the holders: 8 BDES over 1,000 staked shares.
  const bob = await bdesOk(['shares', 'claim', String(asset)], '//Bob');
  const charlie = await bdesOk(['shares', 'claim', String(asset)], '//Charlie');
  assert.equal(BigInt(bob.amount), 8n * BDES * 510n / 1000n);
  assert.equal(BigInt(charlie.amount), 8n * BDES * 490n / 1000n);
  const again = await bdes(['shares', 'claim', String(asset)], '//Charlie');
  assert.equal(again.code, 5, 'nothing left to claim');
  assert.match(again.stderr, /NothingToClaim/);
});
