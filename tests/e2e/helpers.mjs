// Shared Playwright setup: Debian's Chromium (no browser download), the
// flags a closed network needs, and guards that fail a test on any console
// error or any request that leaves localhost. Below the setup, small page
// helpers the tests share: a fresh start, the clock, seeking, lanes.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8080/';
export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

const LAUNCH_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Wires the problem guards to a page; returns the lists they fill. */
export function watch(page, problems = { consoleErrors: [], foreignRequests: [], pageErrors: [] }) {
  page.on('console', (msg) => { if (msg.type() === 'error') problems.consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('request', (req) => {
    const url = new URL(req.url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (!local && !['data:', 'blob:'].includes(url.protocol)) problems.foreignRequests.push(req.url());
  });
  return problems;
}

export async function openPage({ locale = 'en-US', viewport = { width: 1280, height: 800 } } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: LAUNCH_ARGS,
  });
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const problems = watch(page);
  return { browser, context, page, problems };
}

/** A second, independent browser context (its own empty localStorage) in
 * the same browser, with its own problem guards. */
export async function openFreshContext(browser, { locale = 'en-US', viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  return { context, page, problems: watch(page) };
}

/** Fails the test if the page threw, logged an error or left localhost. */
export function assertNoProblems(problems) {
  assert.deepEqual(problems.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(problems.consoleErrors, [], 'console errors');
  assert.deepEqual(problems.foreignRequests, [], 'requests leaving localhost');
}

/** A full-page PNG in tests/e2e/screenshots/. The viewport is stretched
 * to the whole page for the capture, so everything is laid out as if on
 * screen (nothing skipped as off-screen) and the sticky transport bar sits
 * at the top rather than wherever the page happened to be scrolled. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
  try {
    await page.evaluate(() => new Promise((resolve) => {
      window.scrollTo(0, 0);
      requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
    }));
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await page.setViewportSize(viewport);
  }
  return file;
}

/** Waits until the app has rendered (the clock is drawn by the wasm app). */
export async function waitReady(page) {
  await page.waitForSelector('[data-testid=clock]');
  await page.waitForSelector('.lane');
}

/** Opens the page (optionally with a hash) with an empty localStorage: no
 * autosave or remembered language from an earlier visit in this context.
 * Reloads keep whatever the page saved afterwards. */
export async function gotoFresh(page, hash = '') {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-fresh')) {
      localStorage.clear();
      sessionStorage.setItem('e2e-fresh', '1');
    }
  });
  await page.goto(BASE_URL + hash);
  await waitReady(page);
}

/** The simulated clock in ms ("1234 ms"). */
export async function clock(page) {
  const text = await page.getByTestId('clock').innerText();
  const m = /^(\d+) ms$/.exec(text.trim());
  assert.ok(m, `clock text: ${text}`);
  return Number(m[1]);
}

/** Waits until the clock shows exactly `ms`. */
export async function waitClock(page, ms) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid=clock]')?.textContent.trim() === `${want} ms`,
    ms,
  );
}

/** Seeks with the time slider (as a drag does: set the value, fire input). */
export async function seek(page, ms) {
  await page.getByTestId('slider').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await waitClock(page, ms);
}

/** The end of the slider (the preset's end or the known history's). */
export async function sliderEnd(page) {
  return Number(await page.getByTestId('slider').getAttribute('max'));
}

/** Loads a preset by its code (acks, isr, leader-epoch) and waits for it. */
export async function loadPreset(page, code) {
  await page.locator(`.preset[data-preset="${code}"]`).click();
  await page.waitForSelector(`.preset[data-preset="${code}"][aria-pressed=true]`);
  await waitClock(page, 0);
}

/** The lane sections' labels, in order. */
export async function laneLabels(page) {
  return page.locator('.lane .lane-label').allInnerTexts();
}

/** Shows lane `label` in the event log and producer panel (lane tabs). */
export async function showLane(page, label) {
  const tab = page.locator('.producer-panel .lane-tab', { hasText: label }).first();
  await tab.click();
  await page.waitForFunction(
    (l) => document.querySelector('[data-testid=fates] caption')?.textContent.includes(l),
    label,
  );
}

/** The fate rows of the lane shown: [{ fate, lost, text }]. */
export async function fates(page) {
  return page.locator('[data-testid=fates] tbody tr[data-fate]').evaluateAll((rows) =>
    rows.map((r) => ({ fate: r.dataset.fate, lost: r.dataset.lost === 'true', text: r.textContent })));
}

