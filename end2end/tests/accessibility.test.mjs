// Accessibility (WCAG 2.1 AA): axe-core over every page of the portal, in Chinese (the default)
// and English, as each kind of user sees it; the skip link, the language of text in the other
// language, and the partner menus' keyboard and mouse behaviour.
//
// axe runs the WCAG 2.0 and 2.1 rules of levels A and AA, and its best-practice rules too (heading
// order, empty table headers, landmarks): the portal passes all of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, account, hydrated, demoLink } from './support.mjs';
import { setLang, auditHere, auditAll, signedIn as signedInAs } from './axe.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const signedIn = (acct, options) => signedInAs(browser, acct, options);

const yunfan = () => account({ kind: 'partner_main', account_name: 'yunfan-tech' });
const customerOf = (partner, scenario) => account({ kind: 'customer', partner, scenario });

test('axe: the public pages (landing, sign-in doors, sign-up, join links, 404) in both languages', async () => {
  const page = await newPage(browser);
  await auditAll(page, [
    '/', '/signin/partner', '/signin/iam', '/signin/customer', '/signin/operator', '/signup',
    demoLink('active'), demoLink('expired'), demoLink('revoked'), '/join/0123456789abcdef0123456789abcdef',
    '/no-such-page',
  ]);
  await page.context().close();
});

test("axe: a partner main account's pages (customers, an overview, invitations, organisation, audit, credentials, API) in both languages", async () => {
  const page = await signedIn(yunfan());
  const overview = (scenario) => `/partner/customers/${customerOf('yunfan-tech', scenario).id}`;
  await auditAll(page, [
    '/partner', '/partner/customers', '/partner/customers?mode=resale&sort=name', '/partner/customers/invitations',
    overview('authorization approved: revoke it with a reason'),
    overview("asked to disassociate: the partner confirms it on the customer's page"),
    overview('has not signed the latest association notice: sign it in Agreements'),
    '/partner/coupons', '/partner/funds', '/partner/consumption', '/partner/bills',
    '/partner/org/members', '/partner/org/roles', '/partner/credentials', '/partner/api', '/partner/audit',
  ], {
    // My credentials right after creating a key, with the secret shown once; then the key goes.
    also: async (p, lang) => {
      await p.goto('/partner/credentials');
      await hydrated(p);
      await p.locator('input[name="description"]').fill(`a11y ${lang}`);
      await p.locator('form:has(input[name="description"]) button[type="submit"]').click();
      await p.getByTestId('new-key').waitFor();
      const found = await auditHere(p, `/partner/credentials with a new key (${lang})`);
      const ak = await p.getByTestId('new-ak').innerText();
      await p.locator(`tr[data-ak="${ak}"] button.danger`).click();
      await p.locator(`tr[data-ak="${ak}"]`).waitFor({ state: 'detached' });
      return found;
    },
  });
  await page.context().close();
});

test("axe: a tier-1 distributor's home and customer list (resellers' figures and filter) in both languages", async () => {
  const page = await signedIn(account({ kind: 'partner_main', account_name: 'huadong-dist' }));
  await auditAll(page, ['/partner', '/partner/customers']);
  await page.context().close();
});

test('axe: an IAM member with few roles (customer manager), its pages and a 403, in both languages', async () => {
  const page = await signedIn(account({ kind: 'member', user_name: 'wang.manager' }));
  await auditAll(page, ['/partner', '/partner/customers', '/partner/customers/invitations', '/partner/api', '/partner/audit']);
  await page.context().close();
});

test("axe: customers' Account Centre pages (prompts, authorizations, disassociation) and a join link while signed in, in both languages", async () => {
  const pending = await signedIn(customerOf('yunfan-tech', 'authorization request pending: approve or reject it'));
  await auditAll(pending, ['/account', '/account/partners', '/account/authorizations', '/account/agreements',
    '/account/coupons', '/account/orders', '/account/balance', '/account/credentials', demoLink('active')]);
  await pending.context().close();
  const unsigned = await signedIn(customerOf('yunfan-tech', 'has not signed the latest association notice: sign it in Agreements'));
  await auditAll(unsigned, ['/account', '/account/agreements']);
  await unsigned.context().close();
  const parting = await signedIn(customerOf('yunfan-tech', 'the partner asked to disassociate: confirm or decline in My Partners'));
  await auditAll(parting, ['/account/partners', '/account/authorizations']);
  await parting.context().close();
  const approved = await signedIn(customerOf('yunfan-tech', 'authorization approved: revoke it with a reason'));
  await auditAll(approved, ['/account/authorizations']);
  await approved.context().close();
});

test("axe: the operator console's pages in both languages", async () => {
  const page = await signedIn(account({ kind: 'operator' }));
  await auditAll(page, ['/operator', '/operator/quotas', '/operator/agreements', '/operator/knowledge',
    '/operator/associations', '/operator/associations?q=yunfan', '/operator/import']);
  await page.context().close();
});

