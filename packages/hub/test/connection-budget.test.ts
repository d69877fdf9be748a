// A5 / issue 14: the connection budget keeps 1/16 of itself free ahead of need, so that a cold account connects at
// once instead of waiting for another account's connection to close first. The budget is plain bookkeeping: its
// makeRoom callback here plays TenantPools' part (closing the least recently used idle connection), with slots
// this test holds as "idle connections".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectionBudget, headroomFor, type BudgetSlot } from '../src/tenancy/connection-budget.js';

/** A budget whose idle connections are the slots put in `idle`; closing one frees its slot on the next turn. */
function budgetWithIdle(size: number) {
  const idle: BudgetSlot[] = [];
  let closes = 0;
  const budget = new ConnectionBudget(size, () => {
    const slot = idle.shift();
    if (!slot) return false;
    closes++;
    slot.closing();
    setImmediate(() => slot.free());
    return true;
  });
  const far = () => performance.now() + 60_000;
  return { budget, idle, closes: () => closes, far };
}

describe('connection budget headroom (issue 14)', () => {
  test('1/16 of the budget, none below 16', () => {
    assert.deepEqual([10, 15, 16, 31, 40, 100].map(headroomFor), [0, 0, 1, 1, 2, 6]);
  });

  test('once fewer slots than the headroom are free, an idle connection is closed ahead of need', async () => {
    const { budget, idle, closes, far } = budgetWithIdle(32); // headroom 2
    for (let i = 0; i < 30; i++) idle.push(await budget.reserve(far()));
    assert.equal(closes(), 0, 'two slots still free: nothing closed');
    const cold = await budget.reserve(far()); // the 31st: one slot left, headroom 2
    assert.equal(closes(), 1, 'the least recently used idle connection closes in the background');
    assert.equal(budget.inUse, 31, 'the closing one still counts until its socket is closed');
    await new Promise((r) => setImmediate(r));
    assert.equal(budget.inUse, 30);
    // The next cold account connects at once: no waiting for a close.
    const next = budget.reserve(far());
    let granted = false;
    void next.then(() => (granted = true));
    await Promise.resolve();
    assert.equal(granted, true, 'granted without waiting for a close');
    assert.equal(budget.waiting, 0);
    cold.free();
    (await next).free();
  });

  test('with nothing idle the headroom is simply used: every slot of the budget is still granted at once', async () => {
    const { budget, far } = budgetWithIdle(32);
    const slots: BudgetSlot[] = [];
    for (let i = 0; i < 32; i++) slots.push(await budget.reserve(far()));
    assert.equal(budget.inUse, 32);
    assert.equal(budget.waiting, 0);
    // The 33rd waits for a slot, as without headroom, and gets the first one freed.
    const waiting = budget.reserve(far());
    assert.equal(budget.waiting, 1);
    slots.pop()!.free();
    (await waiting).free();
    for (const slot of slots) slot.free();
    assert.equal(budget.inUse, 0);
  });

  test('a budget below 16 keeps no headroom: connections close only for a caller who waits', async () => {
    const { budget, idle, closes, far } = budgetWithIdle(10);
    for (let i = 0; i < 10; i++) idle.push(await budget.reserve(far()));
    assert.equal(closes(), 0);
    const eleventh = budget.reserve(far());
    assert.equal(closes(), 1, 'room made for the waiting caller');
    (await eleventh).free();
  });
});
