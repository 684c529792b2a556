// Sales › Customers: search and filters through the GET form, scope of a customer manager, CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, accounts, signIn, hydrated } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const rows = (page) => page.getByTestId('customer-table').locator('tbody tr');

for (const javaScriptEnabled of [true, false]) {
  test(`a partner searches and filters its customers (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const page = await newPage(browser, { javaScriptEnabled });
    await signIn(page, account({ kind: 'partner_main', account_name: 'lanhai-solutions' }));
    await page.waitForURL((u) => u.pathname === '/partner');
    await page.goto('/partner/customers');
    await rows(page).first().waitFor();
    assert.equal(await rows(page).count(), 20, 'a full first page');
    const someone = account({ kind: 'customer', partner: 'lanhai-solutions' });
    await page.getByLabel('Account name or customer ID').fill(`  ${someone.account_name.toUpperCase()} `);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((u) => u.searchParams.has('q'));
    await page.locator(`tr[data-customer="${someone.account_name}"]`).waitFor();
    assert.equal(await rows(page).count(), 1);
    await page.goto('/partner/customers?kind=enterprise');
    await rows(page).first().waitFor();
    for (const text of await rows(page).locator('td.kind').allInnerTexts()) {
      assert.equal(text, 'Enterprise');
    }
    await page.context().close();
  });
}

test('a customer manager sees only its customers, and the list exports as CSV', async () => {
  const page = await newPage(browser);
  await signIn(page, account({ kind: 'member', user_name: 'wang.manager' }));
  await page.waitForURL((u) => u.pathname === '/partner');
  await page.goto('/partner/customers');
  await rows(page).first().waitFor();
  for (const text of await rows(page).locator('td.manager').allInnerTexts()) {
    assert.equal(text, '王客户经理');
  }
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
  assert.match(lines[0], /^customer_id,account_name/);
  assert.equal(lines.length - 1, await rows(page).count(), 'every assigned customer, one page here');
  await page.context().close();
});

for (const javaScriptEnabled of [false, true]) {
  test(`a supervisor assigns customers to a customer manager in bulk (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const page = await newPage(browser, { javaScriptEnabled });
    await signIn(page, account({ kind: 'member', user_name: 'zhou.supervisor' }));
    await page.waitForURL((u) => u.pathname === '/partner');
    await page.goto('/partner/customers?sort=name&manager=');
    if (javaScriptEnabled) await hydrated(page);
    await rows(page).first().waitFor();
    const unassigned = rows(page).filter({ has: page.locator('td.manager', { hasText: '—' }) });
    // Customers no other journey relies on (those carry a scenario in the manifest).
    const plain = new Set(accounts({ kind: 'customer', scenario: undefined }).map((a) => a.account_name));
    const picked = [];
    for (const row of await unassigned.all()) {
      const name = await row.getAttribute('data-customer');
      if (!plain.has(name) || picked.length === 2) continue;
      picked.push(name);
      await row.getByRole('checkbox').check();
    }
    assert.equal(picked.length, 2);
    await page.getByLabel('Assign to customer manager').selectOption({ label: '王客户经理' });
    await page.getByRole('button', { name: 'Assign selected customers' }).click();
    for (const name of picked) {
      await page.locator(`tr[data-customer="${name}"] td.manager`, { hasText: '王客户经理' }).waitFor();
    }
    await page.context().close();
  });
}
