// Throughput of BDES's main calls on the dev node: for each call, many accounts pre-sign far
// more extrinsics than a block holds (explicit nonces, immortal), submit them all at once, and
// the blocks that follow are read back: how many of the call each holds, what each weighed
// (actual, from ExtrinsicSuccess; charged before dispatch, from payment_queryInfo plus the base
// extrinsic), the block's ref_time and proof size used, and what made the builder stop.
//
//   BDES_NODE_BIN=/path/to/bdes-node node e2e/scripts/throughput.mjs [options]
//     --short                 a few calls with small counts (the test command's run)
//     --only a,b,...          these scenarios (and what they need): transfer submit approve
//                             stake buy claim report rest cross cancel reject bid nftbuy
//     --accounts N            signing accounts (default 200; 20 with --short)
//     --assets N              datasets with shares and licence offers (default 8)
//     --count NAME=N          the count of one scenario
//     --scale X               multiply every default count by X
//     --database paritydb|rocksdb   passed to the node (env BDES_DB)
//     --vouchers N            vouchers per reportUsage (default 64, the batch limit)
//     --depth N               rest N more one-lot bids (far below the touch, from their own
//                             accounts) before the order-book scenarios: a deep book's state
//     --ws URL                use a running node instead of starting one (no builder figures)
//     --json FILE             write every figure as JSON
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { base58Encode, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BDES, BlockFollower, blockLimits, chargedWeight, connectBenchNode, eventsOf, fullestBlock, runBatch, setupBatch, signWith, startBenchNode,
} from '../lib/bench.mjs';

const FUND = 10_000n * BDES;
const TICK = BDES / 100n; // 0.01 BDES a lot
const LOT = 100n; // units of the share token
const LEVELS = 20;

/** What each scenario needs run before it (as setup, reported too). */
const NEEDS = {
  approve: ['submit'],
  claim: ['stake', 'buy'],
  report: ['buy'],
  cross: ['rest'],
  cancel: ['rest'],
};
const ORDER = ['transfer', 'submit', 'approve', 'stake', 'buy', 'claim', 'report', 'rest', 'cross', 'cancel', 'reject', 'bid', 'nftbuy'];
const SHORT = ['transfer', 'rest', 'cross', 'buy'];
/** Scenarios on Bob's datasets, their shares, licence offers and market. */
const RIGHTS = ['stake', 'buy', 'claim', 'report', 'rest', 'cross', 'cancel', 'reject'];

const chunks = (list, size) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
const us = (ps) => Number(ps) / 1e6;

/** `orderBook.placeLimit`, with the `max_fills` argument when the runtime has it. */
export function placeLimit(api, market, side, price, amount, maxFills = 1) {
  const f = api.tx.orderBook.placeLimit;
  return f.meta.args.length >= 6 ? f(market, side, price, amount, null, maxFills) : f(market, side, price, amount, null);
}

/** A CIDv0 of a fresh random sha2-256 digest: distinct content for every call. */
const freshContent = (size = 1 << 20) => {
  const digest = randomBytes(32);
  return { cid: base58Encode(u8aConcat([0x12, 0x20], digest)), digest: u8aToHex(randomBytes(32)), size };
};
const metadata = (i) => ({
  title: `Throughput dataset ${i}`,
  description: 'Hourly air-quality readings of 40 stations, CSV, one file a month; bench data.',
  category: 'Science',
  tags: ['bench', 'air'],
  format: 'text/csv',
  coverage: { start: 0, end: 0 },
  source: 'bdes throughput harness',
});

/** How many extrinsics like `tx` a block takes at their charged ref_time (and length). Not
 * their charged proof: storage-weight reclaim gives most of it back after each one (a transfer
 * is charged 10.8 kB and adds far less to the block's proof), so it does not decide. */
async function capacity(ctx, tx) {
  const signed = signWith(ctx.api, tx, ctx.alice, 0);
  const charged = await chargedWeight(ctx.api, signed);
  const limits = blockLimits(ctx.api, charged.class);
  const byRef = limits.refTime / charged.refTime;
  const byLen = limits.length / BigInt(signed.encodedLength);
  return Number(byRef < byLen ? byRef : byLen);
}

/** The default count of a scenario: twice what a block takes at the charged weight. */
const fill = async (ctx, tx) => Math.ceil(2 * ctx.scale * (await capacity(ctx, tx)));

/** An extrinsic that runs `calls` as root: sudo from Alice (the dev preset's key). */
function asRoot(ctx, calls) {
  const { api } = ctx;
  if (!ctx.sudo) throw new Error('the harness sets up by sudo: Alice must hold the sudo key (the dev preset)');
  return { signer: ctx.alice, tx: api.tx.sudo.sudo(calls.length === 1 ? calls[0] : api.tx.utility.batchAll(calls)) };
}

/** Runs a setup batch; its sudo calls must have succeeded too. */
async function setup(ctx, label, items, opts) {
  const run = await setupBatch(ctx, label, items, opts);
  for (const e of eventsOf(run, 'sudo', 'Sudid')) if (e.data.sudoResult.isErr) throw new Error(`${label}: a sudo call failed: ${e.data.sudoResult.toString()}`);
  return run;
}

// ---- setups ---------------------------------------------------------------------------------

/** `ctx.depth` more resting bids in `market`, one lot each at 0.01-0.59 BDES (below every
 * scenario's price, so none of them trades), each account at its open-order limit. */
