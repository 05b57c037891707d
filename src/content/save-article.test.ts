import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { isForeignKeyViolation } from '../db/foreign-key-violation.ts';
import { InvalidArticleError, saveArticle, type ArticleDraft, type ArticleField } from './save-article.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect } = await openTestDatabase();
const seeded = await seedPublication(db, now);
const missing = 999_999;

const draft = (changes: Partial<ArticleDraft>): ArticleDraft => ({
  slug: 'harbour-strike-ends',
  sectionId: seeded.sectionIds.world,
  headline: 'Harbour strike ends',
  standfirst: 'Dock workers return.',
  dateline: 'Rotterdam',
  authorIds: [seeded.authorIds.reporter],
  bodyMarkdown: 'One.\n\nTwo.',
  leadImage: null,
  access: 'metered',
  previewBlockCount: 1,
  status: 'draft',
  sponsorId: null,
  publishedAt: null,
  ...changes,
});

async function refusedFor(changes: Partial<ArticleDraft>, field: ArticleField) {
  await assert.rejects(saveArticle(db, draft(changes), now), (error) => error instanceof InvalidArticleError && error.field === field);
}

describe(`saving an article that names what does not exist (${dialect})`, () => {
  it('is refused naming the field, for a section, an author, a sponsor or a lead image that is not there', async () => {
    await refusedFor({ sectionId: missing }, 'sectionId');
    await refusedFor({ authorIds: [seeded.authorIds.reporter, missing] }, 'authorIds');
    await refusedFor({ sponsorId: missing }, 'sponsorId');
    await refusedFor({ leadImage: { imageId: missing, caption: '', credit: '' } }, 'leadImage');
    const saved = await db.selectFrom('articles').select('id').where('slug', '=', 'harbour-strike-ends').executeTakeFirst();
    assert.equal(saved, undefined, 'nothing was written');
  });

  it('is saved when everything it names is there', async () => {
    await saveArticle(db, draft({ sponsorId: seeded.sponsorId, leadImage: { imageId: seeded.imageId, caption: '', credit: '' } }), now);
    assert.ok(await db.selectFrom('articles').select('id').where('slug', '=', 'harbour-strike-ends').executeTakeFirst());
  });

  it("knows the database's refusal of a missing reference, on either database", async () => {
    const article = await db.selectFrom('articles').select('id').where('slug', '=', 'harbour-strike-ends').executeTakeFirstOrThrow();
    const refusal = await db
      .insertInto('article_authors')
      .values({ article_id: article.id, author_id: missing, position: 5 })
      .execute()
      .then(
        () => null,
        (error: unknown) => error,
      );
    assert.ok(isForeignKeyViolation(refusal), String(refusal));
    assert.equal(isForeignKeyViolation(new Error('something else')), false);
  });
});
