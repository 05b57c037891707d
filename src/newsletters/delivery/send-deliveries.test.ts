import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTestDatabase } from '../../../test/database.ts';
import { preferencesUrl, unsubscribeUrl } from '../../http/newsletter-paths.ts';
import { subscribeReaders } from '../../../test/delivery-fixtures.ts';
import { addNewsletter, addSend, seedNewsletterSend } from '../../../test/newsletter-send-fixtures.ts';
import { startSmtpCatcher } from '../../../test/smtp-catcher.ts';
import { deriveNewsletterLinkKey } from '../newsletter-link.ts';
import { derivePreferencesLinkKey } from '../preferences-link.ts';
import { editionSourceOf } from './edition-source.ts';
import { queueSend } from './queue-send.ts';
import { createSenderState, sendBatch, type Sender } from './send-deliveries.ts';
import { createSmtpTransport } from './smtp-transport.ts';

const { db, dialect } = await openTestDatabase();
const catcher = await startSmtpCatcher();
after(() => catcher.close());
const now = new Date();
const siteUrl = new URL('https://gazette.example/');
const fixture = await seedNewsletterSend(db, now);
const lockedTokens = [...fixture.planted.values()].map((article) => article.token);

function senderWith({ connections = 3 }: { connections?: number } = {}): Sender {
  return {
    db,
    dialect,
    transport: createSmtpTransport({ url: catcher.url, connections, ratePerSecond: 10_000 }),
    editions: editionSourceOf(db, siteUrl),
    siteUrl,
    pages: { unsubscribeUrl, preferencesUrl },
    newsletterLinkKey: deriveNewsletterLinkKey('delivery-test-secret-long-enough-for-it'),
    preferencesLinkKey: derivePreferencesLinkKey('delivery-test-secret-long-enough-for-it'),
    leaseMs: 120_000,
  };
}

async function sendAll(senders: Sender[]): Promise<void> {
  await Promise.all(
    senders.map(async (sender) => {
      const state = createSenderState(sender.db, { dialect: sender.dialect, reportError: (error) => assert.fail(String(error)) });
      while ((await sendBatch(sender, state, { limit: 25, concurrency: 3 })).claimed > 0);
    }),
  );
}

describe(`sending a send's deliveries (${dialect})`, () => {
  it('mails every recipient once, the entitled reader whole and everyone else the preview, and closes the send', async () => {
    await subscribeReaders(db, fixture.newsletterId, { count: 40, prefix: 'digest' }, now);
    const recipients = await queueSend(db, fixture.sendId, now);
    assert.equal(recipients, 42);
    const sender = senderWith();
    await sendAll([sender]);
    await sender.transport.close();

    const deliveries = await db
      .selectFrom('newsletter_deliveries')
      .innerJoin('accounts', 'accounts.id', 'newsletter_deliveries.account_id')
      .select(['accounts.email', 'newsletter_deliveries.account_id', 'status', 'variant', 'sent_at', 'lease_until'])
      .where('send_id', '=', fixture.sendId)
      .execute();
    assert.equal(deliveries.length, 42);
    for (const delivery of deliveries) {
      assert.equal(delivery.status, 'sent');
      assert.equal(catcher.countFor(delivery.email), 1, delivery.email);
      const message = catcher.messages.find((caught) => caught.to === delivery.email)?.raw ?? '';
      assert.match(message, /^List-Unsubscribe:\s+<https:\/\/gazette\.example\/newsletters\/unsubscribe\?token=u1\./m);
      assert.match(message, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
      const isSubscriber = delivery.account_id === fixture.readers.subscriber;
      assert.equal(delivery.variant, isSubscriber ? 'full' : 'preview');
      for (const token of lockedTokens) assert.equal(message.includes(token), isSubscriber, `${token} in ${delivery.email}'s ${delivery.variant} copy`);
    }
    const send = await db.selectFrom('newsletter_sends').select(['status', 'finished_at']).where('id', '=', fixture.sendId).executeTakeFirstOrThrow();
    assert.equal(send.status, 'sent');
    assert.ok(send.finished_at !== null);
  });

  it('fails a delivery the server refuses for good, keeping its reply, and puts one refused for now back to wait', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'refusals' }, now);
    await subscribeReaders(db, newsletterId, { count: 3, prefix: 'refusals' }, now);
    catcher.refuse('refusals-0@readers.example', { code: 550, message: 'No such mailbox' });
    catcher.refuse('refusals-1@readers.example', { code: 451, message: 'Greylisted, try later' });
    const sendId = await addSend(db, { newsletterId, articleIds: [fixture.freeArticleId], scheduledFor: now }, now);
    await queueSend(db, sendId, now);
    const sender = senderWith({ connections: 1 });
    await sendAll([sender]);
    await sender.transport.close();
    const rows = await db
      .selectFrom('newsletter_deliveries')
      .innerJoin('accounts', 'accounts.id', 'newsletter_deliveries.account_id')
      .select(['accounts.email', 'status', 'error', 'attempts', 'lease_until'])
      .where('send_id', '=', sendId)
      .orderBy('accounts.email')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.email, row.status, row.attempts]),
      [
        ['refusals-0@readers.example', 'failed', 1],
        ['refusals-1@readers.example', 'queued', 1],
        ['refusals-2@readers.example', 'sent', 1],
      ],
    );
    assert.match(rows[0]?.error ?? '', /^550 .*No such mailbox/);
    assert.match(rows[1]?.error ?? '', /^451 .*Greylisted/);
    assert.ok((rows[1]?.lease_until ?? '') > new Date(Date.now() + 50_000).toISOString(), 'waits about a minute');
    assert.equal(catcher.countFor('refusals-0@readers.example') + catcher.countFor('refusals-1@readers.example'), 0);
    const send = await db.selectFrom('newsletter_sends').select('status').where('id', '=', sendId).executeTakeFirstOrThrow();
    assert.equal(send.status, 'sending', 'a delivery still waits to be tried again');
  });

  it('shares a send between senders claiming at once, mailing nobody twice', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'shared' }, now);
    await subscribeReaders(db, newsletterId, { count: 300, prefix: 'shared' }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: fixture.articleIds, scheduledFor: now }, now);
    await queueSend(db, sendId, now);
    const senders = [senderWith(), senderWith(), senderWith()];
    await sendAll(senders);
    await Promise.all(senders.map((sender) => sender.transport.close()));
    const shared = catcher.messages.filter((message) => message.to.startsWith('shared-'));
    assert.equal(shared.length, 300);
    assert.equal(new Set(shared.map((message) => message.to)).size, 300);
    const send = await db.selectFrom('newsletter_sends').select('status').where('id', '=', sendId).executeTakeFirstOrThrow();
    assert.equal(send.status, 'sent');
  });
});
