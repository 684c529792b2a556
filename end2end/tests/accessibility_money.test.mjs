// Accessibility of the pages of money (WCAG 2.1 AA, axe-core, both languages): Funds, batches,
// records, Coupons, issuing, results, as a partner, a distributor, finance and coupon members,
// and a customer whose coupons are in every state.
import { test, before, after } from 'node:test';
import { launch, account, accounts, hydrated } from './support.mjs';
import { auditHere, auditAll, signedIn as signedInAs } from './axe.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const signedIn = (acct, options) => signedInAs(browser, acct, options);
const yunfan = () => account({ kind: 'partner_main', account_name: 'yunfan-tech' });
// Resale customers of yunfan-tech without a journey of their own; the money audits use the last two.
const plainResale = accounts({ kind: 'customer', partner: 'yunfan-tech', mode: 'resale', scenario: undefined });
const [moneyA, moneyB] = plainResale.slice(-2);
const chosen = `customers[0]=${moneyA.id}&customers[1]=${moneyB.id}`;

/**
 * The pages of money that need an id: a quota's page, an issue's preview, a batch's and an
 * issue's result (made here, 1 yuan each, on two customers nobody else's journey uses).
 */
async function moneyPages(p, lang) {
  const found = [];
  const audit = async (where) => { await hydrated(p); found.push(...await auditHere(p, `${where} (${lang})`)); };
  await p.goto(`/partner/funds/batch?direction=allocate&amount=1&${chosen}`);
  await hydrated(p);
  await p.locator('form:has(input[name="token"]) button[type="submit"]').click();
  await p.waitForURL((u) => u.pathname.startsWith('/partner/funds/batches/'));
  await audit('/partner/funds/batches/{id}');
  await p.goto('/partner/coupons');
  await hydrated(p);
  const quota = await p.getByTestId('quotas').locator('tbody tr').filter({ has: p.locator('a.button-secondary') }).first().getAttribute('data-quota');
  await p.goto(`/partner/coupons/quotas/${quota}`);
  await audit('/partner/coupons/quotas/{id}');
  await p.goto(`/partner/coupons/issue?quota=${quota}&face_value=1&${chosen}`);
  await audit('/partner/coupons/issue?… (preview)');
  await p.locator('form:has(input[name="token"]) button[type="submit"]').click();
  await p.waitForURL((u) => u.pathname.startsWith('/partner/coupons/issues/'));
  await audit('/partner/coupons/issues/{id}');
  return found;
}

test("axe: a partner's pages of money, a batch's and an issue's preview and result, in both languages", async () => {
  const page = await signedIn(yunfan());
  await auditAll(page, [
    `/partner/customers/${moneyA.id}`, '/partner/customers',
    '/partner/funds', '/partner/funds/records', '/partner/funds/entries', `/partner/funds/batch?direction=reclaim&${chosen}`,
    '/partner/coupons', '/partner/coupons/issued', '/partner/coupons/records', `/partner/coupons/issue?${chosen}`,
  ], { also: moneyPages });
  await page.context().close();
});

test("axe: a tier-1 distributor's funds and coupons (resellers' funds and quotas, a grant's result) in both languages", async () => {
  const page = await signedIn(account({ kind: 'partner_main', account_name: 'huadong-dist' }));
  await auditAll(page, ['/partner/funds', '/partner/coupons'], {
    // A grant of 1 yuan of quota to one reseller, and its result page.
    also: async (p, lang) => {
      await p.goto('/partner/coupons');
      await hydrated(p);
      const grant = p.locator('form:has(input[name^="resellers["])');
      await grant.getByRole('textbox').first().fill('1');
      await grant.getByRole('checkbox').first().check();
      await grant.locator('button[type="submit"]').click();
      await p.waitForURL((u) => u.pathname.startsWith('/partner/coupons/grants/'));
      await hydrated(p);
      return auditHere(p, `/partner/coupons/grants/{id} (${lang})`);
    },
  });
  await page.context().close();
});

test("axe: finance and coupon members' pages of money in both languages", async () => {
  const finance = await signedIn(account({ kind: 'member', user_name: 'zhao.finance' }));
  await auditAll(finance, ['/partner/funds', '/partner/customers']);
  await finance.context().close();
  const coupons = await signedIn(account({ kind: 'member', user_name: 'sun.coupons' }));
  await auditAll(coupons, ['/partner/coupons', '/partner/coupons/issued', '/partner/customers']);
  await coupons.context().close();
});

test("axe: a customer's coupons in every state (used, expired and recalled greyed) and its balance, in both languages", async () => {
  const holder = await signedIn(account({ kind: 'customer', partner: 'yunfan-tech', scenario: 'holds coupons: see Account Centre › Coupons, or list them with list_sub_customer_coupons and its access_key' }));
  await auditAll(holder, ['/account/coupons', '/account/coupons?tab=cash', '/account/balance']);
  await holder.context().close();
});
