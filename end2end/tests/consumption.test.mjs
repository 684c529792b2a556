// Consumption in the browser, with JavaScript and without: a partner filters the summary (by
// customer, product and month: the totals agree), opens the records; a customer manager sees a
// part of it; a supervisor is asked to pick a manager; a customer reads its monthly bills; the
// operator imports a file, refused by line first, then loaded. Then axe over these pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, signIn, hydrated } from './support.mjs';
import { auditAll, signedIn as signedInAs } from './axe.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const yunfan = () => account({ kind: 'partner_main', account_name: 'yunfan-tech' });

/** Last month in Beijing time (a whole month of demo spend), as YYYY-MM. */
function lastMonth() {
  const beijing = new Date(Date.now() + 8 * 3600 * 1000);
  const first = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), 1);
  return new Date(first - 24 * 3600 * 1000).toISOString().slice(0, 7);
}

/** Cents of an amount as shown ("1,234.50" → 123450). */
const cents = (text) => Math.round(Number(text.trim().replaceAll(',', '')) * 100);

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

/** The "amount due" of the summary's totals row (the fourth amount column). */
async function dueTotal(page) {
  return cents(await page.getByTestId('totals').locator('td').nth(3).innerText());
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with' : 'without';
  test(`a partner filters consumption; every grouping adds up to the same total (${how} JavaScript)`, async () => {
    const { page, go } = await signedIn(yunfan(), javaScriptEnabled);
    const month = lastMonth();
    await go('/partner/consumption');
    await page.getByLabel('From cycle').fill(month);
    await page.getByLabel('To cycle').fill(month);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === month);
    if (javaScriptEnabled) await hydrated(page);
    await page.getByTestId('summary').waitFor();
    assert.match(await page.locator('.as-of').innerText(), /Data as of \d{4}-\d{2}-\d{2}/);
    const byCustomer = await dueTotal(page);
    assert.ok(byCustomer > 0, 'last month has spend');
    const rows = await page.getByTestId('summary').locator('tbody tr').count();
    assert.ok(rows > 0);
    for (const group of ['product', 'month']) {
      await page.getByLabel('Group by').selectOption(group);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL((u) => u.searchParams.get('group') === group);
      if (javaScriptEnabled) await hydrated(page);
      await page.getByTestId('summary').waitFor();
      assert.equal(await dueTotal(page), byCustomer, `by ${group}: the same total`);
    }
    // One billing mode only: less, and never more.
    await page.getByLabel('Billing mode').selectOption('1');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((u) => u.searchParams.get('charge_mode') === '1');
    if (javaScriptEnabled) await hydrated(page);
    await page.getByTestId('summary').waitFor();
    assert.ok(await dueTotal(page) < byCustomer);
    // The records of the month, newest first.
    await go(`/partner/consumption/records?from=${month}&to=${month}`);
    assert.ok(await page.getByTestId('records').locator('tbody tr').count() > 0);
    // A span beyond a year is refused with the reason.
    await go(`/partner/consumption?from=2000-01&to=2001-06`);
    assert.ok(await page.getByRole('alert').count() > 0 || await page.locator('.form-error').count() > 0);
    await page.context().close();
  });
}

test('the dashboard draws its charts on the server; the partner bill reconciles with the records', async () => {
  const { page, go } = await signedIn(yunfan(), false);
  await go('/partner/consumption/dashboard');
  for (const chart of ['chart-months', 'chart-customers', 'chart-products']) {
    assert.ok(await page.getByTestId(chart).locator('svg rect').count() > 0, `${chart} has bars without JavaScript`);
  }
  assert.ok(cents(await page.getByTestId('due-total').innerText()) > 0);
  await go(`/partner/bills?cycle=${lastMonth()}`);
  assert.match(await page.getByTestId('reconciliation').innerText(), /equals the sum of the month's records/);
  assert.ok(await page.getByTestId('bill').locator('tbody tr').count() > 0);
  await page.getByLabel('Group by').selectOption('product');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL((u) => u.searchParams.get('by') === 'product');
  assert.match(await page.getByTestId('reconciliation').innerText(), /equals/);
  await page.context().close();
});

/** Waits on the Exports page until the newest export is done; returns its row. */
async function newestDone(page) {
  await page.waitForURL((u) => u.pathname === '/partner/exports');
  const newest = page.getByTestId('exports').locator('tbody tr').first();
  // The page refreshes itself until the job is done.
  // (Reloaded here too: the test does not depend on the refresh's timing.)
  let status;
  for (let i = 0; i < 60 && status !== 'done'; i++) {
    status = await newest.getAttribute('data-status').catch(() => undefined);
    if (status !== 'done') {
      await page.waitForTimeout(1000);
      await page.reload().catch(() => {});
    }
  }
  assert.equal(status, 'done');
  assert.equal(await newest.locator('progress').getAttribute('value'), '100');
  return newest;
}

/** The lines of the newest export's first file. */
async function firstFileOf(page, newest) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    newest.getByRole('link').first().click(),
  ]);
  const text = (await import('node:fs')).readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  return text.trim().split(/\r?\n/);
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with' : 'without';
  test(`a partner exports last month's records, names masked; the bar completes and the file downloads (${how} JavaScript)`, async () => {
    const { page, go } = await signedIn(yunfan(), javaScriptEnabled);
    const month = lastMonth();
    await go(`/partner/consumption/records?from=${month}&to=${month}`);
    const form = page.getByTestId('export-records');
    await form.getByLabel('Format').selectOption('csv');
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    const lines = await firstFileOf(page, await newestDone(page));
    assert.match(lines[0], /^record_id,bill_cycle,customer_id,customer_account/);
    assert.ok(lines.length > 1, 'the month has records');
    assert.ok(lines.slice(1).every((l) => l.includes(`,${month},`)), 'every record is of the month');
    assert.ok(lines.slice(1).every((l) => l.split(',')[3].includes('*')), 'customer accounts are masked');
    await page.context().close();
  });

  test(`the audit log exports every page, unmasked when asked, and the unmasking is audited (${how} JavaScript)`, async () => {
    const { page, go } = await signedIn(yunfan(), javaScriptEnabled);
    await go('/partner/audit');
    const form = page.getByTestId('export-audit');
    await form.getByLabel('Include personal data unmasked').check();
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    const newest = await newestDone(page);
    assert.match(await newest.innerText(), /Audit log/);
    assert.match(await newest.innerText(), /Unmasked/);
    const lines = await firstFileOf(page, newest);
    assert.equal(lines[0], 'record_id,time_utc,actor_kind,actor_name,action,target,result,source_ip');
    assert.ok(lines.some((l) => l.includes(',yunfan-tech,auth.sign_in,')), 'names unmasked');
    await go('/partner/audit?action=data.unmask');
    assert.ok(await page.getByTestId('audit-table').locator('tbody tr').count() >= 1, 'the unmasking is on record');
    await page.context().close();
  });
}

