// The npm package (scripts/web-package): `npm pack` output installed offline into a throw-away
// site (`npm install ./certchain-<version>.tgz`, no registry), resolved through its `exports`,
// type-checked through its `types`, and used by a page: the API analyses and the element mounts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, launch, serve, fixtureText, screenshot } from './lib.mjs';

let browser;
let site;
let server;
before(async () => {
  const tgz = path.join(ROOT, execFileSync(path.join(ROOT, 'scripts', 'web-package'), { cwd: ROOT, encoding: 'utf8' }).trim());
  site = mkdtempSync(path.join(tmpdir(), 'certchain-npm-'));
  writeFileSync(path.join(site, 'package.json'), JSON.stringify({ name: 'throwaway-docs', private: true, type: 'module' }));
  copyFileSync(tgz, path.join(site, path.basename(tgz)));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${path.basename(tgz)}`], { cwd: site, stdio: 'pipe' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

test('the installed package resolves through exports and type-checks through types', () => {
  const pkg = JSON.parse(readFileSync(path.join(site, 'node_modules', 'certchain', 'package.json'), 'utf8'));
  assert.equal(pkg.types, './certchain.d.ts');
  const resolved = execFileSync('node', ['--input-type=module', '-e',
    "console.log(import.meta.resolve('certchain')); console.log(import.meta.resolve('certchain/element'))"], { cwd: site, encoding: 'utf8' });
  assert.match(resolved, /node_modules\/certchain\/certchain\.js\n.*node_modules\/certchain\/certchain-element\.js/);
  writeFileSync(path.join(site, 'usage.ts'), `import { init, analyze, emit } from 'certchain';
import type { Report } from 'certchain';
export async function check(pem: string): Promise<string[]> {
  await init();
  const report: Report = analyze([{ name: 'chain.pem', text: pem }], { flow: 'inbound' });
  const { notes } = emit([{ name: 'chain.pem', text: pem }]);
  return [report.valid ? 'valid' : 'not valid', ...notes];
}
`);
  const tsc = path.join(ROOT, 'tests', 'e2e', 'node_modules', '.bin', 'tsc');
  const run = spawnSync(tsc, ['--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', 'usage.ts'],
    { cwd: site, encoding: 'utf8' });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});

test('a page using the installed package: the API analyses, the element mounts', async () => {
  writeFileSync(path.join(site, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>docs</title><link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'none'">
<script type="module" src="node_modules/certchain/certchain-element.js"></script>
<script type="module" src="app.js"></script></head>
<body><main><h1>Set up mutual TLS</h1><certchain-analyzer compact></certchain-analyzer></main></body></html>`);
  writeFileSync(path.join(site, 'app.js'), `import { init, analyze } from './node_modules/certchain/certchain.js';
await init();
window.certchainResult = analyze([{ name: 'leaf.pem', text: ${JSON.stringify(fixtureText('chains/rsa2048/leaf.pem'))} }], { time: '2026-06-01T00:00:00Z' });
`);
  server = await serve(site);
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(server.url);
  await page.waitForFunction(() => window.certchainResult !== undefined);
  const result = await page.evaluate(() => ({ valid: window.certchainResult.valid, code: window.certchainResult.findings[0].code }));
  assert.deepEqual(result, { valid: false, code: 'missing_issuer' });
  const element = page.locator('certchain-analyzer');
  await element.locator('[data-testid="paste"]').fill(fixtureText('chains/rsa2048/leaf.pem'));
  await element.locator('[data-testid="headline"][data-valid="false"]').waitFor();
  await screenshot(page, 'npm-package-page');
  assert.deepEqual(problems, []);
  await context.close();
});
