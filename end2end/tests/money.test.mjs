// Money in the browser, with JavaScript and without: a partner allocates to a customer and
// reclaims, runs a batch through its preview, issues coupons through the preview and recalls
// one; the customers then see their balances and coupons at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, accounts, signIn, hydrated } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const yunfan = () => account({ kind: 'partner_main', account_name: 'yunfan-tech' });
// Resale customers of yunfan-tech with no journey of their own (scenario absent).
const plain = accounts({ kind: 'customer', partner: 'yunfan-tech', mode: 'resale', scenario: undefined });

/** Cents of an amount as shown ("1,234.50" → 123450). */
const cents = (text) => Math.round(Number(text.trim().replaceAll(',', '')) * 100);
/** An amount as shown, from cents. */
const yuan = (c) => (c / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The amount of the money figure with this test id. */
async function figure(page, id) {
  return cents(await page.getByTestId(id).locator('.figure-value').innerText());
}

/** Waits until the money figure with this test id shows `want` cents (after a reload or a refetch). */
async function figureIs(page, id, want) {
  await page.waitForFunction(([id, text]) => document.querySelector(`[data-testid="${id}"] .figure-value`)?.textContent === text,
    [id, yuan(want)], { timeout: 15000 });
}

async function signedIn(acct, javaScriptEnabled) {
  const page = await newPage(browser, { javaScriptEnabled });
  await signIn(page, acct);
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  const go = async (path) => {
    await page.goto(path);
    if (javaScriptEnabled) await hydrated(page);
  };
  return { page, go };
}

/** Checks the rows of these customers on the customer list, and presses a batch button. */
async function chooseOnList(page, go, names, button) {
  await go('/partner/customers?mode=resale&sort=name');
  for (const name of names) await page.locator(`tr[data-customer="${name}"]`).getByRole('checkbox').check();
  await page.getByRole('button', { name: button }).click();
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with' : 'without';
  test(`a partner allocates, reclaims, runs a batch and issues coupons; its customers see them at once (${how} JavaScript)`, async () => {
    const { page, go } = await signedIn(yunfan(), javaScriptEnabled);

    // Three customers of the first page of the list, others in each run.
    await go('/partner/customers?mode=resale&sort=name');
    const listed = await page.getByTestId('customer-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.customer));
    const ours = listed.filter((n) => plain.some((a) => a.account_name === n)).slice(javaScriptEnabled ? 0 : 3, javaScriptEnabled ? 3 : 6)
      .map((n) => plain.find((a) => a.account_name === n));
    assert.equal(ours.length, 3, 'three customers on the first page');
    const [first, second, third] = ours;

    // Allocate to one customer from the Funds page, by its id.
    await go('/partner/funds');
    const partnerBefore = await figure(page, 'partner-balance');
    const move = page.getByTestId('move-funds');
    await move.getByLabel('Customer ID').fill(first.id);
    await move.getByLabel('Operation').selectOption('allocate');
    await move.getByLabel('Amount (yuan)').fill('123.45');
    const token = await move.locator('input[name="token"]').inputValue();
    await move.getByRole('button', { name: 'Confirm' }).click();
    if (javaScriptEnabled) {
      assert.match(await page.getByTestId('done').innerText(), /transaction \d{24}/);
      // The next submit is another movement: its one-time token is a new one.
      assert.notEqual(await page.getByTestId('move-funds').locator('input[name="token"]').inputValue(), token);
    }
    await figureIs(page, 'partner-balance', partnerBefore - 12345);
    assert.equal(await page.getByTestId('adjustments').locator('tbody tr').first().locator('td').nth(3).innerText().then((t) => t.split('\n')[0]),
      first.account_name, 'the newest adjustment record is this one');

    // Reclaim part of it from the customer's overview.
    await go(`/partner/customers/${first.id}`);
    const firstBefore = await figure(page, 'balance');
    const back = page.getByTestId('move-funds');
    await back.getByLabel('Operation').selectOption('reclaim');
    await back.getByLabel('Amount (yuan)').fill('23.45');
    await back.getByRole('button', { name: 'Confirm' }).click();
    await figureIs(page, 'balance', firstBefore - 2345);

    // A batch of three from the customer list: preview, then apply.
    await chooseOnList(page, go, ours.map((c) => c.account_name), 'Allocate to selected');
    await page.waitForURL((u) => u.pathname === '/partner/funds/batch');
    if (javaScriptEnabled) await hydrated(page);
    await page.getByTestId('batch-terms').getByLabel('Amount (yuan)').fill('10');
    await page.getByRole('button', { name: 'Preview' }).click();
    const lines = page.getByTestId('batch-lines').locator('tbody tr');
    await lines.first().waitFor();
    assert.deepEqual(await lines.evaluateAll((trs) => trs.map((tr) => tr.dataset.ok)), ['true', 'true', 'true']);
    assert.equal(await figure(page, 'batch-total'), 3000);
    await page.getByRole('button', { name: 'Confirm and apply' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/partner/funds/batches/'));
    await lines.first().waitFor();
    const applied = await lines.evaluateAll((trs) => trs.map((tr) => ({
      id: tr.dataset.customer, ok: tr.dataset.ok, balance: tr.querySelector('td.num').textContent,
    })));
    assert.deepEqual(applied.map((l) => l.ok), ['true', 'true', 'true']);
    assert.equal(cents(applied.find((l) => l.id === first.id).balance), firstBefore - 2345 + 1000);

    // Cash coupons to two customers, through the preview.
    await chooseOnList(page, go, [second.account_name, third.account_name], 'Issue coupons to selected');
    await page.waitForURL((u) => u.pathname === '/partner/coupons/issue');
    if (javaScriptEnabled) await hydrated(page);
    const terms = page.getByTestId('issue-terms');
    const cash = await terms.getByLabel('From quota').locator('option', { hasText: 'Cash-coupon quota' }).first().getAttribute('value');
    await terms.getByLabel('From quota').selectOption(cash);
    await terms.getByLabel('Face value (yuan)').fill('50');
    await terms.getByLabel('Remark (the customer never sees it)').fill('e2e campaign');
    await page.getByRole('button', { name: 'Preview' }).click();
    const issue = page.getByTestId('issue-lines').locator('tbody tr');
    await issue.first().waitFor();
    assert.deepEqual(await issue.evaluateAll((trs) => trs.map((tr) => tr.dataset.ok)), ['true', 'true']);
    await page.getByRole('button', { name: 'Confirm and apply' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/partner/coupons/issues/'));
    await issue.first().waitFor();
    const made = Object.fromEntries(await issue.evaluateAll((trs) => trs.map((tr) => [tr.dataset.customer, tr.querySelector('code.made').textContent])));

    // Recall the second customer's coupon.
    await go(`/partner/coupons/issued?coupon=${made[second.id]}`);
    const row = page.locator(`tr[data-coupon="${made[second.id]}"]`);
    assert.equal(await row.getAttribute('data-status'), 'usable');
    await row.getByRole('button', { name: 'Recall' }).click();
    await page.locator(`tr[data-coupon="${made[second.id]}"][data-status="recalled"]`).waitFor();
    await page.context().close();

    // Each customer sees its balance and its coupons at once.
    for (const c of ours) {
      const { page: mine, go: open } = await signedIn(c, javaScriptEnabled);
      await open('/account/balance');
      assert.equal(await figure(mine, 'balance'), cents(applied.find((l) => l.id === c.id).balance), `${c.account_name}'s balance`);
      await open('/account/coupons?tab=cash');
      const coupon = made[c.id];
      if (coupon) {
        const want = c.id === second.id ? 'recalled' : 'usable';
        assert.equal(await mine.locator(`li[data-coupon="${coupon}"]`).getAttribute('data-status'), want, `${c.account_name}'s coupon`);
      }
      await mine.context().close();
    }
  });
}