/** The event log rows of the lane shown (newest first). */
export async function logTexts(page) {
  return page.locator("[data-testid=event-log] .log-row").evaluateAll((rows) => rows.map((r) => r.textContent));
}

/** The alarm banner of lane index `lane`, or null when the lane is clean. */
export async function alarmText(page, lane) {
  const alarm = page.locator(`[data-testid=alarm][data-lane="${lane}"]`);
  return (await alarm.count()) ? alarm.innerText() : null;
}

/** Opens the fault menu of broker `id` (clicking its head in lane 0). It
 * clicks the broker's name, near the head's top-left corner: message dots
 * rest on the centre of the head and would take the click. */
export async function openBrokerMenu(page, id) {
  await page.locator(`.lane[data-lane="0"] .broker-col[data-broker="${id}"] .broker-head`)
    .click({ position: { x: 24, y: 12 } });
  const menu = page.getByTestId('broker-menu');
  await menu.waitFor();
  assert.match(await menu.innerText(), new RegExp(`Broker ${id}`));
  return menu;
}

/** Crashes broker `id` through its menu; waits until lane 0 draws it down. */
export async function crashBroker(page, id) {
  await openBrokerMenu(page, id);
  await page.getByTestId('crash').click();
  await page.getByTestId('broker-menu').waitFor({ state: 'detached' });
  await page.waitForSelector(`.lane[data-lane="0"] .broker-col.down[data-broker="${id}"]`);
}

/** Waits until the autosave holds the clock `ms`. */
export async function waitSaved(page, ms) {
  await page.waitForFunction((want) => {
    const saved = localStorage.getItem('kafka-playground.session');
    return saved !== null && JSON.parse(saved).now_ms === want;
  }, ms);
}

/** What the learner sees, as comparable data: clock, preset, caption,
 * every lane's brokers and replica rows, and the alarms. */
export async function snapshot(page) {
  return page.evaluate(() => {
    const all = (sel, root = document) => [...root.querySelectorAll(sel)];
    const classes = (el, skip) => [...el.classList].filter((c) => !skip.includes(c)).sort().join(' ');
    return {
      clock: document.querySelector('[data-testid=clock]').textContent,
      preset: document.querySelector('.preset[aria-pressed=true]')?.dataset.preset ?? null,
      caption: document.querySelector('[data-testid=caption]')?.textContent ?? null,
      lanes: all('.lane').map((lane) => ({
        label: lane.querySelector('.lane-label').textContent,
        summary: lane.querySelector('.lane-title').textContent,
        brokers: all('.broker-col', lane).map((b) => `${b.dataset.broker}: ${classes(b, ['broker-col', 'selected'])}`),
        replicas: all('.replica-row', lane).map((r) =>
          `${r.closest('.broker-col').dataset.broker} ${r.dataset.tp} ${classes(r, ['replica-row'])} leo=${r.dataset.leo} hw=${r.dataset.hw}`),
      })),
      alarms: all('[data-testid=alarm]').map((a) => `${a.dataset.lane}: ${a.querySelector('.alarm-body').textContent}`),
    };
  });
}

/** The error banner's text, or null when there is none. */
export async function errorText(page) {
  const banner = page.getByTestId('error');
  return (await banner.count()) ? banner.innerText() : null;
}

/** Runs `fn({ browser, context, page, problems })` in a fresh browser, then
 * checks the page's problem guards; the browser is closed either way. */
export async function withPage(fn, options) {
  const session = await openPage(options);
  try {
    await fn(session);
    assertNoProblems(session.problems);
  } finally {
    await session.browser.close();
  }
}

/** Seeks (slider) to the first ms in (lo, hi] at which `holds()` is true,
 * by bisection: `holds` must be false at lo and true at hi, and stay true
 * once true (a loss, an election). Returns that ms. */
export async function seekFirst(page, holds, lo, hi) {
  await seek(page, hi);
  assert.ok(await holds(), `expected the condition to hold at ${hi} ms`);
  await seek(page, lo);
  assert.ok(!(await holds()), `expected the condition not to hold yet at ${lo} ms`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    await seek(page, mid);
    if (await holds()) hi = mid; else lo = mid;
  }
  await seek(page, hi);
  return hi;
}
