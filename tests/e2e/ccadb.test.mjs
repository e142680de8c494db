// Offline chain completion in the page (issue 14, docs/ccadb.md): a real public leaf given alone is
// reported incomplete as supplied, the CCADB snapshot is fetched as ONE whole file only then (never
// on first load, never per certificate), and the downloads hold the completed chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, serve, openPage, fixtureText, setCheckTime, headline, screenshot, foreignRequests } from './lib.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// python.org, issued by Let's Encrypt R11 (public test data; tests/fixtures/ccadb/README.md).
const LEAF = fixtureText('ccadb/python-org-by-r11.pem');
const snapshotFile = (u) => new URL(u).pathname === '/certchain-intermediates.js';

test('a leaf alone: incomplete as supplied, completed from the snapshot fetched once as one file', async () => {
  const { page, context, requests, problems } = await openPage(browser, server.url);
  assert.equal(requests.filter(snapshotFile).length, 0, 'the snapshot is not part of the first load');
  await setCheckTime(page, '2025-04-01 00:00');
  await page.fill('[data-testid="paste"]', LEAF);
  await page.waitForSelector('[data-testid="completion"][data-status="completed"]', { timeout: 60000 });
  // Budget (issue 14): look-up + completion ≤ 50 ms once the file is loaded. The analysis that
  // follows the load (index built on first use included), as the page measured it.
  const ms = Number(await page.getAttribute('[data-testid="results"]', 'data-analysis-ms'));
  console.log(`analysis with completion, first after the snapshot loaded: ${ms} ms`);
  assert.ok(ms > 0 && ms <= 50, `completion took ${ms} ms`);
  // What was supplied stays incomplete: the verdict and headline are about it.
  await page.waitForSelector('[data-testid="headline"][data-verdict="not_valid"]');
  assert.match(await headline(page), /Incomplete as supplied: the intermediate 'R11' is missing/);
  const lead = await page.textContent('[data-testid="completion-lead"]');
  assert.match(lead, /What you supplied is incomplete/);
  assert.match(lead, /CCADB \(2026-08-21\)/);
  assert.match(lead, /No revocation status/);
  const added = await page.$$eval('[data-testid="completed-chain"] > li[data-added="true"] .cert-name', (els) => els.map((e) => e.textContent));
  assert.deepEqual(added, ['R11']);
  const codes = await page.$$eval('[data-testid="finding"]', (els) => els.map((e) => e.dataset.code));
  assert.equal(codes[0], 'missing_issuer');
  assert.ok(codes.includes('chain_completed'));
  // The downloads hold the completed chain, and say what was added.
  await page.waitForSelector('[data-testid="output"][data-name="chain.pem"]');
  const notes = await page.$$eval('[data-testid="output-note"]', (els) => els.map((e) => e.textContent).join('\n'));
  assert.match(notes, /'R11' from certchain's CCADB snapshot \(2026-08-21\)/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download chain.pem' }).click(),
  ]);
  const chain = readFileSync(await download.path(), 'utf8');
  assert.equal(chain.match(/BEGIN CERTIFICATE/g).length, 2, 'leaf + R11');
  await screenshot(page, 'ccadb-completed');

  // Another missing issuer later in the visit: the snapshot is not fetched again.
  await page.fill('[data-testid="paste"]', fixtureText('ccadb/bing-by-microsoft-tls-g2-rsa-ca-ocsp-02.pem'));
  await setCheckTime(page, '2026-06-01 00:00');
  await page.waitForFunction(() => document.querySelector('[data-testid="completed-chain"]')?.textContent.includes('Microsoft TLS RSA Root G2'));
  // The request log: one whole-file fetch of the snapshot, from the page's own origin.
  assert.equal(requests.filter(snapshotFile).length, 1, 'the snapshot is fetched exactly once');
  assert.deepEqual(foreignRequests(requests, server.url), []);
  const files = [...new Set(requests.map((u) => new URL(u).pathname))];
  assert.ok(files.every((p) => !p.includes('?') && !/[0-9a-f]{40}/.test(p)), `no request names a certificate: ${files}`);
  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  await context.close();
});

test('with the switch off, the page does not fetch the snapshot and reports as before', async () => {
  const { page, context, requests } = await openPage(browser, server.url);
  await page.uncheck('[data-testid="complete-chain"]');
  await setCheckTime(page, '2025-04-01 00:00');
  await page.fill('[data-testid="paste"]', LEAF);
  await page.waitForSelector('[data-testid="headline"][data-verdict="not_valid"]');
  assert.match(await headline(page), /The issuer of 'python.org' is missing/);
  assert.equal(await page.$('[data-testid="completion"]'), null);
  const codes = await page.$$eval('[data-testid="finding"]', (els) => els.map((e) => e.dataset.code));
  assert.ok(!codes.includes('chain_completed'));
  assert.equal(requests.filter(snapshotFile).length, 0, 'completion off: no snapshot request');
  await context.close();
});

test('a private CA: the missing issuer is called private or undisclosed', async () => {
  const { page, context } = await openPage(browser, server.url);
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/leaf.pem'));
  await page.waitForSelector('[data-testid="completion"][data-status="not_in_snapshot"]', { timeout: 60000 });
  assert.match(await page.textContent('[data-testid="completion-lead"]'), /private or undisclosed CA/);
  await context.close();
});
