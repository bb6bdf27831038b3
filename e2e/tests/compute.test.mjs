// End to end, on bdes-node --dev with a real IPFS node, a running bdes-gateway and bdes-worker
// processes (issue 16): Bob lists a sales CSV and Dave licenses it; Eve registers the
// aggregation model (WebAssembly on IPFS) and the Council approves it; two workers register
// themselves. Dave posts the aggregation with k = 2: both workers read the input through the
// gateway under the task's read right, run the model and commit and reveal; the result is minted
// to Dave as a listed data asset, its bytes (bought and fetched through the gateway by Charlie)
// equal the aggregation this test computes itself, and the escrow splits exactly. A worker
// killed mid-task and restarted completes its task. A worker started with a tampered model
// disagrees, the Council's motion decides for the honest digest, and the tampered one is
// slashed. Runs against the node only (workers follow finalized blocks and the gateway).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { bnToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { startIpfs } from '../lib/ipfs.mjs';
import { freePort, startTarget } from '../lib/target.mjs';
import { councilMotion, send, waitFor } from '../lib/tx.mjs';

const onNode = (process.env.BDES_E2E_TARGET || 'node') === 'node' && process.env.BDES_NODE_BIN;
const cliBin = process.env.BDES_CLI_BIN;
const gatewayBin = process.env.BDES_GATEWAY_BIN;
const workerBin = process.env.BDES_WORKER_BIN;
const models = process.env.BDES_MODELS_DIR
  || join(process.env.CARGO_TARGET_DIR || '/var/tmp/bdes-target', 'wasm32-unknown-unknown', 'model');
const skip = !onNode
  ? 'needs bdes-node; this run uses chopsticks'
  : !cliBin || !gatewayBin || !workerBin
    ? 'BDES_CLI_BIN, BDES_GATEWAY_BIN or BDES_WORKER_BIN is not set'
    : !existsSync(join(models, 'bdes_model_aggregate.wasm'))
      ? `no example models in ${models} (scripts/build-models.sh)`
      : false;
if (skip) console.log(`# compute e2e skipped: ${skip}`);

const BDES = 100_000n;
const PRICE = 1_000n; // each worker's price per million fuel
const PARAMS = '{"group_by":"region","value":"amount"}';
let target;
let api;
let ipfs;
let gateway;
let gatewayUrl;
let keys;
let dir;
let asset;
let licence;
let model;
let csv;
const workers = {};
const events = [];
const transfers = [];
let unsubscribe;

/** Runs the CLI as `suri`; resolves with its JSON output. */
function bdes(args, suri) {
  return new Promise((resolve, reject) => {
    execFile(
      cliBin,
      ['--url', target.endpoint, '--ipfs', ipfs.url, '--suri', suri, '--json', ...args],
      { timeout: 300_000, maxBuffer: 16 << 20, env: { ...process.env, BDES_GATEWAY: gatewayUrl } },
      (error, stdout, stderr) => (error ? reject(new Error(`bdes ${args.join(' ')}: ${stderr}`)) : resolve(JSON.parse(stdout))),
    );
  });
}

/** Starts `bdes-worker` as `name` (its own account, data directory and status port). */
async function startWorker(name, extra = []) {
  const port = await freePort();
  const data = join(dir, `worker-${name}`);
  const proc = spawn(workerBin, [
    '--node', target.endpoint, '--ipfs', ipfs.url, '--gateway', gatewayUrl, '--suri', `//${name}`,
    '--capacity', '2', '--price', String(PRICE), '--data-dir', data, '--listen', `127.0.0.1:${port}`, ...extra,
  ]);
  const w = { name, proc, port, log: '', exited: null, account: keys[name.toLowerCase()].address };
  w.exit = new Promise((res) => proc.on('exit', (code, signal) => res((w.exited = { code, signal }))));
  proc.stdout.on('data', (d) => { w.log += d; });
  proc.stderr.on('data', (d) => { w.log += d; });
  workers[name] = w;
  const index = await waitFor(`${name} to register as a provider`, async () => {
    if (w.exited) throw new Error(`${name} exited (${JSON.stringify(w.exited)}):\n${w.log}`);
    const found = await api.query.compute.providerIndexOf(w.account);
    return found.isSome ? found.unwrap().toNumber() + 1 : 0;
  }, 120_000, () => `; ${name}'s log:\n${w.log}`);
  w.index = index - 1;
  return w;
}

