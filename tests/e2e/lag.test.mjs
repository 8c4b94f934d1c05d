// The "Lag & rebalance" preset's lag panel: a chart per partition for
// each group (elasticsearch and hadoop), Burrow's verdict with the rule
// that fired, the `kafka-consumer-groups.sh --describe` table with
// Kafka's columns, and the groups' committed-offset and position marks on
// the cluster view. At 25 s consumer 1 is down (crashed at 20 s, not yet
// timed out); at 45 s it has restarted and hadoop is far behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gotoFresh, loadPreset, screenshot, seek, withPage } from './helpers.mjs';

const KAFKA_COLUMNS = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG',
  'CONSUMER-ID', 'HOST', 'CLIENT-ID'];

const block = (page, group) => page.getByTestId(`lag-group-${group}`);

/** The describe table of `group`: its header and rows as text cells. */
async function describe(page, group) {
  return block(page, group).getByTestId('describe-table').evaluate((t) => ({
    header: [...t.querySelectorAll('thead th')].map((th) => th.textContent),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  }));
}

/** Every row's LAG is its LOG-END-OFFSET minus its CURRENT-OFFSET. */
function assertLagIsTheDifference(rows, group) {
  assert.ok(rows.length > 0, `${group} has rows`);
  for (const r of rows) {
    assert.equal(r[0], group);
    const [current, end, lag] = [r[3], r[4], r[5]].map(Number);
    assert.ok(end >= current && current >= 0, r.join(' '));
    assert.equal(lag, end - current, r.join(' '));
  }
}

/** The charts of `group`: [{ tp, lines, cursor }]. */
async function charts(page, group) {
  return block(page, group).locator('.lag-partition').evaluateAll((figs) => figs.map((f) => ({
    tp: f.dataset.tp,
    lines: f.querySelectorAll('polyline.lag-line').length,
    owners: [...f.querySelectorAll('polyline.lag-line')].map((p) => [...p.classList].find((c) => /^m\d$|^no-owner$/.test(c))),
    cursor: f.querySelectorAll('.cursor-line').length,
    rebalances: f.querySelectorAll('.rebalance').length,
  })));
}

/** The marks of `group` under click_log-`p`'s leader row in lane `lane`. */
async function marks(page, lane, p, group) {
  const strip = page.locator(`.lane[data-lane="${lane}"] .offset-marks[data-tp="click_log-${p}"] .group-strip[data-group="${group}"]`);
  return strip.evaluate((g) => ({
    committed: g.querySelector('.committed-mark')?.dataset.offset ?? null,
    position: g.querySelector('.position-mark')?.dataset.offset ?? null,
    committedTitle: g.querySelector('.committed-mark title')?.textContent ?? null,
    positionTitle: g.querySelector('.position-mark title')?.textContent ?? null,
    tag: g.querySelector('.strip-tag').firstChild.textContent,
    colour: [...g.classList].find((c) => /^m\d$|^no-owner$/.test(c)),
  }));
}

