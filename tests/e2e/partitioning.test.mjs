// The "Partitioning" preset: keys 서울/부산/울산 hash to partitions 0, 1, 2
// of click_log; null keys fill one sticky batch at a time (and go
// round-robin under the pre-2.4 DefaultPartitioner, which the learner
// switches to); producer 2's VIP rule splits orders 8 : 2 and the learner
// edits it; click_log grows to 4 partitions and 부산, 울산 move; a lost
// answer is retried and the broker rejects the duplicate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, clock, errorText, fates, gotoFresh, loadPreset, logTexts, openFreshContext, screenshot, seek,
  waitReady, withPage,
} from './helpers.mjs';

/** The key table: [{ key, murmur2, partition, landed }]. */
async function keyRows(page) {
  return page.locator('[data-testid=key-table] tbody tr').evaluateAll((rows) => rows.map((r) => {
    const cells = [...r.querySelectorAll('td')].map((td) => td.textContent.trim());
    const partition = r.querySelector('td:nth-child(3) strong')?.textContent ?? null;
    return { key: cells[0], murmur2: cells[1], how: cells[2], partition, landed: cells[3] };
  }));
}

/** The first letters in click_log-N's cells (keys) or offsets (no key). */
async function cells(page, tp) {
  return page.locator(`.lane .replica-row[data-tp="${tp}"] .cell text`).allTextContents();
}

/** "48 records in 12 batches …" of producer `id`. */
async function batching(page, id) {
  const text = await page.getByTestId(`batching-${id}`).innerText();
  const m = /(\d+) records in (\d+) batches/.exec(text);
  assert.ok(m, text);
  return { records: Number(m[1]), batches: Number(m[2]) };
}

/** Chooses partitioner.class for producer `id`; the run replays to the same moment. */
async function choosePartitioner(page, id, value) {
  const at = await clock(page);
  await page.getByTestId(`partitioner-class-${id}`).selectOption(value);
  await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.value === v,
    [`[data-testid=partitioner-class-${id}]`, value]);
  assert.equal(await clock(page), at, 'replayed back to the same moment');
}

