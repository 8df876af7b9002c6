// Browser tests of the "Error message" and "How you connect" inputs (issue 10). Registered by
// run.mjs; `ctx` holds its page and helpers. The texts are real rows of the error corpus
// (tests/fixtures/error-messages.tsv, named by line), the chains the real RDS examples.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The corpus rows: { line, expect, client, text }, as tests/support/error_corpus.rs reads them. */
export async function corpusRows(repo) {
  const tsv = await readFile(join(repo, 'tests', 'fixtures', 'error-messages.tsv'), 'utf8');
  return tsv.split('\n').flatMap((l, i) => {
    if (l.startsWith('#') || l.trim() === '') return [];
    const cols = l.split('\t');
    const [expect, client, , ...rest] = cols;
    const text = rest.join('\t').replaceAll('\\n', '\n').replaceAll('\\t', '\t');
    return [{ line: i + 1, expect, client, text }];
  });
}

export function registerErrorTests(test, ctx) {
  const { page, context, field, repo } = ctx;
  const examples = join(repo, 'www', 'examples');
  let rows = null;
  const row = async (line) => {
    rows ??= await corpusRows(repo);
    const r = rows.find((x) => x.line === line);
    assert.ok(r, `no corpus row on line ${line}`);
    return r.text;
  };
  const candidates = async (p = page) => {
    await p.locator('.error-meaning').waitFor();
    return p.locator('.error-candidates li').evaluateAll((lis) => lis.map((li) => [li.dataset.rule, li.dataset.status]));
  };

  test('the Error message input comes first, How you connect after it', async () => {
    await page.goto(ctx.server.url);
    await field('Error message').waitFor();
    const order = await page.locator('.inputs textarea').evaluateAll((ts) => ts.map((t) => t.id));
    assert.deepEqual(order.slice(0, 2), ['error-message', 'settings']);
  });

  test('a pasted libmysqlclient error shows its exact candidate and the headline names it', async () => {
    await page.goto(ctx.server.url);
    // line 20: ERROR 2026 (HY000): SSL connection error: Failed to verify the server certificate via X509 certificate matching functions
    await field('Error message').fill(await row(20));
    await ctx.expectStatus('incomplete');
    assert.deepEqual(await candidates(), [['hostname-mismatch', 'open']]);
    assert.equal(await page.locator('.error-client').innerText(), 'From: libmysqlclient');
    assert.equal(await page.locator('#answer .headline').innerText(), 'Your error points to hostname-mismatch');
  });

  test('an error with the missing-intermediate chain is explained by missing-intermediate', async () => {
    await page.goto(ctx.server.url);
    // line 39: ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate (MariaDB client)
    await field('Error message').fill(await row(39));
    await field('CA bundle').fill(await readFile(join(examples, 'bundle.pem'), 'utf8'));
    await field('Server certificate chain').fill(await readFile(join(examples, 'chain-leaf-only.pem'), 'utf8'));
    await field('Hostnames').fill(ctx.ENDPOINT);
    await ctx.expectStatus('mixed');
    assert.deepEqual(await candidates(), [
      ['missing-intermediate', 'confirmed'],
      ['outdated-bundle', 'ruled-out'],
      ['unknown-ca', 'ruled-out'],
    ]);
    const titles = await page.locator('#results .finding').allInnerTexts();
    assert.ok(
      titles.some((t) => t.includes("Your error is explained by: the issuer of the server's certificate is missing: the server did not send it and the bundle lacks it (missing-intermediate)")),
      titles.join('\n---\n'),
    );
    const ids = await page.locator('#results .finding .rule-id').allInnerTexts();
    assert.ok(ids.includes('error-explained'), ids.join(' '));
  });

  test('a hostname without a chain suggests s_client for that host, not a literal HOST', async () => {
    await page.goto(ctx.server.url);
    await field('Hostnames').fill('db.example.com:3307');
    await ctx.expectStatus('incomplete');
    const help = await page.locator('#chain-help').innerText();
    assert.equal(help, 'What the server sends, leaf first — e.g. the output of: openssl s_client -starttls mysql -connect db.example.com:3307 -showcerts </dev/null');
    const text = await page.locator('#results').innerText();
    assert.ok(text.includes('openssl s_client -starttls mysql -connect db.example.com:3307 -showcerts'), text);
    assert.ok(!text.includes('HOST:3306'), text);
  });

  test('How you connect fills the live check target and its host is the one judged', async () => {
    await page.goto(ctx.server.url);
    await field('How you connect').fill(`mysql -h ${ctx.ENDPOINT} -P 3307 --ssl-mode=VERIFY_IDENTITY --ssl-ca=global-bundle.pem`);
    await page.waitForFunction(() => document.querySelector('#live-host')?.value !== '');
    assert.equal(await page.locator('#live-host').inputValue(), ctx.ENDPOINT);
    assert.equal(await page.locator('#live-port').inputValue(), '3307');
    await field('CA bundle').fill(await readFile(join(examples, 'bundle.pem'), 'utf8'));
    await field('Server certificate chain').fill(await readFile(join(examples, 'chain-leaf-only.pem'), 'utf8'));
    await ctx.expectStatus('mixed');
    // No hostname typed: the setting's host is the one judged.
    const report = await page.locator('#results').innerText();
    assert.ok(report.includes('mydb.abc123xyz.us-east-1.rds.amazonaws.com'), 'the setting host is judged');
  });

  test('a link with an error message reopens with the user name, password and client address removed, and says so', async () => {
    await page.goto(ctx.server.url);
    const error = "SQLSTATE[HY000] [1045] Access denied for user 'bob'@'10.1.2.3' (using password: YES) while connecting to mysql://bob:Hunter2secret@db.example.com:3306/app";
    const settings = 'mysql -h db.example.com -u bob -pHunter2secret --ssl-mode=VERIFY_IDENTITY';
    await field('Error message').fill(error);
    await field('How you connect').fill(settings);
    await ctx.expectStatus('incomplete');
    await page.getByRole('button', { name: 'Copy link…' }).click();
    await page.locator('#share-panel').waitFor();
    const lines = await page.locator('.share-lines li').allInnerTexts();
    assert.ok(lines.includes('Error message: 157 characters (removed: 2 user names, 1 password, 1 client address)'), lines.join('\n'));
    assert.ok(lines.includes('How you connect: 73 characters (removed: 1 user name, 1 password)'), lines.join('\n'));
    const link = await page.locator('#share-link').inputValue();
    assert.ok(link.includes('#v2.'), link.slice(0, 60));
    for (const secret of ['Hunter2secret', 'bob', '10.1.2.3']) assert.ok(!link.includes(secret), secret);

    const p = await context.newPage();
    p.on('pageerror', (e) => ctx.pageErrors.push(String(e)));
    await p.goto(link);
    await p.locator('.link-notice.opened').waitFor();
    assert.equal(
      await p.getByLabel('Error message', { exact: true }).inputValue(),
      "SQLSTATE[HY000] [1045] Access denied for user '<user>'@'<client>' (using password: YES) while connecting to mysql://<user>:<password>@db.example.com:3306/app",
    );
    assert.equal(await p.getByLabel('How you connect', { exact: true }).inputValue(), 'mysql -h db.example.com -u <user> -p<password> --ssl-mode=VERIFY_IDENTITY');
    assert.equal(
      await p.locator('.link-redacted').innerText(),
      'Removed before sharing: 2 user names, 1 password, 1 client address from the error message; 1 user name, 1 password from the connection settings (shown as <user>, <password>, <client>).',
    );
    // The redacted message still explains: 1045 is not a TLS problem.
    await p.locator('.error-meaning .error-instead').waitFor();
    await p.close();
  });

  test('bench: the whole error corpus explained through analyze() in the page', async () => {
    rows ??= await corpusRows(repo);
    await page.goto(ctx.server.url);
    await page.waitForFunction(() => typeof window.wasmBindings?.analyze === 'function');
    const result = await page.evaluate(async (texts) => {
      const at = '2026-12-03';
      // All asked at once; the core worker answers in order (the time includes the trips).
      const run = async (inputsOf) => {
        const t0 = performance.now();
        const out = await Promise.all(texts.map((t) => window.wasmBindings.analyze(inputsOf(t))));
        return { ms: performance.now() - t0, out };
      };
      // Warm up once, then the corpus beside the same number of calls without a message.
      await run((t) => ({ error_message: t, at }));
      const plain = await run(() => ({ at }));
      const corpus = await run((t) => ({ error_message: t, at }));
      const firsts = corpus.out.map((r) => r.error?.candidates?.[0]?.rule ?? null);
      const tls = corpus.out.map((r) => r.error?.tls_related ?? null);
      return { corpusMs: corpus.ms, plainMs: plain.ms, firsts, tls };
    }, rows.map((r) => r.text));
    // Behaviour: every first:RULE row's first candidate, every decoy not TLS.
    const wrong = rows.flatMap((r, i) => {
      const [kind, rule] = r.expect.split(':');
      if (kind === 'first' && result.firsts[i] !== rule) return [`line ${r.line}: ${result.firsts[i]} (want ${rule})`];
      if (kind === 'decoy' && result.tls[i] !== false) return [`line ${r.line}: tls_related ${result.tls[i]}`];
      return [];
    });
    assert.deepEqual(wrong, []);
    console.log(`     error corpus: ${rows.length} messages through analyze() in ${result.corpusMs.toFixed(1)} ms ` +
      `(beside: ${rows.length} analyze() calls without a message, ${result.plainMs.toFixed(1)} ms)`);
  });
}
