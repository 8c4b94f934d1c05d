// The page's performance budgets, measured in headless Chromium against the
// built dist/ (served by scripts/bench.sh). Prints numbers; asserts nothing.
//   first render  navigation start → the cluster drawn          goal < 1 s
//   frame time    p95 between animation frames while playing
//                 6 brokers × 24 partitions × RF 3, continuous produce
//                                                               goal < 16.7 ms
//   seek          slider moves across a 100,000-event history   goal < 50 ms
//                 (engine part; the re-render is printed beside it)
import { openPage } from '../tests/e2e/helpers.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const PERF = path.join(ROOT, 'scenarios/perf/six-brokers-24-partitions.json');
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.round((s.length - 1) * p))]; };
const ms = (x) => `${x.toFixed(1)} ms`;

const { browser, page } = await openPage({ viewport: { width: 1600, height: 1000 } });
try {
  await page.goto(process.env.BASE_URL || 'http://127.0.0.1:8080/');
  await page.waitForSelector('.cluster-svg .broker-col');
  const firstRender = await page.evaluate(() => performance.now());
  console.log(`first render: ${ms(firstRender)} (goal < 1000 ms)`);

  await page.setInputFiles('[data-testid=import]', PERF);
  await page.waitForFunction(() => document.querySelectorAll('.broker-col').length === 6);
  const rows = await page.locator('.replica-row').count();
  await page.click('[data-testid=play]');
  await page.waitForTimeout(1000);
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const gaps = []; let last = null;
    const tick = (t) => {
      if (last !== null) gaps.push(t - last);
      last = t;
      if (gaps.length < 300) requestAnimationFrame(tick); else resolve(gaps);
    };
    requestAnimationFrame(tick);
  }));
  await page.click('[data-testid=play]');
  const dots = await page.locator('.dot').count();
  console.log(`frame time while playing (${rows} replica rows, ${dots} messages in flight at the end, ${frames.length} frames): p50 ${ms(pct(frames, 0.5))}, p95 ${ms(pct(frames, 0.95))}, max ${ms(Math.max(...frames))} (goal p95 < 16.7 ms)`);

  // Build a 100,000-event history by moving the slider far ahead, then seek.
  // `engine` is the synchronous part (the reducer seeking the timelines in
  // wasm); `total` adds Yew's re-render and the browser's layout.
  const seek = (t) => page.evaluate((t) => new Promise((resolve) => {
    const s = document.querySelector('[data-testid=slider]');
    s.max = Math.max(Number(s.max), t);
    s.value = String(t);
    const t0 = performance.now();
    s.dispatchEvent(new Event('input', { bubbles: true }));
    const engine = performance.now() - t0;
    setTimeout(() => { void document.body.offsetHeight; resolve([engine, performance.now() - t0]); }, 0);
  }), t);
  const [build] = await seek(11000);
  const clock = await page.evaluate(() => document.querySelector('[data-testid=clock]').textContent);
  console.log(`history built to ${clock} in ${ms(build)}`);
  const engine = [], total = [];
  let x = 7;
  for (let i = 0; i < 40; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const [e, t] = await seek(x % 11000);
    engine.push(e); total.push(t);
  }
  console.log(`seek, engine in wasm (40 pseudo-random times): p50 ${ms(pct(engine, 0.5))}, p95 ${ms(pct(engine, 0.95))}, max ${ms(Math.max(...engine))} (goal < 50 ms)`);
  console.log(`seek + re-render + layout: p50 ${ms(pct(total, 0.5))}, p95 ${ms(pct(total, 0.95))}, max ${ms(Math.max(...total))}`);
} finally {
  await browser.close();
}
