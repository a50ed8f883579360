// What every browser test shares: the tally of checks, Debian's Chromium
// launched the same way (a throwaway profile, none of the browser's own
// network traffic), the page's requests and script errors collected, and the
// report at the end (one FAIL line per failed check, exit 1 on any).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

// `check(ok, what)` records one result; `equal` says what it got.
function tally() {
  const t = {
    failures: [],
    count: 0,
    check(ok, what) {
      t.count++;
      if (!ok) t.failures.push(what);
    },
    equal(got, want, what) {
      t.check(got === want, `${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    },
  };
  return t;
}

// Chromium at `viewport` with a fresh profile. `requests` lists every URL the
// pages asked for and `errors` every script error and console error, for
// expectSelfContained; close() removes the profile.
// `options` go to Playwright's context (e.g. javaScriptEnabled: false).
async function openChromium(viewport, options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hocso-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    ...options,
  });
  const requests = [];
  const errors = [];
  context.on('request', (req) => requests.push(req.url()));
  context.on('weberror', (e) => errors.push('page error: ' + e.error().message));
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console (${page.url()}): ${m.text()}`); });
  return {
    context, page, requests, errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// openChromium for a test whose screenshots go to the folder `artifacts`,
// which is made first.
function openChromiumFor(artifacts, viewport, options = {}) {
  fs.mkdirSync(artifacts, { recursive: true });
  return openChromium(viewport, options);
}

// Nothing was asked of anyone but the server (or bundle folder) under test,
// and no script failed.
function expectSelfContained(t, base, browser) {
  const origin = base.startsWith('file:') ? base : new URL(base).origin + '/';
  const outside = browser.requests.filter((u) => !u.startsWith(origin));
  t.check(outside.length === 0, `requests outside ${origin}: ${outside.join(' ')}`);
  t.check(browser.errors.length === 0, `console errors: ${browser.errors.join(' | ')}`);
}

// Runs the test's main(); prints a FAIL line per failed check (prefixed with
// `label` when given) and `summary(passed, failed)` (main's result may shape
// it), then exits 1 on any failure or exception.
function runTest(main, t, label, summary) {
  const prefix = label ? `FAIL (${label}): ` : 'FAIL: ';
  main().then((result) => {
    for (const f of t.failures) console.error(prefix + f);
    const passed = t.count - t.failures.length;
    console.log(summary ? summary(passed, t.failures.length, result) : `${label || 'checks'}: ${passed} passed, ${t.failures.length} failed`);
    process.exit(t.failures.length === 0 ? 0 : 1);
  }, (e) => {
    console.error(prefix + (e && e.stack || e));
    process.exit(1);
  });
}

module.exports = { tally, openChromium, openChromiumFor, expectSelfContained, runTest };
