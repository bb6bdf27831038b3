// Trading on a development chain with @polkadot/api, as Polkadot.js Apps would (Developer →
// Extrinsics): the order book, fixed-price NFT sales and auctions. Prices are in BDES ("1.5"),
// amounts of a traded asset in its units.
//
//   node e2e/scripts/market.mjs //Bob sell 0 1 10000          # limit: 10,000 units at 1 BDES a lot
//   node e2e/scripts/market.mjs //Charlie buy 0 1.2 4000      # limit: trades at the resting prices
//   node e2e/scripts/market.mjs //Charlie market-buy 0 100    # immediate-or-cancel, any price
//   node e2e/scripts/market.mjs book 0                        # depth, best first
//   node e2e/scripts/market.mjs trades 0                      # recent trades, newest first
//   node e2e/scripts/market.mjs orders //Bob                  # open orders
//   node e2e/scripts/market.mjs //Bob cancel 3
//   node e2e/scripts/market.mjs //Bob list COLLECTION ITEM 500        # fixed-price sale
//   node e2e/scripts/market.mjs //Dave buy-nft COLLECTION ITEM 500    # pays up to 500 BDES
//   node e2e/scripts/market.mjs //Dave mint-nft               # a new collection with item 1
//   node e2e/scripts/market.mjs owner COLLECTION ITEM         # who holds an NFT
//   node e2e/scripts/market.mjs //Dave auction COLLECTION ITEM 10 1 10 [RESERVE]
//                                   # start 10 BDES, increment 1 BDES, 10 blocks
//   node e2e/scripts/market.mjs //Eve bid AUCTION 15
//   node e2e/scripts/market.mjs auction AUCTION               # state (gone once settled)
//   BDES_URL=ws://127.0.0.1:9944 (default)
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const BDES = 100_000n;
// Matching steps (fills) a placement may make, 1 to the chain's MaxFills: what it is charged for
// before dispatch, the unused part refunded.
const MAX_FILLS = 8;
const bdes = (text) => {
  const [whole, frac = ''] = String(text).split('.');
  return BigInt(whole || '0') * BDES + BigInt((frac + '00000').slice(0, 5));
};
const show = (plancks) => {
  const v = BigInt(plancks);
  return `${v / BDES}.${String(v % BDES).padStart(5, '0')} BDES`;
};

let args = process.argv.slice(2);
const suri = args[0]?.startsWith('//') ? args.shift() : null;
const [command, ...rest] = args;

await cryptoWaitReady();
const api = await ApiPromise.create({ provider: new WsProvider(process.env.BDES_URL || 'ws://127.0.0.1:9944'), noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const signer = suri ? keyring.addFromUri(suri) : null;

function send(tx) {
  if (!signer) throw new Error(`${command} needs a signer: market.mjs //Name ${command} ...`);
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError, events }) => {
      if (status.isInBlock || status.isFinalized) {
        if (dispatchError) {
          const error = dispatchError.isModule ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule)) : dispatchError.toString();
          reject(new Error(`refused: ${error}`));
        } else resolve(events);
      } else if (status.isDropped || status.isInvalid) reject(new Error(`transaction ${status.type}`));
    }).catch(reject);
  });
}

function print(events) {
  for (const { event } of events) {
    if (['orderBook', 'nftMarket'].includes(event.section)) console.log(`${event.section}.${event.method} ${JSON.stringify(event.data.toHuman())}`);
  }
}

try {
  switch (command) {
    case 'buy':
    case 'sell': {
      const [market, price, amount, expiry] = rest;
      print(await send(api.tx.orderBook.placeLimit(market, command === 'buy' ? 'Buy' : 'Sell', bdes(price), amount, expiry ?? null, MAX_FILLS)));
      break;
    }
    case 'market-buy':
    case 'market-sell': {
      const [market, amount, limit] = rest;
      print(await send(api.tx.orderBook.placeMarket(market, command === 'market-buy' ? 'Buy' : 'Sell', amount, limit ? bdes(limit) : null, MAX_FILLS)));
      break;
    }
    case 'cancel':
      print(await send(api.tx.orderBook.cancel(rest[0])));
      break;
    case 'book': {
      const depth = await api.call.orderBookApi.depth(rest[0], 10);
      for (const level of [...depth.asks].reverse()) console.log(`ask ${show(level.price)}  ${level.amount} units  (${level.orders} orders)`);
      for (const level of depth.bids) console.log(`bid ${show(level.price)}  ${level.amount} units  (${level.orders} orders)`);
      break;
    }
    case 'trades':
      for (const t of await api.call.orderBookApi.recentTrades(rest[0], 20)) {
        console.log(`#${t.block} ${t.takerSide} ${t.amount} units at ${show(t.price)} (maker ${t.maker}, taker ${t.taker})`);
      }
      break;
    case 'orders': {
      const who = keyring.addFromUri(rest[0] ?? suri).address;
      for (const [id, o] of await api.call.orderBookApi.openOrders(who)) {
        console.log(`order ${id}: market ${o.market} ${o.side} ${o.remaining}/${o.amount} units, expires at #${o.expiry}`);
      }
      break;
    }
    case 'list': {
      const [collection, item, price] = rest;
      print(await send(api.tx.nftMarket.list(collection, item, bdes(price))));
      break;
    }
    case 'buy-nft': {
      const [collection, item, maxPrice] = rest;
      print(await send(api.tx.nftMarket.buy(collection, item, bdes(maxPrice))));
      break;
    }
    case 'auction': {
      if (rest.length === 1) {
        const auction = await api.query.nftMarket.auctions(rest[0]);
        console.log(auction.isSome ? JSON.stringify(auction.unwrap().toHuman(), null, 2) : 'settled (or unknown)');
        break;
      }
      const [collection, item, start, increment, duration, reserve] = rest;
      print(await send(api.tx.nftMarket.createAuction(collection, item, {
        startPrice: bdes(start), minIncrement: bdes(increment), duration, reserve: reserve ? bdes(reserve) : null,
      })));
      break;
    }
    case 'mint-nft': {
      const collection = (await api.query.nfts.nextCollectionId()).unwrapOr(0).toString();
      await send(api.tx.nfts.create(signer.address, {
        settings: 0, maxSupply: null,
        mintSettings: { mintType: 'Issuer', price: null, startBlock: null, endBlock: null, defaultItemSettings: 0 },
      }));
      await send(api.tx.nfts.mint(collection, 1, signer.address, null));
      console.log(`minted collection ${collection}, item 1, to ${signer.address}`);
      break;
    }
    case 'owner': {
      const item = await api.query.nfts.item(rest[0], rest[1]);
      console.log(item.isSome ? item.unwrap().owner.toString() : 'no such NFT');
      break;
    }
    case 'bid':
      print(await send(api.tx.nftMarket.bid(rest[0], bdes(rest[1]))));
      break;
    default:
      console.error('usage: see the comment at the top of e2e/scripts/market.mjs');
      process.exitCode = 2;
  }
} catch (e) {
  console.error(e.message);
  process.exitCode = 5;
} finally {
  await api.disconnect();
}
