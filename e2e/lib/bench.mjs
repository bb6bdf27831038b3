// The throughput harness's machinery (scripts/throughput.mjs, tests/throughput.test.mjs): start
// `bdes-node --dev` (the e2e tests' flags, a database of choice), sign many extrinsics with
// explicit nonces, submit them all at once and read back, block by block, how many landed, what
// each weighed and how full the block got.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { devNodeArgs, freePort } from './target.mjs';

export const BDES = 100_000n;

/**
 * Starts `bdes-node --dev` with the flags the e2e tests use (lib/target.mjs), plus
 * `--database` when `database` is set; its blocks come every 3 s (`--dev-block-time`'s
 * default). Resolves with `{ api, provider, endpoint, blockTimeMs, proposals, database, args,
 * stop(), log() }`; `proposals` maps a block number to the node's "Prepared block" line
 * (`{ ms, end, extrinsics }`: build time, why the builder stopped, extrinsics in the block),
 * and a block hash to the storage proof size the node recorded building it.
 */
export async function startBenchNode({ bin, database } = {}) {
  const blockTimeMs = 3000;
  if (!bin || !existsSync(bin)) throw new Error(`BDES_NODE_BIN (${bin}) is not a built node`);
  const [port, p2p] = [await freePort(), await freePort()];
  const args = devNodeArgs(port, p2p);
  if (database) args.push('--database', database);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const proposals = new Map();
  const seen = { database: null };
  let partial = '';
  const keep = (chunk) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      tail.push(line);
      const m = line.match(/Prepared block for proposing at (\d+) \((\d+) ms\).*end: (\w+); extrinsics_count: (\d+)/);
      if (m) proposals.set(Number(m[1]), { ms: Number(m[2]), end: m[3], extrinsics: Number(m[4]) });
      // The storage proof the node recorded while building the block: the real PoV's bulk.
      const pov = line.match(/CreatedBlock \{ hash: (0x[0-9a-f]+).*proof_size: (\d+)/);
      if (pov) proposals.set(pov[1], Number(pov[2]));
      const db = line.match(/Database: (\w+) at/);
      if (db) seen.database = db[1];
    }
    if (tail.length > 2000) tail.splice(0, tail.length - 2000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const log = () => tail.join('\n');
  const endpoint = `ws://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  // The RPC server comes up once the node has built genesis (~30 s, more on a busy machine).
  while (!tail.some((l) => l.includes('Running JSON-RPC server'))) {
    if (exited) throw new Error(`the node exited (${JSON.stringify(exited)}) before RPC came up; its log:\n${log()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the node's RPC did not come up within 240 s; its log:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const provider = new WsProvider(endpoint, 1000);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  return {
    api,
    provider,
    endpoint,
    blockTimeMs,
    proposals,
    log,
    args,
    get database() { return seen.database; },
    async stop() {
      await api.disconnect().catch(() => {});
      child.kill('SIGTERM');
      await new Promise((res) => {
        if (exited) return res();
        const t = setTimeout(() => { child.kill('SIGKILL'); res(); }, 15_000);
        child.on('exit', () => { clearTimeout(t); res(); });
      });
    },
  };
}

/** Connects to a running node instead (`--ws`); no node log, so no builder figures. */
export async function connectBenchNode(endpoint) {
  const provider = new WsProvider(endpoint, 1000);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  return { api, provider, endpoint, blockTimeMs: null, proposals: new Map(), log: () => '', args: [], database: null, stop: () => api.disconnect() };
}

/** The name of a dispatch error: `orderBook.TooManyOrders`, or its JSON. */
export function errorName(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.toString();
}

/** What one block holds: every extrinsic with its outcome and weight, the block's totals. */
export async function readBlock(api, number, proposals) {
  const hash = await api.rpc.chain.getBlockHash(number);
  const [block, at] = await Promise.all([api.rpc.chain.getBlock(hash), api.at(hash)]);
  const [events, blockWeight] = await Promise.all([at.query.system.events(), at.query.system.blockWeight()]);
  const extrinsics = block.block.extrinsics.map((ext) => ({
    hash: ext.hash.toHex(),
    call: `${ext.method.section}.${ext.method.method}`,
    len: ext.encodedLength,
    ok: null,
    error: null,
    refTime: 0n,
    proofSize: 0n,
    events: [],
  }));
  for (const { phase, event } of events) {
    if (!phase.isApplyExtrinsic) continue;
    const x = extrinsics[phase.asApplyExtrinsic.toNumber()];
    if (!x) continue;
    if (event.section === 'system' && (event.method === 'ExtrinsicSuccess' || event.method === 'ExtrinsicFailed')) {
      const info = event.data.dispatchInfo;
      x.ok = event.method === 'ExtrinsicSuccess';
      x.refTime = info.weight.refTime.toBigInt();
      x.proofSize = info.weight.proofSize.toBigInt();
      if (!x.ok) x.error = errorName(api, event.data.dispatchError);
    } else {
      x.events.push(event);
    }
  }
  const w = (c) => ({ refTime: blockWeight[c].refTime.toBigInt(), proofSize: blockWeight[c].proofSize.toBigInt() });
  return {
    number,
    hash: hash.toHex(),
    extrinsics,
    length: extrinsics.reduce((s, x) => s + x.len, 0),
    weight: { normal: w('normal'), operational: w('operational'), mandatory: w('mandatory') },
    proposal: proposals?.get(number) ?? null,
    pov: proposals?.get(hash.toHex()) ?? null,
  };
}

/** Follows new blocks in order; `next()` resolves with the next block's contents. */
export class BlockFollower {
  /** Block number → wall-clock time its header arrived, over every follower. */
  static arrivals = new Map();

  constructor(api, from, proposals) {
    this.api = api;
    this.next_ = from;
    this.proposals = proposals;
    this.best = from - 1;
    this.waiters = [];
  }

  async start() {
    this.unsub = await this.api.rpc.chain.subscribeNewHeads((h) => {
      this.best = Math.max(this.best, h.number.toNumber());
      // When the block reached us: the dev node's timestamps advance a slot (the runtime's
      // 6 s) a block whatever the real block time.
      if (!BlockFollower.arrivals.has(this.best)) BlockFollower.arrivals.set(this.best, Date.now());
      for (const w of this.waiters.splice(0)) w();
    });
  }

  stop() {
    this.unsub?.();
  }

  /** Whether the next block came within `timeoutMs`. */
  async arrived(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (this.best < this.next_) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => { clearTimeout(t); res(); });
      });
    }
    return true;
  }

  /** The next block, or null if none comes within `timeoutMs`. */
  async next(timeoutMs) {
    if (!(await this.arrived(timeoutMs))) return null;
    return readBlock(this.api, this.next_++, this.proposals);
  }
}

