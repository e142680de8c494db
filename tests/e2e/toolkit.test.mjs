// The Salesforce toolkit panels (issue 4): ready commands with copy buttons, the error explainer,
// and the org's own trust list (/cacerts.jsp) as the trust store, remembered in localStorage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  ROOT, launch, serve, openPage, fixtureText, setCustomRoots, setCheckTime, headline, screenshot, foreignRequests,
} from './lib.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const ROOT_PEM = fixtureText('chains/rsa2048/root.pem');
const CHAIN = fixtureText('chains/rsa2048/chain.pem');
const LEAF = fixtureText('chains/rsa2048/leaf.pem');
const KEY = fixtureText('chains/rsa2048/leaf.key');
const STORAGE_KEY = 'certchain.org-trust-list.v1';

/** Snapshot roots with a JDK alias and a bundled certificate, from crates/pki/data/roots.tsv. */
function jdkRoots(n) {
  const rows = readFileSync(path.join(ROOT, 'crates/pki/data/roots.tsv'), 'utf8')
    .split('\n').filter((l) => l && !l.startsWith('#')).slice(1).map((l) => l.split('\t'));
  return rows.filter((r) => r[3] === 'jdk' && r[1] !== '0').slice(0, n).map((r) => ({ sha256: r[0], alias: r[2], label: r[8] }));
}

const colons = (hex) => hex.toUpperCase().match(/../g).join(':');
const UNKNOWN = '00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF';

/**
 * A page shaped like a saved /cacerts.jsp: a table of aliases and SHA-256 fingerprints (three known
 * roots by fingerprint, two by alias only), one fingerprint no snapshot knows, and the test PKI's
 * own root as a PEM certificate (what an org adds for a private CA).
 */
function cacertsPage() {
  const [a, b, c, d, e] = jdkRoots(5);
  const lines = [
    '<html><head><title>Outbound Messaging SSL CA Certificates</title></head><body>',
    '<table>',
    `<tr><td><a name="${a.alias}">${a.alias}</a></td><td>${colons(a.sha256)}</td></tr>`,
    `<tr><td><a name="${b.alias}">${b.alias}</a></td><td>${colons(b.sha256)}</td></tr>`,
    `<tr><td>${c.label}</td><td>${colons(c.sha256)}</td></tr>`,
    `<tr><td><a name="${d.alias}">${d.alias}</a></td></tr>`,
    `<tr><td><a name="${e.alias}">${e.alias}</a></td></tr>`,
    `<tr><td>Unknown Corp Root</td><td>${UNKNOWN}</td></tr>`,
    '</table>',
    '<pre>',
    ROOT_PEM.trim(),
    '</pre>',
    '</body></html>',
  ];
  return { text: lines.join('\n'), unknownLine: 8, roots: 6 };
}

async function count(page, testid) {
  return Number(await page.getAttribute(`[data-testid="${testid}"]`, 'data-count'));
}

async function storedList(page) {
  return page.evaluate((key) => window.localStorage.getItem(key), STORAGE_KEY);
}

