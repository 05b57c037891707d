import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { subscribeReaders } from '../../../test/delivery-fixtures.ts';
import { addNewsletter, addSend } from '../../../test/newsletter-send-fixtures.ts';
import { suppressAddress } from '../suppression/suppress-address.ts';
import { queueDueSends, queueSend } from './queue-send.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-05-04T08:00:00Z');
const seeded = await seedPublication(db, now);
const articleId = await addArticle(db, seeded, { slug: 'queued-story' }, now);

async function deliveriesOf(sendId: number) {
  return db.selectFrom('newsletter_deliveries').select(['account_id', 'status']).where('send_id', '=', sendId).orderBy('account_id').execute();
}

describe(`queueing a send (${dialect})`, () => {
  it('queues one delivery per subscribed reader, records a suppressed address as not mailed, and leaves unsubscribed readers out', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'morning' }, now);
    const readers = await subscribeReaders(db, newsletterId, { count: 12, prefix: 'morning' }, now);
    await db
      .updateTable('newsletter_subscriptions')
      .set({ status: 'unsubscribed' })
      .where('account_id', '=', readers[3] ?? 0)
      .execute();
    await suppressAddress(db, { email: 'morning-5@readers.example', reason: 'hard-bounce', source: 'webhook', detail: null }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: [articleId], scheduledFor: now }, now);

    assert.equal(await queueSend(db, sendId, now), 10);
    const deliveries = await deliveriesOf(sendId);
    assert.equal(deliveries.length, 11);
    assert.deepEqual(
      deliveries.filter((delivery) => delivery.status === 'suppressed').map((delivery) => delivery.account_id),
      [readers[5]],
    );
    assert.ok(!deliveries.some((delivery) => delivery.account_id === readers[3]));
    const send = await db.selectFrom('newsletter_sends').selectAll().where('id', '=', sendId).executeTakeFirstOrThrow();
    assert.deepEqual([send.status, send.recipient_count, send.queued_at], ['sending', 10, now.toISOString()]);
  });

  it('is queued by one caller only, however many try at once', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'raced' }, now);
    await subscribeReaders(db, newsletterId, { count: 7000, prefix: 'raced' }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: [articleId], scheduledFor: now }, now);
    const results = await Promise.all([queueSend(db, sendId, now), queueSend(db, sendId, now), queueSend(db, sendId, now)]);
    assert.deepEqual(
      results.toSorted((first, second) => first - second),
      [0, 0, 7000],
    );
    assert.equal((await deliveriesOf(sendId)).length, 7000);
  });

  it('leaves a send scheduled while its article is not yet published, and queues it once it is', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'embargoed' }, now);
    await subscribeReaders(db, newsletterId, { count: 3, prefix: 'embargoed' }, now);
    const later = new Date(now.getTime() + 3_600_000);
    const embargoed = await addArticle(db, seeded, { slug: 'embargoed-story', status: 'scheduled', publishedAt: later }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: [embargoed], scheduledFor: now }, now);
    assert.equal(await queueSend(db, sendId, now), 0);
    const send = await db.selectFrom('newsletter_sends').select('status').where('id', '=', sendId).executeTakeFirstOrThrow();
    assert.equal(send.status, 'scheduled');
    assert.equal((await deliveriesOf(sendId)).length, 0);
    await db.updateTable('articles').set({ status: 'published' }).where('id', '=', embargoed).execute();
    assert.equal(await queueSend(db, sendId, later), 3);
  });

  it('queues the sends that are due on the job loop’s pass, and closes at once a send with nobody to mail', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'empty' }, now);
    const empty = await addSend(db, { newsletterId, articleIds: [articleId], scheduledFor: now }, now);
    const tomorrow = await addSend(db, { newsletterId, articleIds: [articleId], scheduledFor: new Date(now.getTime() + 86_400_000) }, now);
    await queueDueSends(db, now);
    const sends = await db.selectFrom('newsletter_sends').select(['id', 'status', 'finished_at']).where('id', 'in', [empty, tomorrow]).orderBy('id').execute();
    assert.deepEqual(
      sends.map((send) => ({ ...send })),
      [
        { id: empty, status: 'sent', finished_at: now.toISOString() },
        { id: tomorrow, status: 'scheduled', finished_at: null },
      ],
    );
  });

  it('takes over a send left half-queued by an instance that died, without queueing anyone twice', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'resumed' }, now);
    await subscribeReaders(db, newsletterId, { count: 20, prefix: 'resumed' }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: [articleId], scheduledFor: now }, now);
    assert.equal(await queueSend(db, sendId, now), 20);
    // As if the queueing instance died before its last step: the send is still 'queueing'.
    await db.updateTable('newsletter_sends').set({ status: 'queueing' }).where('id', '=', sendId).execute();
    assert.equal(await queueSend(db, sendId, new Date(now.getTime() + 60_000)), 0, 'not while the first may still be at it');
    await queueDueSends(db, new Date(now.getTime() + 11 * 60_000));
    assert.equal((await deliveriesOf(sendId)).length, 20);
    const send = await db.selectFrom('newsletter_sends').select(['status', 'recipient_count']).where('id', '=', sendId).executeTakeFirstOrThrow();
    assert.deepEqual({ ...send }, { status: 'sending', recipient_count: 20 });
  });
});
