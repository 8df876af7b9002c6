// Browser tests of the capture input and view (issue 3, UI and the 50 MB browser figure).
// Registered by run.mjs; `ctx` holds its page and helpers.
//
// Fixture: fixtures/tls12_login.pcapng is a REAL capture (tshark on loopback) of the MariaDB
// client logging in over TLS 1.2 to MariaDB 10.11, with the CA and chain the server used
// (tls12_ca.pem, tls12_chain.pem); remake it with `cargo test --test e2e_fixtures -- --ignored`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { readPcapng, writeRepeatedPcap } from './lib/pcap.mjs';

// Capture files are decoded in this worker, which is also the page's core worker (every
// analysis runs in it): fetched with the first input, never with the page (see
// src/web/worker/capture.rs and src/web/state/analysis.rs).
const WORKER = 'mysql-tls-doctor-capture';

export function registerCaptureTests(test, ctx) {
  const { page, field, here, repo } = ctx;
  const fixtures = join(here, 'fixtures');
  const capturePath = join(fixtures, 'tls12_login.pcapng');
  const fileInput = () => page.locator('.capture-field input[type=file]');
  const litOffsets = () => page.locator('.hex-bytes .b.lit').evaluateAll((els) => els.map((e) => Number(e.dataset.off)));
  const range = (a, b) => Array.from({ length: b - a }, (_, i) => a + i);

  test('a real TLS 1.2 capture: connection, messages, linked tree and hex, chain from the capture', async () => {
    ctx.requests.length = 0;
    await page.goto(ctx.server.url);
    await page.locator('#results').waitFor();
    assert.ok(!ctx.requests.some((u) => u.includes(WORKER)), 'the core worker was fetched with the page, before any input');
    await field('CA bundle').fill(await readFile(join(fixtures, 'tls12_ca.pem'), 'utf8'));
    await field('Hostnames').fill('localhost');
    await fileInput().setInputFiles(capturePath);
    await page.locator('#capture-connection').waitFor();
    assert.ok(ctx.requests.some((u) => u.endsWith(`${WORKER}_bg.wasm`)), 'the capture worker decoded the file');
    assert.match(await page.locator('.capture-summary').innerText(), /tls12_login\.pcapng \(4\.8 KB\): 1 TCP connection\(s\) in 20 frame\(s\), Ethernet/);
    assert.match(await page.locator('#capture-connection option:checked').innerText(), /^#0 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+ · 20 packets · tls-established$/);
    const kinds = await page.locator('.packets .kind').allInnerTexts();
    assert.deepEqual(kinds.slice(0, 5), ['Greeting', 'SSLRequest', 'ClientHello', 'ServerHello', 'Certificate']);
    assert.deepEqual((await page.locator('.packets .dir').allInnerTexts()).slice(0, 4), ['S→C', 'C→S', 'C→S', 'S→C']);
    assert.deepEqual((await page.locator('.packets .seq').allInnerTexts()).slice(0, 3), ['#0', '#1', '']);

    // Field → bytes: the greeting's server version is bytes 5..38 of what the server sent.
    await page.locator('.tree .node', { hasText: 'server version' }).first().hover();
    assert.deepEqual(await litOffsets(), range(5, 38));
    // Byte → field: byte 4 is the protocol version.
    await page.locator('.hex-bytes .b[data-off="4"]').hover();
    assert.deepEqual(await page.locator('.tree .node.lit').allInnerTexts(), ['protocol version: 10']);
    assert.deepEqual(await litOffsets(), [4]);

    // Keyboard: focus the bytes (the cursor starts on the message's first byte), then move.
    await page.mouse.move(0, 0);
    await page.locator('.hex').focus();
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
    assert.match(await page.locator('.hex-status').innerText(), /^Byte 4 \(0x4\): protocol version = 10, bytes 4–5$/);
    assert.equal(await page.locator('.hex-bytes .b.cur').getAttribute('data-off'), '4');
    // Enter on a byte of another message selects it: row 0x70 is inside the ServerHello.
    for (let i = 0; i < 7; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.packet.current', { hasText: 'ServerHello' }).waitFor();
    assert.match(await page.locator('#tree-h').innerText(), /^ServerHello — fields$/);

    // A focused field lights its bytes too.
    await page.locator('.packet', { hasText: 'Certificate: 2 certificates' }).click();
    const node = page.locator('.tree .node').first();
    await node.focus();
    assert.ok((await litOffsets()).length > 0, 'focusing a field lights bytes');

    // The chain came from the capture (nothing pasted) and verifies against the fixture's CA.
    await ctx.expectStatus('pass');
    assert.equal(await field('Server certificate chain').inputValue(), '');
    assert.match(await page.locator('.banner .meta').innerText(), /server sent 2 certificate\(s\)/);
    const cards = await page.locator('.cert h4').allInnerTexts();
    assert.ok(cards.some((t) => /localhost/.test(t)) && cards.some((t) => /Test Intermediate CA/.test(t)), cards.join(' / '));
  });

  test('a pasted hex dump decodes as one direction, and the format picker forces a format', async () => {
    const xxd = await readFile(join(repo, 'tests', 'fixtures', 'capture', 'greeting_xxd.txt'), 'utf8');
    await page.getByRole('button', { name: 'Clear capture' }).click();
    await field('Capture').fill(xxd);
    await page.locator('.capture-summary', { hasText: '78 bytes (hex) of one direction' }).waitFor();
    assert.deepEqual(await page.locator('.packets .kind').allInnerTexts(), ['Greeting']);
    await page.getByLabel('Format', { exact: true }).selectOption('pcap');
    await page.getByText(/^Could not decode the capture: /).waitFor();
    assert.equal(await page.locator('.capture-view').count(), 0);
    await page.getByLabel('Format', { exact: true }).selectOption('auto');
    await page.locator('.capture-summary').waitFor();
  });

  test('a 50 MB capture decodes in chunks with a progress bar while the page keeps painting', async () => {
    const big = join(here, 'out', 'big.pcap');
    const { connections, size } = await writeRepeatedPcap(big, readPcapng(await readFile(capturePath)), 50 * 1024 * 1024);
    await page.getByRole('button', { name: 'Clear capture' }).click();
    // Count animation frames, and the longest gap between two, while the progress bar is up.
    await page.evaluate(() => {
      const w = window;
      Object.assign(w, { __frames: 0, __framesDecoding: 0, __maxGapDecoding: 0, __maxGap: 0, __progressSeen: [] });
      let last = performance.now();
      const tick = (now) => {
        const gap = now - last;
        last = now;
        w.__frames += 1;
        w.__maxGap = Math.max(w.__maxGap, gap);
        const bar = document.querySelector('.capture-progress progress');
        if (bar) {
          w.__framesDecoding += 1;
          w.__maxGapDecoding = Math.max(w.__maxGapDecoding, gap);
          w.__progressSeen.push(Number(bar.value));
        }
        if (!w.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const start = Date.now();
    await fileInput().setInputFiles(big);
    await page.locator('.capture-summary', { hasText: 'TCP connection(s)' }).waitFor({ timeout: 180_000 });
    const ms = Date.now() - start;
    // The summary of every connection's outcome, grouped with counts.
    await page.locator('.connection-summary.grouped').waitFor({ timeout: 180_000 });
    const summaryMs = Date.now() - start;
    assert.match(await page.locator('.connection-summary.grouped tbody tr').first().innerText(),
      new RegExp(`^${connections.toLocaleString('en-US')} ×\ttls-established\tshow #0$`));
    console.log(`     50 MB capture: summary of all ${connections} connections' outcomes shown ${summaryMs} ms after the drop`);
    const f = await page.evaluate(() => {
      window.__stop = true;
      return { frames: window.__frames, decoding: window.__framesDecoding, maxGapDecoding: window.__maxGapDecoding, maxGap: window.__maxGap, progress: window.__progressSeen };
    });
    console.log(`     50 MB capture: ${(size / 1048576).toFixed(1)} MiB, ${connections} connections decoded in ${ms} ms; `
      + `${f.frames} frames painted (${f.decoding} with the progress bar up, largest gap ${f.maxGapDecoding.toFixed(0)} ms while decoding, ${f.maxGap.toFixed(0)} ms overall)`);
    assert.match(await page.locator('.capture-summary').innerText(), new RegExp(`${connections.toLocaleString('en-US')} TCP connection\\(s\\)`));
    // The last value painted may be the whole file (the worker then finishes the connections).
    assert.ok(f.progress.some((v) => v > 0 && v < size), `the progress bar showed partial progress (${f.progress.join(', ')})`);
    assert.ok(f.decoding >= 10, `the page painted only ${f.decoding} frames while decoding`);
    assert.ok(f.maxGapDecoding < 1000, `a ${f.maxGapDecoding} ms freeze while decoding`);
    assert.match(await page.locator('#capture-connection-help').innerText(), /the first 1,000 are listed/);
    // Only the default connection's bytes came with the result: another one is fetched from
    // the worker when picked.
    await page.locator('#capture-connection').selectOption('700');
    assert.equal(await page.locator('#capture-connection').inputValue(), '700');
    await page.locator('.packets .kind', { hasText: 'ServerHello' }).first().waitFor();
    assert.equal(await page.getByText('Loading connection #700…').count(), 0);
    assert.deepEqual((await page.locator('.packets .kind').allInnerTexts()).slice(0, 3), ['Greeting', 'SSLRequest', 'ClientHello']);

    // A decode replaced before it ends never overwrites the new one.
    await fileInput().setInputFiles(big);
    await page.locator('.capture-progress').waitFor();
    await fileInput().setInputFiles(capturePath);
    await page.locator('.capture-summary', { hasText: 'tls12_login.pcapng' }).waitFor();
    await page.waitForTimeout(1500);
    assert.match(await page.locator('.capture-summary').innerText(), /^tls12_login\.pcapng .*: 1 TCP connection\(s\)/);
    await page.getByRole('button', { name: 'Clear capture' }).click();
    await page.locator('.capture-view').waitFor({ state: 'detached' });
  });
}