/** Signs `tx` as `pair` with `nonce`, immortal, without asking the node anything. */
export function signWith(api, tx, pair, nonce) {
  return tx.sign(pair, {
    nonce,
    blockHash: api.genesisHash,
    genesisHash: api.genesisHash,
    runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions,
    version: api.extrinsicType,
  });
}

/** The weight `CheckWeight` charges a block before dispatch: the declared weight and the base extrinsic. */
export async function chargedWeight(api, signed) {
  const info = await api.call.transactionPaymentApi.queryInfo(signed.toU8a(), signed.encodedLength);
  const base = api.consts.system.blockWeights.perClass.normal.baseExtrinsic;
  return {
    refTime: info.weight.refTime.toBigInt() + base.refTime.toBigInt(),
    proofSize: info.weight.proofSize.toBigInt() + base.proofSize.toBigInt(),
    // Council closes are operational: they count against that class's budget.
    class: info.class.isOperational ? 'operational' : 'normal',
  };
}

/** A dispatch class's limits in a block (normal by default): ref_time, proof size, length. */
export function blockLimits(api, dispatchClass = 'normal') {
  const max = api.consts.system.blockWeights.perClass[dispatchClass].maxTotal.unwrap();
  return {
    refTime: max.refTime.toBigInt(),
    proofSize: max.proofSize.toBigInt(),
    length: BigInt(api.consts.system.blockLength.max[dispatchClass].toNumber()),
  };
}

