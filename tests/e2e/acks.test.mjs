// The acks 0/1/all classroom demo (the page's first preset): three lanes on
// one clock, the loss acks=1 suffers when leader 1 dies, time travel over
// it, and the same moment in Korean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alarmText, clock, fates, gotoFresh, laneLabels, screenshot, seek, seekFirst, showLane, sliderEnd,
  waitClock, withPage,
} from './helpers.mjs';

const LABELS = ['acks=0', 'acks=1', 'acks=all'];

test('a fresh page opens the acks demo: three lanes, the first caption, clock 0', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  assert.deepEqual(await laneLabels(page), LABELS);
  assert.equal(await page.locator('.preset[data-preset=acks]').getAttribute('aria-pressed'), 'true');
  assert.equal(await clock(page), 0);
  assert.match(await page.getByTestId('caption').innerText(), /^Three lanes, one cluster each/);
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'false');
  assert.equal(await page.getByTestId('alarm').count(), 0);
  // Three brokers per lane, broker 1 leads orders-0 everywhere.
  for (let lane = 0; lane < 3; lane++) {
    const l = page.locator(`.lane[data-lane="${lane}"]`);
    assert.equal(await l.locator('.broker-col').count(), 3);
    assert.equal(await l.locator('.broker-col[data-broker="1"] .replica-row.leader').count(), 1);
  }
  // "Next event" lands on the first fault: the links from leader 1 are cut.
  await page.getByTestId('next-marker').click();
  await waitClock(page, 2000);
  assert.match(await page.getByTestId('caption').innerText(), /^The worst moment/);
}));

test('when the comparison caption shows (5500 ms), its claims hold', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await seek(page, 5500);
  assert.match(await page.getByTestId('caption').innerText(), /^Compare: acks=1 lost acknowledged records \(red alarm\)/);
  // acks=1: the red alarm.
  assert.match(await alarmText(page, 1) ?? 'no alarm', /2 acknowledged records lost — r1, r2/);
  // acks=0 never hears back: its fates are unknown, and no alarm.
  assert.equal(await alarmText(page, 0), null);
  await showLane(page, 'acks=0');
  assert.deepEqual((await fates(page)).map((f) => f.fate), ['unknown', 'unknown', 'unknown']);
  // acks=all retried to the new leader and lost nothing.
  assert.equal(await alarmText(page, 2), null);
  await showLane(page, 'acks=all');
  assert.deepEqual((await fates(page)).map((f) => [f.text.slice(0, 2), f.fate, f.lost]),
    [['r2', 'acked', false], ['r1', 'acked', false], ['r0', 'acked', false]]);
}));

test('the loss: acks=1 alarm names r1, r2; step back and forth over it; English and Korean', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  // "Next event" stops at every retry of the acks=all producer (every
  // ~100 ms), so find the moment of the loss with the slider instead.
  const lost = await seekFirst(page, async () => (await alarmText(page, 1)) !== null, 2010, await sliderEnd(page));

  const alarm = await alarmText(page, 1);
  assert.match(alarm, /acks=1:/);
  assert.match(alarm, /2 acknowledged records lost — r1, r2 \(orders-0 offsets 1–2\)/);
  assert.equal(await alarmText(page, 0), null, 'acks=0 loses r1, r2 without anyone knowing: no alarm');
  assert.equal(await alarmText(page, 2), null, 'acks=all loses nothing');
  assert.equal(await page.locator('.lane[data-lane="1"] .lane-lost').innerText(), '2 acknowledged lost');
  assert.equal(await page.locator('.lane-lost').count(), 1);
  // The event log of lane acks=1 narrates the loss as its newest news.
  await showLane(page, 'acks=1');
  const loss = await page.locator('[data-testid=event-log] .log-row.cat-alarm')
    .evaluateAll((rows) => rows.map((r) => r.textContent));
  assert.equal(loss.length, 2);
  assert.match(loss.join('\n'), /Acknowledged record r1 .*real data loss/);
  assert.match(loss.join('\n'), /Acknowledged record r2 .*real data loss/);

  // The fates, lane by lane (the lane tabs of the producer panel).
  await showLane(page, 'acks=0');
  assert.deepEqual((await fates(page)).map((f) => f.fate), ['unknown', 'unknown', 'unknown']);
  assert.match((await fates(page))[0].text, /sent, never acknowledged \(acks=0\)/);
  await showLane(page, 'acks=1');
  const acks1 = await fates(page);
  assert.deepEqual(acks1.map((f) => [f.fate, f.lost]), [['acked', true], ['acked', true], ['acked', false]]);
  assert.match(acks1[0].text, /^r2.*now lost!/);
  await showLane(page, 'acks=all');
  const all = await fates(page);
  assert.ok(all.every((f) => !f.lost), 'acks=all: nothing lost');
  assert.equal(all.length, 3);

  // Step back (←): one moment earlier, before the loss; step forward (→) again.
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((t) => Number.parseInt(document.querySelector('[data-testid=clock]').textContent, 10) < t, lost);
  assert.ok((await clock(page)) < lost);
  assert.equal(await alarmText(page, 1), null, 'one step before the loss there is no alarm yet');
  await page.keyboard.press('ArrowRight');
  await waitClock(page, lost);
  assert.match(await alarmText(page, 1), /r1, r2/);
  // The buttons do the same.
  await page.getByTestId('step-back').click();
  await page.waitForFunction((t) => Number.parseInt(document.querySelector('[data-testid=clock]').textContent, 10) < t, lost);
  await page.getByTestId('step').click();
  await waitClock(page, lost);

  await showLane(page, 'acks=1');
  await screenshot(page, 'acks-en');

  // The same moment in Korean.
  await page.locator('.lang-switch').click();
  await page.waitForSelector('html[lang=ko]');
  assert.match(await alarmText(page, 1), /확인\(ack\)까지 받은 레코드 2개 유실 — r1, r2/);
  assert.match(await page.locator('.lane[data-lane="1"] .lane-lost').innerText(), /^2 ?개 확인 후 유실$/);
  assert.match(await page.getByTestId('caption').innerText(), /[가-힣]/);
  assert.match(await page.locator('[data-testid=fates] caption').textContent(), /^레코드 결과/);
  assert.equal(await clock(page), lost, 'switching language leaves the clock alone');
  await screenshot(page, 'acks-ko');
}));
