import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../test/database.ts';
import { prepareNewsletterSend, subscriberEvery } from './newsletter-readers.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-02T06:00:00Z');

describe("the newsletter bench's newsroom", () => {
  it('subscribes every generated reader to one newsletter, one in ten paying, and schedules a send of one metered article', async () => {
    const send = await prepareNewsletterSend(db, dialect, { recipients: 250, now });

    const subscribed = await db
      .selectFrom('newsletter_subscriptions')
      .select((eb) => eb.fn.countAll<number | string>().as('readers'))
      .where('newsletter_id', '=', send.newsletterId)
      .where('status', '=', 'subscribed')
      .executeTakeFirstOrThrow();
    assert.equal(Number(subscribed.readers), 250);
    const paying = await db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number | string>().as('readers'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    assert.equal(Number(paying.readers), 250 / subscriberEvery);

    const scheduled = await db.selectFrom('newsletter_sends').selectAll().where('id', '=', send.sendId).executeTakeFirstOrThrow();
    assert.equal(scheduled.status, 'scheduled');
    assert.equal(scheduled.scheduled_for, now.toISOString());
    const articles = await db
      .selectFrom('newsletter_send_articles as s')
      .innerJoin('articles as a', 'a.id', 's.article_id')
      .select(['a.id', 'a.access_level'])
      .where('s.send_id', '=', send.sendId)
      .execute();
    assert.deepEqual(
      articles.map((row) => ({ ...row })),
      [{ id: send.articleId, access_level: 'metered' }],
    );
  });
});