test('ready commands: curl -E fullcert.pem on the My Domain host, copied to the clipboard', async () => {
  const { page, context, requests, problems } = await openPage(browser, server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', `${CHAIN}\n${KEY}`);
  await page.waitForSelector('[data-testid="headline"][data-verdict="cannot_confirm"]');
  const rest = page.locator('[data-testid="command-item"]', { hasText: 'REST API on port 8443' });
  // Without a My Domain the command keeps the placeholder and says so.
  assert.match(await rest.locator('[data-testid="command"]').textContent(), /https:\/\/'?<MyDomain>\.my\.salesforce\.com:8443/);
  await page.fill('[data-testid="my-domain"]', 'acme');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="command"]')]
    .some((el) => el.textContent.includes('acme.my.salesforce.com:8443')));
  const command = (await rest.locator('[data-testid="command"]').textContent()).trim();
  assert.match(command, /^curl -E fullcert\.pem /);
  assert.match(command, /https:\/\/acme\.my\.salesforce\.com:8443\/services\/data\/v\d+\.\d\//);
  // The other commands the issue names are there, filled with the page's file names.
  const all = (await page.$$eval('[data-testid="command"]', (els) => els.map((e) => e.textContent))).join('\n');
  assert.match(all, /openssl verify -untrusted chain\.pem -CAfile \S+ client\.pem/);
  assert.match(all, /openssl s_client -connect acme\.my\.salesforce\.com:8443 .*-cert client\.pem/);
  assert.match(all, /keytool -importkeystore -srckeystore keystore\.p12 -srcstoretype PKCS12/);
  // Salesforce Help's log-in: an OAuth 2.0 token on the My Domain host's port 8443; no SOAP login.
  assert.match(all, /https:\/\/acme\.my\.salesforce\.com:8443\/services\/oauth2\/token/);
  assert.doesNotMatch(all, /Soap|SOAP|login\(\)|<n1:login|SESSION_ID/);
  // The My Domain field keeps focus while the commands update.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'my-domain');

  await rest.locator('[data-testid="copy-command"]').click();
  await rest.locator('.copy-status', { hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command);
  await screenshot(page, 'toolkit-commands');
  assert.deepEqual(foreignRequests(requests, server.url), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('error explainer: error 20 with a leaf alone points at the missing issuer', async () => {
  const { page, context } = await openPage(browser, server.url);
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', LEAF);
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  await page.fill('[data-testid="error-message"]', 'error 20 at 0 depth lookup: unable to get local issuer certificate');
  const card = page.locator('[data-testid="explanation"][data-id="openssl_20"]');
  await card.waitFor();
  assert.match(await card.locator('[data-testid="explanation-name"]').textContent(), /X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY \(20\)/);
  assert.match(await card.locator('[data-testid="explanation-in-flow"]').textContent(), /Inbound \(8443\)/);
  const cause = (await card.locator('[data-testid="explanation-cause"]').textContent()).replace(/\s+/g, ' ');
  assert.match(cause, /Certchain Bench Intermediate 2/);
  assert.match(cause, /client\.bench\.example\.test/);
  assert.deepEqual(await card.locator('[data-testid="cause-finding"]').evaluateAll((els) => els.map((e) => e.dataset.code)), ['missing_issuer']);
  await screenshot(page, 'toolkit-explainer');
  await context.close();
});

test('error explainer works with no certificates, and says when it recognises nothing', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.fill('[data-testid="error-message"]', 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target');
  const card = page.locator('[data-testid="explanation"]').first();
  await card.waitFor();
  assert.equal(await card.getAttribute('data-id'), 'java_pkix');
  assert.equal(await card.locator('[data-testid="explanation-cause"]').count(), 0);
  // No report yet: the result area still invites the certificates, and no commands are shown.
  assert.match(await headline(page), /Paste or drop/);
  assert.equal(await page.locator('[data-testid="commands"]').count(), 0);
  await page.fill('[data-testid="error-message"]', 'the coffee machine is out of beans');
  await page.waitForSelector('[data-testid="explanation-none"]');
  await context.close();
});

test('org trust list: matched and unmatched with lines, used by the analysis, remembered across reloads, never a key', async () => {
  const { page, context, requests } = await openPage(browser, server.url);
  const list = cacertsPage();
  await setCheckTime(page);
  await page.check('[data-testid="trust-org"]');
  // Nothing listed yet: nothing is trusted.
  await page.fill('[data-testid="paste"]', CHAIN);
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  await page.fill('[data-testid="org-list"]', list.text);
  await page.waitForSelector(`[data-testid="org-matched-count"][data-count="${list.roots}"]`);
  assert.equal(await count(page, 'org-unmatched-count'), 1);
  const unmatched = await page.textContent('[data-testid="org-unmatched"]');
  assert.match(unmatched, new RegExp(`line ${list.unknownLine}: ${UNKNOWN}`));
  // The analysis uses the imported store: the chain ends in the org's own root.
  await page.waitForSelector('[data-testid="headline"][data-valid="true"]');
  const info = await page.textContent('[data-testid="trust-info"]');
  assert.match(info, /org's trust list/i);
  assert.match(info, new RegExp(`${list.roots} roots`));
  assert.equal(await storedList(page), null, 'nothing is stored before "remember" is checked');

  await page.check('[data-testid="org-remember"]');
  await page.waitForFunction((key) => window.localStorage.getItem(key) !== null, STORAGE_KEY);
  const stored = await storedList(page);
  assert.equal(stored.match(/-----BEGIN CERTIFICATE-----/g).length, 1, 'the org root kept as its certificate');
  for (const { sha256 } of jdkRoots(5)) assert.ok(stored.includes(sha256), `${sha256} kept`);
  assert.ok(!stored.includes('<'), 'no page markup kept');
  assert.ok(!stored.includes(UNKNOWN.replace(/:/g, '').toLowerCase()) && !stored.includes(UNKNOWN), 'unmatched items are not kept');
  assert.match(await page.textContent('[data-testid="org-storage-note"]'), /Remembered in this browser: 6 roots/);
  await screenshot(page, 'toolkit-org-list');

  // Reload: the list and the choice come back, and the analysis uses them again.
  await page.reload();
  await page.waitForSelector('[data-testid="paste"]');
  assert.equal(await page.isChecked('[data-testid="trust-org"]'), true);
  assert.equal(await page.isChecked('[data-testid="org-remember"]'), true);
  await page.waitForSelector(`[data-testid="org-matched-count"][data-count="${list.roots}"]`);
  assert.equal(await count(page, 'org-unmatched-count'), 0);
  assert.match(await page.textContent('[data-testid="org-storage-note"]'), /Restored/);
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', CHAIN);
  await page.waitForSelector('[data-testid="headline"][data-valid="true"]');

  // A private key in the list: the roots still count, but nothing is stored, and the page says why.
  await page.fill('[data-testid="org-list"]', `${list.text}\n${KEY}`);
  await page.waitForSelector('[data-testid="org-list-key-warning"]');
  await page.waitForFunction((key) => window.localStorage.getItem(key) === null, STORAGE_KEY);
  assert.match(await page.textContent('[data-testid="org-storage-note"]'), /Not stored: the pasted text holds a private key/);
  const everything = await page.evaluate(() => Object.keys(localStorage).map((k) => k + localStorage.getItem(k)).join('\n'));
  assert.ok(!everything.includes('PRIVATE KEY'), 'no private key in localStorage');

  // Without the key it is stored again; "Forget" removes it and unchecks "remember".
  await page.fill('[data-testid="org-list"]', list.text);
  await page.waitForFunction((key) => window.localStorage.getItem(key) !== null, STORAGE_KEY);
  await page.click('[data-testid="org-forget"]');
  await page.waitForFunction((key) => window.localStorage.getItem(key) === null, STORAGE_KEY);
  assert.equal(await page.isChecked('[data-testid="org-remember"]'), false);
  await page.reload();
  await page.waitForSelector('[data-testid="paste"]');
  assert.equal(await page.isChecked('[data-testid="trust-salesforce"]'), true, 'forgotten: back to the default store');
  assert.deepEqual(foreignRequests(requests, server.url), []);
  await context.close();
});

test('org trust list: a saved page loaded with the file picker, another dropped onto the list', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.check('[data-testid="trust-org"]');
  await page.setInputFiles('[data-testid="org-list-picker"]', {
    name: 'cacerts.html', mimeType: 'text/html', buffer: Buffer.from(cacertsPage().text),
  });
  await page.waitForSelector('[data-testid="org-matched-count"][data-count="6"]');
  // A second file dropped onto the list is appended to it.
  const extra = jdkRoots(6)[5];
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'more.txt', { type: 'text/plain' }));
    return dt;
  }, `Alias name: ${extra.alias}\n`);
  await page.dispatchEvent('[data-testid="org-list-panel"]', 'drop', { dataTransfer });
  await page.waitForSelector('[data-testid="org-matched-count"][data-count="7"]');
  // A list dropped or picked is not a certificate input of the analysis.
  assert.equal(await page.locator('[data-testid="file"]').count(), 0);
  await context.close();
});

test('keyboard only: the explainer, the org list and the command copy buttons', async () => {
  const { page, context } = await openPage(browser, server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await tabUntil(page, (el) => el.id === 'paste');
  await page.keyboard.insertText(`${CHAIN}\n${KEY}`);
  await tabUntil(page, (el) => el.id === 'error-message');
  await page.keyboard.insertText('curl: (60) SSL certificate problem: unable to get local issuer certificate');
  await tabUntil(page, (el) => el.name === 'trust');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // mozilla, custom, org
  assert.equal(await page.evaluate(() => document.activeElement.value), 'org');
  await tabUntil(page, (el) => el.id === 'org-list');
  await page.keyboard.insertText(cacertsPage().text);
  await tabUntil(page, (el) => el.id === 'org-list-picker');
  await tabUntil(page, (el) => el.dataset.testid === 'org-remember');
  await page.keyboard.press('Space');
  await page.waitForFunction((key) => window.localStorage.getItem(key) !== null, STORAGE_KEY);
  await tabUntil(page, (el) => el.dataset.testid === 'org-forget');
  await page.keyboard.press('Enter');
  await page.waitForFunction((key) => window.localStorage.getItem(key) === null, STORAGE_KEY);
  // The test chain is valid until 2030, so the check time stays "now".
  await page.waitForSelector('[data-testid="headline"][data-valid="true"]');
  assert.ok(await page.$('[data-testid="explanation"]'));
  await tabUntil(page, (el) => el.id === 'my-domain', 200);
  await page.keyboard.insertText('acme.my.salesforce.com');
  await tabUntil(page, (el) => el.dataset.testid === 'copy-command');
  await page.keyboard.press('Enter');
  await page.locator('.copy-status', { hasText: 'Copied' }).first().waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^curl -s -E fullcert\.pem '?https:\/\/acme\.my\.salesforce\.com:8443\/services\/oauth2\/token'? -d grant_type=client_credentials /);
  await context.close();
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
for (const colorScheme of ['light', 'dark']) {
  test(`axe: no violations with the toolkit panels filled (${colorScheme})`, async () => {
    const { page, context } = await openPage(browser, server.url, { colorScheme });
    await setCheckTime(page);
    await page.check('[data-testid="trust-org"]');
    await page.fill('[data-testid="org-list"]', cacertsPage().text);
    await page.fill('[data-testid="paste"]', `${LEAF}\n${KEY}`);
    await page.fill('[data-testid="error-message"]', 'error 20 at 0 depth lookup: unable to get local issuer certificate');
    await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
    await page.waitForSelector('[data-testid="explanation-cause"]');
    await page.fill('[data-testid="my-domain"]', 'acme');
    await page.$$eval('details', (els) => els.forEach((d) => { d.open = true; }));
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    assert.deepEqual(violations, []);
    await screenshot(page, `toolkit-${colorScheme}`);
    await context.close();
  });
}

async function tabUntil(page, predicate, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(`(${predicate.toString()})(document.activeElement)`);
    if (hit) return;
  }
  throw new Error(`no focusable element matched ${predicate} after ${limit} tabs`);
}
