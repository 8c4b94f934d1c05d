// Adding partitions from the faults panel (kafka-topics.sh --alter
// --partitions): fewer is refused with Kafka's message and changes nothing;
// more adds replica rows and the event log says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorText, gotoFresh, loadPreset, logTexts, seek, withPage } from './helpers.mjs';

test('partitions only grow: Kafka refuses fewer, and the new ones appear', () => withPage(async ({ page }) => {
  await gotoFresh(page);
  await loadPreset(page, 'isr');
  await seek(page, 1000);
  const rows = () => page.locator('.lane[data-lane="0"] .replica-row').count();
  assert.equal(await rows(), 3, 'orders has one partition × RF 3');

  await page.getByTestId('partitions-input').fill('0');
  await page.getByTestId('partitions-apply').click();
  await page.getByTestId('error').waitFor();
  assert.match(await errorText(page), /The topic orders currently has 1 partition\(s\); 0 would not be an increase\./);
  assert.equal(await rows(), 3, 'nothing changed');

  await page.getByTestId('partitions-input').fill('3');
  await page.getByTestId('partitions-apply').click();
  assert.ok((await logTexts(page)).some((t) => /orders now has 3 partitions \(was 1\)/.test(t)));
  // The brokers learn of the new partitions from the controller's metadata
  // update, a message that needs (simulated) time to arrive.
  await seek(page, 1100);
  await page.waitForFunction(() => document.querySelectorAll('.lane[data-lane="0"] .replica-row').length === 9);
  assert.equal(await errorText(page), null);
}));
