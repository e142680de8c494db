// Shared helpers for the browser tests: Debian's Chromium via playwright-core, a local static
// server for dist/, fixtures, artifacts. Nothing here downloads anything.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.CERTCHAIN_DIST || path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'target', 'e2e-artifacts');
export const CHECK_TIME = '2026-06-01T00:00';

export const fixture = (rel) => path.join(ROOT, 'tests', 'fixtures', rel);
export const fixtureText = (rel) => readFileSync(fixture(rel), 'utf8');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serves `dir` on 127.0.0.1 (a free port) with Python's static server. */
export async function serve(dir = DIST) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the page first with scripts/web-build`);
  }
  const child = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '0'], {
    cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`http.server did not start: ${out}`)), 10000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /port (\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => reject(new Error(`http.server exited with ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => child.kill() };
}

/** A page that records every request and every CSP violation or console error. */
export async function openPage(browser, url, contextOptions = {}) {
  const opened = await openRecorded(browser, url, contextOptions);
  await opened.page.waitForSelector('[data-testid="paste"]');
  return opened;
}

/** Opens `url` in a fresh context, recording requests and console errors / CSP violations. */
export async function openRecorded(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  return { context, page, requests, problems };
}

/** Waits until the page has analysed at least once more than `before` times, returns the count. */
export async function runs(page) {
  return Number(await page.getAttribute('[data-testid="results"]', 'data-runs'));
}
export async function waitForRun(page, before) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="results"]').dataset.runs) > n, before);
}

export async function setCustomRoots(page, pem) {
  await page.check('[data-testid="trust-custom"]');
  await page.fill('[data-testid="custom-roots"]', pem);
}

export async function setCheckTime(page, value = CHECK_TIME) {
  await page.fill('[data-testid="check-time"]', value);
}

export async function headline(page) {
  return (await page.textContent('[data-testid="headline"]')).replace(/\s+/g, ' ').trim();
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Every request must be for the page's own files (same origin). */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}
