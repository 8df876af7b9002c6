// A bench, not a test: it prints numbers and fails only when the page does not work.
//
// 1. The median time of the wasm `analyze()` in Chromium on a realistic input: the real RDS
//    global bundle (121 certificates, fetched from the served dist/ as the app does), the
//    example leaf + intermediate, and 3 hostnames. 5 warm-up runs, then 50 timed runs.
// 2. The page as a person meets it, served by the real relay (its precompressed files and
//    headers), cold cache, unthrottled and on DevTools' "Fast 3G" (1.6 Mbps down, 750 kbps up,
//    150 ms RTT... as `Network.emulateNetworkConditions`) with the CPU 4× slower
//    (`Emulation.setCPUThrottlingRate`): time to the first contentful paint (the static shell,
//    or the app when there is none), time to interactive (the app mounted: #results exists),
//    bytes transferred, then paste→result (the 186 KB global bundle pasted into the CA field)
//    and keystroke→result (the last key of a typed burst in the hostnames), each from the
//    `input` event to the frame after #results stops being aria-busy. Medians over RUNS runs.
//
// BEFORE=/path/to/old/dist also measures that build in the same run, beside dist/ (a build
// without .br/.gz files is served as it was before precompression).
// RUNS=N (default 5) page runs per build and profile; DEBUG=1 prints each sample.
// Run: scripts/build-web.sh && cargo build --release -p mysql-tls-doctor-relay &&
//      (cd tests/e2e && npm ci && node bench.mjs)
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch } from './lib/browser.mjs';

const WARMUP = 5;
const RUNS = 50;
const PAGE_RUNS = Number(process.env.RUNS ?? 5);

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const chain = await readFile(join(repo, 'www', 'examples', 'chain-ok.pem'), 'utf8');
const bundle = await readFile(join(repo, 'www', 'rds-global-bundle-2024-06.pem'), 'utf8');
const hosts = ['mydb.abc123xyz.us-east-1.rds.amazonaws.com', 'db.example.com', '10.0.0.12'];

const FAST_3G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
const PROFILES = [
  { name: 'unthrottled', network: null, cpu: 1 },
  { name: 'Fast 3G + 4x CPU', network: FAST_3G, cpu: 4 },
];

