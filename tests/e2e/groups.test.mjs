// The consumer-group cards in the "Lag & rebalance" preset: three members
// of "elasticsearch" on two partitions leave consumer 3 idle; consumer 1's
// crash is found by session.timeout.ms and its restart at 36 s makes
// another rebalance, which stops the world under range (lane 0) and stops
// nobody under cooperative-sticky (lane 1). The learner kills, pauses and
// restarts members, switches the assignor and static membership (the run
// replays to the same moment), in English and Korean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clock, gotoFresh, laneLabels, loadPreset, screenshot, seek, withPage } from './helpers.mjs';

const GROUP = '[data-testid="group-elasticsearch"]';
const STRIP = '[data-testid="rebalance-elasticsearch"]';

/** { consumer: status } of the elasticsearch members shown. */
async function statuses(page) {
  const cards = await page.locator(`${GROUP} .member-card`).evaluateAll((els) =>
    els.map((e) => [e.dataset.testid.replace('member-', ''), e.dataset.status]));
  return Object.fromEntries(cards);
}

/** The strip's stop-the-world / partial bars: [{ consumer, kind, label }]. */
async function pauses(page) {
  return page.locator(`${STRIP} svg g[data-kind]`).evaluateAll((els) => els.map((e) => ({
    consumer: e.closest('[data-consumer]').dataset.consumer, kind: e.dataset.kind, label: e.querySelector('text').textContent,
  })));
}

/** { consumer: kind } of the strip's rows told in words. */
async function stories(page) {
  const rows = await page.locator(`${STRIP} .member-stories li`).evaluateAll((els) =>
    els.map((e) => [e.dataset.testid.replace('story-', ''), e.dataset.kind]));
  return Object.fromEntries(rows);
}

async function fact(page, name) {
  return page.locator(`${GROUP} .setting`, { has: page.locator('dt', { hasText: name }) }).locator('dd').innerText();
}

async function showLane(page, text) {
  await page.locator('.groups-panel .lane-tab', { hasText: text }).click();
  await page.waitForSelector(`.groups-panel .lane-tab.current:has-text("${text}")`);
}

/** Waits for a replay to land back on `ms` with the panel redrawn. */
async function replayed(page, ms, ready) {
  await page.waitForFunction(ready);
  assert.equal(await clock(page), ms, 'replayed back to the same moment');
}

