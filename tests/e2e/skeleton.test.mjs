// The built page (dist/) in headless Chromium: the cluster renders from the
// engine, the version line shows, nothing errors, nothing leaves localhost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openPage, screenshot } from './helpers.mjs';

test('the built page renders the cluster, version line, no errors, no network', async () => {
  const { browser, page, problems } = await openPage();
  try {
    await page.goto(BASE_URL, { waitUntil: 'networkidle' });
    await page.waitForSelector('.broker');
    assert.equal(await page.locator('.broker').count(), 3);
    assert.equal(await page.locator('.replica.is-leader').count(), 3);
    const describe = await page.locator('.describe pre').innerText();
    assert.match(describe, /Topic: orders\tPartition: 0\tLeader: \d\tReplicas: \d,\d,\d\tIsr: \d,\d,\d/);
    const version = await page.locator('[data-testid=version]').innerText();
    assert.match(version, /build 0\.1\.0 \(/);
    await screenshot(page, 'skeleton-en');
    await page.locator('.lang-switch').click();
    await page.waitForSelector('text=브로커 1');
    await screenshot(page, 'skeleton-ko');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, []);
  } finally {
    await browser.close();
  }
});

test('a Korean browser gets the Korean page first', async () => {
  const { browser, page } = await openPage({ locale: 'ko-KR' });
  try {
    await page.goto(BASE_URL);
    await page.waitForSelector('.broker');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    assert.match(await page.locator('h1').innerText(), /카프카/);
  } finally {
    await browser.close();
  }
});
