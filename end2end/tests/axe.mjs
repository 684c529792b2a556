// axe-core audits for the accessibility journeys: every page in both languages, every
// disclosure open, one line per failing element.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { newPage, signIn, hydrated, BASE_URL } from './support.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const LANGS = ['zh', 'en'];

/** Sets the language cookie of the page's context (what the language switch does). */
export async function setLang(page, lang) {
  await page.context().addCookies([{ name: 'pc_lang', value: lang, url: BASE_URL }]);
}

/**
 * Runs axe on the page as it is, with every disclosure (<details>) open so that the forms behind
 * them are checked too. Returns one line per failing element: rule, where, selector.
 */
export async function auditHere(page, where) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details:not(.menu)')) d.open = true;
  });
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    // A contrast failure also tells the colours and the ratio found.
    const detail = (n) => {
      const d = n.any.concat(n.all, n.none).find((c) => c.data && c.data.contrastRatio);
      return d ? ` [${d.data.fgColor} on ${d.data.bgColor}: ${d.data.contrastRatio}:1]` : '';
    };
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ') + detail(n)) }));
  }, TAGS);
  return violations.flatMap((v) => v.targets.map((t) => `${v.id}: ${where} ${t} — ${v.help}`));
}

/** Audits each path in both languages in one signed-in (or anonymous) page; fails listing all. */
export async function auditAll(page, paths, { also } = {}) {
  const found = [];
  let audits = 0;
  for (const lang of LANGS) {
    await setLang(page, lang);
    for (const path of paths) {
      await page.goto(path);
      await hydrated(page);
      found.push(...await auditHere(page, `${path} (${lang})`));
      audits += 1;
    }
    if (also) {
      found.push(...await also(page, lang));
      audits += 1;
    }
  }
  assert.deepEqual(found, [], `axe found ${found.length} violation(s) in ${audits} audits:\n${found.join('\n')}`);
}

/** A page of a new context, signed in as `acct`. */
export async function signedIn(browser, acct, options) {
  const page = await newPage(browser, options);
  await signIn(page, acct);
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  return page;
}