test('keys, null keys, the VIP rule, a grown topic and a rejected duplicate', () => withPage(async ({ browser, page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'partitioning');
  assert.match(await page.getByTestId('caption').innerText(), /The partitioner decides where each record goes/);
  assert.ok(await page.locator('.partitioning-panels + .panels').count(), 'partitioning panels come first');

  // 2.5 s: 서울 → 0, 부산 → 1, 울산 → 2, with Java's murmur2 values.
  await seek(page, 2500);
  const rows = await keyRows(page);
  assert.deepEqual(rows.map((r) => [r.key, r.murmur2, r.partition]), [
    ['서울', '-2063068724', '0'], ['부산', '-683739892', '1'], ['울산', '-614402136', '2'],
  ]);
  assert.match(rows[1].how, /^1463743756 % 3 = 1$/);
  assert.deepEqual(rows.map((r) => r.landed), ['p0 ×2', 'p1 ×2', 'p2 ×2']);
  assert.deepEqual(await cells(page, 'click_log-0'), ['서', '서']);
  assert.deepEqual(await cells(page, 'click_log-1'), ['부', '부']);

  // A key of the learner's own: the table says where, and the record lands there.
  await page.getByTestId('keys-input').fill('제주');
  const [jeju] = await keyRows(page);
  await page.getByTestId('keys-send').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=fates] tbody tr')?.textContent.includes('제주-1'));
  const [newest] = await fates(page);
  assert.match(newest.text, new RegExp(`제주-1 \\(제주\\)click_log-${jeju.partition}`));
  await seek(page, 3100);
  assert.ok((await cells(page, `click_log-${jeju.partition}`)).includes('제'), 'sent after linger.ms');
  await screenshot(page, 'partitioning-keys-en');
  await page.getByTestId('keys-input').fill('서울, 부산, 울산');

  // 3.2 s: null keys fill one partition's batch in the accumulator.
  await seek(page, 3200);
  const filling = page.locator('[data-testid=accumulator-1] tr[data-stage=filling]');
  assert.equal(await filling.count(), 1, 'one sticky partition gets every null-key record');
  assert.match(await filling.innerText(), /206 \/ 264 B · 5 rec\.[\s\S]*200 \/ 500 ms/);
  await screenshot(page, 'partitioning-sticky-en');

  // 5.5 s: 42 null-key records went in 6 full batches of 7.
  await seek(page, 5500);
  assert.deepEqual(await batching(page, 1), { records: 49, batches: 13 });
  // Under the pre-2.4 DefaultPartitioner they go round-robin: twice the batches.
  await choosePartitioner(page, 1, 'DefaultPartitioner');
  assert.deepEqual(await batching(page, 1), { records: 49, batches: 19 });
  assert.equal(await page.getByTestId('keys-input').inputValue(), '서울, 부산, 울산', 'the keys typed stay under another partitioner');
  await screenshot(page, 'partitioning-round-robin-en');
  // A share link keeps the switch (and the learner's 제주).
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const other = await openFreshContext(browser);
  await other.page.goto(link.replace(/^.*#/, `${BASE_URL}#`));
  await waitReady(other.page);
  assert.equal(await other.page.getByTestId('partitioner-class-1').inputValue(), 'DefaultPartitioner');
  assert.equal(await clock(other.page), 5500);
  await other.context.close();
  await choosePartitioner(page, 1, '');
  assert.deepEqual(await batching(page, 1), { records: 49, batches: 13 });

  // 9 s: VIP keys over 8 partitions, everyone else over 2.
  await seek(page, 9000);
  const loads = () => page.locator('[data-testid=partitioner-2] .loads li').evaluateAll((lis) =>
    lis.map((li) => [...li.querySelectorAll('.seg')].map((s) => s.classList[1]).join('+') + ':' + li.lastElementChild.textContent));
  assert.deepEqual(await loads(), [...Array(8).fill('c0:2'), 'c1:4', 'c1:4']);
  const rules = page.getByTestId('rules-input-2');
  const apply = page.getByTestId('rules-apply-2');
  // A rule the engine refuses is explained next to it and changes nothing.
  await rules.fill('[{"key_prefix": "VIP", "partitions": "7-0"}, {"partitions": "8-9"}]');
  await apply.click();
  assert.match(await page.getByTestId('partitioner-error-2').innerText(),
    /playground\.partitioner\.rules\[0\]: partitions must be like "0-7" or "8,9"/);
  await rules.fill('[{"key_prefix": "VIP", "partitions": "0-11"}, {"partitions": "8-9"}]');
  await apply.click();
  await page.waitForFunction(() => /partitions 0 to 9/.test(document.querySelector('[data-testid=partitioner-error-2]')?.textContent));
  assert.equal(await errorText(page), null, 'no banner: the error is inline');
  // Five partitions for VIP customers, five for everyone else.
  await rules.fill('[{"key_prefix": "VIP", "partitions": "0-4"}, {"partitions": "5-9"}]');
  await apply.click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=partitioner-error-2]'));
  const split = await loads();
  assert.ok(split.slice(0, 5).every((l) => l.startsWith('c0') || l.endsWith(':0')), split.join(' '));
  assert.ok(split.slice(5).every((l) => !l.includes('c0')), split.join(' '));
  assert.equal(await clock(page), 9000);
  await screenshot(page, 'partitioning-vip-en');
  await rules.fill('[{"key_prefix": "VIP", "partitions": "0-7"}, {"partitions": "8-9"}]');
  await apply.click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=partitioner-error-2]'));

  // 10.5 s: click_log has 4 partitions; 부산 and 울산 moved to 0, and 부산
  // is now in two partitions.
  await seek(page, 10500);
  const grown = await keyRows(page);
  assert.deepEqual(grown.map((r) => r.partition), ['0', '0', '0']);
  assert.match(grown[1].how, /was 1 with 3 partitions/);
  assert.match(grown[1].landed, /^p0 ×1, p1 ×2\s*⚠ in several partitions/);
  assert.ok((await logTexts(page)).some((t) => /click_log now has 4 partitions \(was 3\).*부산: 1→0, 울산: 2→0/.test(t)));
  // Fewer partitions are refused with Kafka's words.
  const counts = page.locator('.topic-settings', { hasText: 'click_log' });
  await counts.getByTestId('partitions-input').fill('3');
  await counts.getByTestId('partitions-apply').click();
  await page.getByTestId('error').waitFor();
  assert.match(await errorText(page), /The topic click_log currently has 4 partition\(s\); 3 would not be an increase\./);
  await page.locator('.error-banner button').click();
  await screenshot(page, 'partitioning-grown-en');

  // 12.7 s: the retry of 서울-4 carried the same sequence number; the
  // broker answered with the original offset and wrote nothing twice.
  await seek(page, 11501);
  const wire = await page.locator('[data-testid=accumulator-1] tr[data-stage^=inflight]').innerText();
  const m = /in flight → broker 1 PID 1000 · seq (\d+)–\1/.exec(wire);
  assert.ok(m, wire);
  const seq = m[1];
  await seek(page, 12700);
  const dup = new RegExp(`broker 1 already has producer 1000's batch with sequence ${seq} on click_log-0 at offset ${seq}`, 'i');
  assert.ok((await logTexts(page)).some((t) => dup.test(t)));
  assert.ok((await page.locator('.lane .replica-row[data-tp="click_log-0"] .row-offsets').textContent())
    .startsWith(`↺ dup. seq ${seq}A retried batch with sequence ${seq} is already at offset ${seq}`), 'the row says so (and its tooltip why)');
  assert.match((await keyRows(page))[0].landed, /^p0 ×4$/, '서울-1 … 서울-4, each once');
  await screenshot(page, 'partitioning-duplicate-en');
  // Step back: before the retry there is no duplicate yet.
  await page.getByTestId('step-back').click();
  await page.waitForFunction(() => Number.parseInt(document.querySelector('[data-testid=clock]').textContent, 10) < 12700);
}));