/** Presses Tab on a freshly loaded page and follows the skip link with Enter. */
async function skipToContent(page, path, name, { javaScript = true } = {}) {
  await page.goto(path);
  if (javaScript) await hydrated(page);
  const first = page.locator(':focus');
  await page.keyboard.press('Tab');
  assert.equal(await first.getAttribute('href'), '#main', `${path}: the first Tab stop is the skip link`);
  assert.equal((await first.innerText()).trim(), name, path);
  assert.ok(await first.isVisible(), `${path}: the skip link shows when focused`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 5000 });
  assert.equal(await page.locator('main#main').count(), 1, path);
  // The next Tab stop is inside the main content.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('main')), `${path}: Tab goes on inside <main>`);
}

test('a "skip to content" link is the first Tab stop of every layout and moves the focus to <main>', async () => {
  const anonymous = await newPage(browser, { lang: 'zh' });
  for (const path of ['/signin/partner', demoLink('active'), '/no-such-page']) {
    await skipToContent(anonymous, path, '跳到正文');
  }
  await anonymous.context().close();
  const noScript = await newPage(browser, { javaScriptEnabled: false });
  await skipToContent(noScript, '/signup', 'Skip to content', { javaScript: false });
  await noScript.context().close();
  for (const [who, path] of [[yunfan(), '/partner/customers'], [account({ kind: 'member', user_name: 'wang.manager' }), '/partner/audit'],
    [customerOf('lanhai-solutions'), '/account/partners'], [account({ kind: 'operator' }), '/operator/knowledge']]) {
    const page = await signedIn(who);
    await skipToContent(page, path, 'Skip to content');
    await page.context().close();
  }
});

test('text in the other language carries its own lang: the language switch, and Chinese names on English pages', async () => {
  const page = await newPage(browser, { lang: 'zh' });
  await page.goto('/signin/customer');
  const english = page.getByRole('link', { name: 'English' });
  assert.equal(await english.getAttribute('lang'), 'en');
  await english.click();
  await page.waitForURL((u) => u.pathname === '/signin/customer');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByRole('link', { name: '中文' }).getAttribute('lang'), 'zh-CN');
  await page.context().close();

  // Names as entered (here Chinese ones) are marked on English pages, left alone on Chinese ones.
  const partner = await signedIn(yunfan());
  await partner.goto('/partner');
  assert.match(await partner.locator('main h1').innerText(), /云帆/);
  assert.equal(await partner.locator('main h1').getAttribute('lang'), 'zh-CN');
  assert.equal(await partner.getByTestId('who').getAttribute('lang'), 'zh-CN');
  await setLang(partner, 'zh');
  await partner.goto('/partner');
  assert.equal(await partner.locator('main h1').getAttribute('lang'), null);
  await partner.context().close();
  const joining = await newPage(browser);
  await joining.goto(demoLink('active'));
  assert.equal(await joining.locator('#notice-title span').getAttribute('lang'), 'zh-CN');
  assert.equal(await joining.getByRole('region', { name: /客户关联合作伙伴须知 · v\d+/ }).count(), 1, 'the notice box is named by its title');
  await joining.context().close();
});

/** Waits until the <details> behind `locator` is open (or closed). */
async function menuIs(locator, open) {
  const handle = await locator.elementHandle();
  await handle.evaluate((d, want) => new Promise((resolve, reject) => {
    const start = Date.now();
    const check = () => (d.open === want ? resolve() : Date.now() - start > 3000 ? reject(new Error(`menu open=${d.open}, expected ${want}`)) : setTimeout(check, 20));
    check();
  }), open);
}

test('the Sales and Organisation menus close on Escape, on a click outside and when the other opens', async () => {
  const page = await signedIn(yunfan());
  await hydrated(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const sales = nav.locator('details.menu').filter({ has: page.locator('summary', { hasText: 'Sales' }) });
  const org = nav.locator('details.menu').filter({ has: page.locator('summary', { hasText: 'Organisation' }) });

  await sales.locator('summary').click();
  await menuIs(sales, true);
  // Opening the other menu closes the first.
  await org.locator('summary').click();
  await menuIs(org, true);
  await menuIs(sales, false);

  // Escape closes it and gives the focus back to its summary.
  await org.getByRole('link', { name: 'Members' }).focus();
  await page.keyboard.press('Escape');
  await menuIs(org, false);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Organisation');
  // From the keyboard: Enter opens the focused menu, Escape closes it.
  await page.keyboard.press('Enter');
  await menuIs(org, true);
  await page.keyboard.press('Escape');
  await menuIs(org, false);

  // A click outside closes it; a click inside does not.
  await sales.locator('summary').click();
  await menuIs(sales, true);
  await page.getByTestId('customer-figures').click();
  await menuIs(sales, false);
  await page.context().close();
});

test('without JavaScript the menus stay plain <details>, each opened and closed by its summary', async () => {
  const page = await signedIn(yunfan(), { javaScriptEnabled: false });
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const sales = nav.locator('details.menu').filter({ has: page.locator('summary', { hasText: 'Sales' }) });
  const org = nav.locator('details.menu').filter({ has: page.locator('summary', { hasText: 'Organisation' }) });
  await sales.locator('summary').click();
  await org.locator('summary').click();
  await menuIs(sales, true);
  await menuIs(org, true);
  await org.locator('summary').click();
  await menuIs(org, false);
  await sales.getByRole('link', { name: 'Customers', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/partner/customers');
  await page.context().close();
});
