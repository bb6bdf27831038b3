// End to end, on bdes-node --dev with a real IPFS node: the `bdes` CLI publishes a 5 MiB file,
// a Council motion approves it, the node's offchain worker pins it and reports on chain, IPFS
// lists the pin, the publisher holds the ownership NFT; the pin waits out an IPFS outage; an
// invalid CID is refused; delisting unpins. Needs the node's offchain workers, so it runs only
// against the node (chopsticks runs no offchain workers); the pallet's offchain tests always run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startIpfs } from '../lib/ipfs.mjs';
import { startTarget } from '../lib/target.mjs';
import { councilMotion as motion, send, waitFor as waitUntil } from '../lib/tx.mjs';

const onNode = (process.env.BDES_E2E_TARGET || 'node') === 'node' && process.env.BDES_NODE_BIN;
const cliBin = process.env.BDES_CLI_BIN;
const skip = !onNode
  ? 'needs bdes-node (offchain workers); this run uses chopsticks'
  : !cliBin
    ? 'BDES_CLI_BIN is not set'
    : false;
if (skip) console.log(`# data-assets e2e skipped: ${skip}`);

let target;
let api;
let ipfs;
let alice;
let bob;
let dir;

before(async () => {
  if (skip) return;
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  dir = mkdtempSync(join(tmpdir(), 'bdes-e2e-data-'));
  ipfs = await startIpfs();
  target = await startTarget();
  api = target.api;
  // The development preset registers Alice as a pinner; her node needs her `bdpn` key...
  await api.rpc.author.insertKey('bdpn', '//Alice', u8aToHex(alice.publicKey));
  // ...and the URL of its IPFS node (offchain local storage, raw UTF-8).
  const utf8 = (text) => u8aToHex(new TextEncoder().encode(text));
  await api.rpc.offchain.localStorageSet('PERSISTENT', utf8('bdes::ipfs-api-url'), utf8(ipfs.url));
}, { timeout: 600_000 });

