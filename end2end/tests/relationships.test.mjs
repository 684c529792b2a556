// Partner–customer journeys: invitation link → registration → My Partners; authorization request
// → approval; disassociation → confirmation; eligibility on the join page; signing a new notice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, signIn, hydrated, demoLink } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const yunfan = () => account({ kind: 'partner_main', account_name: 'yunfan-tech' });

/** The partner makes a link on its Invitation links page and returns its URL. */
async function makeLink(page, mode) {
  await page.goto('/partner/customers/invitations');
  await page.getByLabel('Association mode').selectOption(mode);
  await page.getByLabel('Valid for days (1–90)').fill('3');
  const before = await page.locator('.link-url').count();
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.link-url').length > n, before);
  const url = await page.locator('.link-url').first().inputValue();
  assert.match(url, /\/join\/[0-9a-f]{32}$/);
  assert.equal(await page.locator('.link-card').first().locator('figure.qr svg').count(), 1, 'a QR code');
  return url;
}

/** A new customer registers through the link; returns its account name. */
async function register(page, url, name) {
  await page.goto(url);
  await page.getByTestId('invitation').waitFor();
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Display name').fill(`E2E ${name}`);
  await page.getByLabel('Password', { exact: true }).fill('Customer#2026e2e');
  await page.getByLabel('Confirm password').fill('Customer#2026e2e');
  await page.getByLabel('I have read and agree').check();
  await page.getByRole('button', { name: 'Register and associate' }).click();
  await page.waitForURL((u) => u.pathname === '/account/partners');
  await page.getByTestId('current-partner').waitFor();
}

for (const javaScriptEnabled of [true, false]) {
  test(`a new customer registers through a partner's link and sees the partner (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const partner = await newPage(browser, { javaScriptEnabled });
    await signIn(partner, yunfan());
    await partner.waitForURL((u) => u.pathname === '/partner');
    if (javaScriptEnabled) await hydrated(partner);
    const url = await makeLink(partner, 'consulting');

    const customer = await newPage(browser, { javaScriptEnabled });
    const name = `e2e-join-${javaScriptEnabled ? 'js' : 'nojs'}-${Date.now()}`;
    await register(customer, url, name);
    const facts = await customer.getByTestId('current-partner').innerText();
    assert.match(facts, /云帆科技解决方案/);
    assert.match(facts, /Consulting/);
    await customer.goto('/account/agreements');
    assert.equal(await customer.getByTestId('signed-agreements').locator('tbody tr').count(), 1, 'the notice, signed on joining');

    // The partner finds the new customer in its list.
    await partner.goto(`/partner/customers?q=${name}`);
    await partner.locator(`tr[data-customer="${name}"]`).waitFor();
    await partner.context().close();
    await customer.context().close();
  });
}

test('authorization is requested, approved, and disassociation is confirmed', async () => {
  const partner = await newPage(browser);
  await signIn(partner, yunfan());
  await partner.waitForURL((u) => u.pathname === '/partner');
  await hydrated(partner);
  const url = await makeLink(partner, 'resale');
  const customer = await newPage(browser);
  const name = `e2e-auth-${Date.now()}`;
  await register(customer, url, name);

  // The partner asks for authorization from the customer's page.
  await partner.goto(`/partner/customers?q=${name}`);
  await partner.getByRole('link', { name }).click();
  await partner.getByTestId('customer-overview').waitFor();
  await hydrated(partner);
  await partner.getByText('Request authorization').click();
  await partner.getByLabel('View bills').check();
  await partner.getByRole('button', { name: 'Send request' }).click();
  await partner.getByTestId('partner-authorizations').getByText('Pending').waitFor();

  // The customer approves it.
  await customer.goto('/account/authorizations');
  await hydrated(customer);
  const card = customer.locator('section.authorization[data-status="pending"]');
  await card.getByRole('button', { name: 'Approve' }).click();
  await customer.locator('section.authorization[data-status="approved"]').waitFor();

  await partner.reload();
  await partner.getByTestId('partner-authorizations').getByText('Approved').waitFor();

  // The customer asks to leave; the partner confirms.
  await customer.goto('/account/partners');
  await hydrated(customer);
  await customer.getByRole('button', { name: 'Request disassociation' }).click();
  await customer.getByTestId('disassociation-pending').waitFor();
  await partner.reload();
  await hydrated(partner);
  await partner.getByTestId('customer-wants-to-leave').getByRole('button', { name: 'Confirm disassociation' }).click();
  await partner.waitForURL((u) => u.pathname === '/partner/customers');
  await customer.reload();
  await customer.getByTestId('no-partner').waitFor();
  assert.match(await customer.locator('table').innerText(), /云帆科技解决方案/, 'the past partner stays in the history');
  await partner.context().close();
  await customer.context().close();
});

test('the join page lists every rule that fails, each with its remedy', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(demoLink('revoked'));
  assert.match(await page.getByTestId('ineligible').innerText(), /revoked this invitation link\. Ask the partner for a new link/);
  assert.ok(await page.getByRole('button', { name: 'Register and associate' }).isDisabled());

  // A customer associated long ago, signed in, opening an active link.
  await signIn(page, account({ kind: 'customer', partner: 'lanhai-solutions' }));
  await page.waitForURL((u) => u.pathname === '/account');
  await page.goto(demoLink('active'));
  const problems = await page.getByTestId('ineligible').innerText();
  assert.match(problems, /already associated with “蓝海智能方案”/);
  assert.match(problems, /more than 7 days ago/);
  await page.context().close();
});

test('a customer signs the new version of the notice from the prompt', async () => {
  const page = await newPage(browser);
  const who = account({ kind: 'customer', scenario: 'has not signed the latest association notice: sign it in Agreements', partner: 'lanhai-solutions' });
  await signIn(page, who);
  await page.waitForURL((u) => u.pathname === '/account');
  await page.getByTestId('notice-prompt').getByRole('link', { name: 'Sign now' }).click();
  await page.getByTestId('sign-prompt').waitFor();
  await hydrated(page);
  await page.getByLabel('I have read and agree').check();
  await page.getByRole('button', { name: 'Sign now' }).click();
  await page.getByTestId('signed-agreements').locator('tr[data-version="2"]').waitFor();
  assert.equal(await page.getByTestId('sign-prompt').count(), 0);
  await page.context().close();
});

test("a customer manager cannot open another manager's customer", async () => {
  const page = await newPage(browser);
  await signIn(page, account({ kind: 'member', user_name: 'wang.manager' }));
  await page.waitForURL((u) => u.pathname === '/partner');
  const others = account({ kind: 'customer', scenario: 'authorization rejected' });
  await page.goto(`/partner/customers/${others.id}`);
  await page.getByRole('heading', { name: /not found/i }).waitFor();
  assert.equal(await page.getByTestId('customer-overview').count(), 0);
  await page.context().close();
});
