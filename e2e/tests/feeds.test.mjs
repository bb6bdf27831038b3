// End to end, on bdes-node --dev with a real IPFS node and three bdes-connector processes
// (issue 17). A local HTTP server plays the sensors: three endpoints (JSON, CSV, JSON inside a
// document) whose readings change with every request, for 100 steps each, and an NDJSON stream
// of live readings; a directory holds two CSV files. Dave registers the schema; five feeds are
// proposed (licence offers, fixed-price sales, auctions) and the Council approves them in one
// motion. The three connectors turn the 100 steps of each endpoint into exactly 100 listed
// assets with their offers, sales or auctions, one connector killed and restarted on the way,
// the CSV endpoint down at first. Every batch replayed twice adds nothing. The directory's feed
// falls silent and is stale within one block of its deadline; the contribution reward of an
// epoch goes only to the feed that delivered every interval; an auctioned batch with a bid
// settles by itself, its collector paid the dividend. Two feeds are encrypted: IPFS holds age
// files, each batch's content key is sealed on chain to its operator and (feed 0) to the
// running bdes-gateway, which serves a licensee the Parquet file whose digest the batch has.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, sha256AsU8a, xxhashAsHex } from '@polkadot/util-crypto';
import { startIpfs } from '../lib/ipfs.mjs';
import { freePort, startTarget } from '../lib/target.mjs';
import { councilMotion, send, waitFor } from '../lib/tx.mjs';

const onNode = (process.env.BDES_E2E_TARGET || 'node') === 'node' && process.env.BDES_NODE_BIN;
const connectorBin = process.env.BDES_CONNECTOR_BIN;
const cliBin = process.env.BDES_CLI_BIN;
const gatewayBin = process.env.BDES_GATEWAY_BIN;
const skip = !onNode
  ? 'needs bdes-node; this run uses chopsticks'
  : !connectorBin || !cliBin || !gatewayBin ? 'BDES_CONNECTOR_BIN, BDES_CLI_BIN or BDES_GATEWAY_BIN is not set' : false;
if (skip) console.log(`# feeds e2e skipped: ${skip}`);

const BDES = 100_000n;
const STEPS = 100;
const INTERVAL = 10; // blocks: the runtime's least feed interval (a minute of 6 s blocks)
const EPOCH = 20; // blocks, set through sudo for the test: a day on a live chain
const HEADER = 'time:timestamp_ms,station:utf8,temp_c:float64,humidity:int64,ok:bool';
const BASE = Date.UTC(2026, 11, 1);

let target;
let api;
let ipfs;
let keys;
let dir;
let server;
let serverUrl;
let gateway;
let gatewayUrl;
const requests = {};
// Each sensor moves on a step with every answer, up to its cap (the test holds one back for a
// while, so the connector is killed at a known point of its stream).
const step = { 0: 0, 1: 0, 2: 0 };
const cap = { 0: 40, 1: STEPS, 2: STEPS };
const streams = new Set();
const connectors = {};
const events = []; // { block, section, method, data }
let unsubscribe;

/** Reading `k` of sensor `n`: one a second, the values a function of `k`. */
function reading(n, k) {
  return { time: BASE + n * 10_000_000 + k * 1000, station: `s${n}`, temp_c: ((k * 37) % 400) / 10 - 5, humidity: (k * 13) % 100, ok: k % 3 !== 0 };
}

/** What sensor `n` answers at its `step`: the last 15 seconds, 5 of them new since the step before. */
function readings(n, step) {
  const last = 5 * step + 4;
  return Array.from({ length: 15 }, (_, i) => last - 14 + i).filter((k) => k >= 0).map((k) => reading(n, k));
}

const csv = (rows) => `time,station,temp_c,humidity,ok\n${rows.map((r) => [r.time, r.station, r.temp_c, r.humidity, r.ok].join(',')).join('\n')}\n`;