async function stopWorker(w, signal = 'SIGTERM') {
  w.proc.kill(signal);
  await Promise.race([w.exit, new Promise((r) => setTimeout(r, 30_000))]);
  assert.ok(w.exited, `${w.name} stopped`);
}

/** The compute events seen so far for `task`, as `{ method, data }`. */
const taskEvents = (task) => events.filter((e) => e.data.task?.toString() === String(task));
const found = (task, method, pred = () => true) => taskEvents(task).find((e) => e.method === method && pred(e.data));

/** The task's escrow account: `PalletId(*b"bd/compt").into_sub_account_truncating(task)`. */
function escrowOf(task) {
  const raw = u8aConcat(stringToU8a('modl'), stringToU8a('bd/compt'), bnToU8a(task, { bitLength: 64 }));
  const padded = new Uint8Array(32);
  padded.set(raw.subarray(0, 32));
  return encodeAddress(padded, 42);
}

/** The aggregation, computed here without the model: count, mean, min, max by region. */
function aggregate(text) {
  const [header, ...lines] = text.trim().split('\n');
  const cols = header.split(',');
  const [g, v] = [cols.indexOf('region'), cols.indexOf('amount')];
  const groups = new Map();
  for (const line of lines) {
    const cells = line.split(',');
    if (!groups.has(cells[g])) groups.set(cells[g], []);
    groups.get(cells[g]).push(Number(cells[v]));
  }
  const rows = [...groups.keys()].sort().map((key) => {
    const values = groups.get(key);
    const sum = values.reduce((a, b) => a + b, 0);
    return [key, values.length, String(sum / values.length), String(Math.min(...values)), String(Math.max(...values))].join(',');
  });
  return `region,count,mean,min,max\n${rows.join('\n')}\n`;
}

/**
 * Dave posts an aggregation of the licensed CSV, by 2 providers (the CLI); its TaskPosted. Each
 * test groups differently: a result equal to an existing data asset's content is not minted again.
 */
async function postTask(params = PARAMS) {
  const posted = await bdes(['compute', 'post', String(model), '--input', `${asset}:${licence}`, '--params', params, '--k', '2', '--max-price', String(PRICE)], '//Dave');
  return { task: posted.task, providers: posted.providers, escrowed: BigInt(posted.escrowed) };
}

/** A Council motion by the CLI: proposed by Alice, Alice and Bob vote, Charlie closes. */
async function motion(args) {
  const proposed = await bdes(['compute', ...args], '//Alice');
  for (const suri of ['//Alice', '//Bob']) await bdes(['council', 'vote', String(proposed.index)], suri);
  const closed = await bdes(['council', 'close', String(proposed.index)], '//Charlie');
  assert.equal(closed.outcome, 'approved; its call succeeded');
}

