import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { draftOf, matchAuthor, newAuthorOf, statusOf, type ArchiveArticle } from './archive-article.ts';

const now = new Date('2026-11-20T12:00:00Z');
const article: ArchiveArticle = {
  line: 4,
  sectionSlug: 'world',
  slug: 'ceasefire-holds',
  headline: 'Ceasefire holds',
  standfirst: 'Both sides kept to the line.',
  dateline: 'Geneva',
  bylines: ['Ada Reporter', 'ada-reporter', 'Old Hand'],
  bodyMarkdown: 'One.\n\nTwo.',
  access: 'premium',
  previewBlockCount: null,
  publishedAt: new Date('2019-03-14T08:30:00Z'),
};
const authors = [
  { id: 1, slug: 'ada-reporter', name: 'Ada Reporter' },
  { id: 2, slug: 'ben', name: 'Ben Critic' },
];

describe('an archive article as a draft of the newsroom', () => {
  it('takes the section and authors by id, lists an author once, and has no lead image or sponsor', () => {
    assert.deepEqual(draftOf(article, { sectionId: 9, authorIds: [1, 1, 3], defaultPreviewBlocks: 2, now }), {
      slug: 'ceasefire-holds',
      sectionId: 9,
      headline: 'Ceasefire holds',
      standfirst: 'Both sides kept to the line.',
      dateline: 'Geneva',
      authorIds: [1, 3],
      bodyMarkdown: 'One.\n\nTwo.',
      leadImage: null,
      access: 'premium',
      previewBlockCount: 2,
      status: 'published',
      sponsorId: null,
      publishedAt: new Date('2019-03-14T08:30:00Z'),
    });
  });

  it('keeps a preview length of its own over the publication’s default', () => {
    assert.equal(draftOf({ ...article, previewBlockCount: 0 }, { sectionId: 9, authorIds: [1], defaultPreviewBlocks: 2, now }).previewBlockCount, 0);
  });

  it('is published if its time has passed, scheduled if it is still to come, a draft without one', () => {
    assert.equal(statusOf(new Date('2019-03-14T08:30:00Z'), now), 'published');
    assert.equal(statusOf(now, now), 'published');
    assert.equal(statusOf(new Date('2027-01-01T00:00:00Z'), now), 'scheduled');
    assert.equal(statusOf(null, now), 'draft');
  });
});

describe('a byline', () => {
  it('names the author with that slug, else that name, else the slug the name makes', () => {
    assert.equal(matchAuthor('ben', authors)?.id, 2);
    assert.equal(matchAuthor('Ben Critic', authors)?.id, 2, 'found by name though the slug is the newsroom’s own');
    assert.equal(matchAuthor('ada reporter', authors)?.id, 1);
    assert.equal(matchAuthor('Old Hand', authors), undefined);
  });

  it('of someone the site does not know makes a new author, slug from the name', () => {
    assert.deepEqual(newAuthorOf('Zoë Old-Hand'), { slug: 'zoe-old-hand', name: 'Zoë Old-Hand' });
  });
});
