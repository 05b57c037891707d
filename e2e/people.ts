import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import type { RunningServer } from './server.ts';

/** How the browser tests' people come to the site and read: the first administrator, readers who register, cards they pay with. */

/**
 * The publication's first administrator, made on this page through the one-time link the server's
 * first start printed; the page ends on the newsroom's articles.
 */
export async function setUpFirstAdministrator(
  page: Page,
  server: Pick<RunningServer, 'output'>,
  { name = 'Ada Admin', email = 'ada@courier.example', password = 'a long admin passphrase' } = {},
): Promise<void> {
  const setupLink = server.output().match(/http:\/\/[^\s]+\/admin\/setup\?token=[A-Za-z0-9_-]+/)?.[0];
  assert.ok(setupLink, 'the first start prints a set-up link');
  await page.goto(setupLink);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL('**/admin/articles'), page.locator('main form button[type="submit"]').click()]);
}

/**
 * A reader who registers on this page by the site's form and confirms by the link mailed to them;
 * the page ends where confirming leads (`next`, else the site's choice).
 */
export async function registerByMail(
  page: Page,
  server: Pick<RunningServer, 'url' | 'dataDir'>,
  { email, name, next }: { email: string; name?: string; next?: string },
): Promise<void> {
  await page.goto(`${server.url}/register${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
  if (name !== undefined) await page.fill('input[name="name"]', name);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', 'a long enough passphrase');
  await page.locator('main form button[type="submit"]').last().click();
  await page.locator('h1', { hasText: 'Check your email' }).waitFor();
  await page.goto(mailedLink(lastMailTo(server.dataDir, email), '/register/confirm').href);
  await Promise.all([page.waitForURL((address) => !address.pathname.startsWith('/register')), page.locator('main form button[type="submit"]').click()]);
}

/** Types a card into the test checkout's form, with an expiry, CVC and postal code that pass; the reader then presses Pay. */
export async function fillTestCard(page: Page, card = '4242 4242 4242 4242'): Promise<void> {
  await page.fill('input[name="card"]', card);
  await page.fill('input[name="expiry"]', '12/30');
  await page.fill('input[name="cvc"]', '123');
  await page.fill('input[name="postalCode"]', '10001');
}

/** Whether the page shows the article whole: its locked part there, and no paywall. */
export async function readsInFull(page: Page, server: Pick<RunningServer, 'url'>, article: { section: string; slug: string }): Promise<boolean> {
  await page.goto(`${server.url}/${article.section}/${article.slug}`);
  return (await page.locator('.paywall').count()) === 0 && (await page.locator('.article-body__locked').count()) > 0;
}
