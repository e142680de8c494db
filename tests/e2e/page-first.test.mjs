// Issue 16 (items 2–10): the page a new Salesforce admin understands without scrolling or
// guessing — the verdict beside the input, every blocking problem with its fix, files built when
// only the root is missing, words that render (code, links), no sideways scroll on a phone,
// keyboard order and focus, drops anywhere, "Try an example", a CSR alone explained.
// Desktop 1366×900 and phone 390×844, light and dark; axe-core in every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ARTIFACTS, launch, serve, openPage, fixture, fixtureText, setCheckTime, screenshot } from './lib.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The verdict's heading lies inside the window (no scrolling needed to read it). */
async function verdictInView(page) {
  return page.evaluate(() => {
    const r = document.querySelector('[data-testid="verdict"]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });
}

/** Every blocking problem's first line lies inside the window too (its fix is one click away). */
async function blockingInView(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid="blocking"]')].map((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top + 16 <= window.innerHeight;
  }));
}

const noSidewaysScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`the example: verdict and every blocking problem in view after the paste (${device}, ${colorScheme})`, async () => {
      const { page, context, problems } = await openPage(browser, server.url, { viewport, colorScheme });
      assert.deepEqual(await axe(page), [], 'empty page');
      await page.click('[data-testid="try-example"]');
      await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
      assert.ok(await verdictInView(page), 'the verdict is visible without scrolling');
      assert.equal(await page.textContent('[data-testid="verdict"]'), 'Not valid');
      // Every error finding is listed beside the verdict, with the count.
      const errors = await page.$$eval('[data-testid="finding"] .pill-error', (els) => els.length);
      assert.ok(errors >= 2, `the example has several blocking problems (${errors})`);
      assert.equal(await page.$$eval('[data-testid="blocking"]', (els) => els.length), errors);
      assert.equal(await page.textContent('[data-testid="problem-count"]'), `${errors} problems block this chain:`);
      assert.deepEqual(await blockingInView(page), Array(errors).fill(true), 'every blocking problem in view');
      // What a visitor sees right after the paste, without scrolling (README: docs/page-verdict.png
      // is the phone/light one).
      await page.screenshot({ path: path.join(ARTIFACTS, `verdict-example-${device}-${colorScheme}-window.png`) });
      const codes = await page.$$eval('[data-testid="blocking"]', (els) => els.map((e) => e.dataset.code));
      assert.ok(codes.includes('missing_issuer') && codes.includes('key_mismatch'), codes.join());
      // Its link leads to the one explanation of that problem.
      const href = await page.getAttribute('[data-testid="blocking"] a', 'href');
      assert.match(href, /^#finding-\d+$/);
      assert.equal(await page.$$eval(href, (els) => els.length), 1);
      assert.ok(await noSidewaysScroll(page), 'no horizontal scroll');
      await page.$$eval('details', (els) => els.forEach((d) => { d.open = true; }));
      assert.ok(await noSidewaysScroll(page), 'no horizontal scroll with every detail open');
      assert.deepEqual(await axe(page), [], 'page with the result');
      await page.$$eval('details', (els) => els.forEach((d) => { d.open = false; }));
      await screenshot(page, `verdict-example-${device}-${colorScheme}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('320 px wide: no sideways scroll with every detail open', async () => {
  const { page, context } = await openPage(browser, server.url, { viewport: { width: 320, height: 640 } });
  await page.click('[data-testid="try-example"]');
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  await page.$$eval('details', (els) => els.forEach((d) => { d.open = true; }));
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `scrollWidth ${widths[0]} > ${widths[1]}`);
  assert.deepEqual(await axe(page), [], '320 px with every detail open');
  await screenshot(page, 'verdict-example-320');
  await context.close();
});

test('only the root missing: chain.pem and fullcert.pem download, with one note', async () => {
  for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const { page, context } = await openPage(browser, server.url, { viewport });
    await setCheckTime(page);
    // Back at the top, where "Choose files…" is (on a phone the date field scrolled the page down).
    await page.evaluate(() => window.scrollTo(0, 0));
    // A private CA's client certificate, its intermediate and key; the default (Salesforce) store.
    await page.setInputFiles('[data-testid="file-picker"]',
      ['good.pem', 'int.pem', 'good.key'].map((n) => fixture(`outputs/inputs/${n}`)));
    await page.waitForSelector('[data-testid="output"][data-name="fullcert.pem"]');
    assert.ok(await verdictInView(page), `verdict in view (${device})`);
    const notes = await page.$$eval('[data-testid="output-note"]', (els) => els.map((e) => e.textContent));
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(notes[0], /^Trust is not established/);
    for (const name of ['chain.pem', 'fullcert.pem']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download ${name}` }).click(),
      ]);
      const text = readFileSync(await download.path(), 'utf8');
      assert.equal(text.match(/BEGIN CERTIFICATE/g).length, 2, `${name}: leaf and intermediate`);
    }
    assert.deepEqual(await axe(page), []);
    await screenshot(page, `root-missing-${device}`);
    await context.close();
  }
});

