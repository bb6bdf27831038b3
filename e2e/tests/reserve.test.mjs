// End to end, on bdes-node --dev (issue 18): the reserve pool's settlement period, shortened
// to 10 blocks through sudo, passes; the Council sets the shares by a motion made with the
// CLI; the pool earns 1,000,000 BDES; the next settlement's statement in storage adds up to its
// pot (what the pool earned), and matches the balances: each councillor and the block producer
// are paid their stipends exactly, the pool loses exactly what it paid and holds the locked
// rest; `bdes reserve statement` shows the same.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, xxhashAsHex } from '@polkadot/util-crypto';
import { startTarget } from '../lib/target.mjs';
import { send, waitFor } from '../lib/tx.mjs';

const onNode = (process.env.BDES_E2E_TARGET || 'node') === 'node' && process.env.BDES_NODE_BIN;
const cliBin = process.env.BDES_CLI_BIN;
const skip = !onNode ? 'needs bdes-node (a settlement period passes on the node\'s blocks)' : !cliBin ? 'BDES_CLI_BIN is not set' : false;
if (skip) console.log(`# reserve e2e skipped: ${skip}`);

const BDES = 100_000n;
const PERIOD = 10;
const palletAccount = (id) => encodeAddress(u8aConcat(stringToU8a(`modl${id}`), new Uint8Array(32 - 4 - id.length)), 42);
const POOL = palletAccount('bd/resrv');

let target;
let api;
let keys;
const settled = []; // { block, hash, period, statement, events }

before(async () => {
  if (skip) return;
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  keys = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave'].map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  target = await startTarget();
  api = target.api;
  await api.rpc.chain.subscribeNewHeads(async (header) => {
    const at = await api.at(header.hash);
    const records = await at.query.system.events();
    const done = records.find(({ event }) => event.section === 'reservePool' && event.method === 'PeriodSettled');
    if (done) {
      settled.push({ block: header.number.toNumber(), hash: header.hash, period: done.event.data.period.toNumber(), statement: done.event.data.statement, events: records });
    }
  });
}, { timeout: 300_000 });

after(async () => {
  await target?.stop();
});

/** Runs the CLI as `suri`; resolves with its JSON output. */
function bdes(args, suri) {
  return new Promise((resolve, reject) => {
    execFile(cliBin, ['--url', target.endpoint, '--suri', suri, '--json', ...args], { timeout: 120_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`bdes ${args.join(' ')}: ${stderr}`)) : resolve(JSON.parse(stdout))));
  });
}

