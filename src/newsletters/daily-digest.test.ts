import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createDueDailyDigests, dailyDigestDue, digestDayLabel, publicationDayOf } from './daily-digest.ts';
import { insertNewsletter } from './sends/newsletter-repository.ts';

describe('when a section’s daily digest is due', () => {
  const created = new Date('2026-11-01T00:00:00Z');
  it('is due from its time on the publication’s clock, for the publication’s day', () => {
    // 06:59 and 07:00 in New York (UTC-5 in December).
    assert.equal(dailyDigestDue({ sendTime: '07:00', createdAt: created }, new Date('2026-12-02T11:59:00Z'), 'America/New_York'), null);
    const due = dailyDigestDue({ sendTime: '07:00', createdAt: created }, new Date('2026-12-02T12:00:00Z'), 'America/New_York');
    assert.deepEqual(due, { day: '2026-12-02', dayStart: new Date('2026-12-02T05:00:00Z'), sendAt: new Date('2026-12-02T12:00:00Z') });
  });

  it('takes the publication’s day, not the server’s: 23:30 in New York is the next day in UTC', () => {
    assert.equal(publicationDayOf(new Date('2026-12-03T04:30:00Z'), 'America/New_York'), '2026-12-02');
    assert.equal(dailyDigestDue({ sendTime: '23:00', createdAt: created }, new Date('2026-12-03T04:30:00Z'), 'America/New_York')?.day, '2026-12-02');
  });

  it('waits for the next day when the newsletter came after today’s time', () => {
    assert.equal(
      dailyDigestDue({ sendTime: '07:00', createdAt: new Date('2026-12-02T13:00:00Z') }, new Date('2026-12-02T14:00:00Z'), 'America/New_York'),
      null,
    );
  });

  it('names the day in the subject', () => {
    assert.equal(digestDayLabel('2026-12-02'), 'Wednesday 2 December');
  });
});

describe('the daily digest job', async () => {
  const now = new Date('2026-12-02T15:00:00Z'); // 10:00 in New York
  const { db } = await openTestDatabase();
  const seeded = await seedPublication(db, new Date('2026-11-01T00:00:00Z'));
  const newsletter = {
    description: 'Daily.',
    cadence: 'daily',
    senderName: 'Desk',
    senderEmail: 'desk@example.org',
    audience: 'anyone',
    template: 'briefing',
  } as const;
  const world = await insertNewsletter(
    db,
    { ...newsletter, slug: 'world-daily', name: 'World daily', daily: { sectionId: seeded.sectionIds.world, sendTime: '09:00' } },
    new Date('2026-11-01T00:00:00Z'),
  );
  await insertNewsletter(
    db,
    { ...newsletter, slug: 'culture-daily', name: 'Culture daily', daily: { sectionId: seeded.sectionIds.culture, sendTime: '09:00' } },
    new Date('2026-11-01T00:00:00Z'),
  );
  const morning = await addArticle(db, seeded, { slug: 'morning', publishedAt: new Date('2026-12-02T13:00:00Z') }, now);
  const early = await addArticle(db, seeded, { slug: 'early', publishedAt: new Date('2026-12-02T06:00:00Z') }, now);
  await addArticle(db, seeded, { slug: 'yesterday', publishedAt: new Date('2026-12-02T04:00:00Z') }, now);
  await addArticle(db, seeded, { slug: 'after-the-time', publishedAt: new Date('2026-12-02T14:30:00Z') }, now);

  it('makes one send of the day’s section articles by its time, newest first, and none for a section with none', async () => {
    assert.equal(await createDueDailyDigests(db, now), 1);
    const sends = await db.selectFrom('newsletter_sends').selectAll().execute();
    assert.equal(sends.length, 1);
    assert.equal(sends[0]?.newsletter_id, world);
    assert.equal(sends[0]?.kind, 'section-digest');
    assert.equal(sends[0]?.digest_day, '2026-12-02');
    assert.equal(sends[0]?.subject, 'World daily: Wednesday 2 December');
    const articles = await db.selectFrom('newsletter_send_articles').select('article_id').orderBy('position').execute();
    assert.deepEqual(
      articles.map((row) => row.article_id),
      [morning, early],
    );
  });

  it('makes no second send that day, however often or from however many instances it runs', async () => {
    const runs = await Promise.all([
      createDueDailyDigests(db, now),
      createDueDailyDigests(db, now),
      createDueDailyDigests(db, new Date(now.getTime() + 60_000)),
    ]);
    assert.deepEqual(runs, [0, 0, 0]);
    assert.equal((await db.selectFrom('newsletter_sends').select('id').execute()).length, 1);
  });
});
