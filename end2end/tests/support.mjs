// Shared pieces of the browser journeys: the browser, the server's address and the demo manifest.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const manifest = JSON.parse(readFileSync(process.env.PC_DEMO_MANIFEST ?? '../demo-manifest.json', 'utf8'));

/** The first manifest account matching all the given fields. */
export function account(match) {
  const found = manifest.accounts.find((a) => Object.entries(match).every(([k, v]) => a[k] === v));
  if (!found) throw new Error(`no demo account matches ${JSON.stringify(match)}`);
  return found;
}

/** Every manifest account matching all the given fields (a field given as undefined: absent). */
export function accounts(match) {
  return manifest.accounts.filter((a) => Object.entries(match).every(([k, v]) => a[k] === v));
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh page; `javaScriptEnabled: false` for the journeys without JavaScript. */
export async function newPage(browser, { javaScriptEnabled = true, lang = 'en' } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, baseURL: BASE_URL });
  // Journeys run in English unless they test the default; the cookie is what the switch sets.
  if (lang) await context.addCookies([{ name: 'pc_lang', value: lang, url: BASE_URL }]);
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  return page;
}

/** Waits until the page is hydrated (the wasm bundle ran), so clicks go through the router. */
export async function hydrated(page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 15000 });
}

export async function signIn(page, acct) {
  await page.goto(acct.sign_in);
  if (acct.kind === 'member') {
    await page.getByLabel('Partner account name').fill(acct.account_name);
    await page.getByLabel('User name').fill(acct.user_name);
  } else {
    await page.getByLabel('Account name').fill(acct.account_name);
  }
  await page.getByLabel('Password', { exact: true }).fill(acct.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The path of a demo invitation link of yunfan-tech in the given state. */
export function demoLink(state) {
  const found = manifest.links.find((l) => l.state === state);
  if (!found) throw new Error(`no demo link is ${state}`);
  return found.path;
}