async function setupDepth(ctx, market) {
  if (!ctx.depth || ctx.state.depth) return;
  const { api } = ctx;
  const t0 = Date.now();
  const cap = api.consts.orderBook.maxOpenOrders.toNumber();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const owners = Array.from({ length: Math.ceil(ctx.depth / cap) }, (_, i) => keyring.addFromUri(`//bench/depth/${i}`));
  const fund = (BigInt(cap) * (api.consts.orderBook.orderDeposit.toBigInt() + BDES)) + 10n * BDES;
  const transfers = owners.map((p) => api.tx.balances.transferKeepAlive(p.address, fund));
  await setup(ctx, 'depth: fund', chunks(transfers, 200).map((group) => ({ signer: ctx.alice, tx: api.tx.utility.batchAll(group) })));
  let placed = 0;
  const items = owners.map((p, i) => {
    const n = Math.min(cap, ctx.depth - i * cap);
    const orders = Array.from({ length: n }, (_, k) => placeLimit(api, market, 'Buy', BigInt(1 + ((placed + k) % 59)) * TICK, LOT, 1));
    placed += n;
    return { signer: p, tx: api.tx.utility.batchAll(orders) };
  });
  // In waves, so the pool never holds more than a few blocks' worth.
  for (const wave of chunks(items, 200)) await setup(ctx, 'depth: orders', wave);
  ctx.state.depth = placed;
  console.log(`# depth: ${placed} bids resting from ${owners.length} accounts (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

/** Funds the accounts; Bob submits the datasets the rights scenarios need in the same blocks. */
async function setupFunds(ctx, rights) {
  const { api, bob } = ctx;
  const targets = [...ctx.accounts, ...ctx.gateways, ...ctx.full];
  const items = chunks(targets, 200).map((group) => ({
    signer: ctx.alice,
    tx: api.tx.utility.batchAll(group.map((p) => api.tx.balances.transferKeepAlive(p.address, FUND))),
  }));
  if (rights) for (let i = 0; i < ctx.assets; i++) items.push({ signer: bob, tx: api.tx.dataAssets.submit(metadata(`rights ${i}`), freshContent()) });
  const run = await setup(ctx, 'fund', items);
  if (rights) ctx.state.rightsAssets = eventsOf(run, 'dataAssets', 'Submitted').map((e) => e.data.asset.toNumber());
}

/** Bob's datasets (approved by root) get shares and a licence offer each, and every account
 * units of each; the order book gets a market for the first. */
async function setupRights(ctx) {
  if (ctx.state.rights) return ctx.state.rights;
  const { api, bob } = ctx;
  const assets = ctx.state.rightsAssets;
  await setup(ctx, 'rights: approve', [asRoot(ctx, assets.map((a) => api.tx.dataAssets.approve(a)))]);
  const supply = 10_000_000n;
  const terms = { price: BDES, duration: 100_000, calls: 1_000_000, maxSales: null, transferable: false, revenueShare: 400_000 };
  const issued = await setup(ctx, 'rights: issue and offer', assets.flatMap((a, i) => [
    { signer: bob, tx: api.tx.revenueShares.issue(a, supply, `Bench shares ${i}`, `BSH${i}`, 0) },
    { signer: bob, tx: api.tx.dataLicences.createOffer(a, terms) },
  ]));
  const offers = eventsOf(issued, 'dataLicences', 'OfferCreated').map((e) => e.data.offer.toNumber());
  const shares = eventsOf(issued, 'revenueShares', 'Issued').map((e) => e.data.shareAsset.toNumber());
  // 40% of the supply spread over the accounts (49% may move; the 51% stay locked with Bob).
  const units = (supply * 40n) / 100n / BigInt(ctx.accounts.length);
  const transfers = shares.flatMap((s) => ctx.accounts.map((p) => api.tx.assets.transfer(s, p.address, units)));
  const items = chunks(transfers, 250).map((group) => ({ signer: bob, tx: api.tx.utility.batchAll(group) }));
  const params = { minOrder: LOT, makerFee: 1_000, takerFee: 2_000, maxLifetime: 100_000, minInterval: 0, participation: 'Open' };
  items.push(asRoot(ctx, [api.tx.orderBook.createMarket(shares[0], TICK, LOT, params)]));
  const opened = await setup(ctx, 'rights: share units and market', items);
  const market = eventsOf(opened, 'orderBook', 'MarketCreated')[0].data.market.toNumber();
  ctx.state.rights = { assets, shares, offers, market, units };
  return ctx.state.rights;
}

/** NFTs for sale and auctions: `sellers` accounts each create a collection and mint. */
async function setupNfts(ctx, auctions, sales) {
  const { api } = ctx;
  const sellers = ctx.accounts.slice(0, Math.max(1, Math.floor(ctx.accounts.length / 5)));
  const first = (await api.query.nfts.nextCollectionId()).unwrap().toNumber();
  const config = { settings: 0, maxSupply: null, mintSettings: { mintType: 'Issuer', price: null, startBlock: null, endBlock: null, defaultItemSettings: 0 } };
  const created = await setup(ctx, 'nft: collections', sellers.map((s) => ({ signer: s, tx: api.tx.nfts.create(s.address, config) })));
  const collections = new Map(eventsOf(created, 'nfts', 'Created').map((e) => [e.data.owner.toString(), e.data.collection.toNumber()]));
  if (collections.size !== sellers.length) throw new Error(`expected ${sellers.length} collections from #${first}, got ${collections.size}`);
  const total = auctions + sales;
  // NFT i: seller i % S, item i / S in that seller's collection.
  const nfts = Array.from({ length: total }, (_, i) => {
    const seller = sellers[i % sellers.length];
    return { seller, collection: collections.get(seller.address), item: Math.floor(i / sellers.length) };
  });
  const mints = sellers.flatMap((s) => chunks(nfts.filter((n) => n.seller === s), 100).map((group) => ({
    signer: s,
    tx: api.tx.utility.batchAll(group.map((n) => api.tx.nfts.mint(n.collection, n.item, s.address, null))),
  })));
  await setup(ctx, 'nft: mint', mints);
  const forAuction = nfts.slice(0, auctions);
  const forSale = nfts.slice(auctions);
  const duration = 2_000;
  const opened = await setup(ctx, 'nft: auctions and sales', [
    ...forAuction.map((n) => ({ signer: n.seller, tx: api.tx.nftMarket.createAuction(n.collection, n.item, { startPrice: BDES, minIncrement: BDES / 10n, duration, reserve: null }) })),
    ...forSale.map((n) => ({ signer: n.seller, tx: api.tx.nftMarket.list(n.collection, n.item, BDES) })),
  ]);
  const ids = eventsOf(opened, 'nftMarket', 'AuctionCreated').map((e) => ({ auction: e.data.auction.toNumber(), seller: e.data.seller.toString() }));
  // Bidders are the accounts that sell nothing: a first bid now, the measured one outbids it.
  const bidders = ctx.accounts.slice(sellers.length);
  const firstBidder = (i) => bidders[i % bidders.length];
  const nextBidder = (i) => bidders[(i + 1) % bidders.length];
  await setup(ctx, 'nft: first bids', ids.map(({ auction }, i) => ({ signer: firstBidder(i), tx: api.tx.nftMarket.bid(auction, BDES) })));
  ctx.state.nfts = { auctions: ids.map((a, i) => ({ ...a, bidder: nextBidder(i) })), sales: forSale, buyers: bidders };
}

// ---- scenarios ------------------------------------------------------------------------------

const SCENARIOS = {
  transfer: {
    call: 'balances.transferKeepAlive',
    async items(ctx) {
      const { api, accounts } = ctx;
      const n = ctx.count('transfer', await fill(ctx, api.tx.balances.transferKeepAlive(ctx.bob.address, BDES)));
      return Array.from({ length: n }, (_, i) => {
        const from = i % accounts.length;
        const to = (from + 1 + (i % (accounts.length - 1))) % accounts.length;
        return { signer: accounts[from], tx: api.tx.balances.transferKeepAlive(accounts[to].address, BDES) };
      });
    },
  },

  submit: {
    call: 'dataAssets.submit',
    async items(ctx) {
      const { api, accounts } = ctx;
      const n = ctx.count('submit', await fill(ctx, api.tx.dataAssets.submit(metadata(0), freshContent())));
      return Array.from({ length: n }, (_, i) => ({ signer: accounts[i % accounts.length], tx: api.tx.dataAssets.submit(metadata(i), freshContent()) }));
    },
    after(ctx, run) {
      ctx.state.pending = eventsOf(run, 'dataAssets', 'Submitted').map((e) => e.data.asset.toNumber());
    },
  },

  approve: {
    call: 'council.close',
    note: 'an operational call (its class has 2,000 ms and 10,240 KiB); closing a Council motion that approves one data asset (dataAssets.approve dispatched inside the close); at most MaxProposals (100) motions are open at once, so a block cannot be filled with them',
    async items(ctx) {
      const { api, alice, bob, accounts } = ctx;
      const open = (await api.query.council.proposals()).length;
      const max = 100; // the runtime's CouncilMaxProposals (not in the metadata's constants)
      const n = Math.min(ctx.count('approve', max - open), max - open, ctx.state.pending.length);
      const calls = ctx.state.pending.slice(0, n).map((a) => api.tx.dataAssets.approve(a));
      // The motion's other steps are measured too: a member proposes, two vote, anyone closes.
      const proposed = await setup(ctx, 'approve: propose', calls.map((c) => ({ signer: alice, tx: api.tx.council.propose(2, c, c.length) })), { measure: true, align: true });
      ctx.extra.push({ key: 'propose', call: 'council.propose (approve)', note: 'one member proposes every motion: its nonces order them', run: proposed });
      const motions = eventsOf(proposed, 'council', 'Proposed').map((e) => ({ index: e.data.proposalIndex.toNumber(), hash: e.data.proposalHash.toHex() }));
      const voted = await setup(ctx, 'approve: votes', motions.flatMap(({ hash, index }) => [alice, bob].map((m) => ({ signer: m, tx: api.tx.council.vote(hash, index, true) }))), { measure: true, align: true });
      ctx.extra.push({ key: 'vote', call: 'council.vote (approve)', note: 'two of the three dev councillors vote on every motion', run: voted });
      // The bound is the approval's declared weight: what the close charges for the call.
      const info = await api.call.transactionPaymentCallApi.queryCallInfo(calls[0], calls[0].length);
      const bound = { refTime: info.weight.refTime.toBigInt(), proofSize: info.weight.proofSize.toBigInt() };
      return motions.map(({ hash, index }, i) => ({ signer: accounts[i % accounts.length], tx: api.tx.council.close(hash, index, bound, calls[0].length) }));
    },
    check(ctx, run) {
      const executed = eventsOf(run, 'council', 'Executed');
      const bad = executed.filter((e) => e.data.result.isErr).length;
      return `${executed.length} motions executed${bad ? `, ${bad} with a failed call` : ''}`;
    },
  },

  stake: {
    call: 'revenueShares.stake',
    async items(ctx) {
      const { api, accounts } = ctx;
      const { assets } = await setupRights(ctx);
      // Every account stakes 100 units of every share token: accounts × assets stakes.
      return assets.flatMap((a) => accounts.map((p) => ({ signer: p, tx: api.tx.revenueShares.stake(a, 100) })));
    },
    after(ctx, run) {
      const staked = eventsOf(run, 'revenueShares', 'Staked');
      ctx.state.stakes = staked.map((e) => ({ asset: e.data.asset.toNumber(), who: e.data.who.toString() }));
      ctx.state.earnsFrom = staked.reduce((m, e) => Math.max(m, e.data.earnsFrom.toNumber()), 0);
    },
  },

  buy: {
    call: 'dataLicences.buy',
    async items(ctx) {
      const { api, accounts } = ctx;
      const { offers } = await setupRights(ctx);
      if (ctx.state.earnsFrom) {
        // Licence revenue goes to the stakes that earn already: wait out the warm-up.
        while ((await api.rpc.chain.getHeader()).number.toNumber() < ctx.state.earnsFrom) await new Promise((r) => setTimeout(r, 1000));
      }
      const n = ctx.count('buy', await fill(ctx, api.tx.dataLicences.buy(offers[0])));
      return Array.from({ length: n }, (_, i) => ({ signer: accounts[i % accounts.length], tx: api.tx.dataLicences.buy(offers[i % offers.length]) }));
    },
    after(ctx, run) {
      ctx.state.licences = eventsOf(run, 'dataLicences', 'LicenceBought').map((e) => ({ id: e.data.licence.toNumber(), holder: e.data.buyer.toString() }));
    },
  },

  claim: {
    call: 'revenueShares.claim',
    async items(ctx) {
      const { api } = ctx;
      const byAddress = new Map(ctx.accounts.map((p) => [p.address, p]));
      const pairs = [];
      for (const group of chunks(ctx.state.stakes, 64)) {
        const amounts = await Promise.all(group.map((s) => api.call.revenueSharesApi.claimable(s.asset, s.who)));
        group.forEach((s, i) => { if (amounts[i].toBigInt() > 0n) pairs.push(s); });
      }
      ctx.state.claimSkipped = ctx.state.stakes.length - pairs.length;
      return pairs.map((s) => ({ signer: byAddress.get(s.who), tx: api.tx.revenueShares.claim(s.asset) }));
    },
    check: (ctx) => (ctx.state.claimSkipped ? `${ctx.state.claimSkipped} stakes had nothing to claim and were left out` : ''),
  },

  report: {
    call: 'dataLicences.reportUsage',
    async items(ctx) {
      const { api } = ctx;
      const per = ctx.vouchers;
      const gateways = [ctx.ferdie, ...ctx.gateways];
      const registered = new Set((await api.query.dataLicences.gateways.keys()).map((k) => k.args[0].toString()));
      const missing = gateways.filter((g) => !registered.has(g.address));
      if (missing.length) await setup(ctx, 'report: gateways', [asRoot(ctx, missing.map((g) => api.tx.dataLicences.registerGateway(g.address)))]);
      const licences = ctx.state.licences;
      if (licences.length < per) throw new Error(`report: ${licences.length} licences, fewer than the ${per} vouchers a call`);
      // Licence L is settled at gateway L % G (as many gateways as have `per` licences each);
      // each voucher raises the licence's counter at its gateway.
      const used = gateways.slice(0, Math.max(1, Math.min(gateways.length, Math.floor(licences.length / per))));
      const byGateway = used.map((_, g) => licences.filter((_, i) => i % used.length === g));
      const sample = this.reportTx(ctx, used[0], byGateway[0].slice(0, per).map((l) => ({ ...l, calls: 1 })));
      const n = ctx.count('report', await fill(ctx, sample));
      const counters = new Map();
      const items = [];
      for (let t = 0; t < n; t++) {
        const g = t % byGateway.length;
        const round = Math.floor(t / byGateway.length);
        const list = byGateway[g];
        const chosen = Array.from({ length: per }, (_, v) => list[(round * per + v) % list.length]);
        const vouchers = chosen.map((l) => {
          const key = `${g}/${l.id}`;
          const calls = (counters.get(key) || 0) + 1;
          counters.set(key, calls);
          return { ...l, calls };
        });
        items.push({ signer: used[g], tx: this.reportTx(ctx, used[g], vouchers) });
      }
      return items;
    },
    /** `reportUsage` of `vouchers` (`{ id, holder, calls }`), each signed by its holder for `gateway`. */
    reportTx(ctx, gateway, vouchers) {
      const { api } = ctx;
      const byAddress = new Map(ctx.accounts.map((p) => [p.address, p]));
      const genesis = api.genesisHash.toU8a();
      const until = BigInt(Date.now() + 3_600_000);
      const le = (n, bytes) => { const b = Buffer.alloc(bytes); if (bytes === 4) b.writeUInt32LE(n); else b.writeBigUInt64LE(n); return b; };
      return api.tx.dataLicences.reportUsage(vouchers.map(({ id, holder, calls }) => {
        const request = randomBytes(32);
        // The pallet's `voucher_payload`: domain, genesis, gateway, licence, calls, until, request.
        const payload = u8aConcat(stringToU8a('bdes-voucher/v1'), genesis, decodeAddress(gateway.address), le(id, 4), le(calls, 4), le(until, 8), request);
        return { licence: id, calls, untilMs: until, request: u8aToHex(request), signature: { Sr25519: u8aToHex(byAddress.get(holder).sign(payload)) } };
      }));
    },
    check: (ctx, run) => `${eventsOf(run, 'dataLicences', 'UsageRecorded').length} vouchers settled (${ctx.vouchers} a call)`,
  },

  rest: {
    call: 'orderBook.placeLimit',
    label: 'orderBook.placeLimit (resting)',
    async items(ctx) {
      const { api } = ctx;
      const { market } = await setupRights(ctx);
      await setupDepth(ctx, market);
      const makers = ctx.makers;
      const n = ctx.count('rest', 2_500 * ctx.scale);
      // One-lot bids at 0.80-0.99 BDES and asks at 1.01-1.20, alternating: nothing crosses.
      return Array.from({ length: n }, (_, i) => {
        const level = BigInt((i >> 1) % LEVELS);
        const buy = i % 2 === 0;
        const price = buy ? (99n - level) * TICK : (101n + level) * TICK;
        return { signer: makers[i % makers.length], tx: placeLimit(api, market, buy ? 'Buy' : 'Sell', price, LOT, 1) };
      });
    },
  },

  cross: {
    call: 'orderBook.placeLimit',
    label: 'orderBook.placeLimit (half crossing)',
    note: 'takers (accounts that have no resting orders) alternate: a buy at the highest ask, a bid below the book, a sell at the lowest bid, an ask above it; each crossing order fills one resting order',
    async items(ctx) {
      const { api } = ctx;
      const { market } = await setupRights(ctx);
      const takers = ctx.takers;
      const resting = ctx.state.resting ?? 0;
      const n = Math.min(ctx.count('cross', 2_500 * ctx.scale), 2 * resting);
      return Array.from({ length: n }, (_, i) => {
        const level = BigInt((i >> 2) % LEVELS);
        const [side, price] = [
          ['Buy', (100n + BigInt(LEVELS)) * TICK], // crosses the best ask, fills one
          ['Buy', (99n - BigInt(LEVELS) - level) * TICK], // rests below every bid
          ['Sell', (100n - BigInt(LEVELS)) * TICK], // crosses the best bid, fills one
          ['Sell', (101n + BigInt(LEVELS) + level) * TICK], // rests above every ask
        ][i % 4];
        return { signer: takers[i % takers.length], tx: placeLimit(api, market, side, price, LOT, 1) };
      });
    },
    check(ctx, run) {
      const crossing = [...run.results.values()].filter((r) => r.ok && r.events.some((e) => e.section === 'orderBook' && e.method === 'Traded')).length;
      const trades = eventsOf(run, 'orderBook', 'Traded').length;
      run.trades = trades;
      const mean = (list) => (list.length ? us(list.reduce((a, r) => a + r.refTime, 0n) / BigInt(list.length)).toFixed(0) : '-');
      const ok = [...run.results.values()].filter((r) => r.ok);
      const crossed = ok.filter((r) => r.events.some((e) => e.section === 'orderBook' && e.method === 'Traded'));
      const rested = ok.filter((r) => !crossed.includes(r));
      return `${trades} trades by ${crossing} crossing orders; actual ${mean(crossed)} µs a crossing order, ${mean(rested)} µs a resting one`;
    },
  },

  cancel: {
    call: 'orderBook.cancel',
    async items(ctx) {
      const { api } = ctx;
      const { market } = await setupRights(ctx);
      const items = [];
      for (const p of [...ctx.makers, ...ctx.takers]) {
        const open = await api.call.orderBookApi.openOrders(p.address);
        for (const [id, order] of open) if (order.market.toNumber() === market) items.push({ signer: p, tx: api.tx.orderBook.cancel(id) });
      }
      // Interleave the accounts, as they would come.
      return items.map((x, i) => [x, (i * 7919) % items.length]).sort((a, b) => a[1] - b[1]).map(([x]) => x);
    },
  },

  reject: {
    call: 'orderBook.placeLimit',
    label: 'orderBook.placeLimit (refused: TooManyOrders)',
    expectFailures: 'orderBook.TooManyOrders',
    note: 'accounts already at MaxOpenOrders place one more resting buy each time: every one is refused (TooManyOrders) after it was checked and matched; what a refused placement costs the block',
    async items(ctx) {
      const { api } = ctx;
      const { market } = await setupRights(ctx);
      const cap = api.consts.orderBook.maxOpenOrders.toNumber();
      const price = (100n - 2n * BigInt(LEVELS) - 10n) * TICK; // below every other order
      const open = ctx.full.flatMap((p) => Array.from({ length: cap }, () => ({ signer: p, tx: placeLimit(api, market, 'Buy', price, LOT, 1) })));
      await setup(ctx, 'reject: fill the accounts', open);
      const n = ctx.count('reject', 400 * ctx.scale);
      return Array.from({ length: n }, (_, i) => ({ signer: ctx.full[i % ctx.full.length], tx: placeLimit(api, market, 'Buy', price, LOT, 1) }));
    },
    check(ctx, run) {
      const other = Object.entries(run.errors).filter(([e]) => e !== this.expectFailures);
      return `${run.errors[this.expectFailures] ?? 0} refused with ${this.expectFailures}${run.ok ? `, ${run.ok} accepted` : ''}${other.length ? `, other failures ${JSON.stringify(Object.fromEntries(other))}` : ''}`;
    },
  },

  bid: {
    call: 'nftMarket.bid',
    note: 'each bid outbids the first bid on its own auction (the earlier bidder is released)',
    async items(ctx) {
      const { api } = ctx;
      const auctions = ctx.count('bid', await fill(ctx, api.tx.nftMarket.bid(0, 2n * BDES)));
      const sales = ctx.only.has('nftbuy') ? ctx.count('nftbuy', await fill(ctx, api.tx.nftMarket.buy(0, 0, BDES))) : 0;
      await setupNfts(ctx, auctions, sales);
      return ctx.state.nfts.auctions.map(({ auction, bidder }) => ({ signer: bidder, tx: api.tx.nftMarket.bid(auction, 2n * BDES) }));
    },
  },

  nftbuy: {
    call: 'nftMarket.buy',
    note: 'fixed-price sales of plain NFTs (not data-asset ownership NFTs)',
    async items(ctx) {
      const { api } = ctx;
      if (!ctx.state.nfts) await setupNfts(ctx, 0, ctx.count('nftbuy', await fill(ctx, api.tx.nftMarket.buy(0, 0, BDES))));
      const { sales, buyers } = ctx.state.nfts;
      return sales.map((n, i) => ({ signer: buyers[i % buyers.length], tx: api.tx.nftMarket.buy(n.collection, n.item, BDES) }));
    },
  },
};

/** Figures of one run (`{ key, call, note }` names it): its fullest block, what each call weighed. */
function summarise(ctx, { key, call, note }, run) {
  const best = fullestBlock(run);
  // The builder's lines reach the log around the block's import: look them up now.
  const proposal = (b) => ctx.proposals.get(b.number) ?? b.proposal ?? null;
  const pov = (b) => ctx.proposals.get(b.hash) ?? b.pov ?? null;
  const dispatchClass = run.charged?.class ?? 'normal';
  const limits = blockLimits(ctx.api, dispatchClass);
  const used = best?.weight[dispatchClass];
  const pct = (v, of) => (Number(v) * 100) / Number(of);
  return {
    key,
    call,
    submitted: run.submitted,
    rejected: run.rejected,
    included: run.included,
    missing: run.missing,
    ok: run.ok,
    failed: run.failed,
    errors: run.errors,
    perBlock: run.blocks.map((b) => b.count),
    trades: run.trades,
    fullest: best && {
      number: best.number,
      count: best.count,
      ok: best.ok,
      others: best.others,
      refTimeMs: Number(used.refTime) / 1e9,
      proofKiB: Number(used.proofSize) / 1024,
      refPct: pct(used.refTime, limits.refTime),
      proofPct: pct(used.proofSize, limits.proofSize),
      lengthKiB: best.length / 1024,
      lengthPct: pct(best.length, limits.length),
      povKiB: pov(best) == null ? null : pov(best) / 1024,
      builtMs: proposal(best)?.ms ?? null,
      end: proposal(best)?.end ?? null,
      actualUs: us(best.meanRefTime),
      actualProof: Number(best.meanProofSize),
      mandatoryMs: Number(best.weight.mandatory.refTime) / 1e9,
    },
    chargedUs: run.charged ? us(run.charged.refTime) : null,
    chargedProof: run.charged ? Number(run.charged.proofSize) : null,
    len: run.len,
    blocks: run.blocks.map((b) => ({ number: b.number, count: b.count, failed: b.failed, refTimeMs: Number(b.weight[dispatchClass].refTime) / 1e9, proofKiB: Number(b.weight[dispatchClass].proofSize) / 1024, builtMs: proposal(b)?.ms ?? null, end: proposal(b)?.end ?? null, povKiB: pov(b) == null ? null : pov(b) / 1024, arrived: BlockFollower.arrivals.get(b.number) ?? null })),
    dispatchClass,
    overLimit: run.blocks.some((b) => b.weight[dispatchClass].refTime > limits.refTime || b.weight[dispatchClass].proofSize > limits.proofSize),
    note,
    wallSecs: run.wallMs / 1000,
  };
}

/**
 * Runs the harness. `opts`: `{ short, only, accounts, scale, database, ws, bin, vouchers,
 * counts, log }`; resolves with `{ meta, results }`.
 */
export async function runThroughput(opts = {}) {
  await cryptoWaitReady();
  const log = opts.log ?? ((m) => console.log(m));
  const short = !!opts.short;
  const selected = opts.only?.length ? opts.only : short ? SHORT : ORDER;
  for (const k of selected) if (!SCENARIOS[k]) throw new Error(`unknown scenario ${k} (${ORDER.join(' ')})`);
  const wanted = new Set(selected);
  for (const k of selected) for (const need of NEEDS[k] ?? []) wanted.add(need);
  const plan = ORDER.filter((k) => wanted.has(k));
  const started = Date.now();
  const node = opts.ws ? await connectBenchNode(opts.ws) : await startBenchNode({ bin: opts.bin ?? process.env.BDES_NODE_BIN, database: opts.database });
  log(`# throughput: ${opts.ws ? `node at ${opts.ws}` : `${opts.bin ?? process.env.BDES_NODE_BIN} ${node.args.join(' ')}`} (up in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  const { api } = node;
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const n = opts.accounts ?? (short ? 20 : 200);
    const accounts = Array.from({ length: n }, (_, i) => keyring.addFromUri(`//bench/${i}`));
    const shortCounts = { transfer: 200, rest: 120, cross: 120, buy: 100 };
    const ctx = {
      api,
      provider: node.provider,
      proposals: node.proposals,
      blockTimeMs: node.blockTimeMs ?? 6000,
      alice: keyring.addFromUri('//Alice'),
      bob: keyring.addFromUri('//Bob'),
      ferdie: keyring.addFromUri('//Ferdie'),
      accounts,
      makers: accounts.slice(0, n >> 1),
      takers: accounts.slice(n >> 1),
      gateways: short ? [] : Array.from({ length: 7 }, (_, i) => keyring.addFromUri(`//bench/gateway/${i}`)),
      // Accounts at their open-order limit (the refused-placement scenario).
      full: plan.includes('reject') ? Array.from({ length: 10 }, (_, i) => keyring.addFromUri(`//bench/full/${i}`)) : [],
      // An account holds at most MaxConsumers (16) consumer references, one per asset it
      // holds units of, a hold or a freeze: the issuer and every account stay well below.
      assets: short ? 1 : (opts.assets ?? 8),
      vouchers: opts.vouchers ?? 64,
      depth: opts.depth ?? 0,
      scale: opts.scale ?? 1,
      only: wanted,
      limits: blockLimits(api),
      state: {},
      extra: [],
      // A scenario's count: --count, else the short run's, else its default (scaled already).
      count: (key, fallback) => Math.max(1, Math.round(opts.counts?.[key] ?? (short ? shortCounts[key] : undefined) ?? fallback)),
    };
    const sudoKey = api.query.sudo ? (await api.query.sudo.key()).toString() : null;
    ctx.sudo = sudoKey === ctx.alice.address;
    const version = api.runtimeVersion;
    const meta = {
      date: new Date().toISOString(),
      node: opts.ws ?? (opts.bin ?? process.env.BDES_NODE_BIN),
      nodeArgs: node.args,
      database: node.database ?? opts.database ?? 'unknown',
      blockTimeMs: node.blockTimeMs,
      runtime: `${version.specName.toString()} ${version.specVersion.toNumber()}`,
      accounts: n,
      placeLimitArgs: api.tx.orderBook.placeLimit.meta.args.map((a) => a.name.toString()),
      limits: { refTimeMs: Number(ctx.limits.refTime) / 1e9, proofKiB: Number(ctx.limits.proofSize) / 1024, lengthKiB: Number(ctx.limits.length) / 1024 },
      dbWeight: api.consts.system.dbWeight.toJSON(),
      baseExtrinsicUs: us(api.consts.system.blockWeights.perClass.normal.baseExtrinsic.refTime.toBigInt()),
      short,
      depth: ctx.depth,
      plan,
    };
    log(`# runtime ${meta.runtime}; ${n} accounts; normal class ${meta.limits.refTimeMs} ms ref_time, ${meta.limits.proofKiB} KiB proof, ${meta.limits.lengthKiB} KiB; placeLimit(${meta.placeLimitArgs.join(', ')}); scenarios ${plan.join(' ')}`);
    await setupFunds(ctx, plan.some((k) => RIGHTS.includes(k)));
    const results = [];
    for (const key of plan) {
      const s = SCENARIOS[key];
      const t0 = Date.now();
      const items = await s.items.call(s, ctx);
      log(`# ${s.label ?? s.call}: ${items.length} extrinsics from ${new Set(items.map((x) => x.signer.address)).size} accounts (set up in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      const run = await runBatch(ctx, key, items, { measure: true, quiet: !!opts.quiet, align: true });
      if (key === 'rest') ctx.state.resting = run.ok;
      s.after?.(ctx, run);
      const checked = s.check?.(ctx, run);
      // Runs a scenario measured on the way (the motion's proposals and votes) come first.
      for (const extra of ctx.extra.splice(0)) results.push(summarise(ctx, extra, extra.run));
      const summary = summarise(ctx, { key, call: s.label ?? s.call, note: [s.note, checked].filter(Boolean).join('; ') }, run);
      results.push(summary);
      const f = summary.fullest;
      log(`# ${summary.call}: ${run.ok}/${run.submitted} ok${run.failed ? `, failed ${JSON.stringify(run.errors)}` : ''}${run.missing ? `, ${run.missing} never included` : ''}${Object.keys(run.rejected).length ? `, rejected ${JSON.stringify(run.rejected)}` : ''}; per block ${summary.perBlock.join(' ')}; fullest ${f?.count} (${f?.refPct.toFixed(1)}% ref_time, ${f?.proofPct.toFixed(1)}% proof${f?.end ? `, ${f.end}` : ''}); ${summary.note || ''}`);
    }
    meta.wallSecs = (Date.now() - started) / 1000;
    // Block intervals seen (consecutive blocks only): the block time the run really had.
    const seen = [...BlockFollower.arrivals.entries()].sort((a, b) => a[0] - b[0]);
    const gaps = [];
    for (let i = 1; i < seen.length; i++) if (seen[i][0] === seen[i - 1][0] + 1) gaps.push(seen[i][1] - seen[i - 1][1]);
    gaps.sort((a, b) => a - b);
    meta.observedBlockMs = gaps.length ? { median: gaps[gaps.length >> 1], max: gaps[gaps.length - 1], blocks: gaps.length + 1 } : null;
    return { meta, results };
  } finally {
    await node.stop();
  }
}

const fmt = (v, digits = 0) => (v == null ? '-' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** The report as a markdown table, with the figures it is read with. */
export function markdownTable({ meta, results }) {
  const lines = [
    `Dev node (\`bdes-node ${meta.nodeArgs.join(' ')}\`, ${meta.blockTimeMs ? `${meta.blockTimeMs / 1000} s blocks (the --dev default)` : 'block time of the running node'}${meta.observedBlockMs ? `, blocks arrived ${(meta.observedBlockMs.median / 1000).toFixed(1)} s apart (median; longest ${(meta.observedBlockMs.max / 1000).toFixed(1)} s, ${meta.observedBlockMs.blocks} blocks)` : ''}, database ${meta.database}), runtime ${meta.runtime}, ${meta.accounts} accounts; a block's normal class: ${fmt(meta.limits.refTimeMs)} ms ref_time, ${fmt(meta.limits.proofKiB)} KiB proof, ${fmt(meta.limits.lengthKiB)} KiB length. Charged: what CheckWeight counts before dispatch (declared weight and the ${fmt(meta.baseExtrinsicUs)} µs base extrinsic); actual: ExtrinsicSuccess's weight after refunds and proof reclaim (the mean in the fullest block; the proof a call adds to what the block's earlier calls already proved). Block ref_time and proof: system.blockWeight's class of the call (normal but for council.close; the extrinsics' length counts as proof there); storage proof: what the node recorded building the block; fill: the block's fullest dimension against its class's limit.`,
    '',
    `| call | extrinsics (ok) | in the fullest block | a second${meta.blockTimeMs ? ` (${meta.blockTimeMs / 1000} s blocks)` : ''} | per block | charged µs | actual µs | charged proof B | actual proof B | length B | block ref_time ms | block proof KiB | storage proof KiB (node) | fill | builder stopped |`,
    '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const f = r.fullest ?? {};
    const dims = [['ref_time', f.refPct ?? 0], ['proof', f.proofPct ?? 0], ['length', f.lengthPct ?? 0]].sort((a, b) => b[1] - a[1]);
    const perSecond = meta.blockTimeMs && f.count ? f.count / (meta.blockTimeMs / 1000) : null;
    lines.push(`| ${r.call} | ${fmt(r.submitted)} (${fmt(r.ok)}) | ${fmt(f.count)} | ${fmt(perSecond)} | ${r.perBlock.join(', ')} | ${fmt(r.chargedUs)} | ${fmt(f.actualUs)} | ${fmt(r.chargedProof)} | ${fmt(f.actualProof)} | ${fmt(r.len)} | ${fmt(f.refTimeMs)} | ${fmt(f.proofKiB)} | ${fmt(f.povKiB)} | ${fmt(dims[0][1], 1)}% ${dims[0][0]} | ${f.end ?? '-'} |`);
  }
  const notes = results.filter((r) => r.note || r.failed || r.missing);
  if (notes.length) {
    lines.push('');
    for (const r of notes) {
      const parts = [r.note];
      if (r.failed) parts.push(`failed: ${JSON.stringify(r.errors)}`);
      if (r.missing) parts.push(`${r.missing} never included`);
      lines.push(`- ${r.call}: ${parts.filter(Boolean).join('; ')}`);
    }
  }
  return lines.join('\n');
}

function parseArgs(argv) {
  const opts = { database: process.env.BDES_DB || undefined, short: !!process.env.BDES_THROUGHPUT_SHORT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === '--short') opts.short = true;
    else if (a === '--only') opts.only = value().split(',').filter(Boolean);
    else if (a === '--accounts') opts.accounts = Number(value());
    else if (a === '--assets') opts.assets = Number(value());
    else if (a === '--scale') opts.scale = Number(value());
    else if (a === '--database') opts.database = value();
    else if (a === '--vouchers') opts.vouchers = Number(value());
    else if (a === '--depth') opts.depth = Number(value());
    else if (a === '--ws') opts.ws = value();
    else if (a === '--json') opts.json = value();
    else if (a === '--count') { const [k, v] = value().split('='); (opts.counts ??= {})[k] = Number(v); }
    else if (a === '--quiet') opts.quiet = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const opts = parseArgs(process.argv.slice(2));
  const report = await runThroughput(opts);
  console.log(`\n${markdownTable(report)}\n`);
  console.log(`# ${report.meta.wallSecs.toFixed(0)} s in all`);
  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify(report, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 1));
    console.log(`# figures in ${opts.json}`);
  }
  process.exit(0);
}
