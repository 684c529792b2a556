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

/** The lines of the CSV behind a download link (its BOM left out). */
async function csvOf(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const { readFileSync } = await import('node:fs');
  return readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
}

test('adjustment records, issued coupons and operation records filter through the URL and export what they show as CSV', async () => {
  const { page, go } = await signedIn(yunfan(), true);
  const someone = plain[0];
  await go(`/partner/funds/records?customer=${someone.account_name}&kind=allocate`);
  const records = page.getByTestId('adjustments').locator('tbody tr');
  await records.first().waitFor();
  for (const text of await records.locator('td:nth-child(3)').allInnerTexts()) assert.equal(text, 'Allocation');
  const transId = await records.first().getAttribute('data-trans');
  let lines = await csvOf(page, page.getByRole('link', { name: 'Export CSV' }));
  assert.match(lines[0], /^trans_id,operation_type/);
  assert.ok(lines.length - 1 >= await records.count(), 'the CSV holds every matching record, not one page');
  assert.ok(lines.slice(1).every((l) => l.includes(',allocate,')));
  await go(`/partner/funds/records?trans_id=${transId}`);
  assert.equal(await records.count(), 1, 'one record per transaction id');
  lines = await csvOf(page, page.getByRole('link', { name: 'Export CSV' }));
  assert.equal(lines.length, 2);
  assert.ok(lines[1].startsWith(transId));

  await go('/partner/coupons/issued?status=usable&kind=cash');
  const coupons = page.getByTestId('issued-coupons').locator('tbody tr');
  await coupons.first().waitFor();
  for (const status of await coupons.evaluateAll((trs) => trs.map((tr) => tr.dataset.status))) assert.equal(status, 'usable');
  lines = await csvOf(page, page.getByRole('link', { name: 'Export CSV' }));
  assert.match(lines[0], /^coupon_id,customer_id/);
  assert.ok(lines.slice(1).every((l) => l.includes(',cash,') && l.includes(',usable,')));

  await go('/partner/coupons/records?operation=recall');
  const operations = page.getByTestId('coupon-operations').locator('tbody tr');
  await operations.first().waitFor();
  for (const op of await operations.evaluateAll((trs) => trs.map((tr) => tr.dataset.operation))) assert.equal(op, 'recall');
  lines = await csvOf(page, page.getByRole('link', { name: 'Export CSV' }));
  assert.match(lines[0], /^record_id,operation,result/);
  await page.context().close();
});

/** Today in Beijing, and a day some days on, as YYYY-MM-DD. */
function beijingDay(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with' : 'without';
  test(`the operator tops up a partner and grants it a quota (${how} JavaScript)`, async () => {
    const { page, go } = await signedIn(account({ kind: 'operator' }), javaScriptEnabled);
    await go('/operator');
    const row = page.locator('tr[data-partner="lanhai-solutions"]');
    const before = cents(await row.locator('td.balance').innerText());
    await row.locator('summary').click();
    await row.getByLabel('Amount (yuan)').fill('1000');
    await row.getByRole('button', { name: 'Top up' }).click();
    await page.waitForFunction((want) => document.querySelector('tr[data-partner="lanhai-solutions"] td.balance')?.textContent === want,
      yuan(before + 100000), { timeout: 15000 });

    await go('/operator/quotas');
    const amount = javaScriptEnabled ? '321.00' : '123.00';
    const form = page.locator('form:has([name="form[partner]"])');
    const lanhai = await form.getByLabel('Partner').locator('option', { hasText: 'lanhai-solutions' }).getAttribute('value');
    await form.getByLabel('Partner').selectOption(lanhai);
    await form.getByLabel('Quota type').selectOption('cash');
    await form.getByLabel('Amount (yuan)', { exact: true }).fill(amount);
    await form.getByLabel('Valid from').fill(beijingDay());
    await form.getByLabel('Valid until').fill(beijingDay(30));
    await form.getByRole('button', { name: 'Grant a quota' }).click();
    await page.getByTestId('all-quotas').locator('tbody tr', { hasText: 'lanhai-solutions' }).filter({ hasText: amount }).first().waitFor();
    await page.context().close();
  });

  test(`a distributor allocates to a reseller and grants it quota (${how} JavaScript)`, async () => {
    const { page, go } = await signedIn(account({ kind: 'partner_main', account_name: 'huadong-dist' }), javaScriptEnabled);
    await go('/partner/funds');
    const row = page.locator('tr[data-reseller="zhejiang-reseller"]');
    const before = cents(await row.locator('td.balance').innerText());
    await row.locator('summary').click();
    await row.getByLabel('Operation').selectOption('allocate');
    await row.getByLabel('Amount (yuan)').fill('12.34');
    await row.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForFunction((want) => document.querySelector('tr[data-reseller="zhejiang-reseller"] td.balance')?.textContent === want,
      yuan(before + 1234), { timeout: 15000 });

    await go('/partner/coupons');
    const grant = page.locator('form:has(input[name^="resellers["])');
    await grant.getByLabel('Amount per reseller (yuan)').fill('5');
    await grant.getByLabel('zhejiang-reseller').check();
    await grant.getByRole('button', { name: 'Grant' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/partner/coupons/grants/'));
    const line = page.getByTestId('issue-lines').locator('tbody tr');
    await line.first().waitFor();
    assert.equal(await line.count(), 1);
    assert.equal(await line.first().getAttribute('data-ok'), 'true');
    const quota = (await line.first().locator('code.made').innerText()).trim();
    // The reseller's new quota is listed with what it holds, and can be taken back.
    await go('/partner/coupons');
    const granted = page.getByTestId('granted-quotas').locator(`tr[data-quota="${quota}"]`);
    assert.equal(cents(await granted.locator('td.remaining').innerText()), 500);
    await granted.getByRole('button', { name: 'Reclaim quota' }).click();
    await page.locator(`[data-testid="granted-quotas"] tr[data-quota="${quota}"] td.state`, { hasText: 'Recalled' }).waitFor();
    await page.context().close();
  });
}