/** Runs the CLI as `suri`; resolves with its JSON output. */
function bdes(args, suri) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, BDES_GATEWAY: gatewayUrl, BDES_IDENTITY: join(dir, `identity-${suri.slice(2)}.txt`) };
    execFile(cliBin, ['--url', target.endpoint, '--ipfs', ipfs.url, '--suri', suri, '--json', ...args], { timeout: 300_000, env },
      (error, stdout, stderr) => (error ? reject(new Error(`bdes ${args.join(' ')}: ${stderr}`)) : resolve(JSON.parse(stdout))));
  });
}

function startSensors() {
  return new Promise((resolve) => {
    server = createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      requests[path] = (requests[path] ?? 0) + 1;
      if (path === '/stream') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      const m = path.match(/^\/sensor\/(\d)\.(json|csv)$/);
      if (!m) { res.writeHead(404).end(); return; }
      const n = Number(m[1]);
      // The CSV sensor is down for its first three requests.
      if (n === 1 && requests[path] <= 3) { res.writeHead(503).end('warming up'); return; }
      if (step[n] < cap[n]) step[n] += 1;
      const rows = readings(n, step[n]);
      if (m[2] === 'csv') res.writeHead(200, { 'content-type': 'text/csv' }).end(csv(rows));
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(n === 2 ? { data: { readings: rows } } : rows));
    });
    server.listen(0, '127.0.0.1', () => {
      serverUrl = `http://127.0.0.1:${server.address().port}`;
      resolve();
    });
  });
}

// Live readings on the stream, one a second.
let ticker;
function startStream() {
  ticker = setInterval(() => {
    const line = `${JSON.stringify({ time: Date.now(), station: 'live', temp_c: 21.5, humidity: 40, ok: true })}\n`;
    for (const res of streams) res.write(line);
  }, 1000);
}

async function startConnector(name, feeds) {
  const port = await freePort();
  const config = join(dir, `${name}.toml`);
  const lines = [`node = "${target.endpoint}"`, `ipfs = "${ipfs.url}"`, `state = "${join(dir, `state-${name}`)}"`, `listen = "127.0.0.1:${port}"`, ''];
  for (const feed of feeds) {
    lines.push('[[feed]]');
    for (const [k, v] of Object.entries(feed)) lines.push(`${k} = ${JSON.stringify(v)}`);
    lines.push('');
  }
  writeFileSync(config, lines.join('\n'));
  const proc = spawn(connectorBin, ['run', '--config', config], { env: { ...process.env, BDES_CONNECTOR_SURI: `//${name}` } });
  const c = { name, feeds, proc, port, log: '', exited: null };
  c.exit = new Promise((res) => proc.on('exit', (code, signal) => res((c.exited = { code, signal }))));
  proc.stdout.on('data', (d) => { c.log += d; });
  proc.stderr.on('data', (d) => { c.log += d; });
  connectors[name] = c;
  await waitFor(`${name}'s connector`, async () => {
    if (c.exited) throw new Error(`${name}'s connector exited (${JSON.stringify(c.exited)}):\n${c.log}`);
    try { return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200; } catch { return false; }
  }, 60_000, () => `; log:\n${c.log}`);
  return c;
}

const of = (section, method, pred = () => true) => events.filter((e) => e.section === section && e.method === method && pred(e.data));
// In block order (blocks' events arrive as their reads finish).
const listed = (feed) => of('feeds', 'BatchListed', (d) => d.feed.toNumber() === feed).sort((a, b) => a.block - b.block);
const logs = () => Object.values(connectors).map((c) => `--- ${c.name}\n${c.log.slice(-4000)}`).join('\n');

