// Transactions and Council motions with @polkadot/api, as the tests and scripts make them.
import assert from 'node:assert/strict';

/** `assets.BalanceLow` for a module error, the error as JSON otherwise. */
function describe(tx, dispatchError) {
  if (!dispatchError.isModule) return dispatchError.toString();
  const { section, name } = tx.registry.findMetaError(dispatchError.asModule);
  return `${section}.${name}`;
}

let stateApi;

/**
 * Makes `send` take nonces from the best block's state through `api` rather than from
 * `system_accountNextIndex`, which chopsticks can answer stale right after a block it built.
 * Every `send` waits for inclusion, so the state's nonce is the next one.
 */
export function nonceFromState(api) {
  stateApi = api;
}

/** Signs and sends `tx`; resolves with its events once in a block, rejects if it failed. */
export async function send(tx, signer) {
  const nonce = stateApi ? (await stateApi.query.system.account(signer.address)).nonce : undefined;
  return sendWithNonce(tx, signer, nonce);
}

function sendWithNonce(tx, signer, nonce) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not included within 120 s')), 120_000);
    tx.signAndSend(signer, nonce === undefined ? {} : { nonce }, ({ status, dispatchError, events }) => {
      // The dev node finalises at once: the pool may report Finalized without InBlock.
      if (status.isInBlock || status.isFinalized) {
        clearTimeout(timer);
        if (dispatchError) reject(new Error(`dispatch failed: ${describe(tx, dispatchError)}`));
        else resolve(events);
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        clearTimeout(timer);
        reject(new Error(`transaction ${status.type}`));
      }
    }).catch((e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Propose, vote (Alice and Bob of the three dev councillors), close: a majority motion. */
export async function councilMotion(api, call, alice, bob) {
  const index = (await api.query.council.proposalCount()).toNumber();
  await send(api.tx.council.propose(2, call, call.length), alice);
  const hash = call.method.hash;
  await send(api.tx.council.vote(hash, index, true), alice);
  await send(api.tx.council.vote(hash, index, true), bob);
  const events = await send(
    api.tx.council.close(hash, index, { refTime: 50_000_000_000n, proofSize: 2_000_000n }, call.length),
    alice,
  );
  const executed = events.find(({ event }) => event.section === 'council' && event.method === 'Executed');
  assert.ok(executed, 'the motion was executed');
  assert.ok(executed.event.data.result.isOk, `the motion's call succeeded: ${executed.event.data.result.toString()}`);
}

/** Polls `check` every second until it returns something truthy; `explain()` adds to a timeout. */
export async function waitFor(what, check, timeoutMs = 90_000, explain = () => '') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