before(async () => {
  if (skip) return;
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  keys = Object.fromEntries(
    ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Worker1', 'Worker2', 'Tampered'].map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]),
  );
  dir = mkdtempSync(join(tmpdir(), 'bdes-e2e-compute-'));
  ipfs = await startIpfs();
  target = await startTarget();
  api = target.api;
  const port = await freePort();
  gatewayUrl = `http://127.0.0.1:${port}`;
  // Ferdie is the development preset's registered gateway.
  const proc = spawn(gatewayBin, ['--listen', `127.0.0.1:${port}`, '--node', target.endpoint, '--ipfs', ipfs.url, '--operator-suri', '//Ferdie', '--cache-ms', '500']);
  gateway = { proc, log: '' };
  proc.stdout.on('data', (d) => { gateway.log += d; });
  proc.stderr.on('data', (d) => { gateway.log += d; });
  await waitFor('the gateway', async () => {
    try { return (await fetch(`${gatewayUrl}/healthz`)).status === 200; } catch { return false; }
  }, 60_000, () => `; gateway log:\n${gateway.log}`);
  unsubscribe = await api.query.system.events((records) => {
    for (const { event } of records) {
      const data = Object.fromEntries(event.meta.fields.map((f, i) => [f.name.toString(), event.data[i]]));
      if (event.section === 'compute') events.push({ method: event.method, data });
      if (event.section === 'balances' && event.method === 'Transfer') transfers.push(data);
    }
  });
  // The providers' accounts: enough for bonds and fees.
  for (const name of ['worker1', 'worker2', 'tampered']) {
    await send(api.tx.balances.transferKeepAlive(keys[name].address, 10_000n * BDES), keys.alice);
  }
}, { timeout: 600_000 });

after(async () => {
  if (unsubscribe) unsubscribe();
  for (const w of Object.values(workers)) w.proc.kill('SIGKILL');
  gateway?.proc.kill();
  await target?.stop();
  await ipfs?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Bob lists sales data, Dave licenses it, Eve registers the aggregation model and the Council approves it', { skip, timeout: 600_000 }, async () => {
  const { alice, bob } = keys;
  const regions = ['north', 'south', 'east', 'west', 'centre'];
  const rows = Array.from({ length: 5000 }, (_, i) => `${regions[(i * 7) % 5]},${((i * 7919) % 100_000) / 100},${i % 97},${i % 89}`);
  csv = `region,amount,x,y\n${rows.join('\n')}\n`;
  const path = join(dir, 'sales.csv');
  writeFileSync(path, csv);
  const published = await bdes(['data', 'publish', path, '--title', 'Sales 2026', '--format', 'text/csv', '--public'], '//Bob');
  asset = published.asset;
  await councilMotion(api, api.tx.dataAssets.approve(asset), alice, bob);
  const offer = await bdes(['licence', 'offer', String(asset), '--price', '10', '--duration', '10000', '--calls', '10'], '//Bob');
  licence = (await bdes(['licence', 'buy', String(offer.offer)], '//Dave')).licence;

  const wasm = join(models, 'bdes_model_aggregate.wasm');
  const registered = await bdes(['compute', 'register-model', wasm, '--inputs', '1', '--params', PARAMS, '--output', 'text/csv', '--fee-share', '10', '--fuel-per-byte', '10000'], '//Eve');
  model = registered.model;
  const stored = (await api.query.compute.models(model)).unwrap();
  assert.equal(stored.codeHash.toHex(), `0x${createHash('sha256').update(readFileSync(wasm)).digest('hex')}`);
  assert.equal(stored.owner.toString(), keys.eve.address);
  await motion(['approve-model', String(model)]);
  assert.equal((await api.query.compute.models(model)).unwrap().status.toString(), 'Approved');
});

test('two workers register themselves and serve their status and metrics', { skip, timeout: 600_000 }, async () => {
  const w1 = await startWorker('Worker1');
  const w2 = await startWorker('Worker2');
  for (const w of [w1, w2]) {
    const provider = (await api.query.compute.providers(w.index)).unwrap();
    assert.equal(provider.capacity.toNumber(), 2);
    assert.equal(provider.price.toBigInt(), PRICE);
    assert.equal(provider.bond.toBigInt(), 2n * 100n * BDES, 'the least bond for its capacity');
    const status = await waitFor(`${w.name}'s status`, async () => {
      const s = await (await fetch(`http://127.0.0.1:${w.port}/status`)).json();
      return s.block > 0 ? s : null;
    });
    assert.equal(status.account, w.account);
    const metrics = await (await fetch(`http://127.0.0.1:${w.port}/metrics`)).text();
    assert.match(metrics, /bdes_worker_block \d+/);
  }
});

