// The page's frame: the version line, the language (a Korean browser gets
// the Korean page first; a choice is remembered), and nothing leaves
// localhost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, gotoFresh, waitReady, withPage } from './helpers.mjs';

test('the version line names the build; the language switch is remembered', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('h1').innerText(), 'Kafka Playground');
  assert.match(await page.getByTestId('version').innerText(), /^build \d+\.\d+\.\d+ \(\S+\)$/);

  await page.locator('.lang-switch').click();
  await page.waitForSelector('html[lang=ko]');
  assert.match(await page.locator('h1').innerText(), /카프카/);
  assert.match(await page.getByTestId('version').innerText(), /^빌드 \d+\.\d+\.\d+ \(/);
  assert.equal(await page.locator('.lang-switch').innerText(), 'English');

  await page.reload();
  await waitReady(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko', 'the choice survives a reload');
}));

test('the page runs under its Content-Security-Policy with one stylesheet', () => withPage(async ({ page }) => {
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text()); });
  await gotoFresh(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /style-src 'self'(;|$)/);
  assert.equal(await page.locator('link[rel=stylesheet]').count(), 1);
  // The one stylesheet holds every part's rules (style.css … groups.css).
  const styled = await page.evaluate(() => [
    getComputedStyle(document.body).backgroundColor,
    [...document.styleSheets[0].cssRules].some((r) => r.selectorText === '.groups-panels'),
  ]);
  assert.deepEqual(styled, ['rgb(247, 247, 244)', true]);
  assert.deepEqual(refused, []);
}));

test('a Korean browser gets the Korean page first', () => withPage(async ({ page }) => {
  await page.goto(BASE_URL);
  await waitReady(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.match(await page.locator('h1').innerText(), /카프카/);
  assert.match(await page.getByTestId('caption').innerText(), /^레인 3개/);
  assert.equal(await page.locator('.lang-switch').innerText(), 'English');
}, { locale: 'ko-KR' }));
