// The "Live check" panel without a relay: the form's defaults and validation, the probe worker
// fetched only on Probe, and a refused WebSocket explained in words. (A live check through the
// real relay to real MariaDB servers is tests/browser_probe.rs with probe.mjs.)
import assert from 'node:assert/strict';

const WORKER = 'mysql-tls-doctor-probe';

export function registerLiveTests(test, ctx) {
  const { page, field, server } = ctx;
  const live = page.locator('section.live');

  test('the live check defaults to this page as relay and validates its form', async () => {
    assert.equal(await field('Relay address').inputValue(), new URL(server.url).origin);
    assert.equal(await field('Port').inputValue(), '3306');
    assert.ok(!ctx.requests.some((u) => u.includes(WORKER)), 'the probe worker was fetched before Probe');
    await field('Host').fill('');
    await live.getByRole('button', { name: 'Probe', exact: true }).click();
    assert.match(await live.getByRole('alert').innerText(), /enter the MySQL server's host name/);
    await field('Host').fill('127.0.0.1');
    await field('Port').fill('99999');
    await field('Port').press('Enter'); // the form submits on Enter
    assert.match(await live.getByRole('alert').innerText(), /port must be a number from 1 to 65535/);
  });

  test('a relay that refuses the WebSocket is explained, with where to look', async () => {
    await field('Port').fill('3306');
    await live.getByRole('button', { name: 'Probe', exact: true }).click();
    const row = live.locator('.check-row').first();
    await live.locator('#live-done').waitFor();
    assert.equal(await row.getAttribute('data-state'), 'failed');
    // This static server has no /relay: the browser reports only a close (1006) before open.
    const relayUrl = `${new URL(server.url).origin}/relay?target=127.0.0.1%3A3306&connected=1`;
    assert.match(await row.innerText(), /connecting to the relay/);
    assert.ok((await row.innerText()).includes(`the relay refused the connection (origin or token?) — open ${relayUrl} in a tab to see why`));
    assert.ok(ctx.requests.some((u) => u.endsWith(`${WORKER}_bg.wasm`)), 'the probe worker ran');
    // The result merges into the report: nothing to judge, and the banner and the probe
    // section say why (as the CLI's report does).
    await ctx.expectStatus('incomplete');
    assert.match(await page.locator('#answer .headline').innerText(),
      /^The live check of 127\.0\.0\.1:3306 did not complete: the relay refused the connection/);
    const section = page.locator('#results .probe');
    assert.match(await section.locator('h3').innerText(), /Live check of 127\.0\.0\.1:3306/);
    assert.match(await section.innerText(), /Handshake failed\s+the relay refused the connection/);
    await live.getByRole('button', { name: 'Clear live result' }).click();
    await page.locator('#results .probe').waitFor({ state: 'detached' });
    // Chromium logs the failed WebSocket itself; that one is expected here.
    const expected = (e) => /WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/relay\?target=/.test(e);
    ctx.pageErrors.splice(0, ctx.pageErrors.length, ...ctx.pageErrors.filter((e) => !expected(e)));
  });
}
