// End-to-end test of the built web app (dist/) in headless Chromium.
// Run: scripts/build-web.sh && (cd tests/e2e && npm ci && node run.mjs)
// Prints one line per test and finally "N passed, M failed"; exits 1 on any failure.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { registerCaptureTests } from './capture.mjs';
import { registerInventoryTests } from './inventory.mjs';
import { launch } from './lib/browser.mjs';
import { registerLiveTests } from './live.mjs';
import { registerShareTests } from './share.mjs';
import { registerVersionTests } from './versions.mjs';
import { privateKey, selfSigned, toDer } from './lib/certs.mjs';
import { serve } from './lib/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const examples = join(repo, 'www', 'examples');
const ENDPOINT = 'mydb.abc123xyz.us-east-1.rds.amazonaws.com';
const RDS_LABEL = 'Amazon RDS global bundle (snapshot of 2024-06, 121 certificates)';

const bundlePem = await readFile(join(examples, 'bundle.pem'), 'utf8');
const chainOk = await readFile(join(examples, 'chain-ok.pem'), 'utf8');
const leafOnly = await readFile(join(examples, 'chain-leaf-only.pem'), 'utf8');

const server = await serve(join(repo, 'dist'));
const browser = await launch();
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
const pageErrors = [];
const requests = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
page.on('request', (r) => requests.push(r.url()));

const field = (name) => page.getByLabel(name, { exact: true });
const results = page.locator('#results');

/** Waits until the debounced analysis has settled on `status` (pass/mixed/fail/incomplete). */
async function expectStatus(status) {
  try {
    await page.waitForFunction(
      (want) => {
        const r = document.querySelector('#results');
        const b = document.querySelector('#results .banner');
        return r?.getAttribute('aria-busy') === 'false' && b?.dataset.status === want;
      },
      status,
      { timeout: 10_000 },
    );
  } catch {
    const got = await page.locator('#results .banner').getAttribute('data-status').catch(() => 'no banner');
    throw new Error(`expected status ${status}, got ${got}`);
  }
}

