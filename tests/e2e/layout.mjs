// The page leads with the answer (issue 12): the result bar (status word, cause, fix and its
// commands) is in the viewport after typing, after an example and after opening a link, at
// 1280×900 and 390×844; the matrix folds agreeing columns into groups that expand; the hostname
// column stays in view; Copy buttons copy the exact text; everything works from the keyboard.
// Registered by run.mjs; `ctx` holds its page and helpers.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The rotation the RDS findings carry for the example's endpoint (rules/commands.rs). */
const RDS_COMMANDS = [
  ["Read the instance's CA, its server certificate's end, engine and version",
    "aws rds describe-db-instances --db-instance-identifier mydb --region us-east-1 --query 'DBInstances[0].[CACertificateIdentifier,CertificateDetails.ValidTill,Engine,EngineVersion]'"],
  ['Whether that engine version changes its CA without a restart (fill in the engine and version read above)',
    "aws rds describe-db-engine-versions --engine <engine> --engine-version <engine-version> --region us-east-1 --query 'DBEngineVersions[0].SupportsCertificateRotationWithoutRestart'"],
  ['Download the current RDS CA bundle (global-bundle.pem)',
    'curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem'],
  ['Switch to rds-ca-rsa2048-g1 now (restarts the instance unless the answer above is true)',
    'aws rds modify-db-instance --db-instance-identifier mydb --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region us-east-1'],
];
const SIZES = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];