test("the summary by product exports every row, the file's amounts due adding up to the page's total", async () => {
  const { page, go } = await signedIn(yunfan(), true);
  const month = lastMonth();
  await go(`/partner/consumption?from=${month}&to=${month}&group=product`);
  const total = await dueTotal(page);
  const form = page.getByTestId('export-summary');
  await form.getByRole('button', { name: 'Export', exact: true }).click();
  const lines = await firstFileOf(page, await newestDone(page));
  assert.equal(lines[0], 'grouped_by,key,name,records,list_amount,discount_amount,due_amount,coupon_amount,cash_amount,debt_amount');
  assert.ok(lines.length > 1 && lines.slice(1).every((l) => l.startsWith('product,')));
  const due = lines.slice(1).reduce((sum, l) => sum + cents(l.split(',')[6]), 0);
  assert.equal(due, total);
  await page.context().close();
});

test('a customer manager sees its part; a supervisor picks a manager first', async () => {
  const month = lastMonth();
  const whole = await signedIn(yunfan(), true);
  await whole.go(`/partner/consumption?from=${month}&to=${month}`);
  const all = await dueTotal(whole.page);
  await whole.page.context().close();

  const manager = await signedIn(account({ kind: 'member', user_name: 'wang.manager' }), true);
  await manager.go(`/partner/consumption?from=${month}&to=${month}`);
  const part = await dueTotal(manager.page);
  assert.ok(part > 0 && part < all, `${part} is a part of ${all}`);
  await manager.page.context().close();

  const supervisor = await signedIn(account({ kind: 'member', user_name: 'zhou.supervisor' }), false);
  await supervisor.go(`/partner/consumption?from=${month}&to=${month}`);
  assert.match(await supervisor.page.locator("#manager-error").innerText(), /picks one customer manager/);
  assert.equal(await supervisor.page.getByTestId("summary").locator("tbody tr").count(), 0);
  await supervisor.page.context().close();
});

test("a customer reads its monthly bills; the operator's import is refused by line, then loaded", async () => {
  const holder = await signedIn(account({ kind: 'customer', partner: 'yunfan-tech', mode: 'resale' }), true);
  await holder.go('/account/bills');
  assert.ok(await holder.page.getByTestId('months').locator('tbody tr').count() > 0);
  await holder.page.context().close();

  const ops = await signedIn(account({ kind: 'operator' }), false);
  const customer = account({ kind: 'customer', partner: 'yunfan-tech', mode: 'resale' });
  const at = new Date(Date.now() - 3600 * 1000).toISOString().slice(0, 19) + 'Z';
  const header = 'record_id,customer_id,trade_time,service_type,resource_type,resource_id,region,charge_mode,usage,usage_unit,list_amount,discount_amount,coupon_amount,cash_amount,debt_amount';
  const id = `e2e-${Date.now()}`;
  const line = (cash) => `${id},${customer.id},${at},hws.service.type.obs,hws.resource.type.obs,bucket-1,cn-north-4,3,10,GB,5.00,0.50,0,${cash},0`;
  const upload = async (text) => {
    await ops.go('/operator/import');
    await ops.page.getByLabel('CSV file').setInputFiles({ name: 'fees.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await ops.page.getByRole('button', { name: 'Upload' }).click();
    await ops.page.waitForURL((u) => u.searchParams.has('load'));
  };
  await upload(`${header}\n${line('4.49')}\n`);
  const refused = ops.page.getByTestId('import-refused');
  assert.match(await refused.innerText(), /2\s+cash_amount/);
  await upload(`${header}\n${line('4.50')}\n`);
  assert.match(await ops.page.getByTestId('import-done').innerText(), /1 lines read, 1 records added/);
  await ops.page.context().close();
});

test('axe: consumption, records, bills and the import page in both languages', async () => {
  const month = lastMonth();
  const partner = await signedInAs(browser, yunfan());
  await auditAll(partner, [`/partner/consumption?from=${month}&to=${month}`, `/partner/consumption?group=product`,
    `/partner/consumption/records?from=${month}&to=${month}`, '/partner/consumption/dashboard', `/partner/bills?cycle=${month}`,
    '/partner/exports', '/partner/audit']);
  await partner.context().close();
  const customer = await signedInAs(browser, account({ kind: 'customer', partner: 'yunfan-tech', mode: 'resale' }));
  await auditAll(customer, ['/account/bills']);
  await customer.context().close();
  const ops = await signedInAs(browser, account({ kind: 'operator' }));
  await auditAll(ops, ['/operator/import']);
  await ops.context().close();
});
