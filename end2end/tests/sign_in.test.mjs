// Signing in as each kind of user, with JavaScript on and off, and switching the language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, signIn, hydrated } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a partner main account signs in and sees every menu', async () => {
  const page = await newPage(browser);
  await page.goto('/signin/partner');
  await hydrated(page);
  await signIn(page, account({ kind: 'partner_main', account_name: 'yunfan-tech' }));
  await page.waitForURL((u) => u.pathname === '/partner');
  await assert.doesNotReject(page.getByTestId('customer-figures').waitFor());
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const entry of ['Sales', 'Organisation', 'Audit log']) {
    assert.equal(await nav.getByText(entry, { exact: true }).count(), 1, entry);
  }
  await nav.getByText('Sales', { exact: true }).click();
  for (const entry of ['Customers', 'Coupons', 'Funds', 'Consumption', 'Bills']) {
    assert.ok(await nav.getByRole('link', { name: entry, exact: true }).isVisible(), entry);
  }
  await page.context().close();
});

test('an IAM member with few roles sees a smaller menu and a 403 at a forbidden URL', async () => {
  const page = await newPage(browser);
  await signIn(page, account({ kind: 'member', user_name: 'wang.manager' }));
  await page.waitForURL((u) => u.pathname === '/partner');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  assert.equal(await nav.getByText('Organisation', { exact: true }).count(), 0);
  assert.equal(await nav.getByText('Audit log', { exact: true }).count(), 0);
  await nav.getByText('Sales', { exact: true }).click();
  assert.ok(await nav.getByRole('link', { name: 'Customers', exact: true }).isVisible());
  assert.equal(await nav.getByRole('link', { name: 'Funds', exact: true }).count(), 0);
  assert.ok(await page.getByText('Scope: only the customers assigned to you').isVisible());
  const res = await page.goto('/partner/audit');
  assert.equal(res.status(), 403);
  assert.ok(await page.getByRole('heading', { name: 'Access denied' }).isVisible());
  await page.context().close();
});

test('a customer signs in to the Account Centre and sees its partner', async () => {
  const page = await newPage(browser);
  const customer = account({ kind: 'customer', partner: 'lanhai-solutions' });
  await signIn(page, customer);
  await page.waitForURL((u) => u.pathname === '/account');
  await page.getByRole('link', { name: 'My Partners' }).click();
  await page.waitForURL((u) => u.pathname === '/account/partners');
  assert.match(await page.getByTestId('current-partner').innerText(), /蓝海智能方案/);
  await page.context().close();
});

test('the operator signs in and lists the partners', async () => {
  const page = await newPage(browser);
  await signIn(page, account({ kind: 'operator' }));
  await page.waitForURL((u) => u.pathname === '/operator');
  await page.getByRole('cell', { name: 'huadong-dist', exact: true }).waitFor();
  for (const name of ['huadong-dist', 'jiangsu-reseller', 'yunfan-tech']) {
    assert.ok(await page.getByRole('cell', { name, exact: true }).isVisible(), name);
  }
  await page.context().close();
});

test('sign-in works with JavaScript disabled, and a wrong password says so', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  const partner = account({ kind: 'partner_main', account_name: 'lanhai-solutions' });
  await signIn(page, { ...partner, password: 'not the password 1' });
  await page.getByRole('alert').filter({ hasText: 'Wrong account name or password' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/signin/partner');
  await signIn(page, partner);
  await page.waitForURL((u) => u.pathname === '/partner');
  assert.ok(await page.getByTestId('customer-figures').isVisible());
  // Signing out is a form too.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  const res = await page.goto('/partner');
  assert.equal(new URL(page.url()).pathname, '/signin/partner', `redirected, got ${res.status()}`);
  await page.context().close();
});

test('the language defaults to Chinese, switches to English and is remembered', async () => {
  const page = await newPage(browser, { lang: null });
  await page.goto('/signin/customer');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.ok(await page.getByRole('heading', { name: '客户登录' }).isVisible());
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL((u) => u.pathname === '/signin/customer');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.ok(await page.getByRole('heading', { name: 'Customer sign-in' }).isVisible());
  await page.goto('/signin/operator');
  assert.ok(await page.getByRole('heading', { name: 'Operator sign-in' }).isVisible());
  await page.getByRole('link', { name: '中文' }).click();
  await page.waitForURL((u) => u.pathname === '/signin/operator');
  assert.ok(await page.getByRole('heading', { name: '运营人员登录' }).isVisible());
  await page.context().close();
});
