import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { transform } from 'lightningcss';
import type { BrowserContext, Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { inCascadeOrder, readStyleManifest } from '../src/web/theme-stylesheet.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { useDemoSite } from './demo-site.ts';
import { fillTestCard } from './people.ts';

/**
 * Each kind of page inlines only its own bundle of the theme's styles. Nothing may be lost by that:
 * every element of every kind of page, at a phone's, a tablet's and a desktop's width, must look as it
 * does with the whole theme's screen styles on the page. The whole theme is added after the page's
 * own bundle, so where the bundle has a rule the whole theme repeats it, and where it lacks one the
 * whole theme adds it and some computed value changes.
 */
const stylesDir = path.join(import.meta.dirname, '../themes/default/styles');
const manifest = readStyleManifest(stylesDir);
const screenFiles = inCascadeOrder(manifest, [...manifest.core, ...Object.values(manifest.bundles).flat()]);
// Minified as the bundles are, so the two differ only in what they hold (lightningcss writes some values its own way).
const wholeTheme = transform({
  filename: 'whole.css',
  code: Buffer.from(screenFiles.map((file) => readFileSync(path.join(stylesDir, `${file}.css`), 'utf8')).join('\n')),
  minify: true,
}).code.toString();

// A phone, a tablet (where most of the theme's breakpoints fall between) and a desktop.
const widths = [390, 768, 1280] as const;
const articleOf = (access: string, sponsored = false) => {
  const article = demoArticles.find((candidate) => candidate.access === access && (candidate.sponsor !== undefined) === sponsored);
  assert.ok(article, `the demo has a ${access} article`);
  return `/${article.section}/${article.slug}`;
};

// The demo site on one of this pass's own ports.
const demo = useDemoSite({ PORT: process.env.PAGE_STYLES_PORT ?? '3321' });

/**
 * Every computed style of every element in the body (and of its ::before and ::after) that changes
 * when the whole theme is added: each is a rule the page's bundle is missing. Worked out in the
 * page, which sends back only the differences.
 */
async function missingStyles(page: Page): Promise<string[]> {
  return page.evaluate(async (css) => {
    const pseudos = [null, '::before', '::after'] as const;
    const elements = [document.documentElement, ...Array.from(document.body.querySelectorAll('*'))];
    const pathOf = (element: Element) => {
      const parts: string[] = [];
      for (let at: Element | null = element; at && at !== document.documentElement; at = at.parentElement) {
        parts.unshift(`${at.localName}${at.classList.length > 0 ? `.${Array.from(at.classList).join('.')}` : ''}`);
      }
      return parts.slice(-4).join(' > ') || 'html';
    };
    const snapshot = () =>
      elements.map((element) =>
        pseudos.map((pseudo) => {
          const style = getComputedStyle(element, pseudo);
          const values = new Map<string, string>();
          for (let index = 0; index < style.length; index += 1) {
            const name = style.item(index);
            values.set(name, style.getPropertyValue(name));
          }
          return values;
        }),
      );
    const nextFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // Off-screen blocks under `content-visibility: auto` keep a placeholder size until the browser gets
    // round to rendering them, which is a matter of timing, not of styles: both snapshots render all.
    const renderAll = document.createElement('style');
    renderAll.textContent = '*, ::before, ::after { content-visibility: visible !important; }';
    document.head.append(renderAll);
    await nextFrames();
    const served = snapshot();
    const whole = document.createElement('style');
    whole.textContent = css;
    document.head.append(whole);
    await nextFrames();
    const withWhole = snapshot();
    whole.remove();
    renderAll.remove();
    const differences: string[] = [];
    withWhole.forEach((perPseudo, elementIndex) => {
      perPseudo.forEach((values, pseudoIndex) => {
        for (const [name, value] of values) {
          const before = served[elementIndex]?.[pseudoIndex]?.get(name);
          if (before !== value && differences.length < 40) {
            differences.push(`${pathOf(elements[elementIndex] as Element)}${pseudos[pseudoIndex] ?? ''} ${name}: ${before ?? '(none)'} → ${value}`);
          }
        }
      });
    });
    return differences;
  }, wholeTheme);
}

/** Checks the page now open in the context at both widths; returns what is missing, by width. */
async function checkPage(page: Page, kind: string): Promise<string[]> {
  const missing: string[] = [];
  const bundleLink = await page.locator('link[rel="stylesheet"]').getAttribute('media');
  assert.equal(bundleLink, 'print', `${kind}: the only linked stylesheet is for print`);
  assert.equal(await page.locator('head style').count(), 1, `${kind}: one inline stylesheet`);
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    missing.push(...(await missingStyles(page)).map((difference) => `${kind} at ${width}px: ${difference}`));
  }
  return missing;
}

async function readerContext(): Promise<BrowserContext> {
  // The whole theme goes in as an inline style the page's CSP does not name. No motion, so a change shows at once.
  return demo.browser().newContext({ viewport: { width: widths[0], height: 900 }, bypassCSP: true, reducedMotion: 'reduce' });
}