test('own roots chosen but none given: the fix asks for your root, not for an intermediate', async () => {
  const { page, context } = await openPage(browser, server.url);
  await setCheckTime(page);
  await page.check('[data-testid="trust-custom"]');
  await page.fill('[data-testid="paste"]', fixtureText('chains/rsa2048/chain.pem'));
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  const blocking = await page.$$eval('[data-testid="blocking"]', (els) => els.map((e) => e.textContent));
  assert.equal(blocking.length, 1, blocking.join('\n'));
  assert.match(blocking[0], /My own roots/);
  assert.doesNotMatch(blocking[0], /missing intermediate/);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('fixes render: code as code with copy buttons, URLs as safe links, no raw markdown', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.click('[data-testid="try-example"]');
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  const texts = await page.$$eval('[data-testid="finding"], [data-testid="headline"]', (els) => els.map((e) => e.textContent));
  for (const t of texts) assert.doesNotMatch(t, /`/, `a raw backtick: ${t}`);
  // The example's certificates carry no AIA URL, so no fix offers one.
  for (const t of texts) assert.doesNotMatch(t, /AIA caIssuers URL shown/, t);
  assert.ok(await page.$$eval('[data-testid="finding"] code', (els) => els.length) > 0);
  assert.ok(await page.$$eval('[data-testid="copy-inline"]', (els) => els.length) > 0, 'commands have copy buttons');
  const links = await page.$$eval('a[href^="http"]', (els) => els.map((a) => a.rel));
  for (const rel of links) assert.equal(rel, 'noopener noreferrer');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /connect-src 'none'/);
  // The certificate cards refer to the findings by number instead of repeating them.
  const badges = await page.$$eval('.badge a', (els) => els.map((a) => a.getAttribute('href')));
  assert.ok(badges.length > 0 && badges.every((h) => /^#finding-\d+$/.test(h)), badges.join());
  await context.close();
});

for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) test(`keyboard only: paste → verdict → a blocking problem → download, focus always visible (${device})`, async () => {
  const { page, context } = await openPage(browser, server.url, { viewport });
  const seen = [];
  const tab = async (predicate, limit = 80) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(`(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return { hit: (${predicate.toString()})(el), tag: el.tagName, type: el.type || '', id: el.id,
                 text: (el.textContent || '').trim().slice(0, 40), outline: style.outlineStyle, width: style.outlineWidth };
      })()`);
      seen.push(info);
      assert.ok(info.outline !== 'none' && info.width !== '0px', `no visible focus on ${JSON.stringify(info)}`);
      if (info.hit) return;
    }
    throw new Error(`not reached after ${limit} tabs: ${predicate}`);
  };
  await tab((el) => el.id === 'paste');
  await page.keyboard.insertText(fixtureText('outputs/inputs/good.pem') + fixtureText('outputs/inputs/int.pem'));
  await page.waitForSelector('[data-testid="headline"][data-valid="false"]');
  // Straight after the paste box: the file button, the example, then the verdict's problems.
  await tab((el) => el.closest('[data-testid="blocking"]') !== null, 6);
  await page.keyboard.press('Enter');
  assert.match(await page.evaluate(() => location.hash), /^#finding-\d+$/);
  await tab((el) => el.textContent === 'Download chain.pem');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'chain.pem');
  // No hidden file input, no date parts, no empty sections among the Tab stops.
  assert.ok(!seen.some((s) => s.type === 'file'), 'the hidden file input is not a Tab stop');
  assert.equal(seen.filter((s) => s.id === 'check-time').length <= 1, true);
  assert.equal(await page.$$eval('[data-testid="alternatives"], [data-testid="rejected"]', (els) => els.length), 0);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('"Choose files…" opens the chooser with Enter', async () => {
  const { page, context } = await openPage(browser, server.url);
  // Wait for the chooser first: Playwright intercepts it only once the waiter is set up.
  const chosen = page.waitForEvent('filechooser');
  await page.focus('[data-testid="file-picker-button"]');
  await page.keyboard.press('Enter');
  const chooser = await chosen;
  await chooser.setFiles(fixture('outputs/inputs/good.pem'));
  await page.waitForSelector('[data-testid="file"]');
  assert.equal(await page.locator('[data-testid="root-picker-button"]').count(), 0, 'custom store not chosen yet');
  await page.check('[data-testid="trust-custom"]');
  assert.equal(await page.locator('[data-testid="root-picker-button"]').getAttribute('class'), 'button', 'styled roots picker');
  await context.close();
});

test('a file dropped anywhere on the page is added, with a page-wide hint while dragging', async () => {
  const { page, context } = await openPage(browser, server.url);
  const pem = fixtureText('outputs/inputs/good.pem');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.pem', { type: 'application/x-pem-file' }));
    return dt;
  }, pem);
  await page.dispatchEvent('footer', 'dragover', { dataTransfer });
  assert.ok(await page.isVisible('[data-testid="drop-hint"]'), 'hint shown');
  assert.deepEqual(await axe(page), [], 'with the drop hint shown');
  await screenshot(page, 'drop-hint');
  await page.dispatchEvent('footer', 'drop', { dataTransfer });
  await page.waitForSelector('[data-testid="file"]');
  assert.match(await page.textContent('[data-testid="file"]'), /dropped\.pem/);
  assert.ok(!(await page.isVisible('[data-testid="drop-hint"]')), 'hint gone after the drop');
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`a CSR alone is explained as a request, with the CSR flow offered (${colorScheme})`, async () => {
    const { page, context } = await openPage(browser, server.url, { viewport: PHONE, colorScheme });
    await page.fill('[data-testid="paste"]', fixtureText('inputs/csr.pem'));
    await page.waitForSelector('[data-testid="headline"][data-csr="true"]');
    const text = await page.textContent('[data-testid="headline"]');
    assert.match(text, /request for a certificate, not a certificate/);
    assert.doesNotMatch(text, /Nothing to analyse/);
    assert.match(await page.textContent('[data-testid="csr-facts"]'), /signature checks out/);
    assert.ok(await verdictInView(page));
    assert.deepEqual(await axe(page), []);
    await screenshot(page, `csr-alone-${colorScheme}`);
    await page.click('[data-testid="use-csr-flow"]');
    assert.ok(await page.isChecked('[data-testid="flow-csr_upload"]'));
    await context.close();
  });
}
