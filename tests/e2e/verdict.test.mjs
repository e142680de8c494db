// The three-way verdict on the page: own roots in a Salesforce flow are never headlined valid, the
// default store is labelled as the estimate it is, and the org's list is one click away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openPage, fixtureText, setCustomRoots, setCheckTime, headline, screenshot } from './lib.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const ROOT_PEM = fixtureText('chains/rsa2048/root.pem');
const CHAIN_PEM = fixtureText('chains/rsa2048/chain.pem');

test('own roots in the inbound flow: "cannot confirm", and the headline names Salesforce\'s store', async () => {
  const { page, context, problems } = await openPage(browser, server.url);
  assert.equal(await page.isChecked('[data-testid="flow-inbound"]'), true);
  await setCustomRoots(page, ROOT_PEM);
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', CHAIN_PEM);
  const box = page.locator('[data-testid="headline"][data-verdict="cannot_confirm"]');
  await box.waitFor();
  assert.equal(await box.getAttribute('data-valid'), 'false');
  assert.equal(await page.textContent('[data-testid="verdict"]'), 'Cannot confirm');
  // Never green: the warning box, not the "ok" one.
  assert.match(await box.getAttribute('class'), /sev-box-warning/);
  const text = await headline(page);
  assert.match(text, /Valid against your roots — Salesforce will accept it only if the root 'Certchain Bench Root' is on your org's \/cacerts\.jsp/);
  assert.doesNotMatch(text, /The chain is valid/);
  const codes = await page.$$eval('[data-testid="finding"]', (els) => els.map((e) => e.dataset.code));
  assert.equal(codes[0], 'not_in_salesforce_store');
  assert.ok(!codes.includes('valid_chain'), codes.join(', '));
  await screenshot(page, 'verdict-own-roots-inbound');

  // "Just check this chain": no Salesforce claim, plain valid.
  await page.check('[data-testid="flow-generic"]');
  await page.locator('[data-testid="headline"][data-verdict="valid"]').waitFor();
  assert.equal(await page.textContent('[data-testid="verdict"]'), 'Valid');
  assert.match(await headline(page), /The chain is valid/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the default store is labelled an estimate, with its date, and the org list is one click away', async () => {
  const { page, context, problems } = await openPage(browser, server.url);
  const label = page.locator('label.choice', { has: page.locator('[data-testid="trust-salesforce"]') });
  assert.match(await label.textContent(), /^Salesforce — estimated from Mozilla \+ Java cacerts, \d{4}-\d{2}-\d{2}$/);
  assert.equal(await page.isChecked('[data-testid="trust-salesforce"]'), true);
  // An analysis through the estimate names it in the trust line and in the headline box.
  await setCheckTime(page);
  await page.fill('[data-testid="paste"]', CHAIN_PEM);
  await page.waitForSelector('[data-testid="headline"][data-verdict="not_valid"]');
  assert.match(await page.textContent('[data-testid="trust-info"]'), /Salesforce — estimated from Mozilla \+ Java cacerts/);
  assert.match(await page.textContent('[data-testid="headline-store"]'), /Trust store: Salesforce — estimated from Mozilla \+ Java cacerts/);
  // Beside the label: import the org's /cacerts.jsp instead.
  const importButton = page.locator('[data-testid="import-org-list"]');
  assert.match(await importButton.textContent(), /Import your org's \/cacerts\.jsp/);
  await importButton.click();
  assert.equal(await page.isChecked('[data-testid="trust-org"]'), true);
  await page.waitForSelector('[data-testid="org-list"]');
  await screenshot(page, 'verdict-estimate-label');
  assert.deepEqual(problems, []);
  await context.close();
});