/// The release relay serving `dir` on a free loopback port; resolves once it prints its URL.
async function relay(dir) {
  const bin = join(repo, 'target', 'release', 'mysql-tls-doctor-relay');
  const child = spawn(bin, ['--listen', '127.0.0.1:0', '--static-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('the relay did not start in 10 s')), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/running at (http:\/\/\S+\/)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`the relay exited (${code})`)));
  });
  return { url, close: () => child.kill('SIGTERM') };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Installed before the page's own scripts: when the app mounted, and a timer for one input.
function instrument() {
  window.__bench = { interactive: null, fcp: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__bench.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new MutationObserver((_, obs) => {
    if (document.getElementById('results')) {
      window.__bench.interactive = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  // Arms a timer (before the input is sent, so no event is missed): window.__bench.result
  // resolves with ms from the next `input` event to the frame after #results is no longer busy.
  window.__bench.arm = () => {
    window.__bench.result = new Promise((ok) => {
      let t0 = null;
      const onInput = () => {
        t0 = performance.now();
      };
      document.addEventListener('input', onInput, true);
      const results = document.getElementById('results');
      const obs = new MutationObserver(() => {
        if (t0 !== null && results.getAttribute('aria-busy') === 'false') {
          obs.disconnect();
          document.removeEventListener('input', onInput, true);
          requestAnimationFrame(() => ok(performance.now() - t0));
        }
      });
      obs.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
    });
  };
}

/// Times what `act` types: armed first, then the input, then the result.
async function timed(page, act) {
  await page.evaluate(() => window.__bench.arm());
  await act();
  return page.evaluate(() => window.__bench.result);
}

/// One cold page load and the edits; returns its timings.
async function pageRun(context, url, profile) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  let transferred = 0;
  cdp.on('Network.loadingFinished', (e) => {
    transferred += e.encodedDataLength;
  });
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.interactive !== null && window.__bench.fcp !== null, null, {
    timeout: 120_000,
  });
  const load = await page.evaluate(() => ({ fcp: window.__bench.fcp, interactive: window.__bench.interactive }));
  const firstLoad = transferred;

  // The chain and hostnames, then the bundle pasted in one go.
  await page.fill('#chain', chain);
  await page.fill('#hosts', hosts.join('\n'));
  await page.waitForFunction(() => document.getElementById('results')?.getAttribute('aria-busy') === 'false');
  // A paste as the DOM sees it: the text lands in the field, then one `input` event.
  // (CDP's Input.insertText would fire an input event per line.)
  await page.focus('#ca-bundle');
  const paste = await timed(page, () =>
    page.evaluate((text) => {
      const field = document.getElementById('ca-bundle');
      field.value = text;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, bundle),
  );
  if (process.env.DEBUG) console.log('paste', paste);

  // Typing: a burst of 4 keys ~60 ms apart at the end of the hostnames; timed from the last.
  const keys = [];
  await page.focus('#hosts');
  for (let burst = 0; burst < 3; burst++) {
    await page.keyboard.press('End');
    await page.keyboard.type('xyz', { delay: 60 });
    keys.push(await timed(page, () => page.keyboard.type('q')));
    if (process.env.DEBUG) console.log('key', keys.at(-1));
    await page.waitForTimeout(300);
  }
  await page.close();
  return { ...load, firstLoad, paste, key: median(keys) };
}

async function pageBench(browser, label, dir) {
  const server = await relay(dir);
  try {
    for (const profile of PROFILES) {
      const runs = [];
      for (let i = 0; i < PAGE_RUNS; i++) runs.push(await pageRun(browser.context, server.url, profile));
      const m = (k) => median(runs.map((r) => r[k]));
      console.log(
        `${label.padEnd(8)} ${profile.name.padEnd(17)} first paint ${m('fcp').toFixed(0).padStart(5)} ms  ` +
          `interactive ${m('interactive').toFixed(0).padStart(5)} ms  transferred ${(m('firstLoad') / 1024).toFixed(0).padStart(4)} KiB  ` +
          `paste→result ${m('paste').toFixed(0).padStart(4)} ms  key→result ${m('key').toFixed(0).padStart(4)} ms  ` +
          `(medians of ${PAGE_RUNS}; paste ${runs.map((r) => r.paste.toFixed(0)).join('/')}, key ${runs.map((r) => r.key.toFixed(0)).join('/')})`,
      );
    }
  } finally {
    server.close();
  }
}

async function analyzeBench(browser) {
  const server = await relay(join(repo, 'dist'));
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.wasmBindings?.analyze === 'function');
    const times = await page.evaluate(
      async ({ chain, hosts, warmup, runs }) => {
        const bundle = await (await fetch('rds-global-bundle-2024-06.pem')).text();
        const inputs = { ca_bundle: bundle, ca_label: 'rds-global-2024-06', chain, hosts };
        const out = [];
        for (let i = 0; i < warmup + runs; i++) {
          const t0 = performance.now();
          const report = await window.wasmBindings.analyze(inputs);
          const t1 = performance.now();
          if (report.inputs.bundle_certificates !== 121) throw new Error('the bundle was not read whole');
          if (i >= warmup) out.push(t1 - t0);
        }
        return out;
      },
      { chain, hosts, warmup: WARMUP, runs: RUNS },
    );
    await page.close();
    times.sort((a, b) => a - b);
    console.log(`analyze(): RDS global bundle (121 certs) + 2-cert chain + ${hosts.length} hostnames, ${RUNS} runs after ${WARMUP} warm-ups`);
    console.log(`min ${times[0].toFixed(1)} ms, max ${times[RUNS - 1].toFixed(1)} ms, median ${median(times).toFixed(1)} ms`);
  } finally {
    server.close();
  }
}

const browser = await launch();
try {
  if (!process.env.PAGE_ONLY) await analyzeBench(browser);
  if (process.env.BEFORE) await pageBench(browser, 'before', process.env.BEFORE);
  await pageBench(browser, 'after', join(repo, 'dist'));
} finally {
  await browser.close();
}