test('a settlement period passes: the statement adds up to the pot and matches the balances', { skip, timeout: 600_000 }, async () => {
  const { alice, dave } = keys;
  // A settlement period of 10 blocks (a week on a live chain); the pool gets 1,000,000 BDES.
  const key = xxhashAsHex(':ReservePeriod:', 128);
  await send(api.tx.sudo.sudo(api.tx.system.setStorage([[key, u8aToHex(api.createType('u32', PERIOD).toU8a())]])), alice);
  // The Council's shares: 20% to its three members, 30% to the producers, the rest locked,
  // by a motion made with the CLI: Alice proposes, Alice and Bob vote, Charlie closes.
  const motion = await bdes(['reserve', 'shares', '--council', '20', '--collators', '30'], '//Alice');
  const proposal = (await api.query.council.proposalOf(motion.hash)).unwrap();
  assert.equal(`${proposal.section}.${proposal.method}`, 'reservePool.setShares');
  await bdes(['council', 'vote', String(motion.index)], '//Alice');
  await bdes(['council', 'vote', String(motion.index)], '//Bob');
  await bdes(['council', 'close', String(motion.index)], '//Charlie');
  const shares = (await api.query.reservePool.shares()).toJSON();
  assert.deepEqual(shares, { council: 200_000, collators: 300_000, candidates: 0 });
  // The pool earns 1,000,000 BDES (a settlement splits what the pool earned since the last).
  await send(api.tx.balances.transferKeepAlive(POOL, 1_000_000n * BDES), dave);
  const since = (await api.rpc.chain.getHeader()).number.toNumber();
  const s = await waitFor('a settlement with the Council\'s shares', async () => settled.find((x) => x.block > since), 120_000);
  const statement = (await (await api.at(s.hash)).query.reservePool.statements(s.period)).unwrap();
  assert.deepEqual(statement.toJSON(), s.statement.toJSON(), 'the stored statement is the event\'s');
  assert.equal(statement.shares.council.toNumber(), 200_000);
  const paid = [statement.council, statement.collators, statement.candidates].map((r) => r.paid.toBigInt());
  const pot = statement.pot.toBigInt();
  assert.equal(statement.unlocked.toBigInt(), 0n);
  assert.equal(paid.reduce((a, b) => a + b, 0n) + statement.locked.toBigInt(), pot, 'Σ paid + locked = the pot, to the unit');
  assert.ok(pot >= 1_000_000n * BDES, `the pot holds the transfer: ${pot}`);
  assert.equal(statement.council.recipients.toNumber(), 3);
  assert.equal(statement.collators.recipients.toNumber(), 1, 'Alice, the only producer');
  // Every block after the period's first, its own settlement block included (authorship notes
  // the author before the settlement runs), was Alice's.
  assert.equal(statement.blocks.toNumber(), statement.end.toNumber() - statement.start.toNumber());
  assert.equal(statement.council.paid.toBigInt(), 3n * ((pot * 200_000n / 1_000_000n) / 3n));
  assert.equal(statement.collators.paid.toBigInt(), pot * 300_000n / 1_000_000n, 'one producer takes the whole share');

  // Balances at the settlement block against its parent.
  const parent = (await api.rpc.chain.getHeader(s.hash)).parentHash;
  const [now, before] = [await api.at(s.hash), await api.at(parent)];
  const account = async (at, who) => (await at.query.system.account(who)).data;
  const stipends = s.events.filter(({ event }) => event.section === 'reservePool' && event.method === 'StipendPaid');
  const unpaid = s.events.filter(({ event }) => event.section === 'reservePool' && event.method === 'StipendUnpaid');
  assert.equal(unpaid.length, 0);
  const credited = (who) => s.events
    .filter(({ event }) => event.section === 'collatorRewards' && event.method === 'CollatorRewarded' && event.data.author.toString() === who)
    .reduce((sum, { event }) => sum + event.data.amount.toBigInt(), 0n);
  // A recipient may be paid twice (Alice is a councillor and the producer).
  const owed = new Map();
  for (const { event } of stipends) {
    const who = event.data.who.toString();
    owed.set(who, (owed.get(who) ?? 0n) + event.data.amount.toBigInt());
  }
  for (const [who, amount] of owed) {
    const gained = (await account(now, who)).free.toBigInt() - (await account(before, who)).free.toBigInt();
    // The producer's block reward (collator-rewards, unchanged) comes in the same block.
    assert.equal(gained, amount + credited(who), `${who}'s stipends as paid`);
  }
  assert.equal(stipends.filter(({ event }) => event.data.role.isCollator).length, 1);
  const councillors = stipends.filter(({ event }) => event.data.role.isCouncil).map(({ event }) => event.data.who.toString()).sort();
  assert.deepEqual(councillors, [keys.alice.address, keys.bob.address, keys.charlie.address].sort());
  // The pool lost what it paid (fees of the block's own transactions aside: there are none).
  const poolBefore = await account(before, POOL);
  const poolNow = await account(now, POOL);
  const total = (d) => d.free.toBigInt() + d.reserved.toBigInt();
  const fees = s.events.filter(({ event }) => event.section === 'balances' && event.method === 'Deposit' && event.data.who.toString() === POOL)
    .reduce((sum, { event }) => sum + event.data.amount.toBigInt(), 0n);
  assert.equal(total(poolBefore) - total(poolNow) + fees, paid.reduce((a, b) => a + b, 0n));
  // The rest is held in the pool as this period's tranche.
  const tranches = (await now.query.reservePool.tranches()).map((t) => t.amount.toBigInt() - t.released.toBigInt());
  const holds = await now.query.balances.holds(POOL);
  const held = holds.filter((h) => h.id.isReservePool).reduce((sum, h) => sum + h.amount.toBigInt(), 0n);
  assert.equal(held, tranches.reduce((a, b) => a + b, 0n));
  assert.ok(held >= statement.locked.toBigInt());
  // The CLI shows the same statement.
  const shown = await bdes(['reserve', 'statement', String(s.period)], '//Dave');
  assert.deepEqual([shown.pot, shown.locked, shown.council.paid], [pot.toString(), statement.locked.toBigInt().toString(), paid[0].toString()]);
  console.log(`# reserve: period ${s.period} settled in #${s.block}: pot ${pot / BDES} BDES, council ${paid[0] / BDES}, producers ${paid[1] / BDES}, locked ${statement.locked.toBigInt() / BDES}`);
});