test('the same preset in Korean', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await page.waitForSelector('html[lang=ko]');
  await loadPreset(page, 'partitioning');
  assert.equal(await page.locator('.preset[data-preset=partitioning]').innerText(), '파티셔닝');
  await seek(page, 3200);
  assert.match(await page.getByTestId('caption').innerText(), /스티키 파티셔너/);
  assert.equal(await page.locator('#keys-heading').innerText(), '내 키는 어디로 가나?');
  const filling = page.locator('[data-testid=accumulator-1] tr[data-stage=filling]');
  assert.match(await filling.innerText(), /채우는 중/);
  const first = (await filling.locator('td').first().innerText()).trim();
  assert.equal(await page.locator('.lane .node.producer .filling').first().textContent(),
    `▤ p${first.slice(-1)}×5어큐뮬레이터에서 채워지는 배치: 파티션 × 레코드 수`);
  await screenshot(page, 'partitioning-sticky-ko');
  // 3.4 s: that batch filled up (7 records) and went; the sticky partitioner moved on.
  const leo = async (tp) => Number(await page.locator(`.lane .replica-row[data-tp="${tp}"]`).getAttribute('data-leo'));
  const before = await leo(first);
  await seek(page, 3400);
  const next = (await filling.locator('td').first().innerText()).trim();
  assert.notEqual(next, first, 'a new sticky partition');
  assert.equal(await leo(first), before + 7, 'one full batch of 7 landed');
  await seek(page, 10500);
  assert.match((await keyRows(page))[1].how, /파티션 3개일 때 1/);
  await screenshot(page, 'partitioning-grown-ko');
  await seek(page, 12700);
  assert.ok((await logTexts(page)).some((t) => /시퀀스 12 배치를 이미 click_log-0 오프셋 12에/.test(t)));
  await screenshot(page, 'partitioning-duplicate-ko');
}, { locale: 'ko-KR' }));