before(async () => {
  if (skip) return;
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  keys = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Stream', 'Auction'].map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  dir = mkdtempSync(join(tmpdir(), 'bdes-e2e-feeds-'));
  await startSensors();
  startStream();
  ipfs = await startIpfs();
  target = await startTarget();
  api = target.api;
  // Ferdie is the development preset's registered gateway; it registers its sealing key as
  // it starts, before any connector reads it.
  const gatewayPort = await freePort();
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const proc = spawn(gatewayBin, ['--listen', `127.0.0.1:${gatewayPort}`, '--node', target.endpoint, '--ipfs', ipfs.url,
    '--operator-suri', '//Ferdie', '--cache-ms', '500', '--flush-ms', '1000', '--identity', join(dir, 'gateway-identity.txt')]);
  gateway = { proc, log: '' };
  proc.stdout.on('data', (d) => { gateway.log += d; });
  proc.stderr.on('data', (d) => { gateway.log += d; });
  // It listens once its key is registered.
  await waitFor('the gateway, its sealing key on chain', async () => {
    try {
      if ((await fetch(`${gatewayUrl}/healthz`)).status !== 200) return false;
    } catch { return false; }
    return (await api.query.dataLicences.sealingKeys(keys.ferdie.address)).isSome;
  }, 120_000, () => `; gateway log:\n${gateway.log}`);
  unsubscribe = await api.rpc.chain.subscribeNewHeads(async (header) => {
    const at = await api.at(header.hash);
    const records = await at.query.system.events();
    for (const { event } of records) {
      if (!['feeds', 'nftMarket', 'dataLicences', 'utility'].includes(event.section)) continue;
      const data = Object.fromEntries(event.meta.fields.map((f, i) => [f.name.toString(), event.data[i]]));
      events.push({ block: header.number.toNumber(), hash: header.hash, section: event.section, method: event.method, data });
    }
  });
}, { timeout: 600_000 });

