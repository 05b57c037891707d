import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { findArticleForEditing } from './article-for-editing.ts';
import { saveArticle } from './save-article.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect } = await openTestDatabase();
const seeded = await seedPublication(db, now);

describe(`an article as the newsroom edits it (${dialect})`, () => {
  it('is read as written, whatever its status: Markdown, byline ids in order, lead image with its caption', async () => {
    const publishedAt = new Date('2026-11-21T09:30:00Z');
    const id = await saveArticle(
      db,
      {
        slug: 'talks-resume',
        sectionId: seeded.sectionIds.culture,
        headline: 'Talks resume',
        standfirst: 'Both sides return to the table.',
        dateline: 'Geneva',
        authorIds: [seeded.authorIds.critic, seeded.authorIds.reporter],
        bodyMarkdown: 'First *paragraph*.\n\nSecond paragraph.',
        leadImage: { imageId: seeded.imageId, caption: 'The harbour at dusk.', credit: '© Test Agency' },
        access: 'premium',
        previewBlockCount: 1,
        status: 'scheduled',
        sponsorId: seeded.sponsorId,
        publishedAt,
      },
      now,
    );
    const article = await findArticleForEditing(db, id);
    assert.ok(article);
    assert.deepEqual(
      { ...article, id: 0, revision: 0 },
      {
        id: 0,
        slug: 'talks-resume',
        headline: 'Talks resume',
        standfirst: 'Both sides return to the table.',
        sectionId: seeded.sectionIds.culture,
        sectionSlug: 'culture',
        authorIds: [seeded.authorIds.critic, seeded.authorIds.reporter],
        dateline: 'Geneva',
        access: 'premium',
        requiredTierSlug: null,
        previewBlockCount: 1,
        sponsorId: seeded.sponsorId,
        bodyMarkdown: 'First *paragraph*.\n\nSecond paragraph.',
        publishedAt,
        status: 'scheduled',
        revision: 0,
        createdBy: null,
        leadImage: { key: 'fixture-image', width: 1600, alt: 'A harbour at dusk', caption: 'The harbour at dusk.', credit: '© Test Agency' },
      },
    );
  });

  it('has no lead image, sponsor or time when the draft has none', async () => {
    const id = await saveArticle(
      db,
      {
        slug: 'a-bare-draft',
        sectionId: seeded.sectionIds.world,
        headline: 'A bare draft',
        standfirst: '',
        dateline: '',
        authorIds: [seeded.authorIds.reporter],
        bodyMarkdown: 'Only a line.',
        leadImage: null,
        access: 'free',
        previewBlockCount: 0,
        status: 'draft',
        sponsorId: null,
        publishedAt: null,
      },
      now,
    );
    const article = await findArticleForEditing(db, id);
    assert.equal(article?.leadImage, null);
    assert.equal(article?.sponsorId, null);
    assert.equal(article?.publishedAt, null);
    assert.equal(article?.status, 'draft');
  });

  it('is missing for an id no article has', async () => {
    assert.equal(await findArticleForEditing(db, 999_999), undefined);
  });
});
