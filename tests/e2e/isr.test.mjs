// The "ISR & min.insync.replicas" preset: followers die one by one, the ISR
// shrinks to the leader and acks=all writes are refused with
// NOT_ENOUGH_REPLICAS; broker 2 comes back and writes succeed again. Then
// the learner lowers min.insync.replicas from the faults panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clock, errorText, fates, gotoFresh, laneLabels, loadPreset, logTexts, screenshot, seek, withPage,
} from './helpers.mjs';

/** "broker class…" for every replica row of orders-0, by broker. */
async function replicaRoles(page) {
  return page.locator('.lane .replica-row[data-tp="orders-0"]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.closest('.broker-col').dataset.broker,
      ['leader', 'isr', 'out', 'offline'].find((c) => r.classList.contains(c))])));
}

/** The highest offset an acknowledged fate names. */
function maxAckedOffset(rows) {
  return Math.max(-1, ...rows.filter((f) => f.fate === 'acked')
    .map((f) => Number(/acknowledged at offset (\d+)/.exec(f.text)[1])));
}

test('ISR shrinks to the leader: NOT_ENOUGH_REPLICAS at 15 s, writes succeed again at 28 s', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'isr');
  assert.deepEqual(await laneLabels(page), ['acks=all, min.insync.replicas=2']);
  assert.equal(await page.locator('.lane-tab').count(), 0, 'one lane: no lane tabs');
  assert.match(await page.getByTestId('caption').innerText(), /^acks=all with min\.insync\.replicas=2 and RF 3/);
  assert.deepEqual(await replicaRoles(page), { 1: 'leader', 2: 'isr', 3: 'isr' });

  // 15 s: brokers 3 and 2 are dead and out of the ISR; the leader refuses writes.
  await seek(page, 15000);
  assert.match(await page.getByTestId('caption').innerText(), /NOT_ENOUGH_REPLICAS \(19\)/);
  assert.deepEqual(await replicaRoles(page), { 1: 'leader', 2: 'out', 3: 'out' });
  const down = await page.locator('.lane .broker-col.down').evaluateAll((cols) => cols.map((c) => c.dataset.broker));
  assert.deepEqual(down, ['2', '3']);
  const refusals = (await logTexts(page)).filter((t) => /failed with NOT_ENOUGH_REPLICAS \(code 19\)/.test(t));
  assert.ok(refusals.length > 0, 'the event log narrates NOT_ENOUGH_REPLICAS');
  const before = await fates(page);
  assert.notEqual(before[0].fate, 'acked', 'the newest record is not acknowledged');
  assert.ok(before.some((f) => f.fate === 'failed'), 'records fail once delivery.timeout.ms runs out');
  await screenshot(page, 'isr');

  // 28 s: broker 2 is back in the ISR and acks=all writes are acknowledged.
  await seek(page, 28000);
  assert.match(await page.getByTestId('caption').innerText(), /writes succeed again/);
  assert.deepEqual(await replicaRoles(page), { 1: 'leader', 2: 'isr', 3: 'out' });
  const after = await fates(page);
  assert.equal(after[0].fate, 'acked');
  assert.ok(maxAckedOffset(after) > maxAckedOffset(before), 'new records were acknowledged after 20 s');
  const acks = (await logTexts(page)).filter((t) => /acknowledged at orders-0 offset/.test(t));
  assert.ok(acks.length > 0);
  assert.ok(Number.parseInt(acks[0], 10) > 20000, `latest acknowledgement at ${acks[0]}`);
}));

test('min.insync.replicas=1 from the faults panel lets writes through again', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'isr');
  await seek(page, 15000);
  const input = page.getByTestId('min-isr-input');
  const apply = page.getByTestId('min-isr-apply');
  assert.equal(await input.inputValue(), '2');
  assert.ok(await apply.isDisabled(), 'nothing to apply before an edit');
  await input.fill('1');
  assert.ok(await apply.isEnabled());
  await apply.click();

  // Applied now, in the event log; the clock did not move; no error.
  await page.waitForFunction(() => /min\.insync\.replicas is now 1/.test(
    document.querySelector('[data-testid=event-log] .log-row')?.textContent ?? ''));
  assert.match((await logTexts(page))[0], /^15000 ms.*Topic orders: min\.insync\.replicas is now 1/);
  assert.equal(await clock(page), 15000);
  assert.equal(await errorText(page), null);
  assert.ok(await apply.isDisabled(), 'the draft is cleared once applied');
  assert.equal(await input.inputValue(), '1');
  const setting = page.locator('.producer-panel .setting', { hasText: 'min.insync.replicas' });
  assert.equal(await setting.locator('dd').innerText(), '1');

  // With only the leader in the ISR, acks=all writes are acknowledged again.
  const before = await fates(page);
  await seek(page, 17000);
  const after = await fates(page);
  assert.equal(after[0].fate, 'acked');
  assert.ok(maxAckedOffset(after) > maxAckedOffset(before));
  assert.ok(!(await logTexts(page)).slice(0, 20).some((t) => /NOT_ENOUGH_REPLICAS \(code 19\)/.test(t)),
    'no more NOT_ENOUGH_REPLICAS after the change');

  // A value the topic cannot take is refused with the error banner.
  await input.fill('0');
  await apply.click();
  await page.getByTestId('error').waitFor();
  assert.match(await errorText(page), /min\.insync\.replicas/);
  assert.equal(await clock(page), 17000);
}));
