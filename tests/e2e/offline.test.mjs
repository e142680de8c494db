// The single-file offline build (scripts/web-singlefile) opened via file://, with every
// non-file request blocked: it must start and analyse a pasted chain, in its analysis worker
// (started from a blob: URL: the only way Chromium allows a worker in a file:// page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, launch, fixtureText, setCustomRoots, setCheckTime, headline, screenshot } from './lib.mjs';

const FILE = path.join(ROOT, 'target', 'web', 'certchain.html');

test('the single-file page works from file:// with the network off', async () => {
  assert.ok(existsSync(FILE), `${FILE} is missing: run scripts/web-singlefile`);
  const browser = await launch();
  try {
    const context = await browser.newContext({ offline: true });
    const requests = [];
    const problems = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url().startsWith('file:') ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(pathToFileURL(FILE).href);
    await page.waitForSelector('[data-testid="paste"]');
    await setCustomRoots(page, fixtureText('chains/rsa2048/root.pem'));
    await setCheckTime(page);
    await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/leaf.pem'));
    await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
    assert.match(await headline(page), /Certchain Bench Intermediate 2/);
    await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/chain.pem'));
    await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
    assert.equal(await page.getAttribute('[data-testid="results"]', 'data-analysed-in'), 'worker');
    await screenshot(page, 'offline-single-file');
    // The file itself; the worker's script is a blob: URL made from a block inside it.
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:')), []);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});