export function registerLayoutTests(test, ctx) {
  const { page, context, here, repo } = ctx;

  /** The parts of the answer that must be on screen, each as [name, rect] (CSS pixels). */
  async function answerRects(p) {
    return p.evaluate(() => {
      const parts = { status: '#answer .status-word', headline: '#answer .headline', fix: '#answer .answer-fix .fix', copy: '#answer .copy-button' };
      return Object.entries(parts).flatMap(([name, sel]) => {
        const el = document.querySelector(sel);
        if (!el) return [];
        const r = el.getBoundingClientRect();
        return [[name, { top: r.top, bottom: r.bottom, left: r.left, right: r.right }]];
      });
    });
  }

  /** Fails unless the status, headline and fix (and a first Copy button, if any) are all in view. */
  async function assertAnswerInView(p, size, why, want = ['status', 'headline', 'fix']) {
    const rects = await answerRects(p);
    const names = rects.map(([n]) => n);
    for (const n of want) assert.ok(names.includes(n), `${why} at ${size.width}×${size.height}: no ${n} in the answer`);
    for (const [name, r] of rects) {
      const inside = r.top >= 0 && r.left >= 0 && r.bottom <= size.height && r.right <= size.width && r.bottom > r.top;
      assert.ok(inside, `${why} at ${size.width}×${size.height}: the ${name} is at ${JSON.stringify(r)}, outside the viewport`);
    }
  }

  async function settled(p, status) {
    await p.waitForFunction((want) => {
      const r = document.querySelector('#results');
      return r?.getAttribute('aria-busy') === 'false' && document.querySelector('#answer')?.dataset.status === want;
    }, status, { timeout: 15_000 });
  }

  const example = (p, name) => p.getByRole('button', { name, exact: true });
  const focused = (p) => p.evaluate(() => document.activeElement?.id ?? '');

  for (const size of SIZES) {
    test(`at ${size.width}×${size.height} the answer is in view after an example, typing and a link`, async () => {
      await page.setViewportSize(size);
      await page.goto(ctx.server.url);
      // An example: the answer takes the focus and is on screen.
      await example(page, 'Missing intermediate').click();
      await settled(page, 'mixed');
      await page.waitForFunction(() => document.activeElement?.id === 'answer');
      assert.equal(await page.locator('#answer .status-word').innerText(), 'MIXED');
      await assertAnswerInView(page, size, 'after an example');

      // Typing a hostname at the end of the inputs: the focus stays in the field, the answer
      // updates in place and is still in view.
      await page.locator('#hosts').focus();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('db.example.com', { delay: 20 });
      await page.waitForFunction(() => document.querySelector('#answer .headline')?.textContent.includes('db.example.com') ||
        document.querySelector('#results .matrix tbody th')?.textContent === 'db.example.com');
      await settled(page, 'mixed');
      assert.equal(await focused(page), 'hosts', 'typing keeps the focus in the field');
      assert.deepEqual(await page.locator('.matrix tbody th').allInnerTexts(), ['db.example.com']);
      await assertAnswerInView(page, size, 'after typing');

      // A paste takes the focus to the answer.
      await page.locator('#hosts').focus();
      await page.keyboard.press('ControlOrMeta+a');
      await page.evaluate(() => {
        const t = document.querySelector('#hosts');
        const dt = new DataTransfer();
        dt.setData('text/plain', 'mydb.abc123xyz.us-east-1.rds.amazonaws.com');
        t.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        // A synthetic paste inserts nothing: do what the browser's paste does.
        t.value = 'mydb.abc123xyz.us-east-1.rds.amazonaws.com';
        t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      });
      await page.waitForFunction(() => document.activeElement?.id === 'answer');
      await assertAnswerInView(page, size, 'after a paste');

      // A link, opened in a fresh page of this size.
      await page.getByRole('button', { name: 'Copy link…' }).click();
      const link = await page.locator('#share-link').inputValue();
      const p = await context.newPage();
      p.on('pageerror', (e) => ctx.pageErrors.push(String(e)));
      await p.setViewportSize(size);
      await p.goto(link);
      await settled(p, 'mixed');
      await p.waitForFunction(() => document.activeElement?.id === 'answer');
      await assertAnswerInView(p, size, 'after opening a link');
      await p.close();
      await mkdir(join(here, 'out'), { recursive: true });
      const shot = join(here, 'out', `answer-${size.width}.png`);
      // The screenshot: a fix with a command to copy.
      await example(page, 'Wrong hostname').click();
      await settled(page, 'mixed');
      await page.waitForFunction(() => document.activeElement?.id === 'answer');
      await page.screenshot({ path: shot });
      if (process.env.UPDATE_SCREENSHOT) await copyFile(shot, join(repo, 'docs', `screenshot-${size.width}.png`));
    });
  }

  test('the matrix folds agreeing clients into a group that expands into its members', async () => {
    await page.setViewportSize(SIZES[0]);
    await example(page, 'Missing intermediate').click();
    await settled(page, 'mixed');
    const toggles = page.locator('.matrix .group-toggle');
    assert.deepEqual(await toggles.allInnerTexts(), ['21 clients: ✗ missing intermediate', '3 clients: ! unverified']);
    assert.deepEqual(await page.locator('.matrix tbody td').allInnerTexts(), ['✗ missing intermediate', '! unverified']);
    // Every cause, with the client's words, in the cell's details.
    const cell = page.locator('.matrix tbody td').first();
    await cell.locator('summary').click();
    assert.match(await cell.locator('.causes').innerText(), /^missing-intermediate .*Subordinate CA RSA2048 G1\.A\.1' missing/);
    // Expanding a group lists its members as columns; collapsing folds them again.
    const group = toggles.nth(1);
    assert.equal(await group.getAttribute('aria-expanded'), 'false');
    await group.click();
    assert.equal(await page.locator('.matrix .group-toggle').nth(1).getAttribute('aria-expanded'), 'true');
    // The open group's first column carries the button; each member has its own header.
    assert.equal(await page.locator('.matrix thead th').count(), 1 + 1 + 3);
    assert.equal((await page.locator('.matrix thead .client').allInnerTexts()).length, 3);
    assert.equal(await page.locator('.matrix tbody td').count(), 1 + 3);
    assert.deepEqual(await page.locator('.matrix tbody td.unverified').allInnerTexts(), ['! unverified', '! unverified', '! unverified']);
    await page.locator('.matrix .group-toggle').nth(1).click();
    assert.equal(await page.locator('.matrix tbody td').count(), 2);
  });

  test('on a phone the hostname column stays in view while the matrix scrolls sideways', async () => {
    await page.setViewportSize(SIZES[1]);
    await example(page, 'Wrong hostname').click();
    await settled(page, 'mixed');
    await page.locator('#hosts').fill('mydb.abc123xyz.us-east-1.rds.amazonaws.com\ndb.example.com');
    await settled(page, 'mixed');
    // Open both groups: the table is then far wider than the phone.
    for (let i = 0; i < 2; i += 1) await page.locator('.matrix .group-toggle[aria-expanded=false]').first().click();
    const wrap = page.locator('.matrix-wrap');
    const { before, after, wrapLeft, scrolled } = await wrap.evaluate((w) => {
      const th = w.querySelector('tbody th');
      const before = th.getBoundingClientRect().left;
      w.scrollLeft = 2000;
      return { before, after: th.getBoundingClientRect().left, wrapLeft: w.getBoundingClientRect().left, scrolled: w.scrollLeft };
    });
    assert.ok(scrolled > 500, `the matrix scrolled ${scrolled} px`);
    assert.ok(Math.abs(after - before) < 1 && after >= wrapLeft, `the hostname cell moved from ${before} to ${after}`);
    await page.setViewportSize(SIZES[0]);
  });

  test('the warning horizon is an input bound to the report, and certificate cards show time left', async () => {
    await example(page, 'RDS chain OK').click();
    await settled(page, 'pass');
    assert.equal(await page.locator('#warn-days').inputValue(), '180');
    const left = await page.locator('.cert .time-left').allInnerTexts();
    assert.equal(left.length, 3);
    for (const l of left) assert.match(l, /^ — expires in (\d+ y( \d+ mo)?|\d+ months?|\d+ days?) \(\d{4}-\d\d-\d\d\)$/);
  });

  test('the fix of an RDS CA inside the horizon: its commands in the answer, Copy copies each one exactly', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ctx.server.url).origin });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.goto(ctx.server.url);
      await example(page, 'RDS chain OK').click();
      await settled(page, 'pass');
      // The example's intermediate (rds-ca-rsa2048-g1) ends on 2045-01-01: 7000 days brings it in.
      await page.locator('#warn-days').fill('7000');
      await page.locator('#warn-days').press('Tab');
      await settled(page, 'expires-soon');
      assert.equal(await page.locator('#answer .status-word').innerText(), 'WORKS, EXPIRES SOON');
      assert.match(await page.locator('#answer .headline').innerText(), /rds-ca-rsa2048-g1 \(us-east-1\) ends on 2045-01-01/);
      await assertAnswerInView(page, size, 'with commands', ['status', 'headline', 'fix', 'copy']);
      assert.deepEqual(await page.locator('#answer .copy-text').allInnerTexts(), RDS_COMMANDS.map(([, t]) => t));
      assert.deepEqual(await page.locator('#answer .copy-label').allInnerTexts(), RDS_COMMANDS.map(([l]) => l));
      // The same commands in the finding below, each with its own button.
      assert.deepEqual(await page.locator('.finding .copy-text').allInnerTexts(), RDS_COMMANDS.map(([, t]) => t));
    }
    await page.setViewportSize(SIZES[0]);
    // Keyboard: Tab to the last command's button, Enter copies it and the button says so.
    const last = page.locator('#answer .copy').nth(3).locator('.copy-button');
    await last.focus();
    assert.equal(await last.evaluate((b) => getComputedStyle(b).outlineStyle), 'solid');
    await page.keyboard.press('Enter');
    await page.locator('#answer .copy').nth(3).locator('.copy-button.copied').waitFor();
    assert.equal(await last.innerText(), 'Copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), RDS_COMMANDS[3][1]);
    await page.locator('.finding .copy-button').first().click();
    await page.locator('.finding .copy-button.copied').first().waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), RDS_COMMANDS[0][1]);
    await page.locator('#warn-days').fill('180');
    await page.locator('#warn-days').press('Tab');
    await settled(page, 'pass');
  });

  test('keyboard only: an example, the answer focused with a visible outline, Tab to its details', async () => {
    await page.goto(ctx.server.url);
    await example(page, 'Wrong hostname').focus();
    await page.keyboard.press('Enter');
    await settled(page, 'mixed');
    await page.waitForFunction(() => document.activeElement?.id === 'answer');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, 'solid');
    // Tab from the answer reaches its Copy buttons and its link to the details, then the
    // matrix's group toggles; each shows its focus.
    const seen = [];
    for (let i = 0; i < 14; i += 1) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => {
        const a = document.activeElement;
        return `${a.tagName.toLowerCase()}.${a.className}:${getComputedStyle(a).outlineStyle}`;
      }));
    }
    const hostnameFix = await page.locator('#answer .copy-button').count();
    assert.deepEqual(seen.slice(0, hostnameFix + 1), [...Array(hostnameFix).fill('button.copy-button:solid'), 'a.answer-more:solid']);
    assert.ok(seen.includes('button.group-toggle:solid'), seen.join(' '));
    await page.keyboard.press('Enter');
  });
}
