import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { insertNewsletter, listNewsletters, setNewsletterStatus } from './newsletter-repository.ts';
import { cancelSend, createSend, listRecentSends, readSendReport } from './sends.ts';
import type { SendRequest } from './send-draft.ts';

const now = new Date('2026-12-02T15:00:00Z');
const later = new Date('2026-12-03T11:00:00Z');
const { db } = await openTestDatabase();
const seeded = await seedPublication(db, now);
const editor = await insertAccount(db, { email: 'editor@example.org', name: 'Eda Editor', passwordHash: null, role: 'editor', now });
const reader = await insertAccount(db, { email: 'reader@example.org', name: 'Rea Reader', passwordHash: null, role: 'reader', now });
const published = await addArticle(db, seeded, { slug: 'published' }, now);
const second = await addArticle(db, seeded, { slug: 'second' }, now);
const scheduled = await addArticle(db, seeded, { slug: 'scheduled', status: 'scheduled', publishedAt: later }, now);
const draft = await addArticle(db, seeded, { slug: 'draft', status: 'draft', publishedAt: null }, now);
const newsletter = {
  slug: 'briefing',
  name: 'Briefing',
  description: 'Mornings.',
  cadence: 'daily',
  senderName: 'Desk',
  senderEmail: 'desk@example.org',
} as const;
const briefing = await insertNewsletter(db, { ...newsletter, audience: 'anyone', template: 'briefing', daily: null }, now);
const archived = await insertNewsletter(db, { ...newsletter, slug: 'old', name: 'Old', audience: 'anyone', template: 'edition', daily: null }, now);
await setNewsletterStatus(db, archived, 'archived', now);

const digest = (changes: Partial<SendRequest> = {}): SendRequest => ({
  newsletterId: briefing,
  kind: 'digest',
  subject: 'The week',
  intro: 'Read **these**.',
  articleIds: [second, published],
  scheduledFor: now,
  createdBy: editor,
  ...changes,
});

async function refusalOf(request: SendRequest): Promise<string | null> {
  try {
    await createSend(db, request, now);
    return null;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.meaning.kind === 'invalid' ? error.meaning.field : error.meaning.kind;
  }
}

describe('a send the newsroom creates', () => {
  it('is saved as scheduled for its time, with its articles in the order given', async () => {
    const id = await createSend(db, digest({ subject: '  The   week ' }), now);
    const report = await readSendReport(db, id);
    assert.equal(report.send.status, 'scheduled');
    assert.equal(report.send.subject, 'The week');
    assert.equal(report.send.scheduled_for, now.toISOString());
    assert.equal(report.send.created_by, editor);
    assert.deepEqual(
      report.articles.map((article) => article.id),
      [second, published],
    );
    assert.equal(report.newsletter.name, 'Briefing');
  });

  it('waits with an article’s send for its scheduled article, which a digest may not carry before it is due', async () => {
    assert.ok((await createSend(db, digest({ kind: 'article', articleIds: [scheduled], scheduledFor: later }), now)) > 0);
    assert.equal(await refusalOf(digest({ articleIds: [scheduled] })), 'articles');
    assert.ok((await createSend(db, digest({ articleIds: [scheduled], scheduledFor: later }), now)) > 0);
  });

  it('refuses what cannot go out, naming what to change', async () => {
    assert.equal(await refusalOf(digest({ subject: ' ' })), 'subject');
    assert.equal(await refusalOf(digest({ articleIds: [] })), 'articles');
    assert.equal(await refusalOf(digest({ articleIds: [published, published] })), 'articles');
    assert.equal(await refusalOf(digest({ articleIds: [draft] })), 'articles');
    assert.equal(await refusalOf(digest({ articleIds: [999_999] })), 'articles');
    assert.equal(await refusalOf(digest({ kind: 'article', articleIds: [published, second] })), 'articles');
    assert.equal(await refusalOf(digest({ scheduledFor: new Date(now.getTime() - 3_600_000) })), 'scheduledFor');
    assert.equal(await refusalOf(digest({ newsletterId: archived })), 'newsletter');
    assert.equal(await refusalOf(digest({ digestDay: '2026-12-02' })), 'scheduledFor');
  });

  it('counts each newsletter’s subscribers and its last send', async () => {
    await db
      .insertInto('newsletter_subscriptions')
      .values({
        newsletter_id: briefing,
        account_id: reader,
        status: 'subscribed',
        consent_source: 'account',
        consented_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    const id = await createSend(db, digest(), now);
    await db.updateTable('newsletter_sends').set({ status: 'sent' }).where('id', '=', id).execute();
    const [first, last] = await listNewsletters(db);
    assert.equal(first?.name, 'Briefing');
    assert.equal(first?.subscriberCount, 1);
    assert.equal(first?.lastSentAt, now.toISOString());
    assert.equal(last?.status, 'archived');
    assert.equal(last?.lastSentAt, null);
  });
});

describe('a send’s report and its cancelation', () => {
  it('counts the copies by status and the recipients who clicked', async () => {
    const id = await createSend(db, digest(), now);
    const other = await insertAccount(db, { email: 'other@example.org', name: 'Other', passwordHash: null, role: 'reader', now });
    await db
      .insertInto('newsletter_deliveries')
      .values([
        { send_id: id, account_id: reader, status: 'sent', clicks: 3, first_clicked_at: now.toISOString() },
        { send_id: id, account_id: other, status: 'suppressed', clicks: 0, first_clicked_at: null },
      ])
      .execute();
    const report = await readSendReport(db, id);
    assert.deepEqual(report.deliveries, { queued: 0, sending: 0, sent: 1, failed: 0, suppressed: 1 });
    assert.equal(report.clickedRecipients, 1);
    assert.equal(report.clicks, 3);
  });

  it('cancels a scheduled or queueing send, taking out its queued copies, and nothing once it is sending', async () => {
    const id = await createSend(db, digest(), now);
    await db.updateTable('newsletter_sends').set({ status: 'queueing' }).where('id', '=', id).execute();
    await db.insertInto('newsletter_deliveries').values({ send_id: id, account_id: reader, status: 'queued' }).execute();
    const before = await cancelSend(db, id, now);
    assert.equal(before.status, 'queueing');
    const report = await readSendReport(db, id);
    assert.equal(report.send.status, 'canceled');
    assert.equal(report.deliveries.queued, 0);
    await assert.rejects(cancelSend(db, id, now), (error: DomainError) => error.code === 'not-cancelable');
    const sending = await createSend(db, digest(), now);
    await db.updateTable('newsletter_sends').set({ status: 'sending' }).where('id', '=', sending).execute();
    await assert.rejects(cancelSend(db, sending, now), (error: DomainError) => error.meaning.kind === 'conflict');
    await assert.rejects(cancelSend(db, 999_999, now), (error: DomainError) => error.meaning.kind === 'not-found');
  });

  it('lists recent sends, newest time first, for one newsletter or all', async () => {
    const sends = await listRecentSends(db, { newsletterId: briefing });
    assert.ok(sends.length > 3);
    assert.equal(sends[0]?.scheduled_for, later.toISOString());
    assert.equal((await listRecentSends(db, { newsletterId: archived })).length, 0);
  });
});
