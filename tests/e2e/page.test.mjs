// The page served from dist/: the main flows, files and passwords, network isolation, keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, serve, openPage, fixture, fixtureText, setCustomRoots, setCheckTime, headline, screenshot,
  runs, waitForRun, foreignRequests,
} from './lib.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const ROOT_PEM = fixtureText('chains/rsa2048/root.pem');

test('a complete chain passes, with its cards leaf to root (own roots, inbound: cannot confirm for Salesforce)', async () => {
  const { page, context, requests, problems } = await openPage(browser, server.url);
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  const rootsFile = (u) => new URL(u).pathname === '/certchain-roots.js';
  assert.equal(requests.filter(rootsFile).length, 0, 'the bundled root certificates are not part of the first load');
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/chain.pem'));
  await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
  assert.match(await headline(page), /valid/i);
  const cards = await page.$$eval('[data-testid="cert-card"] .cert-name', (els) => els.map((e) => e.textContent));
  assert.deepEqual(cards, [
    'client.bench.example.test', 'Certchain Bench Intermediate 2', 'Certchain Bench Intermediate 1', 'Certchain Bench Root',
  ]);
  assert.match(await page.textContent('[data-testid="trust-info"]'), /custom/i);
  await screenshot(page, 'valid-chain');
  assert.deepEqual(foreignRequests(requests, server.url), []);
  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  // Only the page's own files were fetched: the page's five, the analysis worker's script
  // (which imports the same certchain-web.js and gets the compiled wasm from the page), and the
  // bundled root certificates, once, with the first analysis (the worker gets them from the page).
  const files = [...new Set(requests.map((u) => new URL(u).pathname))].sort();
  assert.deepEqual(files, [
    '/', '/boot.js', '/certchain-roots.js', '/certchain-web.js', '/certchain-wasm.js', '/worker.js', `/${cssName(requests)}`,
  ].sort());
  assert.equal(requests.filter(rootsFile).length, 1);
  await context.close();
});

function cssName(requests) {
  const css = requests.map((u) => new URL(u).pathname.slice(1)).find((p) => p.endsWith('.css'));
  assert.ok(css, 'the stylesheet was loaded');
  return css;
}

test('a leaf alone: the headline names the missing issuer', async () => {
  const { page, context, requests } = await openPage(browser, server.url);
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/leaf.pem'));
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  const text = await headline(page);
  assert.match(text, /Certchain Bench Intermediate 2/);
  assert.match(text, /missing|not found|issuer/i);
  const codes = await page.$$eval('[data-testid="finding"]', (els) => els.map((e) => e.dataset.code));
  assert.equal(codes[0], 'missing_issuer');
  assert.ok(await page.$('[data-testid="chain-end-missing"]'));
  await screenshot(page, 'missing-issuer');
  assert.deepEqual(foreignRequests(requests, server.url), []);
  await context.close();
});

test('dropped DER file and a PKCS#12 needing a password (wrong, then right)', async () => {
  const { page, context, requests } = await openPage(browser, server.url);
  await setCustomRoots(page, fixtureText('inputs/root.pem'));
  await setCheckTime(page);
  // A real drop: a DataTransfer carrying the DER file, dispatched on the page.
  const der = readFileSync(fixture('inputs/leaf.der')).toString('base64');
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'leaf.der'));
    document.querySelector('.layout').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, der);
  await page.waitForSelector('[data-testid="file"]:has-text("leaf.der")');
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  assert.match(await headline(page), /Decode Test Intermediate/);

  await page.setInputFiles('[data-testid="file-picker"]', fixture('inputs/modern.p12'));
  const password = page.locator('[data-testid="password-modern.p12"]');
  await password.waitFor();
  const status = page.locator('[data-testid="file"]:has-text("modern.p12") [data-testid="password-status"]');
  assert.match(await status.textContent(), /password/i);
  await password.fill('not-the-password');
  await page.waitForFunction(() => /Wrong password/.test(document.body.textContent));
  assert.match(await status.textContent(), /Wrong password/);
  assert.match(await headline(page), /password/i);
  await screenshot(page, 'wrong-password');
  await password.fill('secret');
  await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
  assert.match(await status.textContent(), /Unlocked/);
  assert.ok(await page.$('[data-testid="key-note"]'), 'the private-key note is shown');
  const inputsText = await page.textContent('[data-testid="inputs-read"]');
  assert.match(inputsText, /modern\.p12/);
  assert.match(inputsText, /private key/);
  await screenshot(page, 'p12-unlocked');
  assert.deepEqual(foreignRequests(requests, server.url), []);
  await context.close();
});

test('custom roots loaded from a file instead of pasted', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.check('[data-testid="trust-custom"]');
  await page.setInputFiles('[data-testid="root-picker"]', fixture('chains/rsa2048/root.pem'));
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/chain.pem'));
  await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
  assert.match(await page.textContent('[data-testid="trust-info"]'), /1 roots/);
  await context.close();
});

