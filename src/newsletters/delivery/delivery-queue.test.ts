import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { subscribeReaders } from '../../../test/delivery-fixtures.ts';
import { addNewsletter, addSend } from '../../../test/newsletter-send-fixtures.ts';
import { claimDeliveries, recordSent } from './delivery-queue.ts';
import { queueSend } from './queue-send.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-05-04T08:00:00Z');
const seeded = await seedPublication(db, now);
const articleId = await addArticle(db, seeded, { slug: 'recorded-story' }, now);

describe(`recording hand-overs (${dialect})`, () => {
  it('records several deliveries sent in one statement, each with its variant, and only those still its claim’s', async () => {
    const newsletterId = await addNewsletter(db, { slug: 'recorded' }, now);
    await subscribeReaders(db, newsletterId, { count: 3, prefix: 'recorded' }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: [articleId], scheduledFor: now }, now);
    await queueSend(db, sendId, now);
    const [full, preview, takenOver] = await claimDeliveries(db, dialect, { now, leaseMs: 60_000, limit: 10 });
    assert.ok(full && preview && takenOver);
    // Another sender claimed this one after its lease ran out: it is theirs now.
    await db.updateTable('newsletter_deliveries').set({ lease_until: '2026-05-04T09:00:00.000Z' }).where('id', '=', takenOver.id).execute();

    const recorded = await recordSent(
      db,
      [
        { ...full, variant: 'full' },
        { ...preview, variant: 'preview' },
        { ...takenOver, variant: 'preview' },
      ],
      { now },
    );
    assert.deepEqual([...recorded].sort(), [full.id, preview.id].sort());
    const rows = await db
      .selectFrom('newsletter_deliveries')
      .select(['id', 'status', 'variant', 'sent_at'])
      .where('send_id', '=', sendId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.id, row.status, row.variant, row.sent_at]),
      [
        [full.id, 'sent', 'full', now.toISOString()],
        [preview.id, 'sent', 'preview', now.toISOString()],
        [takenOver.id, 'sending', null, null],
      ],
    );
    assert.deepEqual(await recordSent(db, [{ ...full, variant: 'full' }], { now }), new Set(), 'a delivery already recorded is not recorded again');
  });
});
