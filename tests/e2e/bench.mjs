// Median time of the wasm `analyze()` in Chromium on a realistic input: the real RDS global
// bundle (121 certificates, fetched from the served dist/ as the app does), the example
// leaf + intermediate, and 3 hostnames. 5 warm-up runs, then 50 timed runs.
// Run: scripts/build-web.sh && (cd tests/e2e && npm ci && node bench.mjs)
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch } from './lib/browser.mjs';
import { serve } from './lib/serve.mjs';

const WARMUP = 5;
const RUNS = 50;

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const chain = await readFile(join(repo, 'www', 'examples', 'chain-ok.pem'), 'utf8');
const hosts = ['mydb.abc123xyz.us-east-1.rds.amazonaws.com', 'db.example.com', '10.0.0.12'];

const server = await serve(join(repo, 'dist'));
const browser = await launch();
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(server.url);
  await page.waitForFunction(() => typeof window.wasmBindings?.analyze === 'function');
  const times = await page.evaluate(
    async ({ chain, hosts, warmup, runs }) => {
      const bundle = await (await fetch('rds-global-bundle-2024-06.pem')).text();
      const inputs = { ca_bundle: bundle, ca_label: 'rds-global-2024-06', chain, hosts };
      const out = [];
      for (let i = 0; i < warmup + runs; i++) {
        const t0 = performance.now();
        const report = window.wasmBindings.analyze(inputs);
        const t1 = performance.now();
        if (report.inputs.bundle_certificates !== 121) throw new Error('the bundle was not read whole');
        if (i >= warmup) out.push(t1 - t0);
      }
      return out;
    },
    { chain, hosts, warmup: WARMUP, runs: RUNS },
  );
  times.sort((a, b) => a - b);
  const median = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
  console.log(`analyze(): RDS global bundle (121 certs) + 2-cert chain + ${hosts.length} hostnames, ${RUNS} runs after ${WARMUP} warm-ups`);
  console.log(`min ${times[0].toFixed(1)} ms, max ${times[RUNS - 1].toFixed(1)} ms`);
  console.log(`median ${median.toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