test('Dave posts the aggregation; both workers run it; the result is his data asset, equal to the aggregation; the split is exact', { skip, timeout: 600_000 }, async () => {
  const { w1, w2 } = { w1: workers.Worker1, w2: workers.Worker2 };
  const { task, providers, escrowed } = await postTask();
  assert.deepEqual([...providers].sort(), [w1.index, w2.index].sort(), 'both workers are assigned');
  const minted = await waitFor(`task ${task}'s result`, async () => found(task, 'ResultMinted'), 240_000,
    () => `; events: ${JSON.stringify(taskEvents(task).map((e) => e.method))}\n${w1.log}\n${w2.log}`);
  const succeeded = found(task, 'Succeeded').data;
  assert.equal(found(task, 'Disputed'), undefined);
  const revealed = taskEvents(task).filter((e) => e.method === 'Revealed');
  assert.equal(revealed.length, 2);
  assert.equal(revealed[0].data.digest.toHex(), revealed[1].data.digest.toHex(), 'the workers agree');
  assert.equal(revealed[0].data.fuel.toBigInt(), revealed[1].data.fuel.toBigInt(), 'with the same fuel');
  const fuel = revealed[0].data.fuel.toBigInt();

  // Exact split: each worker is paid its fuel at its price, the model provider 10% of that,
  // the reserve pool 2% (each rounded up), Dave the rest; nothing stays in the escrow.
  const up = (a, b) => (a + b - 1n) / b;
  const perWorker = up(fuel * PRICE, 1_000_000n);
  const compute = succeeded.compute.toBigInt();
  assert.equal(compute, 2n * perWorker);
  assert.equal(succeeded.model_fee.toBigInt(), up(compute, 10n));
  assert.equal(succeeded.protocol_fee.toBigInt(), up(compute * 2n, 100n));
  assert.equal(compute + succeeded.model_fee.toBigInt() + succeeded.protocol_fee.toBigInt() + succeeded.refund.toBigInt(), escrowed);
  assert.equal((await api.query.system.account(escrowOf(task))).data.free.toBigInt(), 0n, 'the escrow is emptied');
  // And each was paid out of the task's escrow to whom it is due.
  const paid = (to) => transfers.filter((t) => t.from.toString() === escrowOf(task) && t.to.toString() === to)
    .reduce((sum, t) => sum + t.amount.toBigInt(), 0n);
  assert.equal(paid(w1.account), perWorker);
  assert.equal(paid(w2.account), perWorker);
  assert.equal(paid(keys.eve.address), succeeded.model_fee.toBigInt());
  const ed = api.consts.balances.existentialDeposit.toBigInt();
  assert.equal(paid(keys.dave.address), succeeded.refund.toBigInt() + ed, 'the rest, and the escrow\'s existential deposit, back to Dave');

  // The result: Dave's, listed, with its provenance.
  const result = (await api.call.computeApi.result(task)).unwrap();
  const id = result.asset.unwrap().toNumber();
  const shown = await bdes(['compute', 'show', String(task)], '//Dave');
  assert.deepEqual([shown.open, shown.asset, shown.digest], [false, id, result.digest.toHex()]);
  assert.equal(id, minted.data.asset.toNumber());
  assert.equal(minted.data.listed.isTrue, true, 'an approved template lists its results at once');
  const view = (await api.call.dataAssetsApi.asset(id)).unwrap();
  assert.equal(view.owner.toString(), keys.dave.address);
  assert.deepEqual(result.providers.map((p) => p.toString()).sort(), [w1.account, w2.account].sort());
  const expected = aggregate(csv);
  assert.equal(result.digest.toHex(), `0x${createHash('sha256').update(expected).digest('hex')}`);

  // A tradable data asset: Dave offers a licence, Charlie buys it and fetches the bytes.
  const offer = await bdes(['licence', 'offer', String(id), '--price', '1', '--duration', '1000', '--calls', '2'], '//Dave');
  const bought = await bdes(['licence', 'buy', String(offer.offer)], '//Charlie');
  const output = join(dir, 'result.csv');
  await bdes(['data', 'fetch', String(id), '--licence', String(bought.licence), '-o', output], '//Charlie');
  assert.equal(readFileSync(output, 'utf8'), expected, 'the gateway serves the independent aggregation');
  for (const w of [w1, w2]) {
    const metrics = await (await fetch(`http://127.0.0.1:${w.port}/metrics`)).text();
    assert.match(metrics, /bdes_worker_runs_total\{outcome="ok"\} [1-9]/);
  }
});

