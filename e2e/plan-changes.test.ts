import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatChangeDay } from '../src/commerce/plan-change-wording.ts';
import { periodStartOf, prorateMinor } from '../src/commerce/plan-change.ts';
import { addBillingInterval } from '../src/commerce/billing-period.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard, registerByMail } from './people.ts';

const demo = useDemoSite();
const day = 24 * 60 * 60 * 1000;

describe('a subscriber changes plans in test mode', () => {
  it('upgrades to the yearly plan and is charged the proration at once, then schedules the move back to monthly for the end of the year', async () => {
    const { url, dataDir } = demo.server();
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const email = 'changer@example.org';

    await registerByMail(page, { url, dataDir }, { email, next: '/offers' });
    await page.goto(`${url}/offers`);
    await Promise.all([
      page.waitForURL('**/checkout/test/**'),
      page.locator('form[action="/checkout"]:has(input[name="offer"][value="three-months-for-nine"]) button[type="submit"]').click(),
    ]);
    await fillTestCard(page);
    await Promise.all([page.waitForURL('**/account?changed=subscribed'), page.locator('main form button[type="submit"]').last().click()]);

    // Past the introductory months, halfway through a month of Digital at $15.
    const periodEnd = new Date(Date.now() + 15 * day);
    demo.inDatabase((database) =>
      database
        .prepare('update subscriptions set intro_periods_left = 0, current_period_end = ? where account_id = (select id from accounts where email = ?)')
        .run(periodEnd.toISOString(), email),
    );
    const periodStart = periodStartOf(periodEnd, 'month');
    const whole = Math.floor((periodEnd.getTime() - periodStart.getTime()) / 1000);
    /** What the upgrade costs at `at`: a year at $150, less the unused part of the month of $15. */
    const dueAt = (at: number) => 15000 - prorateMinor(1500, Math.floor((periodEnd.getTime() - at) / 1000), whole);
    const wording = { locale: 'en-US', timeZone: 'America/New_York', now: new Date() };

    await page.goto(`${url}/account`);
    await Promise.all([page.waitForURL('**/account/subscription/plan'), page.locator('a[href="/account/subscription/plan"]').click()]);
    const choice = page.locator('.change-plan__choice', { hasText: 'Digital, yearly' });
    const shown = (await choice.locator('.change-plan__consequence').innerText()).match(/^You pay \$([\d,]+\.\d\d) today; from (.+) you pay \$150 a year\.$/);
    assert.ok(shown, await choice.innerText());
    const dueNowMinor = Math.round(Number(shown[1]?.replace(',', '')) * 100);
    assert.ok(Math.abs(dueNowMinor - dueAt(Date.now())) <= 1, `${dueNowMinor} against ${dueAt(Date.now())}`);
    assert.equal(shown[2], formatChangeDay(addBillingInterval(new Date(), 'year'), wording));
    await page.screenshot({ path: path.join(screenshots, 'change-plan-1280.png'), fullPage: true });

    await Promise.all([
      page.waitForURL('**/account/subscription/plan?plan=digital-annual'),
      choice.locator('a', { hasText: 'Upgrade to Digital, yearly' }).click(),
    ]);
    assert.match(await page.locator('main').innerText(), /Confirm your new plan/);
    await Promise.all([
      page.waitForURL('**/account?changed=plan-changed'),
      page.locator('main form button', { hasText: 'Upgrade to Digital, yearly' }).click(),
    ]);
    const upgraded = await page.locator('[role="status"]').first().innerText();
    assert.match(upgraded, /You are now on Digital, yearly\. You paid \$[\d,]+\.\d\d today; from .+ you pay \$150 a year\./);
    const charged = demo.inDatabase((database) =>
      database
        .prepare("select amount_minor from payments where account_id = (select id from accounts where email = ?) and kind = 'charge' order by id desc limit 1")
        .get(email),
    );
    const chargedMinor = Number(charged?.amount_minor);
    assert.ok(Math.abs(chargedMinor - dueNowMinor) <= 1, `charged ${chargedMinor}, shown ${dueNowMinor}`);
    assert.ok(upgraded.includes(`$${(chargedMinor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} today`), upgraded);
    await page.screenshot({ path: path.join(screenshots, 'account-plan-upgraded-1280.png'), fullPage: true });

    await Promise.all([page.waitForURL('**/account/subscription/plan'), page.locator('a[href="/account/subscription/plan"]').click()]);
    const back = page.locator('.change-plan__choice', { hasText: 'Digital, $15 a month' });
    const renewal = formatChangeDay(addBillingInterval(new Date(), 'year'), wording);
    assert.equal(
      await back.locator('.change-plan__consequence').innerText(),
      `From ${renewal} you move to Digital at $15 a month; until then you keep Digital, yearly.`,
    );
    await Promise.all([page.waitForURL('**/account/subscription/plan?plan=digital'), back.locator('a', { hasText: 'Move to Digital' }).click()]);
    await Promise.all([page.waitForURL('**/account?changed=plan-scheduled'), page.locator('main form button', { hasText: 'Move to Digital' }).click()]);
    const account = await page.locator('main').innerText();
    assert.match(account, new RegExp(`Your change is scheduled: from ${renewal} you move to Digital at \\$15 a month\\.`));
    assert.match(account, new RegExp(`From ${renewal} you move to Digital at \\$15 a month; until then you keep Digital, yearly\\.`));
    assert.equal(await page.locator('button', { hasText: 'Cancel this change' }).count(), 1);
    const charges = demo.inDatabase((database) =>
      database.prepare("select count(*) as n from payments where account_id = (select id from accounts where email = ?) and kind = 'charge'").get(email),
    );
    assert.equal(Number(charges?.n), 2, 'the checkout and the upgrade; the downgrade charges nothing now');
    await page.screenshot({ path: path.join(screenshots, 'account-plan-scheduled-1280.png'), fullPage: true });
    await context.close();
  });
});