after(async () => {
  if (unsubscribe) unsubscribe();
  clearInterval(ticker);
  for (const c of Object.values(connectors)) c.proc.kill('SIGKILL');
  gateway?.proc.kill('SIGKILL');
  for (const res of streams) res.destroy();
  server?.close();
  await target?.stop();
  await ipfs?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let schemaHash;
let collection;
let auctioned;

test('Dave registers the schema, five feeds are proposed and the Council approves them in one motion', { skip, timeout: 600_000 }, async () => {
  const { alice, bob, dave, eve } = keys;
  // The stream's and the auctions' operators have accounts of their own (the others are dev
  // accounts; Ferdie runs the gateway).
  await send(api.tx.utility.batchAll([keys.stream, keys.auction].map((k) => api.tx.balances.transferKeepAlive(k.address, 100_000n * BDES))), alice);
  const registered = await bdes(['feed', 'schema', 'weather', HEADER], '//Dave');
  assert.equal(registered.schema, 0);
  // `.hash` of a polkadot-js struct is its own blake2 hash, not the field.
  schemaHash = (await api.query.feeds.schemas(0)).unwrap().toJSON().hash;
  assert.equal(registered.hash, schemaHash);
  assert.equal(schemaHash, u8aToHex(sha256AsU8a(HEADER)), 'the schema hash is the sha2-256 of its header text');
  // A day of contribution rewards is EPOCH blocks on this chain.
  const key = xxhashAsHex(':FeedEpochLength:', 128);
  // SCALE (little-endian) bytes: a number's `toHex()` is big-endian.
  await send(api.tx.sudo.sudo(api.tx.system.setStorage([[key, u8aToHex(api.createType('u32', EPOCH).toU8a())]])), alice);
  assert.equal((await api.rpc.state.getStorage(key)).toHex(), '0x14000000');

  const offers = { Offers: { price: 5n * BDES, duration: 1000, calls: 100, maxSales: null, transferable: true, revenueShare: 100_000 } };
  const auction = { Auction: { startPrice: 10n * BDES, minIncrement: BDES, duration: INTERVAL, reserve: null } };
  const feeds = [
    [dave, 'sensor_json', offers, []],
    [eve, 'sensor_csv', { FixedPrice: 50n * BDES }, []],
    [keys.auction, 'sensor_doc', auction, [{ account: bob.address, part: 1_000_000 }]],
    [dave, 'drop_folder', offers, []],
    [keys.stream, 'live_stream', offers, []],
  ];
  // Feed 0 by the CLI, the others with @polkadot/api.
  const first = await bdes(['feed', 'propose', 'sensor_json', '--schema', '0', '--interval', String(INTERVAL), '--offer-price', '5', '--offer-blocks', '1000', '--offer-calls', '100', '--offer-share', '10'], '//Dave');
  assert.equal(first.feed, 0);
  for (const [who, name, sale, collectors] of feeds.slice(1)) {
    await send(api.tx.feeds.proposeFeed({ name, schema: 0, interval: INTERVAL, sale, collectors }), who);
  }
  const sale = (await api.query.feeds.feeds(0)).unwrap().spec.sale;
  assert.ok(sale.isOffers);
  assert.deepEqual([sale.asOffers.price.toBigInt(), sale.asOffers.duration.toNumber(), sale.asOffers.calls.toNumber(), sale.asOffers.revenueShare.toNumber()], [5n * BDES, 1000, 100, 100_000]);
  for (let id = 0; id < feeds.length; id++) assert.equal((await api.query.feeds.feeds(id)).unwrap().status.toString(), 'Proposed');

  // The connectors start before the approval and wait for it.
  mkdirSync(join(dir, 'drop'));
  writeFileSync(join(dir, 'drop', 'a-0001.csv'), csv(Array.from({ length: 30 }, (_, k) => reading(3, k))));
  writeFileSync(join(dir, 'drop', 'a-0002.csv'), csv(Array.from({ length: 30 }, (_, k) => reading(3, 30 + k))));
  // Feeds 0 and 3 are encrypted (the default): feed 0's keys sealed to the gateway too, feed
  // 3's to its operator alone. The NFTs sold and auctioned are of open batches.
  await startConnector('Dave', [
    { id: 0, source: 'http', url: `${serverUrl}/sensor/0.json`, poll_ms: 200, gateways: [keys.ferdie.address] },
    { id: 3, source: 'dir', path: join(dir, 'drop'), format: 'csv', poll_ms: 500 },
  ]);
  await startConnector('Eve', [{ id: 1, source: 'http', url: `${serverUrl}/sensor/1.csv`, format: 'csv', poll_ms: 200, public: true }]);
  await startConnector('Stream', [{ id: 4, source: 'stream', url: `${serverUrl}/stream`, poll_ms: 12_000, public: true }]);
  await startConnector('Auction', [{ id: 2, source: 'http', url: `${serverUrl}/sensor/2.json`, pointer: '/data/readings', poll_ms: 200, public: true }]);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(events.filter((e) => e.method === 'BatchListed').length, 0, 'nothing is listed before the approval');

  const approvals = feeds.map((_, id) => api.tx.feeds.approveFeed(id));
  await councilMotion(api, api.tx.utility.batchAll(approvals), alice, bob);
  for (let id = 0; id < feeds.length; id++) assert.equal((await api.query.feeds.feeds(id)).unwrap().status.toString(), 'Active');
});

test('three connectors turn 3 × 100 sensor steps into exactly 300 listed assets with 300 offers, sales and auctions; a killed connector resumes without duplicates', { skip, timeout: 900_000 }, async () => {
  const { charlie } = keys;
  // Charlie bids on the first auction of feed 2 while it is open.
  const bidding = waitFor('the first auction of feed 2', async () => {
    const first = listed(2)[0];
    return first && of('nftMarket', 'AuctionCreated', (d) => d.item.toNumber() === first.data.asset.toNumber())[0];
  }, 300_000, logs).then(async (created) => {
    await send(api.tx.nftMarket.bid(created.data.auction, 10n * BDES), charlie);
    return created;
  });

  // Dave's connector is killed once it has cut the 40th step of its sensor (held there), likely
  // with batches still waiting for finality, and started again on the same state.
  const dave = connectors.Dave;
  const cut40 = Math.floor(reading(0, 5 * 40 + 3).time / 1000);
  // Polled often: the batch is pending for a block at most.
  const deadline = Date.now() + 300_000;
  for (;;) {
    const status = await (await fetch(`http://127.0.0.1:${dave.port}/status`)).json();
    const feed0 = status.feeds.find((f) => f.id === 0);
    if (feed0?.cursor === cut40 && feed0.pending > 0) break;
    assert.ok(Date.now() < deadline, `feed 0 never had step 40 cut and pending: ${JSON.stringify(feed0)}\n${logs()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  dave.proc.kill('SIGKILL');
  await dave.exit;
  const beforeRestart = listed(0).length;
  const restarted = await startConnector('Dave', dave.feeds);
  cap[0] = STEPS;
  await waitFor('the restarted connector to read its state', async () => restarted.log.match(/feed 0 .*, (\d+) batches pending from before/), 60_000, logs);
  const resent = Number(restarted.log.match(/feed 0 .*, (\d+) batches pending from before/)[1]);
  assert.ok(resent >= 1, 'the killed connector had a batch cut and not final');

  await waitFor('100 batches of each endpoint', async () => [0, 1, 2].every((f) => listed(f).length >= STEPS), 600_000,
    () => `; listed ${[0, 1, 2].map((f) => listed(f).length)}\n${logs()}`);
  // Nothing comes after the endpoints' last step.
  await new Promise((r) => setTimeout(r, 15_000));
  collection = (await api.query.dataAssets.ownershipCollection()).unwrap().toNumber();
  for (const feed of [0, 1, 2]) {
    const batches = listed(feed);
    assert.equal(batches.length, STEPS, `feed ${feed}: exactly one asset a step`);
    const shown = await bdes(['feed', 'show', String(feed)], '//Alice');
    assert.equal(shown.batches, STEPS);
    assert.equal(shown.status, 'Active');
    const assets = batches.map((e) => e.data.asset.toNumber());
    assert.equal(new Set(assets).size, STEPS);
    assert.equal(new Set(batches.map((e) => e.data.digest.toHex())).size, STEPS, 'no digest twice');
    // Each asset listed with no motion, owned by its operator, its batch's provenance on chain.
    for (const asset of assets.slice(0, 5)) {
      const batch = (await api.query.feeds.batches(asset)).unwrap();
      assert.equal(batch.feed.toNumber(), feed);
      const content = (await api.call.dataAssetsApi.asset(asset)).unwrap();
      assert.equal(content.status.toString(), 'Listed');
      assert.ok(await ipfs.isPinned(content.cid.toUtf8()), 'the batch is pinned');
      // Feed 0 is encrypted: IPFS holds the age file, the chain what it decrypts to and the
      // content key sealed to the operator and the gateway.
      assert.equal(content.encryption.isSome, feed === 0, `feed ${feed}: encrypted only if configured so`);
      if (feed === 0) {
        assert.equal(content.encryption.unwrap().plainDigest.toHex(), batch.digest.toHex(), 'the batch is known by its plaintext');
        const stored = Buffer.from(await (await fetch(`${ipfs.url}/api/v0/cat?arg=${content.cid.toUtf8()}`, { method: 'POST' })).arrayBuffer());
        assert.equal(stored.subarray(0, 21).toString(), 'age-encryption.org/v1');
        assert.equal(`0x${createHash('sha256').update(stored).digest('hex')}`, content.digest.toHex());
        for (const who of [keys.dave, keys.ferdie]) assert.ok((await api.call.dataAssetsApi.contentKey(asset, who.address)).isSome, 'a key sealed to each');
      }
    }
    const sold = {
      0: () => of('dataLicences', 'OfferCreated', (d) => assets.includes(d.asset.toNumber())),
      1: () => of('nftMarket', 'Listed', (d) => d.collection.toNumber() === collection && assets.includes(d.item.toNumber())),
      2: () => of('nftMarket', 'AuctionCreated', (d) => d.collection.toNumber() === collection && assets.includes(d.item.toNumber())),
    }[feed]();
    assert.equal(sold.length, STEPS, `feed ${feed}: one offer, sale or auction each`);
  }
  const seqs = listed(0).map((e) => e.data.seq.toNumber()).sort((a, b) => a - b);
  assert.deepEqual(seqs, Array.from({ length: STEPS }, (_, i) => i));
  const last = (await api.query.feeds.feeds(0)).unwrap().coveredUntil.unwrap().toNumber();
  assert.equal(last, Math.floor(reading(0, 5 * STEPS + 3).time / 1000), 'covered up to the last complete second');

  const status = await (await fetch(`http://127.0.0.1:${connectors.Eve.port}/status`)).json();
  const csvFeed = status.feeds.find((f) => f.id === 1);
  assert.ok(csvFeed.source_errors >= 3, `the CSV endpoint's 503s were retried (${JSON.stringify(csvFeed)})`);
  assert.equal(csvFeed.pending, 0);
  const metrics = await (await fetch(`http://127.0.0.1:${connectors.Auction.port}/metrics`)).text();
  assert.match(metrics, /bdes_connector_batches_total\{feed="2",outcome="listed"\} 100\n/);
  auctioned = await bidding;
  console.log(`# feeds: ${[0, 1, 2].map((f) => `feed ${f} ${listed(f).length} batches in blocks ${listed(f)[0].block}-${listed(f).at(-1).block}`).join('; ')}; Dave's connector killed with ${beforeRestart} of feed 0 listed and ${resent} pending; of those its restart found ${(connectors.Dave.log.match(/on chain already/g) ?? []).length} on chain already`);
});

test('every batch replayed twice adds no asset: each replay is refused as a duplicate', { skip, timeout: 600_000 }, async () => {
  const operators = { 0: keys.dave, 1: keys.eve, 2: keys.auction };
  const labels = { 0: `${serverUrl}/sensor/0.json`, 1: `${serverUrl}/sensor/1.csv`, 2: `${serverUrl}/sensor/2.json` };
  // The stream's feed goes on listing meanwhile; the replayed feeds must not.
  const nextAsset = (await api.query.dataAssets.nextAssetId()).toNumber();
  const streamed = listed(4).length;
  const nextBatches = await Promise.all([0, 1, 2].map(async (f) => (await api.query.feeds.feeds(f)).unwrap().batches.toNumber()));
  let refused = 0;
  for (const feed of [0, 1, 2]) {
    const calls = [];
    for (const e of listed(feed)) {
      const asset = e.data.asset.toNumber();
      const batch = (await api.query.feeds.batches(asset)).unwrap();
      const content = (await api.call.dataAssetsApi.asset(asset)).unwrap();
      // An encrypted batch is replayed as its age file on IPFS: the chain knows it by its
      // plaintext's digest all the same.
      const sealed = content.encryption.isSome;
      calls.push(api.tx.feeds.submitBatch(feed, {
        cid: content.cid, digest: sealed ? content.digest : batch.digest, size: content.size, schema: 0, header: schemaHash,
        rows: batch.rows, window: batch.window, source: labels[feed],
        encryption: sealed ? { plainDigest: batch.digest, plainSize: content.encryption.unwrap().plainSize } : null,
        keys: sealed ? [{ recipient: operators[feed].address, sealed: '0x01' }] : [],
      }));
    }
    for (let round = 0; round < 2; round++) {
      const result = await send(api.tx.utility.forceBatch(calls), operators[feed]);
      const failed = result.filter(({ event }) => event.section === 'utility' && event.method === 'ItemFailed');
      assert.equal(failed.length, calls.length, 'every replay failed');
      for (const { event } of failed) {
        const { section, name } = api.registry.findMetaError(event.data.error.asModule);
        assert.equal(`${section}.${name}`, 'feeds.DuplicateBatch');
      }
      refused += failed.length;
    }
  }
  assert.equal(refused, 2 * 3 * STEPS);
  await new Promise((r) => setTimeout(r, 4000));
  assert.equal((await api.query.dataAssets.nextAssetId()).toNumber() - nextAsset, listed(4).length - streamed, 'no asset was added but the stream\'s');
  for (const f of [0, 1, 2]) assert.equal(listed(f).length, STEPS);
  for (const f of [0, 1, 2]) assert.equal((await api.query.feeds.feeds(f)).unwrap().batches.toNumber(), nextBatches[f]);
});

test('encrypted batches: a licensee reads the Parquet file through the gateway; the operator\'s own sealed key authorises it later', { skip, timeout: 600_000 }, async () => {
  const { charlie, dave, ferdie } = keys;
  const offerOf = (asset) => of('dataLicences', 'OfferCreated', (d) => d.asset.toNumber() === asset)[0].data.offer.toNumber();
  const fetchAs = async (asset, name) => {
    const bought = await bdes(['licence', 'buy', String(offerOf(asset))], '//Charlie');
    const output = join(dir, name);
    const fetched = await bdes(['data', 'fetch', String(asset), '--licence', String(bought.licence), '-o', output], '//Charlie');
    return { bytes: readFileSync(output), fetched };
  };
  const sha = (bytes) => `0x${createHash('sha256').update(bytes).digest('hex')}`;

  // Feed 0's keys went to the gateway with each batch.
  const first = listed(0)[10].data;
  const { bytes, fetched } = await fetchAs(first.asset.toNumber(), 'feed0.parquet');
  assert.equal(sha(bytes), first.digest.toHex(), 'the gateway served the batch\'s Parquet file');
  assert.equal(fetched.digest, first.digest.toHex());
  assert.equal(bytes.subarray(0, 4).toString(), 'PAR1');
  assert.ok(first.encrypted.isTrue);

  // Feed 3's were sealed to Dave alone: the gateway cannot serve them until Dave, with the
  // connector's identity, seals the key to it.
  const folder = listed(3)[0].data;
  const asset = folder.asset.toNumber();
  assert.ok(folder.encrypted.isTrue);
  assert.ok((await api.call.dataAssetsApi.contentKey(asset, dave.address)).isSome);
  assert.ok((await api.call.dataAssetsApi.contentKey(asset, ferdie.address)).isNone);
  await bdes(['--identity', join(dir, 'state-Dave', 'identity.txt'), 'data', 'authorise', String(asset), ferdie.address], '//Dave');
  assert.ok((await api.call.dataAssetsApi.contentKey(asset, ferdie.address)).isSome);
  const folderData = await fetchAs(asset, 'feed3.parquet');
  assert.equal(sha(folderData.bytes), folder.digest.toHex());
  console.log(`# feeds: encrypted batches served through the gateway to ${charlie.address.slice(0, 8)}: feed 0 asset ${first.asset} (${bytes.length} bytes), feed 3 asset ${asset} after Dave's authorisation`);
});

test('an auctioned batch with a bid settles by itself; its collector is paid the dividend', { skip, timeout: 600_000 }, async () => {
  const { charlie, bob } = keys;
  assert.ok(auctioned, 'Charlie bid on an auction of feed 2');
  const auction = auctioned.data.auction.toNumber();
  const item = auctioned.data.item.toNumber();
  const settled = await waitFor(`auction ${auction} to settle`, async () => of('nftMarket', 'AuctionSettled', (d) => d.auction.toNumber() === auction)[0], 120_000);
  const extended = of('nftMarket', 'AuctionExtended', (d) => d.auction.toNumber() === auction).at(-1);
  const end = (extended ?? auctioned).data.end.toNumber();
  assert.equal(settled.block, end, 'settled at its end, with no call');
  assert.equal(settled.data.winner.unwrap().toString(), charlie.address);
  assert.equal(settled.data.price.toBigInt(), 10n * BDES);
  const owner = (await api.query.nfts.item(collection, item)).unwrap().owner.toString();
  assert.equal(owner, charlie.address, 'the NFT is the winner\'s');
  // Bob, feed 2's collector, holds the asset's revenue shares: the dividend is his.
  const parent = (await api.rpc.chain.getHeader(settled.hash)).parentHash;
  const bobAt = async (hash) => (await (await api.at(hash)).query.system.account(bob.address)).data.free.toBigInt();
  const dividends = settled.data.proceeds.dividends.toBigInt();
  assert.ok(dividends > 0n);
  assert.equal(await bobAt(settled.hash) - await bobAt(parent), dividends);
  // The others, with no bid, ended by themselves too.
  const ended = of('nftMarket', 'AuctionAbandoned').length + of('nftMarket', 'AuctionSettled').length;
  assert.ok(ended >= 2, `auctions ended: ${ended}`);
});

test('the silent folder feed is stale within one block of its deadline; the epoch reward goes only to the punctual stream feed', { skip, timeout: 900_000 }, async () => {
  // Feed 3 (the folder) delivered its two files and fell silent.
  assert.equal(listed(3).length, 2);
  const lastBatch = listed(3).at(-1).block;
  const deadline = lastBatch + 2 * INTERVAL;
  const stale = await waitFor('feed 3 to go stale', async () => of('feeds', 'FeedStale', (d) => d.feed.toNumber() === 3)[0], 240_000);
  assert.ok(stale.block >= deadline && stale.block <= deadline + 1, `stale at #${stale.block}, deadline #${deadline}`);
  assert.equal((await api.query.feeds.feeds(3)).unwrap().status.toString(), 'Stale');

  // The endpoints' feeds stop after their last step and go stale too; the stream goes on.
  await waitFor('feeds 0-2 to go stale', async () => [0, 1, 2].every((f) => of('feeds', 'FeedStale', (d) => d.feed.toNumber() === f).length > 0), 240_000);
  const allStale = Math.max(...[0, 1, 2, 3].map((f) => of('feeds', 'FeedStale', (d) => d.feed.toNumber() === f)[0].block));
  const turn = (Math.floor(allStale / EPOCH) + 1) * EPOCH;
  await waitFor(`the epoch turn at #${turn}`, async () => (await api.rpc.chain.getHeader()).number.toNumber() > turn, 240_000);
  const paid = of('feeds', 'ContributionPaid').filter((e) => e.block === turn);
  const explain = `turn #${turn}; paid ${JSON.stringify(of('feeds', 'ContributionPaid').map((e) => [e.block, e.data.feed.toNumber()]))}; stale ${JSON.stringify(of('feeds', 'FeedStale').map((e) => [e.block, e.data.feed.toNumber()]))}; stream batches in ${JSON.stringify(listed(4).map((e) => e.block))}; feed 4 ${JSON.stringify((await api.query.feeds.feeds(4)).toJSON())}\n${connectors.Stream.log.slice(-3000)}`;
  assert.deepEqual(paid.map((e) => e.data.feed.toNumber()), [4], `only the stream feed delivered every interval: ${explain}`);
  assert.equal(paid[0].data.operator.toString(), keys.stream.address);
  assert.equal(paid[0].data.amount.toBigInt(), 5_000n * BDES, 'the whole epoch reward');
  assert.equal(of('feeds', 'ContributionPaid', (d) => d.feed.toNumber() === 3).length, 0, 'the folder feed was never paid');
  assert.ok(listed(4).length >= 3, 'the stream feed kept delivering');
  console.log(`# feeds: folder feed stale at #${stale.block} (deadline #${deadline}); epoch turn #${turn} paid feed 4 only; stream feed ${listed(4).length} batches`);
});
