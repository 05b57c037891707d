import assert from 'node:assert/strict';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard, registerByMail, setUpFirstAdministrator } from './people.ts';

const premium = demoArticles.find((article) => article.access === 'premium');
const demo = useDemoSite();

/** Counts what the reader does: each click on a link or button that takes them on is one step. */
function stepCounter(page: Page) {
  let steps = 0;
  return {
    get steps() {
      return steps;
    },
    async click(selector: string, waitFor: string) {
      steps += 1;
      await Promise.all([page.waitForURL(waitFor), page.locator(selector).click()]);
    },
  };
}

async function registeredReader(email: string): Promise<Page> {
  const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await registerByMail(page, demo.server(), { email });
  return page;
}

/** Subscribes from the offers page to the yearly plan; the steps it took. */
async function subscribe(page: Page): Promise<number> {
  const counter = stepCounter(page);
  await page.goto(`${demo.server().url}/offers`);
  await counter.click('form:has(input[name="offer"][value="annual"]) button[type="submit"]', '**/checkout/test/**');
  await fillTestCard(page);
  await counter.click('main form button[type="submit"] >> nth=-1', '**/account?changed=subscribed');
  return counter.steps;
}

const database = () => new DatabaseSync(path.join(demo.server().dataDir, 'dateline.sqlite'));

describe('a reader on their way out, with one chance to stay', () => {
  it('the publication sets its offer to stay', async () => {
    const server = demo.server();
    const admin = await (await demo.browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await setUpFirstAdministrator(admin, server);
    await Promise.all([admin.waitForURL('**/admin/retention'), admin.locator('nav a', { hasText: 'Retention' }).click()]);
    await admin.check('input[name="kind"][value="discount"]');
    await admin.fill('input[name="percentOff"]', '40');
    await admin.fill('input[name="periods"]', '1');
    await Promise.all([admin.waitForURL('**/admin/retention?saved=1'), admin.locator('main form button[type="submit"]').click()]);
    assert.match(await admin.locator('[role="status"]').innerText(), /Saved/);
    await admin.screenshot({ path: path.join(screenshots, 'admin-retention-1280.png'), fullPage: true });
  });

  it('declines the offer and cancels in no more steps than subscribing took, then resubscribes in one after the subscription ends', async () => {
    assert.ok(premium);
    const page = await registeredReader('leaver@example.org');
    const subscribing = await subscribe(page);

    const counter = stepCounter(page);
    await page.goto(`${demo.server().url}/account`);
    await counter.click('a[href="/account/subscription/cancel"]', '**/account/subscription/cancel');
    const main = await page.locator('main').innerText();
    assert.match(main, /Why are you cancelling\?/);
    assert.match(main, /Stay for 40% off your next year/);
    assert.match(main, /Your next payment is \$90 instead of \$150/);
    await page.check('input[name="reason"][value="not-reading"]');
    await page.fill('textarea[name="comment"]', 'Too busy this winter.');
    await page.screenshot({ path: path.join(screenshots, 'cancel-offer-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(screenshots, 'cancel-offer-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await counter.click('button[name="decision"][value="cancel"]', '**/account?changed=canceled');
    assert.ok(counter.steps <= subscribing, `cancelling took ${counter.steps} steps, subscribing ${subscribing}`);
    assert.match(await page.locator('main').innerText(), /Your subscription is canceled/);

    // The subscription runs out, as a year passing and the job loop would leave it.
    const db = database();
    db.prepare(
      "update subscriptions set status = 'expired', ended_from = 'subscription', resume_to = null, current_period_end = '2020-01-01T00:00:00.000Z'",
    ).run();
    const reason = db.prepare('select reason, comment, outcome from cancellation_reasons').get();
    db.close();
    assert.deepEqual({ ...reason }, { reason: 'not-reading', comment: 'Too busy this winter.', outcome: 'canceled' });

    await page.goto(`${demo.server().url}/account`);
    assert.match(await page.locator('main').innerText(), /Starts Digital, yearly, \$150 a year again today/);
    await page.screenshot({ path: path.join(screenshots, 'account-resubscribe-1280.png'), fullPage: true });
    const again = stepCounter(page);
    await again.click('form[action="/account/subscription/resubscribe"] button', '**/account?changed=resubscribed');
    assert.equal(again.steps, 1);
    assert.match(await page.locator('main').innerText(), /Welcome back/);
    await page.goto(`${demo.server().url}/${premium.section}/${premium.slug}`);
    assert.equal(await page.locator('.paywall').count(), 0);
    await page.context().close();
  });

  it('in a second run, accepts the offer and stays subscribed at the discount', async () => {
    const page = await registeredReader('stayer@example.org');
    await subscribe(page);
    await page.goto(`${demo.server().url}/account`);
    await Promise.all([page.waitForURL('**/account/subscription/cancel'), page.locator('a[href="/account/subscription/cancel"]').click()]);
    await page.check('input[name="reason"][value="too-expensive"]');
    await Promise.all([page.waitForURL('**/account?changed=offer-discount'), page.locator('button[name="decision"][value="stay"]').click()]);
    const main = await page.locator('main').innerText();
    assert.match(main, /Thank you for staying/);
    assert.match(main, /Active/);
    await page.screenshot({ path: path.join(screenshots, 'account-stayed-1280.png'), fullPage: true });
    const db = database();
    const taken = db
      .prepare(
        "select kind, percent_off, periods_left from retention_redemptions where account_id = (select id from accounts where email = 'stayer@example.org')",
      )
      .get();
    db.close();
    assert.deepEqual({ ...taken }, { kind: 'discount', percent_off: 40, periods_left: 1 });

    // One chance: on the way out again, no offer.
    await page.goto(`${demo.server().url}/account/subscription/cancel`);
    assert.doesNotMatch(await page.locator('main').innerText(), /Stay for/);
    await page.context().close();
  });
});