after(async () => {
  await target?.stop();
  await ipfs?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI; resolves with `{ code, stdout, stderr }`. */
function bdes(args, suri = '//Bob') {
  return new Promise((resolve) => {
    execFile(
      cliBin,
      ['--url', target.endpoint, '--ipfs', ipfs.url, '--suri', suri, ...args],
      // The provider's age identity lives with the test, not in ~/.config.
      { timeout: 300_000, maxBuffer: 16 << 20, env: { ...process.env, BDES_IDENTITY: join(dir, `identity-${suri.slice(2)}.txt`) } },
      (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }),
    );
  });
}

const councilMotion = (call) => motion(api, call, alice, bob);
const view = async (id) => (await api.call.dataAssetsApi.asset(id)).unwrap();

/** Waits, and on a timeout shows the offchain worker's own log lines. */
const waitFor = (what, check, timeoutMs = 90_000) =>
  waitUntil(what, check, timeoutMs, () => {
    const lines = target.log().split('\n').filter((l) => /data-assets|offchain|pin/i.test(l)).slice(-40);
    return `; the node's offchain log:\n${lines.join('\n')}`;
  });

const pinnedByAlice = async (id) => {
  const pin = (await view(id)).pin;
  return pin.isSome && pin.unwrap().pinnedBy.some((r) => r.pinner.eq(alice.address));
};

function file(name, bytes) {
  const path = join(dir, name);
  const data = randomBytes(bytes);
  writeFileSync(path, data);
  return { path, data, digest: sha256(data) };
}

const sha256 = (bytes) => `0x${createHash('sha256').update(bytes).digest('hex')}`;

/** The bytes IPFS itself serves for `cid` (its own `cat`, no gateway). */
async function ipfsCat(cid) {
  const res = await fetch(`${ipfs.url}/api/v0/cat?arg=${cid}`, { method: 'POST' });
  assert.equal(res.status, 200, `IPFS cat ${cid}`);
  return Buffer.from(await res.arrayBuffer());
}

async function publish(path, title) {
  const out = await bdes(['--json', 'data', 'publish', path, '--title', title, '--tags', 'e2e,air', '--category', 'science', '--format', 'text/csv']);
  assert.equal(out.code, 0, `bdes data publish failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

let first;

test('publish 5 MiB encrypted with the CLI, approve by Council motion, pinned by the offchain worker', { skip, timeout: 600_000 }, async () => {
  const { path, data, digest } = file('five-mib.csv', 5 * 1024 * 1024);
  const published = await publish(path, 'Five MiB of air quality');
  assert.equal(published.encrypted, true, 'bdes publishes encrypted unless --public');
  assert.equal(published.plainSize, 5 * 1024 * 1024);
  assert.equal(published.plainDigest, digest, 'the CLI hashed the plaintext');
  assert.ok(published.size > 5 * 1024 * 1024, 'the ciphertext (an age file) is a little longer');
  const id = published.asset;
  let asset = await view(id);
  assert.equal(asset.status.toString(), 'Pending');
  // The chain records the ciphertext's digest (what pinners check) and the plaintext's.
  assert.equal(asset.digest.toHex(), published.digest);
  const encryption = asset.encryption.unwrap();
  assert.equal(encryption.plainDigest.toHex(), digest);
  assert.equal(encryption.plainSize.toNumber(), 5 * 1024 * 1024);
  assert.equal(new TextDecoder().decode(asset.cid), published.cid);
  // IPFS's own `cat` of the CID is the age file, not the data.
  const stored = await ipfsCat(published.cid);
  assert.equal(stored.length, published.size);
  assert.equal(stored.subarray(0, 21).toString(), 'age-encryption.org/v1');
  assert.equal(sha256(stored), published.digest);
  assert.notEqual(sha256(stored), digest);
  assert.equal(stored.indexOf(data.subarray(0, 64)), -1, 'no plaintext run in the ciphertext');
  // The owner's own sealed content key is on chain.
  const ownKey = await api.call.dataAssetsApi.contentKey(id, bob.address);
  assert.ok(ownKey.isSome, "Bob's sealed key of revision 0");
  assert.equal(ownKey.unwrap()[0].toNumber(), 0);

  await councilMotion(api.tx.dataAssets.approve(id));
  asset = await view(id);
  assert.equal(asset.status.toString(), 'Listed');

  const approvedAt = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitFor('the pin report on chain', () => pinnedByAlice(id));
  const pin = (await view(id)).pin.unwrap();
  const record = pin.pinnedBy.find((r) => r.pinner.eq(alice.address));
  assert.ok(record.block.toNumber() - approvedAt <= 10, `pinned within a few blocks (at #${record.block}, approved by #${approvedAt})`);
  assert.ok(pin.targetMet.isTrue, 'the replication target (1) is met');
  assert.equal(new TextDecoder().decode(pin.cid), published.cid);

  assert.ok(await ipfs.isPinned(published.cid), 'IPFS pin/ls lists the CID');

  // The ownership NFT belongs to the publisher.
  const collection = (await api.query.dataAssets.ownershipCollection()).unwrap();
  const item = (await api.query.nfts.item(collection, id)).unwrap();
  assert.ok(item.owner.eq(bob.address), 'Bob holds the ownership NFT');
  assert.ok(asset.owner.eq(bob.address));

  // The CLI shows the same.
  const shown = await bdes(['--json', 'data', 'show', String(id)]);
  assert.equal(shown.code, 0, shown.stderr);
  const json = JSON.parse(shown.stdout);
  assert.equal(json.status, 'Listed');
  assert.equal(json.pin.targetMet, true);
  const listed = await bdes(['--json', 'data', 'list', '--owner', bob.address, '--status', 'listed']);
  assert.deepEqual(JSON.parse(listed.stdout).map((a) => a.id), [id]);
  first = { id, cid: published.cid };
});

test('open data stays possible with --public: IPFS holds the file itself', { skip, timeout: 300_000 }, async () => {
  const { path, data, digest } = file('open.csv', 64 * 1024);
  const out = await bdes(['--json', 'data', 'publish', path, '--title', 'Open air data', '--public']);
  assert.equal(out.code, 0, out.stderr);
  const published = JSON.parse(out.stdout);
  assert.equal(published.encrypted, false);
  assert.equal(published.digest, digest);
  const asset = await view(published.asset);
  assert.ok(asset.encryption.isNone, 'the chain shows it is not encrypted');
  assert.ok((await ipfsCat(published.cid)).equals(data));
});

test('with IPFS stopped the pin waits, and lands once IPFS is back', { skip, timeout: 600_000 }, async () => {
  const { path } = file('outage.bin', 256 * 1024);
  const published = await publish(path, 'Published before an outage');
  // The provider's IPFS copy stays in the repo; the pin is what the network owes.
  await ipfs.call('pin/rm', { arg: published.cid });
  await ipfs.stop();
  await councilMotion(api.tx.dataAssets.approve(published.asset));
  // Several blocks with IPFS down: no pin, nothing lost.
  const from = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitFor('5 blocks', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= from + 5);
  assert.equal(await pinnedByAlice(published.asset), false, 'not pinned while IPFS is down');

  await ipfs.start();
  // The worker retries with backoff (at most 64 blocks apart; a few here).
  await waitFor('the pin after IPFS came back', () => pinnedByAlice(published.asset), 180_000);
  assert.ok(await ipfs.isPinned(published.cid));
});

test('an invalid CID is refused with its error', { skip, timeout: 300_000 }, async () => {
  const { path } = file('bad-cid.bin', 1024);
  const before = (await api.query.dataAssets.nextAssetId()).toNumber();
  const out = await bdes(['data', 'publish', path, '--title', 'Bad CID', '--override-cid', 'QmNotAValidCidAtAll']);
  assert.equal(out.code, 5, `exit code 5 (refused); stderr: ${out.stderr}`);
  assert.match(out.stderr, /InvalidCid/);
  assert.equal((await api.query.dataAssets.nextAssetId()).toNumber(), before, 'nothing was listed');
});

test('delisting unpins', { skip, timeout: 300_000 }, async () => {
  assert.ok(first, 'the first test listed an asset');
  await send(api.tx.dataAssets.delist(first.id), bob);
  assert.equal((await view(first.id)).status.toString(), 'Delisted');
  await waitFor('IPFS to drop the pin', async () => !(await ipfs.isPinned(first.cid)));
});

test('the CLI says clearly when the node or IPFS is unreachable', { skip, timeout: 120_000 }, async () => {
  const { path } = file('unreachable.bin', 1024);
  const noIpfs = await new Promise((resolve) =>
    execFile(cliBin, ['--url', target.endpoint, '--ipfs', 'http://127.0.0.1:9', 'data', 'publish', path, '--title', 'x'], (e, o, stderr) =>
      resolve({ code: e ? e.code : 0, stderr })),
  );
  assert.equal(noIpfs.code, 4, noIpfs.stderr);
  assert.match(noIpfs.stderr, /cannot reach IPFS/);
  const noNode = await new Promise((resolve) =>
    execFile(cliBin, ['--url', 'ws://127.0.0.1:9', 'data', 'show', '0'], (e, o, stderr) => resolve({ code: e ? e.code : 0, stderr })),
  );
  assert.equal(noNode.code, 3, noNode.stderr);
  assert.match(noNode.stderr, /cannot reach the node/);
});
