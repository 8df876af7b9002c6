// One live check in the built app through a real relay, driven like a user would: fill the
// CA bundle and hostnames, the relay (the page's own origin), host and port, click Probe, wait
// for the result, and download the report. Run by tests/browser_probe.rs, which starts the
// relay (serving dist/) and MariaDB and compares the result with the CLI's.
//
//   node probe.mjs '{"url":"http://127.0.0.1:PORT/","ca":"/path/ca.pem","hosts":"localhost",
//                    "host":"127.0.0.1","port":3306,"requireTls":false,"versions":false}'
//
// Prints one JSON line {report, click_to_result_ms, page_elapsed_ms, progress}; exits 1 on
// failure (page errors included), with the reason on stderr. PROBE_SCREENSHOT=DIR also saves
// a full-page screenshot there.
import { readFile } from 'node:fs/promises';

import { launch } from './lib/browser.mjs';

const args = JSON.parse(process.argv[2] ?? '{}');
const TIMEOUT = 60_000;

const browser = await launch();
const errors = [];
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const field = (name) => page.getByLabel(name, { exact: true });

  await page.goto(args.url);
  await field('CA bundle').fill(await readFile(args.ca, 'utf8'));
  await field('Hostnames').fill(args.hosts);
  // The relay defaults to the page's origin; fill it anyway so a changed default shows up.
  const origin = new URL(args.url).origin;
  const relayDefault = await field('Relay address').inputValue();
  if (relayDefault !== origin) throw new Error(`relay address defaults to ${relayDefault}, not ${origin}`);
  await field('Relay address').fill(origin);
  await field('Host').fill(args.host);
  await field('Port').fill(String(args.port));
  await field('Does the server require TLS?').setChecked(Boolean(args.requireTls));
  await field('Which TLS versions?').setChecked(Boolean(args.versions));

  const started = performance.now();
  await page.getByRole('button', { name: 'Probe', exact: true }).click();
  await page.locator('#live-done').waitFor();
  await page.waitForFunction(() => {
    const r = document.querySelector('#results');
    return r?.getAttribute('aria-busy') === 'false' && r.querySelector('.probe');
  });
  const clickToResult = performance.now() - started;

  const doneText = await page.locator('#live-done').innerText();
  const pageElapsed = Number(/Finished in (\d+) ms/.exec(doneText)?.[1]);
  const progress = await page.locator('.live-progress .check-row').evaluateAll((rows) =>
    rows.map((r) => ({ state: r.dataset.state, text: r.innerText.replace(/\s+/g, ' ').trim() })));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (JSON)' }).click(),
  ]);
  const report = JSON.parse(await readFile(await download.path(), 'utf8'));
  // PROBE_SCREENSHOT=DIR keeps a picture of each probe, named after its label.
  if (process.env.PROBE_SCREENSHOT) {
    const name = String(args.label ?? args.port).replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page.screenshot({ path: `${process.env.PROBE_SCREENSHOT}/probe-${name}.png`, fullPage: true });
  }
  if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
  process.stdout.write(`${JSON.stringify({ report, click_to_result_ms: Math.round(clickToResult), page_elapsed_ms: pageElapsed, progress })}\n`);
} catch (e) {
  process.stderr.write(`probe.mjs: ${e.stack ?? e}\n${errors.length ? `page errors: ${errors.join(' | ')}\n` : ''}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