describe('the stylesheet bundle each kind of page inlines', () => {
  it('styles every page a reader can open as the whole theme would', async () => {
    const site = demo.server().url;
    const missing: string[] = [];
    const visit = async (page: Page, kind: string, address: string) => {
      const response = await page.goto(`${site}${address}`);
      assert.ok(response, `${kind}: ${address} answers`);
      missing.push(...(await checkPage(page, kind)));
    };

    // A reader who is not signed in.
    const visitor = await readerContext();
    const page = await visitor.newPage();
    await visit(page, 'home', '/');
    const sectionUrl = await page.locator('.section-nav__list a').first().getAttribute('href');
    assert.ok(sectionUrl);
    await visit(page, 'section', sectionUrl);
    await visit(page, 'search results', '/search?q=the');
    await visit(page, 'search with no results', '/search?q=zzzzqqqq');
    await visit(page, 'free article', articleOf('free'));
    const authorUrl = await page.locator('a[href^="/authors/"]').first().getAttribute('href');
    assert.ok(authorUrl);
    await visit(page, 'author', authorUrl);
    await visit(page, 'sponsored article', articleOf('free', true));
    await visit(page, 'metered article', articleOf('metered'));
    await visit(page, 'registration-wall article', articleOf('registered'));
    await visit(page, 'paywalled article', articleOf('premium'));
    await visit(page, 'offers', '/offers');
    await visit(page, 'log-in', '/login');
    await visit(page, 'register', '/register');
    await visit(page, 'forgot password', '/login/forgot');
    await visit(page, 'reset password, spent link', '/login/reset?token=spent');
    await visit(page, 'magic link', '/login/link');
    await visit(page, 'confirm email, spent link', '/account/email/confirm?token=spent');
    await visit(page, 'error 404', '/no/such/page');
    await page.goto(`${site}/login`);
    await page.fill('input[name="email"]', 'nobody@example.org');
    await page.fill('input[name="password"]', 'not the password at all');
    await page.locator('main form button[type="submit"]').first().click();
    await page.locator('.form-alert').first().waitFor();
    missing.push(...(await checkPage(page, 'log-in refused')));

    // A reader who registers, subscribes in test mode, and gives an article.
    const reader = await readerContext();
    const readerPage = await reader.newPage();
    await readerPage.goto(`${site}/register?next=%2Foffers`);
    await readerPage.fill('input[name="name"]', 'Ana Lopes');
    await readerPage.fill('input[name="email"]', 'styles@example.org');
    await readerPage.fill('input[name="password"]', 'a long enough passphrase');
    await readerPage.locator('main form button[type="submit"]').last().click();
    await readerPage.locator('h1', { hasText: 'Check your email' }).waitFor();
    missing.push(...(await checkPage(readerPage, 'registered, check your email')));
    await readerPage.goto(mailedLink(lastMailTo(demo.server().dataDir, 'styles@example.org'), '/register/confirm').href);
    missing.push(...(await checkPage(readerPage, 'confirm registration')));
    await Promise.all([readerPage.waitForURL('**/offers'), readerPage.locator('main form button[type="submit"]').click()]);
    missing.push(...(await checkPage(readerPage, 'offers, signed in')));
    await visit(readerPage, 'checkout', '/checkout?offer=three-months-for-nine');
    await Promise.all([readerPage.waitForURL('**/checkout/test/**'), readerPage.locator('main form button[type="submit"]').last().click()]);
    missing.push(...(await checkPage(readerPage, 'test checkout')));
    // Sent empty: the page with its error summary and fields in error.
    await readerPage.locator('main form button[type="submit"]').last().click();
    await readerPage.locator('.error-summary').waitFor();
    missing.push(...(await checkPage(readerPage, 'test checkout with errors')));
    await fillTestCard(readerPage);
    await Promise.all([readerPage.waitForURL('**/account**'), readerPage.locator('main form button[type="submit"]').last().click()]);
    await visit(readerPage, 'account', '/account');
    await visit(readerPage, "subscriber's article with the gift panel", articleOf('premium'));
    await visit(readerPage, "subscriber's home", '/');
    await readerPage.goto(`${site}${articleOf('premium')}`);
    await Promise.all([readerPage.waitForURL('**/account/gifts'), readerPage.locator('.article-tools .gift-button').click()]);
    missing.push(...(await checkPage(readerPage, 'gift given')));
    await visit(readerPage, 'account with a gift', '/account');
    await Promise.all([readerPage.waitForURL('**/account/feed'), readerPage.locator('form[action="/account/feed"] button[type="submit"]').first().click()]);
    missing.push(...(await checkPage(readerPage, 'private feed')));

    await visitor.close();
    await reader.close();
    assert.deepEqual(missing, [], `rules missing from a page's bundle:\n${missing.join('\n')}`);
  });
});
