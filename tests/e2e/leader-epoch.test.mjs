// The "Leader epoch" preset: KIP-101 scenario 1 twice, side by side.
// Without leader epochs the bounced follower truncates to its high
// watermark and, once it leads, the acknowledged m2 is gone; with leader
// epochs m2 survives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alarmText, fates, gotoFresh, laneLabels, loadPreset, screenshot, seek, seekFirst, showLane, sliderEnd,
  withPage,
} from './helpers.mjs';

const PRE = 'playground.truncate.by.leader.epoch=false (pre-KIP-101)';
const WITH = 'leader epoch (KIP-101)';

/** Lane `lane`'s orders-0 rows: broker → { role, leo }. */
async function rows(page, lane) {
  return page.locator(`.lane[data-lane="${lane}"] .replica-row`).evaluateAll((rs) =>
    Object.fromEntries(rs.map((r) => [r.closest('.broker-col').dataset.broker, {
      role: ['leader', 'isr', 'out', 'offline'].find((c) => r.classList.contains(c)),
      leo: Number(r.dataset.leo),
    }])));
}

test('the captions follow the picture: nothing lost at the bounce; by the 4010 ms caption, m2 is gone on the left', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'leader-epoch');
  await seek(page, 1100);
  assert.match(await page.getByTestId('caption').innerText(), /^Leader 2 dies right after/);
  assert.equal(await alarmText(page, 0), null);
  assert.equal(await alarmText(page, 1), null);
  // The controller elects broker 1 at 4002 ms; it leads from 4004 ms, and
  // the caption that says so appears at 4010 ms.
  await seek(page, 4005);
  assert.match(await page.getByTestId('caption').innerText(), /^Leader 2 dies right after/);
  await seek(page, 4100);
  assert.match(await page.getByTestId('caption').innerText(), /^Broker 1 leads \(epoch 1\)\. Left: the acknowledged m2 is lost/);
  assert.match(await alarmText(page, 0) ?? 'no alarm', /1 acknowledged record lost — m2/);
  assert.equal(await alarmText(page, 1), null, 'the leader-epoch lane keeps m2');
  for (const lane of [0, 1]) {
    assert.equal((await rows(page, lane))[1].role, 'leader');
    assert.match(await page.locator(`.lane[data-lane="${lane}"] .replica-row.leader`).textContent(), /epoch 1/);
  }
}));

test('pre-KIP-101 loses the acknowledged m2, the leader-epoch lane keeps it', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'leader-epoch');
  assert.deepEqual(await laneLabels(page), [PRE, WITH]);
  assert.match(await page.getByTestId('caption').innerText(), /^KIP-101 scenario 1, twice/);
  for (const lane of [0, 1]) {
    assert.deepEqual(await rows(page, lane), { 1: { role: 'isr', leo: 0 }, 2: { role: 'leader', leo: 0 } });
  }

  // Both lanes acknowledge m1 and m2 before the bounce.
  await seek(page, 1050);
  for (const label of [PRE, WITH]) {
    await showLane(page, label);
    assert.deepEqual((await fates(page)).map((f) => [f.text.slice(0, 2), f.fate, f.lost]),
      [['m2', 'acked', false], ['m1', 'acked', false]]);
  }

  // The moment the left lane loses m2 (broker 1 takes over without it).
  const lost = await seekFirst(page, async () => (await alarmText(page, 0)) !== null, 1050, await sliderEnd(page));
  assert.match(await alarmText(page, 0), /1 acknowledged record lost — m2 \(orders-0 offset 1\)/);
  assert.equal(await alarmText(page, 1), null, `the leader-epoch lane keeps m2 (at ${lost} ms)`);
  assert.equal(await page.locator('.lane[data-lane="0"] .lane-lost').innerText(), '1 acknowledged lost');
  assert.equal(await page.locator('.lane[data-lane="1"] .lane-lost').count(), 0);
  // Moments later broker 1 leads in both lanes: one record on the left, two on the right.
  await seek(page, lost + 500);
  assert.deepEqual((await rows(page, 0))[1], { role: 'leader', leo: 1 });
  assert.deepEqual((await rows(page, 1))[1], { role: 'leader', leo: 2 });

  await showLane(page, PRE);
  assert.deepEqual((await fates(page)).map((f) => [f.text.slice(0, 2), f.lost]), [['m2', true], ['m1', false]]);
  await showLane(page, WITH);
  assert.deepEqual((await fates(page)).map((f) => [f.text.slice(0, 2), f.lost]), [['m2', false], ['m1', false]]);

  await screenshot(page, 'leader-epoch');
}));
