// axe-core on the empty page and on a page showing a failing chain, in light and dark mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, serve, openPage, fixtureText, setCustomRoots, setCheckTime, screenshot } from './lib.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function axe(page) {
  // Injected through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe: no violations on the empty page (${colorScheme})`, async () => {
    const { page, context } = await openPage(browser, server.url, { colorScheme });
    assert.deepEqual(await axe(page), []);
    await screenshot(page, `empty-${colorScheme}`);
    await context.close();
  });

  test(`axe: no violations on a failing chain (${colorScheme})`, async () => {
    const { page, context } = await openPage(browser, server.url, { colorScheme });
    await setCustomRoots(page, fixtureText('chains/rsa2048/root.pem'));
    await setCheckTime(page);
    await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/leaf.pem'));
    await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
    // Open every <details> so their content is checked too.
    await page.$$eval('details', (els) => els.forEach((d) => { d.open = true; }));
    assert.deepEqual(await axe(page), []);
    await screenshot(page, `failing-${colorScheme}`);
    await context.close();
  });
}
