// Pasted `openssl s_client` output (issue 15): real outputs of scripts/make-s_client-fixtures.sh
// (s_server on 127.0.0.1 in each configuration) pasted into the page, alone and beside the client's
// certificate files. The page must give the findings the core gives for the same handshake:
// crates/core/tests/fixtures/s_client/expected.json, kept current by the core's test
// (crates/core/tests/handshake.rs), lists them per output; the CLI's `certchain probe` explains its
// handshakes with the same core code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT, launch, serve, openPage, setCustomRoots, setCheckTime, runs, waitForRun, headline, screenshot } from './lib.mjs';

const DIR = path.join(ROOT, 'crates', 'core', 'tests', 'fixtures', 's_client');
const read = (name) => readFileSync(path.join(DIR, name), 'utf8');
const EXPECTED = JSON.parse(read('expected.json'));
// The fixtures' certificates were made on the day the script ran (valid one year); the core's
// test checks them at this time too.
const AT = '2026-12-06T00:00';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** A page with the fixtures' root as own root and the check time set; optionally the client files. */
async function setUp(withClientChain) {
  const opened = await openPage(browser, server.url);
  const { page } = opened;
  await setCustomRoots(page, read('root.pem'));
  await setCheckTime(page, AT);
  if (withClientChain) {
    const before = await runs(page);
    await page.setInputFiles('[data-testid="file-picker"]', path.join(DIR, 'client-chain.pem'));
    await waitForRun(page, before);
  }
  return opened;
}

async function paste(page, text) {
  const before = await runs(page);
  await page.fill('[data-testid="paste"]', text);
  await waitForRun(page, before);
  await page.waitForSelector('[data-testid="handshake"]');
}

const codes = (page, testid) => page.$$eval(`[data-testid="${testid}"]`, (els) => els.map((e) => e.dataset.code));

for (const [mode, withClientChain] of [['alone', false], ['with_client_chain', true]]) {
  test(`every s_client output ${mode === 'alone' ? 'alone' : 'beside the client chain'}: the core's findings`, async () => {
    const { page, context, problems } = await setUp(withClientChain);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const want = expected[mode];
      await paste(page, read(name));
      assert.deepEqual(await codes(page, 'handshake-finding'), want.handshake, `${name}: handshake findings`);
      assert.deepEqual(await codes(page, 'server-finding'), want.server, `${name}: server chain findings`);
      const verdict = await page.$$eval('[data-testid="server-verdict"]', (els) => els.map((e) => e.dataset.verdict));
      assert.deepEqual(verdict, want.server_verdict ? [want.server_verdict] : [], `${name}: server verdict`);
      const first = await page.textContent('[data-testid="handshake-finding"] .finding-title');
      assert.ok(first.includes(want.headline), `${name}: "${first}" should show "${want.headline}"`);
      // The summary: a handshake verdict alone, the user's chain's verdict with the handshake's line beside files.
      const text = await headline(page);
      if (withClientChain) {
        assert.match(text, /Handshake \(/, name);
        assert.ok(text.includes(want.headline), `${name}: ${text}`);
      } else {
        assert.equal(await page.getAttribute('[data-testid="headline"]', 'data-handshake'), 'true', name);
        assert.ok(text.includes(want.headline), `${name}: ${text}`);
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a leaf sent without its intermediate: the alert, "send the intermediate", the user\'s files apart', async () => {
  const { page, context, problems } = await setUp(true);
  await page.fill('[data-testid="my-domain"]', 'acme');
  await paste(page, read('mtls-no-intermediate.txt'));
  const alert = page.locator('[data-testid="handshake-finding"]').first();
  assert.equal(await alert.getAttribute('data-code'), 'handshake_alert');
  const alertText = (await alert.textContent()).replace(/\s+/g, ' ');
  assert.match(alertText, /unknown_ca/);
  assert.match(alertText, /'Probe Test Intermediate'/);
  assert.match(alertText, /Send the intermediate/);
  assert.match(alertText, /-cert_chain/);
  // The facts: protocol, cipher, the CA names and the match, the server's chain as sent.
  const facts = (await page.textContent('[data-testid="handshake-facts"]')).replace(/\s+/g, ' ');
  assert.match(facts, /TLSv1\.3/);
  assert.match(facts, /TLS_AES_256_GCM_SHA384/);
  assert.deepEqual(await page.$$eval('[data-testid="ca-names"] li', (els) => els.map((e) => e.textContent)), ['CN = Probe Test Root']);
  assert.match(await page.textContent('[data-testid="ca-match"]'), /Your chain answers it/);
  const sent = await page.$$eval('[data-testid="server-cert"]', (els) => els.map((e) => e.textContent));
  assert.equal(sent.length, 2);
  assert.match(sent[0], /^0: localhost/);
  // The user's own chain is the client's, not the server's.
  const cards = await page.$$eval('[data-testid="chain"] [data-testid="cert-card"] .cert-name', (els) => els.map((e) => e.textContent));
  assert.equal(cards[0], 'Probe Client');
  assert.ok(!cards.includes('localhost'), cards.join(', '));
  // The commands panel: the s_client command for the user's host, with the GET that keeps it connected.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="command"]')]
    .some((el) => el.textContent.includes('openssl s_client -connect acme.my.salesforce.com:8443')));
  const all = (await page.$$eval('[data-testid="command"]', (els) => els.map((e) => e.textContent))).join('\n');
  assert.match(all, /printf 'GET \/services\/data\/ HTTP\/1\.1\\r\\nHost: acme\.my\.salesforce\.com\\r\\n.*\| openssl s_client -connect acme\.my\.salesforce\.com:8443 .*-showcerts -ign_eof/);
  await page.$$eval('details', (els) => els.forEach((d) => { d.open = true; }));
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'handshake-with-files');
  assert.deepEqual(problems, []);
  await context.close();
});

test('axe: a pasted s_client output alone (failed connection and a server chain)', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await openPage(browser, server.url, { colorScheme });
    await setCustomRoots(page, read('root.pem'));
    await setCheckTime(page, AT);
    await paste(page, read('server-leaf-only.txt'));
    assert.deepEqual(await axe(page), [], colorScheme);
    await screenshot(page, `handshake-alone-${colorScheme}`);
    await paste(page, read('closed-port.txt'));
    assert.deepEqual(await axe(page), [], colorScheme);
    await context.close();
  }
});
