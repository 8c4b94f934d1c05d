// A session leaves the page and comes back: share links (#s=…), the
// autosave in localStorage, damaged links (at load and pasted into an open
// tab), and the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import {
  BASE_URL, alarmText, assertNoProblems, clock, crashBroker, errorText, gotoFresh, loadPreset,
  openFreshContext, seek, snapshot, waitClock, waitReady, waitSaved, watch, withPage,
} from './helpers.mjs';

/** Clicks "Share link" and reads the link it shows. */
async function shareLink(page) {
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${BASE_URL}#s=`), link);
  return link;
}

/** `#s=` + base64url(raw deflate(text)), as the page encodes a session. */
function fragmentOf(text) {
  return `#s=${deflateRawSync(Buffer.from(text)).toString('base64url')}`;
}

test('a share link reopens the same moment in a fresh browser: clock, broker down, alarm', () => withPage(async ({ browser, page }) => {
  await gotoFresh(page);
  await seek(page, 1000);
  await crashBroker(page, 3);
  // The crash happens in every lane.
  const down = await page.locator('.broker-col.down').evaluateAll((cols) =>
    cols.map((c) => `${c.closest('.lane').dataset.lane}:${c.dataset.broker}`));
  assert.deepEqual(down, ['0:3', '1:3', '2:3']);
  await seek(page, 13000);
  const alarm = await alarmText(page, 1);
  assert.match(alarm, /acknowledged records? lost/);
  const here = await snapshot(page);
  const link = await shareLink(page);
  assert.ok(link.length < 3000, `links stay short (${link.length} characters)`);

  const other = await openFreshContext(browser);
  await other.page.goto(link);
  await waitReady(other.page);
  await waitClock(other.page, 13000);
  assert.equal(await errorText(other.page), null);
  assert.equal(await alarmText(other.page, 1), alarm);
  assert.equal(await other.page.locator('.lane[data-lane="0"] .broker-col.down[data-broker="3"]').count(), 1);
  assert.deepEqual(await snapshot(other.page), here);
  // The link leaves the address bar once read, so a reload shows where the
  // learner went next (the autosave), not the link's moment again.
  assert.equal(await other.page.evaluate(() => location.hash), '');
  await seek(other.page, 14000);
  await waitSaved(other.page, 14000);
  await other.page.reload();
  await waitReady(other.page);
  await waitClock(other.page, 14000);
  assertNoProblems(other.problems);
}));

test('the autosave brings back the session after a reload', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'isr');
  await seek(page, 4000);
  await crashBroker(page, 2);
  await seek(page, 9000);
  await waitSaved(page, 9000);
  const before = await snapshot(page);
  assert.equal(before.preset, 'isr');
  assert.match(before.lanes[0].brokers.join(), /2: down/);

  await page.reload();
  await waitReady(page);
  await waitClock(page, 9000);
  assert.deepEqual(await snapshot(page), before);
  assert.equal(await errorText(page), null);
  // The history survived too: stepping back goes on from where it was.
  await page.keyboard.press('ArrowLeft');
  assert.ok((await clock(page)) < 9000);
}));