test('a worker killed mid-task and restarted completes the task', { skip, timeout: 600_000 }, async () => {
  const w1 = workers.Worker1;
  const { task } = await postTask('{"group_by":"x","value":"amount"}');
  await waitFor(`${w1.name} to accept task ${task}`, async () => found(task, 'Accepted', (d) => d.provider.toNumber() === w1.index), 120_000);
  await stopWorker(w1, 'SIGKILL');
  const open = (await api.call.computeApi.task(task)).unwrap();
  const slot = open.slots.find((s) => s.provider.toNumber() === w1.index);
  assert.equal(slot.reveal.isNone, true, 'killed before it revealed');
  await startWorker('Worker1');
  await waitFor(`task ${task} to succeed`, async () => found(task, 'ResultMinted'), 240_000,
    () => `; events: ${JSON.stringify(taskEvents(task).map((e) => e.method))}\n${workers.Worker1.log}`);
  const revealedBy = taskEvents(task).filter((e) => e.method === 'Revealed').map((e) => e.data.provider.toNumber());
  assert.ok(revealedBy.includes(w1.index), 'the restarted worker revealed its result');
  assert.doesNotMatch(workers.Worker1.log, /refused by the chain/, 'the restarted worker resent nothing');
  for (const method of ['Accepted', 'Committed', 'Revealed']) {
    const mine = taskEvents(task).filter((e) => e.method === method && e.data.provider.toNumber() === w1.index);
    assert.equal(mine.length, 1, `one ${method} of the restarted worker`);
  }
});

test('a worker with a tampered model loses the Council dispute and is slashed', { skip, timeout: 600_000 }, async () => {
  // Worker 2 leaves, so the task goes to worker 1 and the tampered worker.
  await stopWorker(workers.Worker2);
  await send(api.tx.compute.deregisterProvider(), keys.worker2);
  const tampered = await startWorker('Tampered', ['--substitute-model', `${model}=${join(models, 'bdes_model_filter.wasm')}`]);
  const bondBefore = (await api.query.compute.providers(tampered.index)).unwrap().bond.toBigInt();
  const { task, providers } = await postTask('{"value":"amount"}');
  assert.deepEqual([...providers].sort(), [workers.Worker1.index, tampered.index].sort());
  await waitFor(`task ${task} to be disputed`, async () => found(task, 'Disputed'), 240_000,
    () => `; events: ${JSON.stringify(taskEvents(task).map((e) => e.method))}\n${tampered.log}`);
  const honest = found(task, 'Revealed', (d) => d.provider.toNumber() === workers.Worker1.index).data.digest;
  await motion(['resolve', String(task), honest.toHex()]);
  assert.equal((await bdes(['compute', 'show', String(task)], '//Dave')).digest, honest.toHex());
  const slashed = await waitFor('the slash', async () => found(task, 'Slashed', (d) => d.provider.toNumber() === tampered.index), 30_000);
  assert.equal(slashed.data.amount.toBigInt(), bondBefore / 5n, '20% of its bond');
  assert.equal((await api.query.compute.providers(tampered.index)).unwrap().bond.toBigInt(), bondBefore - bondBefore / 5n);
  await waitFor('the honest result to be minted', async () => found(task, 'ResultMinted'), 30_000);
  assert.equal(found(task, 'Slashed', (d) => d.provider.toNumber() === workers.Worker1.index), undefined);
});