async function pool(items, limit, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

const median = (values) => {
  if (!values.length) return 0n;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[sorted.length >> 1];
};

/**
 * Signs `items` (`{ signer, tx }`, in submission order; nonces follow each signer's next one),
 * submits them all at once and follows the blocks until every accepted one is in a block (or
 * none has come for `stallBlocks` blocks). Resolves with
 * `{ label, submitted, rejected, included, ok, failed, errors, blocks, results, charged, len }`:
 * `results` maps an extrinsic's hash to `{ block, ok, error, refTime, proofSize, events, item }`,
 * `blocks` has a summary of each block that holds some of them. `charged` is what the block is
 * charged before dispatch for the first item (when `measure`). `align` submits right after a
 * block.
 */
export async function runBatch(ctx, label, items, { measure = false, stallBlocks = 4, quiet = false, concurrency = 256, align = false } = {}) {
  const { api } = ctx;
  const started = Date.now();
  const signers = [...new Map(items.map(({ signer }) => [signer.address, signer])).values()];
  const nonces = new Map();
  await pool(signers, 32, async (s) => nonces.set(s.address, (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
  const signed = items.map((item) => {
    const nonce = nonces.get(item.signer.address);
    nonces.set(item.signer.address, nonce + 1);
    const ext = signWith(api, item.tx, item.signer, nonce);
    return { item, ext, hex: ext.toHex(), hash: ext.hash.toHex() };
  });
  const charged = measure && signed.length ? await chargedWeight(api, signed[0].ext) : null;
  const len = signed.length ? signed[0].ext.encodedLength : 0;
  const signMs = Date.now() - started;

  let from = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
  if (align) {
    // Submit just after a block: the pool has a whole block time to take them in before the
    // next one is built, so that one is as full as they can make it.
    const waiting = new BlockFollower(api, from, null);
    await waiting.start();
    await waiting.arrived(Math.max(4 * (ctx.blockTimeMs || 6000), 30_000)).finally(() => waiting.stop());
    from += 1;
  }
  const follower = new BlockFollower(api, from, ctx.proposals);
  await follower.start();
  const pending = new Map();
  const rejected = {};
  const provider = ctx.provider;
  const submitStart = Date.now();
  await pool(signed, concurrency, async (s) => {
    try {
      await provider.send('author_submitExtrinsic', [s.hex]);
      pending.set(s.hash, s);
    } catch (e) {
      const msg = String(e.message || e).slice(0, 160);
      rejected[msg] = (rejected[msg] || 0) + 1;
    }
  });
  const submitMs = Date.now() - submitStart;

  const results = new Map();
  const blocks = [];
  let idle = 0;
  const blockWait = Math.max(4 * (ctx.blockTimeMs || 6000), 30_000);
  try {
    while (pending.size && idle < stallBlocks) {
      const block = await follower.next(blockWait);
      if (!block) break;
      const mine = [];
      for (const x of block.extrinsics) {
        const s = pending.get(x.hash);
        if (!s) continue;
        pending.delete(x.hash);
        results.set(x.hash, { block: block.number, ok: x.ok, error: x.error, refTime: x.refTime, proofSize: x.proofSize, len: x.len, events: x.events, item: s.item });
        mine.push(x);
      }
      idle = mine.length ? 0 : idle + 1;
      if (!mine.length) continue;
      const okOnes = mine.filter((x) => x.ok);
      const errors = {};
      for (const x of mine) if (!x.ok) errors[x.error] = (errors[x.error] || 0) + 1;
      blocks.push({
        number: block.number,
        hash: block.hash,
        count: mine.length,
        ok: okOnes.length,
        failed: mine.length - okOnes.length,
        errors,
        others: block.extrinsics.length - mine.length,
        length: block.length,
        weight: block.weight,
        proposal: block.proposal,
        pov: block.pov,
        medianRefTime: median(okOnes.map((x) => x.refTime)),
        // Failed ones too: what they used is what the block lost to them.
        meanRefTime: mine.reduce((s, x) => s + x.refTime, 0n) / BigInt(mine.length),
        meanProofSize: mine.reduce((s, x) => s + x.proofSize, 0n) / BigInt(mine.length),
        sumRefTime: mine.reduce((s, x) => s + x.refTime, 0n),
        sumProofSize: mine.reduce((s, x) => s + x.proofSize + BigInt(x.len), 0n),
      });
      if (!quiet) {
        const b = blocks[blocks.length - 1];
        const cls = charged?.class ?? 'normal';
        console.log(`#   ${label}: block #${b.number} ${b.count} (${b.failed} failed${b.failed ? ` ${JSON.stringify(errors)}` : ''}), ${cls} ${(Number(b.weight[cls].refTime) / 1e9).toFixed(1)} ms ${(Number(b.weight[cls].proofSize) / 1024).toFixed(0)} KiB${b.proposal ? `, built in ${b.proposal.ms} ms (${b.proposal.end})` : ''}; ${pending.size} to go`);
      }
    }
  } finally {
    follower.stop();
  }
  const all = [...results.values()];
  const errors = {};
  for (const r of all) if (!r.ok) errors[r.error] = (errors[r.error] || 0) + 1;
  return {
    label,
    submitted: signed.length,
    accepted: signed.length - Object.values(rejected).reduce((a, b) => a + b, 0),
    rejected,
    included: all.length,
    missing: pending.size,
    ok: all.filter((r) => r.ok).length,
    failed: all.filter((r) => !r.ok).length,
    errors,
    blocks,
    results,
    charged,
    len,
    signMs,
    submitMs,
    wallMs: Date.now() - started,
  };
}

/** Runs a setup batch and insists that every extrinsic succeeded. */
export async function setupBatch(ctx, label, items, opts = {}) {
  const run = await runBatch(ctx, label, items, { quiet: true, ...opts });
  if (run.missing || run.failed || Object.keys(run.rejected).length) {
    throw new Error(`setup "${label}": ${run.included}/${run.submitted} included, ${run.failed} failed ${JSON.stringify(run.errors)}, rejected ${JSON.stringify(run.rejected)}`);
  }
  return run;
}

/** The events of a batch's extrinsics named `section.method`, in block order. */
export function eventsOf(run, section, method) {
  const out = [];
  for (const r of run.results.values()) for (const e of r.events) if (e.section === section && e.method === method) out.push(e);
  return out;
}

/** The block of a batch holding most of its extrinsics (the first of equals). */
export function fullestBlock(run) {
  return run.blocks.reduce((best, b) => (!best || b.count > best.count ? b : best), null);
}