test('idle member, eager stop-the-world vs cooperative, faults, assignor and static membership', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'lag-rebalance');
  assert.ok(await page.locator('.groups-panels + .panels').count(), 'the group cards come first');

  // 3.1 s: the first rebalance is over; three members, two partitions.
  await seek(page, 3100);
  assert.equal(await page.locator(GROUP).getAttribute('data-state'), 'Stable');
  assert.deepEqual(await statuses(page), { 1: 'consuming', 2: 'consuming', 3: 'idle' });
  assert.equal(await fact(page, 'generation'), '1');
  assert.equal(await fact(page, 'protocol'), 'range');
  assert.match(await fact(page, 'coordinator'), /^broker \d \(leader of __consumer_offsets-1\)$/);
  assert.equal(await fact(page, 'leader'), 'consumer 2');
  assert.equal(await page.locator(STRIP).getAttribute('data-phase'), 'stable');
  assert.equal(await page.locator(`${STRIP} .phases li`).count(), 4);
  assert.equal((await stories(page))[3], 'idle');
  assert.match(await page.getByTestId('member-3').innerText(), /idle: no partition/);
  assert.match(await page.getByTestId('member-1').innerText(), /click_log-0\s*position \d+ · committed/);
  await screenshot(page, 'groups-first-en');

  // 31 s: consumer 1 was removed (session timeout); eager consumer 2 stopped.
  await seek(page, 31000);
  assert.equal((await statuses(page))[1], 'crashed');
  let s = await stories(page);
  assert.equal(s[1], 'removed');
  assert.deepEqual((await pauses(page)).map((p) => [p.consumer, p.kind]), [['2', 'stop']]);
  await showLane(page, 'cooperative-sticky');
  assert.deepEqual(await pauses(page), [], 'cooperative: consumer 2 kept reading');
  assert.equal((await stories(page))[2], 'kept');

  // 40 s: the restart's rebalance. Eager: 2 and 3 revoked everything.
  await seek(page, 40000);
  assert.deepEqual(await pauses(page), [], 'cooperative: nobody stops');
  s = await stories(page);
  assert.deepEqual([s[2], s[3]], ['kept', 'kept']);
  await screenshot(page, 'groups-restart-cooperative-en');
  await showLane(page, 'range');
  const bars = await pauses(page);
  assert.deepEqual(bars.map((p) => [p.consumer, p.kind]).sort(), [['2', 'stop'], ['3', 'stop']]);
  for (const b of bars) assert.match(b.label, /^\d{1,2} ms$/, 'a short pause, in ms');
  assert.match(await page.locator(`${STRIP} figcaption`).innerText(), /generation 3 \(a member joined or rejoined\)/);
  assert.match(await page.locator(`${STRIP} .axis-break`).first().innerHTML(), /not to scale/);
  assert.match(await page.getByTestId('story-3').innerText(), /stop the world/);
  await screenshot(page, 'groups-restart-eager-en');

  // Kill consumer 2: no heartbeats; only Restart applies to it now.
  await page.getByTestId('kill-2').click();
  await page.waitForSelector('[data-testid="member-2"][data-status=crashed]');
  assert.ok(await page.getByTestId('kill-2').isDisabled());
  assert.ok(await page.locator('button[data-testid=pause-2]').isDisabled());
  await page.getByTestId('restart-2').click();
  await page.waitForSelector('[data-testid="member-2"]:not([data-status=crashed])');
  assert.ok(await page.getByTestId('restart-2').isDisabled());
  // Pause consumer 3 (it stops calling poll()), then resume it.
  await page.locator('button[data-testid=pause-3]').click();
  await page.waitForSelector('[data-testid="member-3"][data-status=paused]');
  assert.match(await page.locator('button[data-testid=pause-3]').innerText(), /Resume poll\(\)/);
  await page.locator('button[data-testid=pause-3]').click();
  await page.waitForSelector('[data-testid="member-3"]:not([data-status=paused])');

  // Another assignor replays this lane only (the lanes compare it).
  await page.getByTestId('assignor-elasticsearch').selectOption('roundrobin');
  await replayed(page, 40000, () => [...document.querySelectorAll('.lane .lane-label')]
    .some((l) => l.textContent === 'partition.assignment.strategy=roundrobin'));
  assert.deepEqual(await laneLabels(page), ['partition.assignment.strategy=roundrobin', 'partition.assignment.strategy=cooperative-sticky']);
  assert.equal(await fact(page, 'protocol'), 'roundrobin');
  assert.equal(await page.getByTestId('assignor-elasticsearch').inputValue(), 'roundrobin');
  assert.equal(await page.getByTestId('restart-2').isDisabled(), true, 'the kill and restart replayed too');

  // Static membership goes to both lanes (they agree on it), the view stays on the lane shown.
  await showLane(page, 'cooperative-sticky');
  await page.getByTestId('static-elasticsearch').check();
  await replayed(page, 40000, () => document.querySelector('[data-testid="static-elasticsearch"]')?.checked);
  assert.match(await page.getByTestId('member-1').innerText(), /group\.instance\.id=elasticsearch-1/);
  assert.ok(await page.locator('.groups-panel .lane-tab.current', { hasText: 'cooperative-sticky' }).count());
  await screenshot(page, 'groups-static-en');
  await page.getByTestId('static-elasticsearch').uncheck();
  await replayed(page, 40000, () => !document.querySelector('[data-testid="static-elasticsearch"]')?.checked);
  assert.doesNotMatch(await page.getByTestId('member-1').innerText(), /group\.instance\.id/);
}));

test('the group cards in Korean', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await page.waitForSelector('html[lang=ko]');
  await loadPreset(page, 'lag-rebalance');
  assert.equal(await page.locator('#groups-heading').innerText(), '컨슈머 그룹');
  await seek(page, 3100);
  assert.match(await page.getByTestId('member-3').innerText(), /유휴: 파티션 없음/);
  assert.match(await fact(page, 'coordinator'), /^브로커 \d \(__consumer_offsets-1의 리더\)$/);
  await screenshot(page, 'groups-first-ko');
  await seek(page, 40000);
  assert.match(await page.getByTestId('story-2').innerText(), /스톱 더 월드/);
  assert.match(await page.locator(`${STRIP} figcaption`).innerText(), /리밸런스 → 세대 3 \(멤버가 참여하거나 다시 참여함\)/);
  assert.equal(await page.getByTestId('kill-1').innerText(), '강제 종료');
  await screenshot(page, 'groups-restart-eager-ko');
}, { locale: 'ko-KR' }));

test('add a consumer to a running group, then close it', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'lag-rebalance');
  await seek(page, 10000);
  await page.getByTestId('add-consumer-elasticsearch').click();
  // new KafkaConsumer + subscribe: consumer 5 joins and the group
  // rebalances; with four members and two partitions two are idle.
  await page.waitForSelector('[data-testid="member-5"]');
  await seek(page, 16000);
  const idle = Object.values(await statuses(page)).filter((s) => s === 'idle').length;
  assert.equal(idle, 2, 'four members on two partitions');
  await screenshot(page, 'groups-added-en');
  // close(): commit, LeaveGroup; a moment later the member is gone,
  // without waiting for a session timeout.
  await page.getByTestId('close-5').click();
  await seek(page, 17000);
  await page.waitForSelector('[data-testid="member-5"]', { state: 'detached' });
  assert.ok(!(await page.locator(`${GROUP} [data-testid="member-5"]`).count()));
}));
