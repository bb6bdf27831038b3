// A Council majority motion on a development chain, as Polkadot.js Apps would make it
// (Governance → Council → Propose motion, then vote and close): Alice proposes, Alice and Bob
// vote aye (2 of the 3 dev councillors), Alice closes.
//
//   node e2e/scripts/council-motion.mjs approve 0        # DataAssets.approve(0)
//   node e2e/scripts/council-motion.mjs reject 3
//   node e2e/scripts/council-motion.mjs rate 0 90 85 80 75 95
//   node e2e/scripts/council-motion.mjs suspend|restore|delist 0
//   node e2e/scripts/council-motion.mjs create-market 2147483648 0.01 100
//       # OrderBook.create_market(asset, tick 0.01 BDES a lot, lot 100 units): minimum order one
//       # lot, maker 0.1%, taker 0.2%, orders live up to 14,400 blocks (a day), open to all
//   BDES_URL=ws://127.0.0.1:9944 (default)
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const [action, id, ...scores] = process.argv.slice(2);
const actions = ['approve', 'reject', 'rate', 'suspend', 'restore', 'delist', 'create-market'];
if (!actions.includes(action) || id === undefined) {
  console.error(`usage: council-motion.mjs ${actions.join('|')} ASSET_ID [5 scores for rate | TICK_BDES LOT for create-market]`);
  process.exit(2);
}
/** "1.25" BDES → plancks (5 decimals). */
const bdes = (text) => {
  const [whole, frac = ''] = String(text).split('.');
  return BigInt(whole || '0') * 100_000n + BigInt((frac + '00000').slice(0, 5));
};

await cryptoWaitReady();
const api = await ApiPromise.create({ provider: new WsProvider(process.env.BDES_URL || 'ws://127.0.0.1:9944'), noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const [alice, bob] = ['//Alice', '//Bob'].map((s) => keyring.addFromUri(s));

function send(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError, events }) => {
      if (status.isInBlock || status.isFinalized) {
        if (dispatchError) reject(new Error(dispatchError.toString()));
        else resolve({ events, block: status.isInBlock ? status.asInBlock : status.asFinalized });
      } else if (status.isDropped || status.isInvalid) reject(new Error(`transaction ${status.type}`));
    }).catch(reject);
  });
}

const call = action === 'rate'
  ? api.tx.dataAssets.rate(id, {
      sourceCredibility: scores[0], coveragePeriod: scores[1], coverageRange: scores[2],
      timeliness: scores[3], accessEfficiency: scores[4],
    })
  : action === 'create-market'
    ? api.tx.orderBook.createMarket(id, bdes(scores[0] ?? '0.01'), scores[1] ?? 100, {
        minOrder: scores[1] ?? 100, makerFee: 1_000, takerFee: 2_000, maxLifetime: 14_400,
        minInterval: 0, participation: 'Open',
      })
    : api.tx.dataAssets[action](id);
const index = (await api.query.council.proposalCount()).toNumber();
console.log(`motion #${index}: ${call.method.section}.${call.method.method}(${[id, ...scores].join(', ')})`);
await send(api.tx.council.propose(2, call, call.length), alice);
await send(api.tx.council.vote(call.method.hash, index, true), alice);
await send(api.tx.council.vote(call.method.hash, index, true), bob);
const { events, block } = await send(
  api.tx.council.close(call.method.hash, index, { refTime: 50_000_000_000n, proofSize: 2_000_000n }, call.length),
  alice,
);
const executed = events.find(({ event }) => event.section === 'council' && event.method === 'Executed');
const result = executed?.event.data.result;
if (!result?.isOk) {
  console.error(`the motion closed in ${block.toHex()} but its call failed: ${result ? JSON.stringify(result.toHuman()) : 'not executed'}`);
  process.exit(5);
}
console.log(`executed in block ${block.toHex()}`);
await api.disconnect();
