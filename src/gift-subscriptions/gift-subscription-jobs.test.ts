import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { insertGiftSubscription, markGiftPaid } from './gift-subscription-repository.ts';
import { writeGiftSubscriptionSettings } from './gift-subscription-settings.ts';
import { type GiftSubscriptionJobContext, runGiftSubscriptionJobs } from './gift-subscription-jobs.ts';
import { deriveRedemptionCodeKey, newRedemptionNonce } from './redemption-code.ts';
import { redeemGiftSubscription } from './redeem-gift-subscription.ts';

const { db } = await openTestDatabase();
const bought = new Date('2026-12-03T15:00:00Z');
const key = deriveRedemptionCodeKey('the test secret');
await seedCatalogue(db, bought);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const offer = await db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
await writeGiftSubscriptionSettings(
  db,
  { planId: plan.id, pricesMinor: { 3: 4500, 6: null, 12: null }, reminderDays: 14, continuationOfferId: offer.id },
  bought,
);

const sent: MailMessage[] = [];
let isMailerDown = false;
const ctx: GiftSubscriptionJobContext = {
  db,
  key,
  mailer: {
    send: async (message) => {
      if (isMailerDown) throw new Error('SMTP refused');
      sent.push(message);
    },
  },
  links: {
    redemption: (code) => `https://news.example/gift-subscriptions/redeem?code=${encodeURIComponent(code)}`,
    continuation: (slug) => `https://news.example/checkout?offer=${slug ?? ''}`,
  },
};

async function buyGift(recipientEmail: string, deliveryDay: string, deliverAt: string): Promise<number> {
  const id = await insertGiftSubscription(
    db,
    {
      planId: plan.id,
      months: 3,
      priceMinor: 4500,
      currency: 'USD',
      buyerName: 'Ines Giver',
      buyerEmail: 'ines@example.org',
      buyerAccountId: null,
      recipientName: 'Olu Friend',
      recipientEmail,
      message: 'Happy birthday!\nRead well.',
      deliveryDay,
      deliverAt: new Date(deliverAt),
      codeNonce: newRedemptionNonce(),
      provider: 'test',
    },
    bought,
  );
  await markGiftPaid(db, id, bought);
  return id;
}

const mailsTo = (address: string) => sent.filter((message) => message.to === address);

describe('the job loop’s gift subscriptions', () => {
  it('mails the recipient on the delivery day, once, with a redemption link that redeems', async () => {
    await buyGift('olu@example.org', '2026-12-24', '2026-12-24T05:00:00Z');
    assert.deepEqual(await runGiftSubscriptionJobs(ctx, new Date('2026-12-24T04:59:00Z')), { delivered: 0, reminded: 0 });
    assert.deepEqual(await runGiftSubscriptionJobs(ctx, new Date('2026-12-24T05:00:00Z')), { delivered: 1, reminded: 0 });
    assert.deepEqual(await runGiftSubscriptionJobs(ctx, new Date('2026-12-24T05:01:00Z')), { delivered: 0, reminded: 0 });
    const [mail, ...more] = mailsTo('olu@example.org');
    assert.equal(more.length, 0);
    assert.equal(mail?.kind, 'gift-subscription-delivered');
    assert.equal(mail?.subject, 'Ines Giver has given you 3 months of Dateline');
    assert.match(mail?.text ?? '', /Dear Olu Friend,/);
    assert.match(mail?.text ?? '', /> Happy birthday!\n> Read well\./);
    const code = new URL(/https:\S+/.exec(mail?.text ?? '')?.[0] ?? 'https://x').searchParams.get('code') ?? '';
    const reader = await insertAccount(db, { email: 'olu@example.org', name: 'Olu Friend', passwordHash: null, role: 'reader', now: bought });
    const outcome = await redeemGiftSubscription(db, { code, readerId: reader, key, now: new Date('2026-12-24T09:00:00Z'), timeZone: 'UTC' });
    assert.equal(outcome.kind, 'redeemed');
  });

  it('mails once when two passes run at the same moment', async () => {
    await buyGift('twice@example.org', '2026-12-25', '2026-12-25T05:00:00Z');
    const at = new Date('2026-12-25T06:00:00Z');
    const passes = await Promise.all([runGiftSubscriptionJobs(ctx, at), runGiftSubscriptionJobs(ctx, at)]);
    assert.equal(passes[0].delivered + passes[1].delivered, 1);
    assert.equal(mailsTo('twice@example.org').length, 1);
  });

  it('tries a delivery again on the next pass when its mail could not be sent', async () => {
    await buyGift('later@example.org', '2026-12-26', '2026-12-26T05:00:00Z');
    isMailerDown = true;
    await assert.rejects(runGiftSubscriptionJobs(ctx, new Date('2026-12-26T06:00:00Z')), /SMTP refused/);
    isMailerDown = false;
    assert.equal(mailsTo('later@example.org').length, 0);
    assert.deepEqual(await runGiftSubscriptionJobs(ctx, new Date('2026-12-26T06:01:00Z')), { delivered: 1, reminded: 0 });
    assert.equal(mailsTo('later@example.org').length, 1);
  });

  it('reminds the recipient once, the publication’s days before the end, with a link to the offer it chose', async () => {
    const accessUntil = new Date('2027-03-24T09:00:00Z');
    const fortnightBefore = new Date('2027-03-10T09:00:00Z');
    assert.equal((await runGiftSubscriptionJobs(ctx, new Date('2027-03-10T08:59:00Z'))).reminded, 0);
    assert.equal((await runGiftSubscriptionJobs(ctx, fortnightBefore)).reminded, 1);
    assert.equal((await runGiftSubscriptionJobs(ctx, new Date('2027-03-11T09:00:00Z'))).reminded, 0);
    assert.equal((await runGiftSubscriptionJobs(ctx, accessUntil)).reminded, 0);
    const reminders = mailsTo('olu@example.org').filter((mail) => mail.kind === 'gift-subscription-ending');
    assert.equal(reminders.length, 1);
    assert.equal(reminders[0]?.subject, 'Your gift subscription to Dateline ends on March 24, 2027');
    assert.match(reminders[0]?.text ?? '', /https:\/\/news\.example\/checkout\?offer=intro/);
  });
});
