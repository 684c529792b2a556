// Organisation members, role rules shown next to the field, and the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, signIn, hydrated } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`the main account creates a member, and a bad role combination is refused (${mode})`, async () => {
    const page = await newPage(browser, { javaScriptEnabled });
    await signIn(page, account({ kind: 'partner_main', account_name: 'huadong-dist' }));
    await page.waitForURL((u) => u.pathname === '/partner');
    await page.goto('/partner/org/members');
    if (javaScriptEnabled) await hydrated(page);
    const user = `e2e-${javaScriptEnabled ? 'js' : 'nojs'}-${Date.now() % 100000}`;
    const fill = async (role1, role2) => {
      const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create' }) });
      if (!(await form.getByLabel('User name').isVisible())) await page.getByText('Create member').click();
      await form.getByLabel('User name').fill(user);
      await form.getByLabel('Display name').fill('端到端 E2E');
      await form.getByLabel('Password', { exact: true }).fill('e2e password 2026');
      await form.getByLabel('Role 1').selectOption({ label: role1 });
      await form.getByLabel('Role 2').selectOption({ label: role2 });
      await form.getByRole('button', { name: 'Create' }).click();
    };
    await fill('Admin', 'Finance');
    await assert.doesNotReject(page.getByText('Admin cannot be combined with other roles').waitFor());
    assert.equal(await page.locator(`tr[data-member="${user}"]`).count(), 0);
    if (!javaScriptEnabled) await page.goto('/partner/org/members');
    await fill('Finance', 'Coupon operator');
    await assert.doesNotReject(page.locator(`tr[data-member="${user}"]`).waitFor());
    assert.match(await page.locator(`tr[data-member="${user}"]`).innerText(), /Finance/);

    await page.goto('/partner/audit');
    const table = page.getByTestId('audit-table');
    assert.match(await table.innerText(), new RegExp(`Member created\\s+${user}`));
    await page.context().close();
  });
}

test('a read-only member sees the members but cannot change them', async () => {
  const page = await newPage(browser);
  await signIn(page, account({ kind: 'member', user_name: 'qian.readonly' }));
  await page.waitForURL((u) => u.pathname === '/partner');
  await page.goto('/partner/org/members');
  // Read-only: the list, but no create form and no row actions.
  assert.ok(await page.getByRole('cell', { name: 'li.admin' }).isVisible());
  assert.equal(await page.getByText('Create member').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Disable' }).count(), 0);
  await page.context().close();
});
