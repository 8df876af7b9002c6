// Browser tests of share links and report downloads (issue 5). Registered by run.mjs; `ctx`
// holds its page and helpers. Links are made by the UI ("Copy link…") and opened in fresh
// pages of the same browser, as a colleague would.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

import { selfSigned } from './lib/certs.mjs';

export function registerShareTests(test, ctx) {
  const { page, context, field, here } = ctx;
  const fixtures = join(here, 'fixtures');
  const origin = () => new URL(ctx.server.url).origin;
  let typicalLink = null;

  /** A fresh page whose errors count against the suite, with its requests and sockets. */
  async function freshPage() {
    const p = await context.newPage();
    const seen = { requests: [], sockets: [] };
    p.on('pageerror', (e) => ctx.pageErrors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && ctx.pageErrors.push(m.text()));
    p.on('request', (r) => seen.requests.push(r.url()));
    p.on('websocket', (ws) => seen.sockets.push(ws.url()));
    return { p, seen };
  }

  async function settled(p, status) {
    await p.waitForFunction((want) => {
      const r = document.querySelector('#results');
      return r?.getAttribute('aria-busy') === 'false' && document.querySelector('#results .banner')?.dataset.status === want;
    }, status, { timeout: 15_000 });
  }

  /** Opens the preview and returns its lines and the link it shows. */
  async function preview(p = page) {
    if ((await p.locator('#share-panel').count()) === 0) await p.getByRole('button', { name: 'Copy link…' }).click();
    await p.locator('#share-panel').waitFor();
    return { lines: await p.locator('.share-lines li').allInnerTexts(), link: await p.locator('#share-link').inputValue() };
  }

  test('Copy link: preview, leave out, length; the link reopens to the same report fetching only app files', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origin() });
    await page.goto(ctx.server.url);
    // The typical case: built-in RDS bundle, a 2-certificate chain, 3 hostnames, a TLS 1.2 capture.
    await page.getByLabel('Use the built-in Amazon RDS global bundle').check();
    await page.getByText(ctx.RDS_LABEL).first().waitFor();
    await field('Server certificate chain').fill(await readFile(join(fixtures, 'tls12_chain.pem'), 'utf8'));
    await field('Hostnames').fill(['localhost', ctx.ENDPOINT, 'db.mycompany.example'].join('\n'));
    await page.locator('.capture-field input[type=file]').setInputFiles(join(fixtures, 'tls12_login.pcapng'));
    await page.locator('.capture-summary').waitFor();
    // The test chain is not from the real RDS CA: no verifying client connects (the ones that verify nothing do).
    await ctx.expectStatus('mixed');
    const matrix = await page.locator('.matrix').innerText();
    const ids = await page.locator('.finding .rule-id').allInnerTexts();

    let { lines, link } = await preview();
    assert.equal(await page.locator('#share-h').evaluate((h) => h === document.activeElement), true, 'focus moves into the panel');
    for (const want of [/^CA bundle: built-in 'rds-global-2024-06' \(by name and hash, not inlined\)$/, /^Server chain: 2 certificate\(s\)$/,
      new RegExp(`^Hostnames: localhost, ${ctx.ENDPOINT.replaceAll('.', '\\.')}, db\\.mycompany\\.example$`), /^Check time: \d{4}-\d\d-\d\dT/,
      /^Capture: \d+ handshake message\(s\), \d+ bytes \(user names replaced by 'redacted'/, /^Never included: private keys, passwords/]) {
      assert.ok(lines.some((l) => want.test(l)), `no line ${want} in:\n${lines.join('\n')}`);
    }
    assert.ok(link.startsWith(`${ctx.server.url}#v1.`), link.slice(0, 60));
    const fragment = link.split('#')[1];
    console.log(`     typical link (RDS bundle + 2-cert chain + 3 hostnames + TLS 1.2 capture): ${link.length} characters, fragment ${fragment.length}`);
    assert.ok(link.length <= 4000, `${link.length} characters`);
    assert.match(await page.locator('label[for=share-link]').innerText(), new RegExp(`\\(${link.length.toLocaleString('en-US')} characters\\)`));

    // Leaving the capture out shortens the link and drops its line.
    await page.getByLabel('Capture (handshake only, logins redacted)').uncheck();
    const without = await preview();
    assert.ok(without.link.length < link.length - 500, `${without.link.length} vs ${link.length}`);
    assert.ok(!without.lines.some((l) => l.startsWith('Capture:')));
    await page.getByLabel('Capture (handshake only, logins redacted)').check();
    ({ lines, link } = await preview());

    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    typicalLink = link;

    const { p, seen } = await freshPage();
    await p.goto(link);
    await settled(p, 'mixed');
    assert.equal(await p.locator('.matrix').innerText(), matrix);
    assert.deepEqual(await p.locator('.finding .rule-id').allInnerTexts(), ids);
    await p.locator('.link-notice.opened').waitFor();
    assert.equal(await p.getByLabel('Use the built-in Amazon RDS global bundle').isChecked(), true);
    assert.equal(await p.getByLabel('Hostnames', { exact: true }).inputValue(), ['localhost', ctx.ENDPOINT, 'db.mycompany.example'].join('\n'));
    assert.deepEqual((await p.locator('.packets .kind').allInnerTexts()).slice(0, 4), ['Greeting', 'SSLRequest', 'ClientHello', 'ServerHello']);
    assert.match(await p.locator('.capture-summary').innerText(), /^From the link: \d+ handshake message\(s\)/);
    // Nothing but the app's own files, from its own origin; no relay, no WebSocket.
    assert.deepEqual(seen.sockets, []);
    for (const u of seen.requests) {
      const url = new URL(u);
      assert.equal(url.origin, origin(), u);
      assert.match(url.pathname, /^\/([\w-]+\.(js|wasm|css|pem|html))?$/, u);
    }
    assert.ok(seen.requests.some((u) => u.endsWith('/rds-global-bundle-2024-06.pem')), 'the built-in bundle is fetched');
    console.log(`     opening it requested: ${seen.requests.map((u) => new URL(u).pathname).join(' ')}`);
    await p.close();
  });

  test('the report downloads as JSON (the CLI schema) and as Markdown', async () => {
    const save = async (name) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { file: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
    };
    const json = await save('Download report (JSON)');
    assert.equal(json.file, 'mysql-tls-doctor-report.json');
    const report = JSON.parse(json.text);
    assert.deepEqual(Object.keys(report).sort(),
      ['certificates', 'checked_at', 'clients', 'connections', 'conversation', 'findings', 'input_problems', 'inputs', 'overall', 'path', 'selected_connection', 'verdicts']);
    assert.equal(report.overall.status, 'mixed');
    assert.deepEqual(report.connections.map((c) => [c.outcome, c.tls_version]), [['tls-established', 'TLS 1.2']]);
    assert.equal(report.conversation.messages[0].kind.type, 'greeting');
    const md = await save('Download report (Markdown)');
    assert.equal(md.file, 'mysql-tls-doctor-report.md');
    assert.ok(md.text.startsWith('#'), md.text.slice(0, 40));
    assert.ok(md.text.includes(report.overall.headline), 'the headline is in the Markdown');
  });

  test('a deflate bomb, a cut link and an unknown version are refused with words, never a crash', async () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }).toString('base64url');
    assert.ok(typicalLink, 'needs the typical link');
    const cut = typicalLink.split('#')[1].slice(0, 400);
    const { p, seen } = await freshPage();
    // One page: after the first, each link arrives as a fragment change (hashchange).
    for (const [fragment, why] of [
      [`v1.${bomb}`, /^This link cannot be opened: the link's data would expand beyond 1048576 bytes; refusing it \(it may be a deflate bomb\)\.$/],
      [cut, /^This link cannot be opened: the link's data (is not base64url \(character 400\): it was cut or altered|is not valid compressed data)/],
      [cut.slice(0, 399), /^This link cannot be opened: the link's data (is not valid compressed data: it was cut or altered|does not describe a diagnosis)/],
      ['v9.AAAA', /^This link cannot be opened: the link was made by a newer or unknown version \('v9'\)/],
    ]) {
      await p.goto(`${ctx.server.url}#${fragment}`);
      await p.locator('.link-notice.failed p', { hasText: why }).waitFor();
    }
    assert.equal(await p.locator('#results .banner').count(), 0);
    assert.deepEqual(seen.sockets, []);
    await p.close();
  });

  test('hostile text in a shared link (markup, bidi override) renders as inert text', async () => {
    const img = '<img src=x onerror=window.__pwned=1>';
    const script = '<script>window.__pwned=1</script>';
    await page.goto(ctx.server.url);
    await field('CA bundle').fill(ctx.bundlePem);
    await field('Server certificate chain').fill(selfSigned(img));
    await field('Hostnames').fill(`${script}\ndb\u202Eexample.com`);
    await ctx.expectStatus('mixed');
    const { lines, link } = await preview();
    // Hostnames travel normalised (the host part, up to a '/'), and the preview shows the bidi
    // control as a visible escape.
    assert.ok(lines.includes('Hostnames: <script>window.__pwned=1<, db\\u{202e}example.com'), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes(img)), 'the hostile CN is listed as text');
    const { p } = await freshPage();
    await p.goto(link);
    await settled(p, 'mixed');
    await p.waitForTimeout(300); // give an injected handler a chance to run
    assert.equal(await p.evaluate(() => typeof window.__pwned), 'undefined');
    assert.deepEqual(await p.locator('.matrix tbody th').allInnerTexts(), ['<script>window.__pwned=1<', 'db\\u{202e}example.com']);
    assert.ok((await p.locator('.cert h4').first().innerText()).includes(img), 'the CN is shown as typed');
    assert.equal(await p.locator('main img, main script').count(), 0);
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
    await p.close();
  });
}