async function fillInputs({ bundle, chain, hosts }) {
  await field('CA bundle').fill(bundle);
  await field('Server certificate chain').fill(chain);
  await field('Hostnames').fill(hosts);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('the page loads with labelled inputs and an aria-live results region', async () => {
  await page.goto(server.url);
  await field('CA bundle').waitFor();
  for (const name of ['Server certificate chain', 'Hostnames', 'Check at']) await field(name).waitFor();
  assert.equal(await results.getAttribute('aria-live'), 'polite');
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.equal(await field('Check at').inputValue(), today);
});

test('pasted files with a missing intermediate fail, and the results say why', async () => {
  await fillInputs({ bundle: bundlePem, chain: leafOnly, hosts: ENDPOINT });
  // Every verifying client fails; the settings that verify nothing still connect: mixed.
  await expectStatus('mixed');
  const matrix = await page.locator('.matrix').innerText();
  assert.match(matrix, /missing-intermediate/);
  assert.match(matrix, /Subordinate CA RSA2048 G1\.A\.1' missing/);
  const finding = page.locator('.finding', { hasText: 'missing-intermediate' });
  assert.match(await finding.innerText(), /is missing/);
  assert.match(await finding.locator('.why').innerText(), /intermediate/);
  assert.match(await page.locator('.banner').innerText(), /MIXED/);
});

test('the "RDS chain OK" example passes for every client', async () => {
  await page.getByRole('button', { name: 'RDS chain OK' }).click();
  await expectStatus('pass');
  assert.equal(await page.locator('.matrix td.fail').count(), 0);
  assert.equal(await page.locator('.matrix td.ok').count(), 24);
  assert.equal(await field('Server certificate chain').inputValue(), chainOk);
  // A card per certificate on the path, with the RDS CA id.
  assert.equal(await page.locator('.cert').count(), 3);
  assert.match(await page.locator('.cert').nth(1).innerText(), /rds-ca-rsa2048-g1, region us-east-1/);
});

test('the "Wrong hostname" example (chosen with the keyboard) reports hostname-mismatch', async () => {
  await page.getByRole('button', { name: 'Wrong hostname' }).focus();
  await page.keyboard.press('Enter');
  await expectStatus('mixed');
  const finding = page.locator('.finding', { hasText: 'hostname-mismatch' });
  assert.match(await finding.innerText(), /db\.example\.com is not in the server's certificate/);
  assert.match(await finding.innerText(), /Fails for: .*Go \(go-sql-driver\)/);
});

test('a later check date finds the expired certificate', async () => {
  await page.getByRole('button', { name: 'RDS chain OK' }).click();
  await expectStatus('pass');
  await field('Check at').fill('2041-01-01');
  await expectStatus('mixed');
  assert.ok(await page.locator('.finding', { hasText: 'leaf-expired' }).count() > 0);
  await field('Check at').fill(await page.evaluate(() => new Date().toISOString().slice(0, 10)));
  await expectStatus('pass');
});

test('a pasted private key is removed and a warning shown', async () => {
  await field('Server certificate chain').fill(chainOk + privateKey());
  await page.getByText('A private key was removed from the input; it was not kept or sent anywhere.').waitFor();
  const value = await field('Server certificate chain').inputValue();
  assert.ok(!value.includes('PRIVATE KEY'), 'the textarea still holds the key');
  assert.equal(value, chainOk);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.locator('.warning').waitFor({ state: 'detached' });
});

test('a certificate with markup in its CN renders as text', async () => {
  const hostile = '<img src=x onerror=window.__pwned=1>';
  const pem = selfSigned(hostile);
  await fillInputs({ bundle: bundlePem, chain: pem, hosts: 'db.example.com' });
  await expectStatus('mixed');
  const heading = page.locator('.cert h4').first();
  assert.ok((await heading.innerText()).includes(hostile), 'the CN is shown literally');
  assert.equal(await results.locator('img').count(), 0);
  await page.waitForTimeout(200); // give an injected onerror a chance to fire
  assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
});

test('a dropped DER file is read and armoured as PEM', async () => {
  const leaf = leafOnly.trim();
  const der = [...toDer(leaf)];
  await field('Server certificate chain').fill('');
  await field('Server certificate chain').evaluate((el, bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'server.der', { type: 'application/x-x509-ca-cert' }));
    el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, der);
  await page.waitForFunction(() => document.querySelector('#chain').value.includes('BEGIN CERTIFICATE'));
  const body = (s) => s.replace(/-----[^-]+-----|\s/g, '');
  assert.equal(body(await field('Server certificate chain').inputValue()), body(leaf));
  // "Load file…" appends the chosen file: leaf + intermediate makes the chain whole again.
  await page.locator('.pem-field', { has: page.locator('#chain') }).locator('input[type=file]')
    .setInputFiles({ name: 'sub.pem', mimeType: 'text/plain', buffer: Buffer.from(chainOk.split(/(?<=-----END CERTIFICATE-----\n)/)[1]) });
  await field('Hostnames').fill(ENDPOINT);
  await expectStatus('pass');
});

test('the built-in RDS bundle is fetched only when chosen', async () => {
  assert.ok(!requests.some((u) => u.endsWith('.pem')), 'the bundle was fetched before it was chosen');
  await page.getByLabel('Use the built-in Amazon RDS global bundle').check();
  await page.getByText(RDS_LABEL).first().waitFor();
  // The example leaf is not from the real RDS CA, so the real bundle cannot verify it (only the
  // settings that verify nothing connect).
  await expectStatus('mixed');
  assert.ok(requests.some((u) => u.endsWith('rds-global-bundle-2024-06.pem')));
  assert.match(await page.locator('.banner .meta').innerText(), /snapshot of 2024-06, 121 certificates/);
  assert.match(await page.locator('.bundle-list summary').innerText(), /other certificate\(s\) in Amazon RDS global bundle/);
  await page.getByLabel('Use the built-in Amazon RDS global bundle').uncheck();
  await field('CA bundle').waitFor();
});

test('window.wasmBindings.analyze returns the CLI JSON shape', async () => {
  const report = await page.evaluate(
    (args) => window.wasmBindings.analyze(args),
    { ca_bundle: bundlePem, chain: chainOk, hosts: [ENDPOINT, 'db.example.com'], at: '2030-01-01' },
  );
  assert.equal(report.checked_at, '2030-01-01T00:00:00Z');
  assert.equal(report.overall.status, 'mixed');
  assert.deepEqual(Object.keys(report).sort(),
    ['certificates', 'checked_at', 'clients', 'findings', 'input_problems', 'inputs', 'overall', 'path', 'verdicts']);
  assert.equal(report.certificates.length, 3);
  const leaf = report.certificates[0];
  assert.equal(leaf.role, 'leaf');
  assert.deepEqual(leaf.dns_names, [ENDPOINT]);
  assert.equal(leaf.rds, null); // None is null, as in the CLI's JSON
  assert.equal(report.certificates[1].rds.ca_id, 'rds-ca-rsa2048-g1');
  assert.deepEqual(report.path, [0, 1, 2]);
  assert.equal(report.verdicts.length, 48);
  assert.deepEqual(Object.keys(report.verdicts[0]).sort(), ['cause', 'causes', 'client', 'client_error', 'detail', 'host', 'ok', 'unverified']);
  assert.ok(report.findings.some((f) => f.id === 'hostname-mismatch' && f.severity === 'error'));
  assert.equal(report.clients[0].id, 'mysql8-verify-ca');
  const error = await page.evaluate(() => {
    try {
      window.wasmBindings.analyze({ chain: '', at: 'yesterday' });
      return null;
    } catch (e) {
      return `${e.constructor.name}: ${e.message}`;
    }
  });
  assert.match(error, /^Error: analyze\(\): 'yesterday' is not a date/);
});

test('screenshot of the "Missing intermediate" example', async () => {
  await page.getByRole('button', { name: 'Missing intermediate' }).click();
  await expectStatus('mixed');
  await mkdir(join(here, 'out'), { recursive: true });
  await page.screenshot({ path: join(here, 'out', 'app.png'), fullPage: true });
  if (process.env.UPDATE_SCREENSHOT) {
    await copyFile(join(here, 'out', 'app.png'), join(repo, 'docs', 'screenshot.png'));
  }
});

// Capture view, share links and downloads: in their own files, on the same page and helpers.
const ctx = { page, context: browser.context, server, field, expectStatus, here, repo, pageErrors, requests, bundlePem, ENDPOINT, RDS_LABEL };
registerCaptureTests(test, ctx);
registerShareTests(test, ctx);
registerLiveTests(test, ctx);
registerInventoryTests(test, ctx);
registerVersionTests(test, ctx);

test('no errors in the console', async () => {
  assert.deepEqual(pageErrors, []);
});

let passed = 0;
let failed = 0;
for (const { name, fn } of tests) {
  const start = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split('\n').slice(0, 4).join('\n     ')}`);
  }
}
await browser.close();
await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