test('damaged links show the error banner and open the default or previous session', () => withPage(async ({ browser, context, page }) => {
  // A valid link to keep breaking, from the ISR preset at 5000 ms; this
  // context's autosave now holds that session.
  await gotoFresh(page);
  await loadPreset(page, 'isr');
  await seek(page, 5000);
  await waitSaved(page, 5000);
  const link = await shareLink(page);
  const hash = link.slice(link.indexOf('#'));
  const truncated = hash.slice(0, Math.floor(hash.length / 2));
  const cases = [
    ['garbage', '#s=this is not a session!!', /could not be opened, so nothing was changed/],
    ['truncated', truncated, /could not be opened, so nothing was changed/],
    ['wrong version', fragmentOf(JSON.stringify({ version: 99, lanes: [], now_ms: 0 })), /version/],
  ];

  // A fresh browser falls back to the acks demo at 0 ms.
  for (const [name, bad, message] of cases) {
    const fresh = await openFreshContext(browser);
    await fresh.page.goto(BASE_URL + bad);
    await waitReady(fresh.page);
    await fresh.page.getByTestId('error').waitFor();
    assert.match(await errorText(fresh.page), message, name);
    assert.equal(await clock(fresh.page), 0, name);
    const s = await snapshot(fresh.page);
    assert.equal(s.preset, 'acks', name);
    assert.equal(s.lanes.length, 3, name);
    assertNoProblems(fresh.problems);
    await fresh.context.close();
  }

  // A fragment that holds no session (#x=1) is not the page's: no banner.
  const other = await openFreshContext(browser);
  await other.page.goto(`${BASE_URL}#x=1`);
  await waitReady(other.page);
  assert.equal(await errorText(other.page), null);
  assertNoProblems(other.problems);
  await other.context.close();

  // A tab in the same browser falls back to the autosaved session.
  const tab = await context.newPage();
  const tabProblems = watch(tab);
  await tab.goto(BASE_URL + truncated);
  await waitReady(tab);
  await tab.getByTestId('error').waitFor();
  await waitClock(tab, 5000);
  assert.equal((await snapshot(tab)).preset, 'isr');
  // The banner can be dismissed.
  await tab.getByTestId('error').getByRole('button').click();
  await tab.getByTestId('error').waitFor({ state: 'detached' });
  assertNoProblems(tabProblems);
}));

test('a damaged link pasted into an open tab leaves the run untouched; a good one loads', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await seek(page, 2500);
  await crashBroker(page, 2);
  const link = await shareLink(page); // the acks demo at 2500 ms with broker 2 down
  await loadPreset(page, 'leader-epoch');
  await seek(page, 1200);
  const before = await snapshot(page);

  await page.evaluate(() => { location.hash = '#s=AAAA-garbage'; });
  await page.getByTestId('error').waitFor();
  assert.match(await errorText(page), /could not be opened, so nothing was changed/);
  assert.deepEqual(await snapshot(page), before);
  assert.equal(await clock(page), 1200);

  await page.evaluate((h) => { location.hash = h; }, link.slice(link.indexOf('#')));
  await waitClock(page, 2500);
  assert.equal(await errorText(page), null, 'a good link clears the banner');
  const loaded = await snapshot(page);
  assert.equal(loaded.preset, 'acks');
  assert.match(loaded.lanes[0].brokers.join(), /2: down/);

  // Switched to Korean after the page opened: the refusal follows.
  await page.locator('button.lang-switch').click();
  await page.evaluate(() => { location.hash = '#s=BBBB-garbage'; });
  await page.getByTestId('error').waitFor();
  assert.match(await errorText(page), /공유 링크를 열 수 없어/);
}));

test('keyboard: ? opens the help, Escape closes it; space plays and pauses; n jumps; p presenter', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  const help = page.getByTestId('help');
  await page.keyboard.press('?');
  await help.waitFor();
  assert.match(await help.innerText(), /Keyboard/);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });
  // The ? button and the Close button do the same.
  await page.getByTestId('help-button').click();
  await help.waitFor();
  await page.getByTestId('help-close').click();
  await help.waitFor({ state: 'detached' });

  // Space on the page (not on a focused button) toggles play.
  await page.evaluate(() => document.activeElement?.blur());
  const play = page.getByTestId('play');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  await page.keyboard.press(' ');
  await page.waitForSelector('[data-testid=play][aria-pressed=true]');
  await page.waitForFunction(() => Number.parseInt(document.querySelector('[data-testid=clock]').textContent, 10) > 0);
  await page.keyboard.press(' ');
  await page.waitForSelector('[data-testid=play][aria-pressed=false]');
  const paused = await clock(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await clock(page), paused, 'paused: the clock stands still');

  // n: the next fault, election or loss.
  await seek(page, 0);
  await page.keyboard.press('n');
  await waitClock(page, 2000);
  // p: presenter mode.
  await page.keyboard.press('p');
  await page.waitForSelector('.page.presenter');
  await page.keyboard.press('p');
  await page.waitForSelector('.page:not(.presenter)');
}));
