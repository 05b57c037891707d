import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { countPublishedArticles, findPublishedArticle, listPublishedArticles } from './article-repository.ts';
import { saveArticle } from './save-article.ts';

const now = new Date('2026-11-20T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

const { db } = await openTestDatabase();
const seeded = await seedPublication(db, now);
await addArticle(db, seeded, { slug: 'newest', publishedAt: hoursAgo(1), authors: ['reporter', 'critic'] }, now);
await addArticle(db, seeded, { slug: 'older', publishedAt: hoursAgo(5), section: 'culture', authors: ['critic'] }, now);
await addArticle(db, seeded, { slug: 'a-draft', status: 'draft', publishedAt: null }, now);
await addArticle(db, seeded, { slug: 'scheduled', status: 'published', publishedAt: new Date(now.getTime() + 3_600_000) }, now);
await addArticle(db, seeded, { slug: 'sponsored', publishedAt: hoursAgo(3), sponsored: true, access: 'free' }, now);

describe('articles in the database', () => {
  it('lists only published articles whose time has come, newest first', async () => {
    const listed = await listPublishedArticles(db, { now, limit: 10 });
    assert.deepEqual(
      listed.map((article) => article.slug),
      ['newest', 'sponsored', 'older'],
    );
    assert.equal(await countPublishedArticles(db, { now }), 3);
  });

  it('filters by section and by author', async () => {
    const culture = await listPublishedArticles(db, { now, limit: 10, sectionId: seeded.sectionIds.culture });
    assert.deepEqual(
      culture.map((article) => article.slug),
      ['older'],
    );
    const byCritic = await listPublishedArticles(db, { now, limit: 10, authorId: seeded.authorIds.critic });
    assert.deepEqual(
      byCritic.map((article) => article.slug),
      ['newest', 'older'],
    );
    assert.equal(await countPublishedArticles(db, { now, authorId: seeded.authorIds.critic }), 2);
  });

  it('reads an article with its byline in order, lead image, sponsor and rendered body', async () => {
    const newest = await findPublishedArticle(db, 'newest', now);
    assert.ok(newest);
    assert.deepEqual(
      newest.authors.map((author) => author.name),
      ['Ada Reporter', 'Ben Critic'],
    );
    assert.equal(newest.leadImage?.credit, '© Test Agency');
    assert.equal(newest.leadImage?.image.alt, 'A harbour at dusk');
    assert.equal(newest.body.length, 3);
    assert.equal(newest.body[0]?.html, '<p>First paragraph of newest.</p>');
    assert.equal(newest.sponsor, null);
    const sponsored = await findPublishedArticle(db, 'sponsored', now);
    assert.equal(sponsored?.sponsor?.name, 'Acme Energy');
  });

  it('does not show drafts or articles scheduled for later', async () => {
    assert.equal(await findPublishedArticle(db, 'a-draft', now), undefined);
    assert.equal(await findPublishedArticle(db, 'scheduled', now), undefined);
    assert.ok(await findPublishedArticle(db, 'scheduled', new Date(now.getTime() + 2 * 3_600_000)));
  });

  it('updates an article in place when saved again under the same slug', async () => {
    const id = await addArticle(db, seeded, { slug: 'revised', headline: 'First version' }, now);
    const againId = await addArticle(db, seeded, { slug: 'revised', headline: 'Second version', authors: ['critic'] }, now);
    assert.equal(againId, id);
    const revised = await findPublishedArticle(db, 'revised', now);
    assert.equal(revised?.headline, 'Second version');
    assert.deepEqual(
      revised?.authors.map((author) => author.name),
      ['Ben Critic'],
    );
  });

  it('refuses a draft that breaks the content rules, with a message for the writer', async () => {
    const draft = {
      slug: 'Bad Slug',
      sectionId: seeded.sectionIds.world,
      headline: 'x',
      standfirst: '',
      dateline: '',
      authorIds: [seeded.authorIds.reporter],
      bodyMarkdown: '',
      leadImage: null,
      access: 'free' as const,
      previewBlockCount: 2,
      status: 'published' as const,
      sponsorId: null,
      publishedAt: now,
    };
    await assert.rejects(saveArticle(db, draft, now), /not a valid slug/);
    await assert.rejects(saveArticle(db, { ...draft, slug: 'ok', authorIds: [] }, now), /at least one author/);
    await assert.rejects(saveArticle(db, { ...draft, slug: 'ok', publishedAt: null }, now), /publication time/);
  });

  it('sanitizes stored body HTML again when it is read, in case the database was altered', async () => {
    await db
      .updateTable('articles')
      .set({
        body_blocks: JSON.stringify([
          { kind: 'paragraph', html: '<p onclick="steal()">Hi<script>alert(1)</script><iframe src="https://evil.example"></iframe></p>' },
        ]),
      })
      .where('slug', '=', 'older')
      .execute();
    const older = await findPublishedArticle(db, 'older', now);
    assert.equal(older?.body[0]?.html, '<p>Hi</p>');
  });
});
