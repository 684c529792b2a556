// My credentials: a member creates an access key, sees its secret once, disables and deletes it;
// a customer does the same in the Account Centre; the API reference lists the endpoints with
// their permission items.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScriptEnabled of [true, false]) {
  test(`an access key is created, its secret shown once, then disabled and deleted (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const page = await newPage(browser, { javaScriptEnabled });
    // li.admin holds every item; its demo key is one of two allowed.
    await signIn(page, account({ kind: 'member', user_name: 'li.admin' }));
    await page.waitForURL((u) => u.pathname === '/partner');
    await page.getByRole('link', { name: 'My credentials' }).click();
    await page.getByTestId('access-keys').waitFor();
    const before = await page.getByTestId('access-keys').locator('tbody tr').count();
    await page.getByLabel('Description').fill(`e2e ${javaScriptEnabled}`);
    await page.getByRole('button', { name: 'Create access key' }).click();
    await page.getByTestId('new-key').waitFor();
    const ak = await page.getByTestId('new-ak').innerText();
    assert.match(ak, /^[A-Z0-9]{20}$/);
    assert.match(await page.getByTestId('new-sk').innerText(), /^[A-Za-z0-9]{40}$/);
    const row = page.locator(`tr[data-ak="${ak}"]`);
    await row.waitFor();
    assert.equal(await page.getByTestId('access-keys').locator('tbody tr').count(), before + 1);

    await page.reload();
    await row.waitFor();
    assert.equal(await page.getByTestId('new-key').count(), 0, 'the secret is not shown again');

    // A third key is refused while two exist.
    await page.getByRole('button', { name: 'Create access key' }).click();
    await page.getByText('At most 2 access keys per user').waitFor();

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.locator(`tr[data-ak="${ak}"]`).waitFor({ state: 'detached' });
    await page.context().close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`a customer holds its own keys in the Account Centre (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const page = await newPage(browser, { javaScriptEnabled });
    // A demo customer holding coupons: its demo key is one of two allowed.
    const holder = account({ kind: 'customer', scenario: 'holds coupons: see Account Centre › Coupons, or list them with list_sub_customer_coupons and its access_key' });
    await signIn(page, holder);
    await page.waitForURL((u) => u.pathname === '/account');
    await page.getByRole('link', { name: 'My credentials' }).click();
    await page.getByTestId('access-keys').waitFor();
    assert.equal(await page.getByTestId('domain-id').innerText(), holder.id);
    const demoKey = page.locator(`tr[data-ak="${holder.access_key}"]`);
    await demoKey.waitFor();
    await page.getByLabel('Description').fill(`e2e customer ${javaScriptEnabled}`);
    await page.getByRole('button', { name: 'Create access key' }).click();
    await page.getByTestId('new-key').waitFor();
    const ak = await page.getByTestId('new-ak').innerText();
    assert.match(await page.getByTestId('new-sk').innerText(), /^[A-Za-z0-9]{40}$/);
    const row = page.locator(`tr[data-ak="${ak}"]`);
    await row.waitFor();
    await page.reload();
    await row.waitFor();
    assert.equal(await page.getByTestId('new-key').count(), 0, 'the secret is not shown again');
    await page.getByRole('button', { name: 'Create access key' }).click();
    await page.getByText('At most 2 access keys per user').waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.locator(`tr[data-ak="${ak}"]`).waitFor({ state: 'detached' });
    await demoKey.waitFor();
    await page.context().close();
  });
}

test('the API reference lists each endpoint with its permission item', async () => {
  const page = await newPage(browser);
  await signIn(page, account({ kind: 'partner_main', account_name: 'lanhai-solutions' }));
  await page.waitForURL((u) => u.pathname === '/partner');
  await page.goto('/partner/api');
  const table = await page.getByTestId('api-endpoints').innerText();
  assert.match(table, /POST \/v2\/partners\/sub-customers\/query/);
  assert.match(table, /list_sub_customers/);
  assert.match(table, /sales\.customers\.create/);
  const res = await page.request.get('/api/openapi.json');
  const doc = await res.json();
  assert.ok(doc.openapi.startsWith('3.'));
  assert.ok(doc.paths['/v2/partners/indirect-partners/query'].post);
  await page.context().close();
});