test('downloads: a certificate PEM and the report JSON are the report\'s bytes', async () => {
  const { page, context } = await openPage(browser, server.url);
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/chain.pem'));
  await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
  const [pemDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid="cert-card"]').first().getByRole('button', { name: /Download/ }).click(),
  ]);
  const pem = readFileSync(await pemDownload.path(), 'utf8');
  assert.equal(pem.replace(/\s+/g, ''), fixtureText('chains/rsa2048/leaf.pem').replace(/\s+/g, ''));
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report.json' }).click(),
  ]);
  assert.equal(jsonDownload.suggestedFilename(), 'report.json');
  const report = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
  assert.equal(report.verdict, 'cannot_confirm');
  assert.equal(report.valid, false);
  assert.equal(report.checked_at, '2026-06-01T00:00:00Z');
  assert.equal(report.chain.length, 3);
  await context.close();
});

test('keyboard only: paste, choose flow and roots, read the verdict, download', async () => {
  const { page, context } = await openPage(browser, server.url);
  // Tab from the top of the page to the paste area.
  await tabUntil(page, (el) => el.id === 'paste');
  await page.keyboard.insertText(fixtureText('chains/rsa2048/chain.pem'));
  // To the flow radios: move the selection with the arrow keys.
  await tabUntil(page, (el) => el.name === 'flow');
  await page.keyboard.press('ArrowDown'); // outbound
  await page.keyboard.press('ArrowDown'); // csr_upload
  await page.keyboard.press('ArrowDown'); // keystore
  await page.keyboard.press('ArrowDown'); // generic
  assert.equal(await page.evaluate(() => document.activeElement.value), 'generic');
  await tabUntil(page, (el) => el.name === 'trust');
  await page.keyboard.press('ArrowDown'); // mozilla
  await page.keyboard.press('ArrowDown'); // custom
  assert.equal(await page.evaluate(() => document.activeElement.value), 'custom');
  await tabUntil(page, (el) => el.id === 'custom-roots');
  await page.keyboard.insertText(ROOT_PEM);
  await page.waitForSelector('[data-testid="headline"][data-valid="true"]');
  await tabUntil(page, (el) => el.textContent === 'Download report.json');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'report.json');
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(report.flow, 'generic');
  assert.equal(report.valid, true);
  await context.close();
});

// Timing budgets live in measure.mjs (scripts/web-budget), not here: this only checks that every
// edit re-analyses and reports how long it took.
test('re-analyses on each edit and reports the time it took', async () => {
  const { page, context } = await openPage(browser, server.url);
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  const n = await runs(page);
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/fullchain.pem'));
  await waitForRun(page, n);
  const ms = Number(await page.getAttribute('[data-testid="results"]', 'data-analysis-ms'));
  assert.ok(ms > 0 && Number.isFinite(ms), `analysis time reported: ${ms}`);
  const m = await runs(page);
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/leaf.pem'));
  await waitForRun(page, m);
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  await context.close();
});

async function tabUntil(page, predicate, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(`(${predicate.toString()})(document.activeElement)`);
    if (hit) return;
  }
  throw new Error(`no focusable element matched ${predicate} after ${limit} tabs`);
}

test('a multi-megabyte paste becomes an input of its own, shows progress, and long lists are capped', async () => {
  const { page, context, problems } = await openPage(browser, server.url);
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  // 300 copies of a 4-certificate chain: ~1.5 MB, 1,200 PEM blocks (duplicates of 4 certificates).
  const chain = fixtureText('chains/rsa2048/fullchain.pem');
  const big = Array.from({ length: 300 }, () => chain).join('');
  const n = await runs(page);
  const sawProgress = page.waitForSelector('[data-testid="progress"]', { timeout: 10000 }).then(() => true, () => false);
  await page.evaluate((text) => {
    const paste = document.querySelector('[data-testid="paste"]');
    paste.value = text;
    paste.dispatchEvent(new Event('input', { bubbles: true }));
  }, big);
  assert.equal(await sawProgress, true, 'an "Analysing…" status while the big input waits');
  await waitForRun(page, n);
  await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
  assert.equal(await page.inputValue('[data-testid="paste"]'), '', 'the text box is emptied');
  const kb = Math.ceil(Buffer.byteLength(big) / 1024);
  assert.deepEqual(await page.$$eval('[data-testid="file"] .file-name', (els) => els.map((e) => e.textContent)), [`the text you pasted (${kb} KB)`]);
  assert.equal(await page.$$eval('[data-testid="progress"]', (els) => els.length), 0, 'progress gone once analysed');
  // The inputs list shows 50 of the 1,200 blocks, then all of them on request.
  const items = '[data-testid="inputs-read"] > li.input > ul > li:not(.show-all)';
  assert.equal(await page.$$eval(items, (els) => els.length), 50);
  const button = page.locator('[data-testid="inputs-read"] [data-testid="show-all"]');
  assert.equal(await button.textContent(), 'Show all 1200 items');
  await button.click();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1200, items);
  assert.deepEqual(problems, []);
  await context.close();
});
