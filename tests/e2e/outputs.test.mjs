// The page's output files are byte-for-byte what the CLI's `certchain emit` writes for the same
// inputs and options.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, launch, serve, openPage, fixture, fixtureText, setCustomRoots, setCheckTime } from './lib.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

function cliEmit(files) {
  execFileSync('cargo', ['build', '--quiet', '--locked', '-p', 'certchain-cli'], { cwd: ROOT, stdio: 'inherit' });
  const out = mkdtempSync(path.join(tmpdir(), 'certchain-emit-'));
  try {
    // Exit 3: the files are written; with its private root the chain cannot be confirmed for Salesforce.
    const run = spawnSync(path.join(ROOT, 'target', 'debug', 'certchain'), [
      'emit', '--out', out, '--trust', fixture('chains/rsa2048/root.pem'), '--at', '2026-06-01T00:00:00Z', ...files,
    ], { stdio: ['ignore', 'pipe', 'inherit'] });
    assert.ok([0, 3].includes(run.status), `certchain emit exited ${run.status}`);
    const read = (name) => readFileSync(path.join(out, name));
    return { chain: read('chain.pem'), fullchain: read('fullchain.pem'), fullcert: read('fullcert.pem') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

test('chain.pem, fullchain.pem and fullcert.pem equal the CLI output', async () => {
  const files = [fixture('chains/rsa2048/chain.pem'), fixture('chains/rsa2048/leaf.key')];
  const expected = cliEmit(files);
  const { page, context } = await openPage(browser, server.url);
  await setCustomRoots(page, fixtureText('chains/rsa2048/root.pem'));
  await setCheckTime(page);
  await page.setInputFiles('[data-testid="file-picker"]', files);
  await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
  await page.waitForSelector('[data-testid="output"][data-name="fullcert.pem"]');
  for (const [name, bytes] of [['chain.pem', expected.chain], ['fullchain.pem', expected.fullchain], ['fullcert.pem', expected.fullcert]]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download ${name}` }).click(),
    ]);
    assert.equal(download.suggestedFilename(), name);
    assert.ok(readFileSync(await download.path()).equals(bytes), `${name} differs from the CLI's`);
  }
  await context.close();
});
