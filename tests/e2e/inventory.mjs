// The "AWS inventory" panel: a pasted `aws rds describe-db-instances` JSON becomes the CA
// rotation report (the same core function as `fleet --inventory`), computed in the inventory
// worker, which the page fetches only with the first paste; the table sorts by its headers.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const WORKER = 'mysql-tls-doctor-inventory';

export function registerInventoryTests(test, ctx) {
  const { page } = ctx;
  const panel = page.locator('details.inventory');
  const ids = () => panel.locator('tbody th[scope=row]').allInnerTexts();

  test('a pasted AWS inventory becomes the sortable CA rotation report, read in its own worker', async () => {
    assert.ok(!ctx.requests.some((u) => u.includes(WORKER)), 'the inventory worker was fetched before any inventory');
    await panel.locator('summary').click();
    const json = await readFile(join(ctx.repo, 'tests', 'fixtures', 'inventory', 'describe-db-instances.json'), 'utf8');
    await panel.getByLabel('AWS CLI JSON').fill(json);
    await panel.locator('.summary').waitFor();
    assert.equal(await panel.locator('.summary').innerText(), '5 resources; target CA rds-ca-rsa2048-g1');
    // Most urgent first, as the CLI prints it.
    assert.deepEqual(await ids(), ['aurora-main-writer', 'legacy-mysql', 'maz-cluster-instance-1', 'reporting', 'orders-prod']);
    assert.deepEqual(await panel.locator('tbody tr td:nth-of-type(5)').allInnerTexts(),
      ['CA EXPIRED', 'CA EXPIRED', 'CA EXPIRED', 'UNKNOWN CA', 'OK']);
    const legacy = panel.locator('tbody tr', { has: page.locator('th', { hasText: /^legacy-mysql$/ }) });
    assert.match(await legacy.locator('code').innerText(),
      /^aws rds modify-db-instance --db-instance-identifier legacy-mysql --ca-certificate-identifier rds-ca-rsa2048-g1\b/);
    assert.ok(ctx.requests.some((u) => u.endsWith(`${WORKER}_bg.wasm`)), 'the inventory worker ran');

    const byId = panel.getByRole('button', { name: 'Identifier' });
    await byId.click();
    assert.deepEqual(await ids(), ['aurora-main-writer', 'legacy-mysql', 'maz-cluster-instance-1', 'orders-prod', 'reporting']);
    assert.equal(await panel.locator('th[aria-sort=ascending]').innerText(), 'Identifier');
    await byId.press('Enter'); // the keyboard flips it
    assert.deepEqual(await ids(), ['reporting', 'orders-prod', 'maz-cluster-instance-1', 'legacy-mysql', 'aurora-main-writer']);
    assert.equal(await panel.locator('th[aria-sort=descending]').innerText(), 'Identifier');

    // Not JSON: said in words, no table, no crash.
    await panel.getByLabel('AWS CLI JSON').fill('{"DBInstances": [');
    await panel.locator('.problem').first().waitFor();
    assert.equal(await panel.locator('tbody tr').count(), 0);
    await panel.locator('summary').click();
  });
}