test('lag charts, Burrow and kafka-consumer-groups.sh in the Lag & rebalance preset', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'lag-rebalance');
  assert.ok(await page.locator('.legend + .groups-panels + .lag-panels [data-testid=lag-panel]').count(), 'after the lanes and the group cards');
  assert.equal(await page.locator('#lag-heading').innerText(), 'Lag');
  assert.match(await page.getByTestId('lag-panel').locator('.hint').first().innerText(), /Lag = log end offset − committed offset/);

  // 25 s: consumer 1 is down but still owns p0 until the session times out.
  await seek(page, 25000);
  for (const group of ['elasticsearch', 'hadoop']) {
    const c = await charts(page, group);
    assert.deepEqual(c.map((x) => x.tp), ['click_log-0', 'click_log-1'], group);
    assert.ok(c.every((x) => x.lines >= 1 && x.cursor === 1), JSON.stringify(c));
    assertLagIsTheDifference((await describe(page, group)).rows, group);
  }
  const es = await charts(page, 'elasticsearch');
  assert.equal(es[0].owners.at(-1), 'm1', 'p0 still drawn in consumer 1\'s colour');
  assert.equal(await block(page, 'elasticsearch').getByTestId('records-lag-max-1').innerText(), 'records-lag-max NaN',
    'a crashed consumer has no metrics');
  // The cluster view: hadoop's consumer 4 reads p0; elasticsearch's owner is down.
  const hadoopMarks = await marks(page, 0, 0, 'hadoop');
  assert.equal(hadoopMarks.colour, 'm4');
  assert.equal(hadoopMarks.tag, 'hadoop c4');
  assert.match(hadoopMarks.committedTitle, /^hadoop committed \d+$/);
  assert.match(hadoopMarks.positionTitle, /^consumer 4 position \d+$/);
  assert.ok(Number(hadoopMarks.committed) <= Number(hadoopMarks.position), JSON.stringify(hadoopMarks));
  const esMarks = await marks(page, 0, 0, 'elasticsearch');
  assert.equal(esMarks.position, null, 'consumer 1 is down: no position');
  assert.ok(esMarks.committed !== null, 'but the group\'s commit stays');
  const [esRow] = (await describe(page, 'elasticsearch')).rows.filter((r) => r[2] === '0');
  assert.equal(esMarks.committed, esRow[3], 'the mark is the table\'s CURRENT-OFFSET');
  await screenshot(page, 'lag-crash-en');

  // 45 s: hadoop falls behind: Burrow WARN, rule lag_not_decreasing on both partitions.
  await seek(page, 45000);
  const hadoop = block(page, 'hadoop');
  assert.equal(await hadoop.locator('[data-testid=burrow-group] .burrow-badge').innerText(), 'WARN');
  assert.equal(await hadoop.locator('.burrow-partition[data-rule=lag_not_decreasing] .burrow-badge').count(), 2);
  assert.match(await hadoop.locator('.burrow-partition').first().innerText(),
    /lag_not_decreasing[\s\S]*the lag never went down from one commit to the next[\s\S]*WARN\./);
  const d = await describe(page, 'hadoop');
  assert.deepEqual(d.header, KAFKA_COLUMNS);
  assertLagIsTheDifference(d.rows, 'hadoop');
  assert.ok(d.rows.every((r) => Number(r[5]) > 80), 'far behind');
  assert.deepEqual(d.rows.map((r) => r[8]), ['consumer-hadoop-4', 'consumer-hadoop-4']);
  const lagMax = Number((await hadoop.getByTestId('records-lag-max-4').innerText()).split(' ')[1]);
  assert.ok(lagMax > 50, `records-lag-max ${lagMax}`);
  // The literal output, header line included.
  const stdout = await hadoop.getByTestId('describe-stdout').textContent();
  assert.match(stdout, /^\$ kafka-consumer-groups\.sh --bootstrap-server localhost:9092 --describe --group hadoop\n\nGROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID\n/);
  // elasticsearch: the first join, the crash's rebalance and the restart's.
  const esNow = await charts(page, 'elasticsearch');
  assert.ok(esNow.every((x) => x.rebalances === 3), JSON.stringify(esNow));
  assert.ok(esNow[0].owners.includes('no-owner'), 'eager: nobody owns p0 while the group rebalances');
  assertLagIsTheDifference((await describe(page, 'elasticsearch')).rows, 'elasticsearch');
  assert.equal(await block(page, 'elasticsearch').locator('[data-testid=burrow-group] .burrow-badge').innerText(), 'OK');
  const esAfter = await marks(page, 0, 0, 'elasticsearch');
  assert.equal(esAfter.colour, 'm1', 'consumer 1 is back on p0 (range)');
  assert.ok(esAfter.position !== null);
  await screenshot(page, 'lag-restart-en');
}));

test('the lag panel in Korean', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await page.waitForSelector('html[lang=ko]');
  await loadPreset(page, 'lag-rebalance');
  assert.equal(await page.locator('#lag-heading').innerText(), '랙');
  assert.match(await page.getByTestId('lag-panel').locator('.hint').first().innerText(), /랙 = 로그 끝 오프셋 − 커밋된 오프셋/);
  await seek(page, 25000);
  const esMarks = await marks(page, 0, 0, 'hadoop');
  assert.match(esMarks.committedTitle, /^hadoop 커밋 \d+$/);
  assert.match(await block(page, 'elasticsearch').locator('.lag-chart text.axis-title').first().textContent(), /시뮬레이션 시간/);
  await screenshot(page, 'lag-crash-ko');
  await seek(page, 45000);
  const hadoop = block(page, 'hadoop');
  assert.equal(await hadoop.locator('[data-testid=burrow-group] .burrow-badge').innerText(), 'WARN');
  assert.match(await hadoop.locator('.burrow-partition').first().innerText(), /lag_not_decreasing[\s\S]*커밋마다 랙이 한 번도 줄지 않음[\s\S]*WARN\./);
  assert.match(await hadoop.locator('.burrow-why').innerText(), /click_log-0은\(는\) WARN/);
  assert.deepEqual((await describe(page, 'hadoop')).header, KAFKA_COLUMNS, 'the tool\'s columns are not translated');
  await screenshot(page, 'lag-restart-ko');
}, { locale: 'ko-KR' }));
