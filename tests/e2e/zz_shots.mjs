import { openPage, gotoFresh, loadPreset, seek } from './helpers.mjs';
const locale = process.argv[2] || 'en-US';
const { browser, page } = await openPage({ locale });
await gotoFresh(page);
await loadPreset(page, 'lag-rebalance');
for (const t of [25000, 45000]) {
  await seek(page, t);
  await page.getByTestId('lag-group-elasticsearch').screenshot({ path: `/tmp/lagscratch/es-${t}-${locale}.png` });
  await page.getByTestId('lag-group-hadoop').screenshot({ path: `/tmp/lagscratch/hd-${t}-${locale}.png` });
  await page.locator('.lane[data-lane="0"]').screenshot({ path: `/tmp/lagscratch/lane0-${t}-${locale}.png` });
}
await browser.close();
