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

// The variant with the CCADB snapshot inlined (scripts/web-singlefile, docs/ccadb.md): a real leaf
// alone is completed offline; the plain file says it has no snapshot instead of failing.
test('the single file with intermediates completes a real leaf offline; the plain one says it cannot', async () => {
  const withIntermediates = path.join(ROOT, 'target', 'web', 'certchain-with-intermediates.html');
  assert.ok(existsSync(withIntermediates), `${withIntermediates} is missing: run scripts/web-singlefile`);
  const browser = await launch();
  try {
    for (const [file, completes] of [[withIntermediates, true], [FILE, false]]) {
      const context = await browser.newContext({ offline: true });
      const requests = [];
      await context.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.request().url().startsWith('file:') ? route.continue() : route.abort();
      });
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('[data-testid="paste"]');
      await setCheckTime(page, '2025-04-01 00:00');
      await page.fill('[data-testid="paste"]', fixtureText('ccadb/python-org-by-r11.pem'));
      await page.waitForSelector('[data-testid="headline"][data-verdict="not_valid"]');
      if (completes) {
        await page.waitForSelector('[data-testid="completion"][data-status="completed"]', { timeout: 60000 });
        assert.match(await headline(page), /Incomplete as supplied: the intermediate 'R11' is missing/);
      } else {
        await page.waitForSelector('[data-testid="snapshot-progress"]');
        assert.match(await page.textContent('[data-testid="snapshot-progress"]'), /does not include the CCADB snapshot/);
      }
      assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:')), []);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
