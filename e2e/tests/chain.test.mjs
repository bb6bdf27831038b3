// End to end: a real chain (bdes-node --dev, or the runtime in chopsticks), reached with
// @polkadot/api exactly as Polkadot.js Apps reaches it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { startTarget } from '../lib/target.mjs';

const BDES = 100_000n;
const TOTAL_ISSUANCE = 5_000_000_000n * BDES;

// Account of a `PalletId`: "modl" ++ id, zero-padded to 32 bytes.
const palletAccount = (id) => encodeAddress(u8aConcat(stringToU8a(`modl${id}`), new Uint8Array(32 - 4 - id.length)), 42);
const RESERVE_POOL = palletAccount('bd/resrv');
const COLLATOR_POT = palletAccount('bd/colrw');

let target;
let api;
let keyring;

before(async () => {
  await cryptoWaitReady();
  target = await startTarget();
  api = target.api;
  keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
});

after(async () => {
  await target?.stop();
});

const free = async (at, who) => (await at.query.system.account(who)).data.free.toBigInt();

/** Signs and sends `tx`, resolving with the block that included it and the tx's events. */
function sendAndInclude(tx, signer) {
  return new Promise((resolve, reject) => {
    let unsub;
    const timer = setTimeout(() => reject(new Error('not included within 120 s')), 120_000);
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      // The dev node finalises each block at once, so the pool may report Finalized straight away.
      if (status.isInBlock || status.isFinalized) {
        clearTimeout(timer);
        unsub?.();
        const blockHash = status.isInBlock ? status.asInBlock : status.asFinalized;
        if (dispatchError) reject(new Error(`dispatch failed: ${dispatchError.toString()}`));
        else resolve({ blockHash, events });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        clearTimeout(timer);
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
      }
    })
      .then((u) => (unsub = u))
      .catch((e) => {
        clearTimeout(timer);
        reject(e);
      });
    // chopsticks builds the block as soon as the transaction arrives (Instant mode).
  });
}

test('the chain presents itself as BDES with 5 decimals', async () => {
  const props = await api.rpc.system.properties();
  assert.deepEqual(props.tokenSymbol.unwrap().map(String), ['BDES']);
  assert.deepEqual(props.tokenDecimals.unwrap().map((d) => d.toNumber()), [5]);
  assert.equal(props.ss58Format.unwrap().toNumber(), 42);
  // What Polkadot.js Apps formats balances with.
  assert.deepEqual(api.registry.chainTokens, ['BDES']);
  assert.deepEqual(api.registry.chainDecimals, [5]);
  assert.equal(api.runtimeVersion.specName.toString(), 'bdes');
});

test('total issuance is exactly 5,000,000,000 BDES', async () => {
  assert.equal((await api.query.balances.totalIssuance()).toBigInt(), TOTAL_ISSUANCE);
});

test('a transferKeepAlive is included, its fee lands in the reserve pool, issuance unchanged', async () => {
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob').address;
  const amount = 12_345n * BDES;

  const { blockHash, events } = await sendAndInclude(api.tx.balances.transferKeepAlive(bob, amount), alice);
  const header = await api.rpc.chain.getHeader(blockHash);
  const before = await api.at(header.parentHash);
  const after = await api.at(blockHash);

  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)), 'ExtrinsicSuccess');
  const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  assert.ok(feeEvent, 'TransactionFeePaid emitted');
  const fee = feeEvent.event.data.actualFee.toBigInt() + feeEvent.event.data.tip.toBigInt();
  assert.ok(fee > 0n, 'the transfer paid a fee');

  // The block's author may be Alice herself: count the reward she got in the same block.
  const blockEvents = await after.query.system.events();
  const rewardToAlice = blockEvents
    .filter(({ event }) => api.events.collatorRewards.CollatorRewarded.is(event) && event.data.author.toString() === alice.address)
    .reduce((sum, { event }) => sum + event.data.amount.toBigInt(), 0n);

  assert.equal(await free(after, bob), (await free(before, bob)) + amount, 'Bob received the amount');
  assert.equal(
    await free(after, alice.address),
    (await free(before, alice.address)) - amount - fee + rewardToAlice,
    'Alice paid the amount and the fee',
  );
  assert.equal(await free(after, RESERVE_POOL), (await free(before, RESERVE_POOL)) + fee, 'the fee is in the reserve pool');
  assert.equal((await after.query.balances.totalIssuance()).toBigInt(), TOTAL_ISSUANCE, 'issuance unchanged');
});

test('blocks keep coming, and each pays its author from the pot without minting', async () => {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const potStart = await free(api, COLLATOR_POT);
  const deadline = Date.now() + 60_000;
  let now = start;
  while (now < start + 2 && Date.now() < deadline) {
    await target.newBlock();
    await new Promise((r) => setTimeout(r, target.mode === 'node' ? 1000 : 100));
    now = (await api.rpc.chain.getHeader()).number.toNumber();
  }
  assert.ok(now >= start + 2, `chain advanced from #${start} to #${now}`);

  const latest = await api.at(await api.rpc.chain.getBlockHash(now));
  const rewards = (await latest.query.system.events()).filter(({ event }) => api.events.collatorRewards.CollatorRewarded.is(event));
  assert.equal(rewards.length, 1, 'one reward in the block');
  assert.equal(rewards[0].event.data.amount.toBigInt(), api.consts.collatorRewards.rewardPerBlock.toBigInt());
  assert.ok((await free(latest, COLLATOR_POT)) < potStart, 'the pot paid');
  assert.equal((await latest.query.balances.totalIssuance()).toBigInt(), TOTAL_ISSUANCE, 'issuance unchanged');
});

test('the node keeps its chain in ParityDB, the database the runtime\'s weights are for', (t) => {
  if (target.mode !== 'node') return t.skip('chopsticks has no database');
  // sc-cli logs the database it opened; without `--database` the node must choose ParityDB.
  const line = target.log().split('\n').find((l) => l.includes('Database:'));
  assert.ok(line, 'the node logs the database it opened');
  assert.match(line, /Database: ParityDb at /);
});
