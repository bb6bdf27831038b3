// The throughput harness's short run (scripts/throughput.mjs --short) on bdes-node --dev:
// pre-signed transfers, resting and half-crossing order-book placements and licence purchases
// from many accounts, submitted at once. Every one lands and succeeds, most of each kind in one
// block, no block goes over its class's limits, and each crossing order fills exactly one
// resting order. Needs the node's real block builder (chopsticks builds blocks its own way).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownTable, runThroughput } from '../scripts/throughput.mjs';

const onNode = (process.env.BDES_E2E_TARGET || 'node') === 'node' && process.env.BDES_NODE_BIN;
const skip = onNode ? false : 'needs bdes-node (its block builder and transaction pool); this run uses chopsticks';
if (skip) console.log(`# throughput e2e skipped: ${skip}`);

test('short throughput run: transfers, resting and crossing orders, licence buys fill blocks from many accounts', { skip, timeout: 600_000 }, async () => {
  const started = Date.now();
  const report = await runThroughput({ short: true, database: process.env.BDES_DB || undefined, quiet: true });
  console.log(`${markdownTable(report)}\n# short throughput run: ${((Date.now() - started) / 1000).toFixed(0)} s with the node's start`);
  const byKey = Object.fromEntries(report.results.map((r) => [r.key, r]));
  assert.deepEqual(Object.keys(byKey).sort(), ['buy', 'cross', 'rest', 'transfer']);
  for (const r of report.results) {
    assert.deepEqual(r.rejected, {}, `${r.call}: the pool took every one`);
    assert.equal(r.missing, 0, `${r.call}: every one was included`);
    assert.equal(r.failed, 0, `${r.call}: failures ${JSON.stringify(r.errors)}`);
    assert.equal(r.ok, r.submitted);
    // Submitted just after a block, they come in one block, or two when a block is built
    // while they are still arriving.
    assert.ok(r.fullest.count >= Math.ceil(r.submitted / 2), `${r.call}: ${r.fullest.count} of ${r.submitted} in the fullest block (${r.perBlock.join(', ')})`);
    assert.ok(!r.overLimit, `${r.call}: a block went over its ${r.dispatchClass} limits`);
    assert.ok(r.fullest.actualUs > 0 && r.chargedUs > 0, `${r.call}: weights were read`);
  }
  // Where the charged weight alone would hold a block below the run's resting orders (today's
  // 42 ms a placement: 35), refunds must have made the room.
  const fitsCharged = Math.floor((report.meta.limits.refTimeMs * 1000) / byKey.rest.chargedUs);
  if (fitsCharged < byKey.rest.submitted / 2) {
    assert.ok(byKey.rest.fullest.count > fitsCharged, `${byKey.rest.fullest.count} resting orders in a block, ${fitsCharged} at the charged weight`);
  }
  // Half of the crossing run crosses, each filling one resting order.
  assert.equal(byKey.cross.trades, byKey.cross.submitted / 2);
});
