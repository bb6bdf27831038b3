// End to end, with @polkadot/api on the dev chain (bdes-node --dev, or the runtime in
// chopsticks): Bob lists a dataset and issues its revenue shares; the Council opens a market
// for the share token by motion; Bob and Charlie trade it through the order book; Bob sells the
// dataset's ownership NFT at a fixed price (fee to the reserve pool, dividends to the share
// holders); Dave auctions an NFT to three bidders and the auction settles by itself at its end
// with the refunds and the fee right.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { startTarget } from '../lib/target.mjs';
import { councilMotion, nonceFromState, send, waitFor } from '../lib/tx.mjs';

const BDES = 100_000n;
const palletAccount = (id) => encodeAddress(u8aConcat(stringToU8a(`modl${id}`), new Uint8Array(32 - 4 - id.length)), 42);
const RESERVE_POOL = palletAccount('bd/resrv');
const SHARE_ASSET_ID_BASE = 2 ** 31;

let target;
let api;
let keys;
let asset;
let share;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  keys = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve'].map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  target = await startTarget();
  api = target.api;
  nonceFromState(api);
}, { timeout: 600_000 });

after(async () => {
  await target?.stop();
});

const free = async (who) => (await api.query.system.account(who)).data.free.toBigInt();
const units = async (who) => {
  const account = await api.query.assets.account(share, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};
const heldFor = async (who, reason) => {
  const holds = await api.query.balances.holds(who);
  return holds
    .filter((h) => JSON.stringify(h.id.toJSON()) === JSON.stringify(reason))
    .reduce((sum, h) => sum + h.amount.toBigInt(), 0n);
};
const bidHeld = (who) => heldFor(who, { nftMarket: 'Bid' });
const eventOf = (events, section, method) => events.find(({ event }) => event.section === section && event.method === method)?.event;

test('Bob lists a dataset and issues its revenue shares; the Council opens a market for them', { timeout: 600_000 }, async () => {
  const { alice, bob } = keys;
  asset = (await api.query.dataAssets.nextAssetId()).toNumber();
  await send(api.tx.dataAssets.submit(
    { title: 'Sentinel-2 tiles, Bavaria', description: '', category: 'Satellite', tags: [], format: 'image/tiff', coverage: { start: 0, end: 0 }, source: '' },
    { cid: 'QmaML4RjGhTSKCk3ptb4XkUvRfKPaNKbJTXdNNHEGUgWm3', digest: `0x${'07'.repeat(32)}`, size: 5 * 1024 * 1024 },
  ), bob);
  await councilMotion(api, api.tx.dataAssets.approve(asset), alice, bob);
  await send(api.tx.revenueShares.issue(asset, 1_000_000, 'Bavaria tiles', 'BAVT', 2), bob);
  share = SHARE_ASSET_ID_BASE + asset;
  assert.equal(await units(bob.address), 1_000_000n);

  // Lots of 100 units, prices in steps of 0.01 BDES a lot; maker 0.1%, taker 0.2%.
  const market = (await api.query.orderBook.nextMarketId()).toNumber();
  const params = { minOrder: 100, makerFee: 1_000, takerFee: 2_000, maxLifetime: 1_000, minInterval: 0, participation: 'Open' };
  await assert.rejects(send(api.tx.orderBook.createMarket(share, BDES / 100n, 100, params), bob), /BadOrigin/);
  await councilMotion(api, api.tx.orderBook.createMarket(share, BDES / 100n, 100, params), alice, bob);
  const stored = (await api.call.orderBookApi.market(market)).unwrap();
  assert.equal(stored.base.toNumber(), share);
  assert.equal(market, 0);
});

test('Bob and Charlie trade the share token through the order book', { timeout: 600_000 }, async () => {
  const { bob, charlie } = keys;
  // Bob asks 1 BDES a lot for 10,000 units (100 lots): they move to escrow.
  await send(api.tx.orderBook.placeLimit(0, 'Sell', BDES, 10_000, null, 8), bob);
  assert.equal(await units(bob.address), 990_000n);
  const depth = await api.call.orderBookApi.depth(0, 5);
  assert.equal(depth.asks[0].price.toBigInt(), BDES);
  assert.equal(depth.asks[0].amount.toBigInt(), 10_000n);

  // Charlie bids up to 1.2 BDES for 4,000 units: he trades at Bob's 1 BDES.
  const [bobBefore, poolBefore] = [await free(bob.address), await free(RESERVE_POOL)];
  const events = await send(api.tx.orderBook.placeLimit(0, 'Buy', 120_000n, 4_000, null, 8), charlie);
  const traded = eventOf(events, 'orderBook', 'Traded');
  assert.ok(traded, 'a trade happened');
  assert.equal(traded.data.price.toBigInt(), BDES, 'at the resting price');
  assert.equal(traded.data.amount.toBigInt(), 4_000n);
  // 40 lots = 40 BDES: Bob gets it less 0.1%; the pool gets 0.1% + 0.2% (and Charlie's tx fee).
  assert.equal(await units(charlie.address), 4_000n);
  assert.equal(await free(bob.address) - bobBefore, 40n * BDES - 4n * BDES / 100n);
  assert.ok(await free(RESERVE_POOL) - poolBefore >= 12n * BDES / 100n);
  const after = await api.call.orderBookApi.depth(0, 5);
  assert.equal(after.asks[0].amount.toBigInt(), 6_000n);
  assert.equal(after.bids.length, 0, 'Charlie was filled completely');
  const trades = await api.call.orderBookApi.recentTrades(0, 10);
  assert.equal(trades.length, 1);
  assert.equal(trades[0].taker.toString(), charlie.address);

  // Bob cancels the rest: his units come back from escrow.
  const [orders] = [await api.call.orderBookApi.openOrders(bob.address)];
  assert.equal(orders.length, 1);
  await send(api.tx.orderBook.cancel(orders[0][0]), bob);
  assert.equal(await units(bob.address), 996_000n);
});

test("Bob sells the dataset's ownership NFT at a fixed price: fee to the pool, dividends to the share holders", { timeout: 600_000 }, async () => {
  const { bob, dave } = keys;
  const collection = (await api.query.dataAssets.ownershipCollection()).unwrap().toNumber();
  const price = 500n * BDES;
  await send(api.tx.nftMarket.list(collection, asset, price), bob);
  // Locked while for sale: the NFT pallet refuses to move it.
  await assert.rejects(send(api.tx.nfts.transfer(collection, asset, dave.address), bob), /ItemLocked/);
  const claimable = (await api.call.revenueSharesApi.claimable(asset, bob.address)).toBigInt();
  const [bobBefore, poolBefore] = [await free(bob.address), await free(RESERVE_POOL)];
  await assert.rejects(send(api.tx.nftMarket.buy(collection, asset, price - 1n), dave), /PriceAboveLimit/);
  const events = await send(api.tx.nftMarket.buy(collection, asset, price), dave);
  const sold = eventOf(events, 'nftMarket', 'Sold');
  assert.equal(sold.data.proceeds.fee.toBigInt(), 10n * BDES, '2% protocol fee');
  assert.equal(sold.data.proceeds.dividends.toBigInt(), 25n * BDES, '5% to the dividend pool');
  assert.equal(sold.data.proceeds.seller.toBigInt(), 465n * BDES);
  assert.equal((await api.query.nfts.item(collection, asset)).unwrap().owner.toString(), dave.address);
  const deposit = (await api.consts.nftMarket.saleDeposit).toBigInt();
  assert.equal(await free(bob.address) - bobBefore, 465n * BDES + deposit);
  assert.ok(await free(RESERVE_POOL) - poolBefore >= 10n * BDES);
  // Bob's locked 51% are the only staked shares: the 25 BDES are his to claim (the dividend
  // accumulator carries what does not divide evenly: at most one unit less now).
  const dividends = (await api.call.revenueSharesApi.claimable(asset, bob.address)).toBigInt() - claimable;
  assert.ok(25n * BDES - dividends <= 1n, `dividends ${dividends}`);
});

test('an auction with three bidders settles by itself with the refunds and the fee right', { timeout: 900_000 }, async () => {
  // Dave sells (not Alice: as the dev collator she earns every block).
  const { bob, charlie, dave, eve } = keys;
  const collection = (await api.query.nfts.nextCollectionId()).unwrap().toNumber();
  await send(api.tx.nfts.create(dave.address, { settings: 0, maxSupply: null, mintSettings: { mintType: 'Issuer', price: null, startBlock: null, endBlock: null, defaultItemSettings: 0 } }), dave);
  await send(api.tx.nfts.mint(collection, 1, dave.address, null), dave);
  const duration = api.consts.nftMarket.minDuration.toNumber();
  const events = await send(api.tx.nftMarket.createAuction(collection, 1, { startPrice: 10n * BDES, minIncrement: BDES, duration, reserve: null }), dave);
  const auction = eventOf(events, 'nftMarket', 'AuctionCreated').data.auction.toNumber();
  const daveAfterCreate = await free(dave.address);

  await send(api.tx.nftMarket.bid(auction, 10n * BDES), bob);
  const bobAfterBid = await free(bob.address);
  assert.equal(await bidHeld(bob.address), 10n * BDES);
  await assert.rejects(send(api.tx.nftMarket.bid(auction, 10n * BDES + BDES / 2n), charlie), /BidTooLow/);
  await send(api.tx.nftMarket.bid(auction, 12n * BDES), charlie);
  // Bob is released at once.
  assert.equal(await bidHeld(bob.address), 0n);
  assert.equal(await free(bob.address), bobAfterBid + 10n * BDES);
  const charlieAfterBid = await free(charlie.address);
  await send(api.tx.nftMarket.bid(auction, 15n * BDES), eve);
  assert.equal(await bidHeld(charlie.address), 0n);
  assert.equal(await free(charlie.address), charlieAfterBid + 12n * BDES);
  assert.equal(await bidHeld(eve.address), 15n * BDES);
  const poolBefore = await free(RESERVE_POOL);
  const end = (await api.query.nftMarket.auctions(auction)).unwrap().end.toNumber();

  // Nobody calls settle: the chain settles the auction in the block it ends.
  let settled;
  const unsubscribe = await api.query.system.events((records) => {
    const found = records.find(({ event }) => event.section === 'nftMarket' && event.method === 'AuctionSettled' && event.data.auction.toNumber() === auction);
    if (found) settled = found.event;
  });
  try {
    await waitFor('the auction to settle by itself', async () => {
      await target.newBlock();
      return (await api.query.nftMarket.auctions(auction)).isNone;
    }, 600_000, () => `; end ${end}`);
    await waitFor('the settlement event', async () => settled, 30_000);
  } finally {
    unsubscribe();
  }
  assert.ok((await api.query.system.number()).toNumber() >= end);
  assert.equal(settled.data.winner.toString(), eve.address);
  assert.equal(settled.data.price.toBigInt(), 15n * BDES);
  assert.equal(settled.data.proceeds.fee.toBigInt(), 3n * BDES / 10n, '2% to the reserve pool');
  assert.equal(settled.data.proceeds.seller.toBigInt(), 15n * BDES - 3n * BDES / 10n);
  assert.equal((await api.query.nfts.item(collection, 1)).unwrap().owner.toString(), eve.address);
  assert.equal(await bidHeld(eve.address), 0n);
  // The winning bid less the fee, and the deposit, to Dave; the others keep their refunds.
  const deposit = (await api.consts.nftMarket.auctionDeposit).toBigInt();
  assert.equal(await free(dave.address) - daveAfterCreate, 15n * BDES - 3n * BDES / 10n + deposit);
  assert.ok(await free(RESERVE_POOL) - poolBefore >= 3n * BDES / 10n);
  assert.equal(await free(bob.address), bobAfterBid + 10n * BDES);
  assert.equal(await free(charlie.address), charlieAfterBid + 12n * BDES);
});
