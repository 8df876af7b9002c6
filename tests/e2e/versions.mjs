// The "Client versions" picker (the page's --client-version): a version that changes the answer
// adds its named cause to the report, and "current release" takes it away again.
import assert from 'node:assert/strict';

export function registerVersionTests(test, ctx) {
  const { page } = ctx;
  const ids = () => page.locator('.finding .rule-id').allInnerTexts();

  test('picking mysql2 2.3.3 names its Amazon RDS profile that lacks the chain\'s CA; current release clears it', async () => {
    await page.getByRole('button', { name: 'RDS chain OK' }).click();
    await ctx.expectStatus('pass');
    assert.deepEqual(await ids(), []);
    await page.locator('details.versions summary').click();
    const select = page.getByLabel("node mysql2, ssl: 'Amazon RDS'");
    await select.selectOption('2.3.3');
    await page.locator('.finding .rule-id').first().waitFor();
    assert.deepEqual(await ids(), ['ssl-profile-lacks-ca']);
    assert.match(await page.locator('.finding').first().innerText(),
      /mysql2 2\.3\.3's 'Amazon RDS' profile does not hold rds-ca-rsa2048-g1 \(us-east-1\)/);
    await select.selectOption('');
    await page.waitForFunction(() => document.querySelectorAll('.finding .rule-id').length === 0);
    await page.locator('details.versions summary').click();
  });
}
