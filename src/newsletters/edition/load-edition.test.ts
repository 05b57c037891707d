import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { addSend, seedNewsletterSend } from '../../../test/newsletter-send-fixtures.ts';
import { loadEdition } from './load-edition.ts';

const now = new Date('2026-11-20T12:00:00Z');
const siteUrl = new URL('https://gazette.example/');
const { db } = await openTestDatabase();
const fixture = await seedNewsletterSend(db, now);
const { seeded, newsletterId, planted } = fixture;
const metered = planted.get('metered');
const registered = planted.get('registered');
const premium = planted.get('premium');
if (!metered || !registered || !premium) throw new Error('planted articles missing');

describe('loading an edition', () => {
  it('gives the send, its newsletter and the publication’s name', async () => {
    const edition = await loadEdition(db, fixture.sendId, { siteUrl, now });
    assert.ok(edition);
    assert.equal(edition.sendId, fixture.sendId);
    assert.deepEqual(edition.newsletter, {
      id: newsletterId,
      slug: edition.newsletter.slug,
      name: 'The Morning Briefing',
      senderName: 'The Test Gazette',
      senderEmail: 'briefing@gazette.example',
      template: 'edition',
    });
    assert.equal(edition.subject, 'Today’s briefing');
    assert.equal(edition.siteName, 'The Test Gazette');
    assert.equal(edition.siteUrl, siteUrl);
  });

  it('renders the intro from Markdown, sanitized', async () => {
    const sendId = await addSend(db, { newsletterId, articleIds: [], intro: 'Hello **all**. <script>alert(1)</script> [Our desk](/world)' }, now);
    const edition = await loadEdition(db, sendId, { siteUrl, now });
    // markdown-it shows raw HTML as text, and the sanitizer would drop what it let through.
    assert.equal(
      edition?.introHtml,
      '<p>Hello <strong>all</strong>. &lt;script&gt;alert(1)&lt;/script&gt; <a href="https://gazette.example/world">Our desk</a></p>',
    );
    const silent = await loadEdition(db, await addSend(db, { newsletterId, articleIds: [], intro: '  ' }, now), { siteUrl, now });
    assert.equal(silent?.introHtml, null);
  });

  it('gives the articles in the send’s order, each with its absolute address, byline, dateline and section', async () => {
    const edition = await loadEdition(db, fixture.sendId, { siteUrl, now });
    assert.deepEqual(
      edition?.articles.map((article) => article.url),
      [
        'https://gazette.example/world/free-piece',
        'https://gazette.example/world/locked-metered',
        'https://gazette.example/world/locked-registered',
        'https://gazette.example/world/locked-premium',
      ],
    );
    const [free] = edition?.articles ?? [];
    assert.deepEqual(
      { id: free?.id, headline: free?.headline, standfirst: free?.standfirst, byline: free?.byline, dateline: free?.dateline, sectionName: free?.sectionName },
      {
        id: fixture.freeArticleId,
        headline: 'A free piece',
        standfirst: 'Free for everyone to read.',
        byline: 'Ada Reporter',
        dateline: 'Geneva',
        sectionName: 'World',
      },
    );
    const reordered = await addSend(db, { newsletterId, articleIds: [premium.id, fixture.freeArticleId] }, now);
    assert.deepEqual(
      (await loadEdition(db, reordered, { siteUrl, now }))?.articles.map((article) => article.id),
      [premium.id, fixture.freeArticleId],
    );
  });

  it('joins the authors’ names and leaves out an empty dateline', async () => {
    const id = await addArticle(db, seeded, { slug: 'two-hands', authors: ['reporter', 'critic'], dateline: '' }, now);
    const edition = await loadEdition(db, await addSend(db, { newsletterId, articleIds: [id] }, now), { siteUrl, now });
    assert.equal(edition?.articles[0]?.byline, 'Ada Reporter, Ben Critic');
    assert.equal(edition?.articles[0]?.dateline, null);
  });

  it('decides each article’s access as the site does for a reader who is not entitled', async () => {
    const edition = await loadEdition(db, fixture.sendId, { siteUrl, now });
    assert.deepEqual(
      edition?.articles.map((article) => article.access),
      ['free', 'metered', 'locked', 'locked'],
    );
  });

  it('cuts each body where the site’s preview ends, and keeps the whole body apart', async () => {
    const edition = await loadEdition(db, fixture.sendId, { siteUrl, now });
    const article = edition?.articles.find((candidate) => candidate.id === premium.id);
    assert.equal(article?.previewHtml, '<p>Opening paragraph OPENPREMIUMPREVIEW of the premium piece.</p>\n<p>Second open paragraph.</p>');
    assert.match(
      article?.fullHtml ?? '',
      /^<p>Opening paragraph OPENPREMIUMPREVIEW[\s\S]*<h2>PLANTEDPREMIUMTOKEN heading<\/h2>\n<p>Last words, PLANTEDPREMIUMTOKEN\.<\/p>$/,
    );
    const free = edition?.articles[0];
    assert.equal(free?.previewHtml, free?.fullHtml);
  });

  it('makes links in a body absolute', async () => {
    const id = await addArticle(
      db,
      seeded,
      {
        slug: 'linked',
        access: 'free',
        body: 'See [the section](/culture), [a note](notes?a=1&b=2), [elsewhere](https://other.example/x) and [mail](mailto:desk@gazette.example).',
      },
      now,
    );
    const edition = await loadEdition(db, await addSend(db, { newsletterId, articleIds: [id] }, now), { siteUrl, now });
    assert.equal(
      edition?.articles[0]?.fullHtml,
      '<p>See <a href="https://gazette.example/culture">the section</a>, <a href="https://gazette.example/notes?a=1&#38;b=2">a note</a>, <a href="https://other.example/x">elsewhere</a> and <a href="mailto:desk@gazette.example">mail</a>.</p>',
    );
  });

  it('names the lead image by the absolute address of a JPEG rendition for a 600px column', async () => {
    const edition = await loadEdition(db, fixture.sendId, { siteUrl, now });
    assert.deepEqual(edition?.articles[0]?.leadImage, {
      url: 'https://gazette.example/media/fixture-image-1200.jpg',
      alt: 'A harbour at dusk',
      caption: 'The harbour at dusk.',
      credit: '© Test Agency',
    });
  });

  it('leaves out an article that is a draft or not yet published', async () => {
    const draft = await addArticle(db, seeded, { slug: 'a-draft', status: 'draft', publishedAt: null }, now);
    const later = await addArticle(db, seeded, { slug: 'tomorrows', status: 'scheduled', publishedAt: new Date(now.getTime() + 86_400_000) }, now);
    const sendId = await addSend(db, { newsletterId, articleIds: [draft, fixture.freeArticleId, later] }, now);
    assert.deepEqual(
      (await loadEdition(db, sendId, { siteUrl, now }))?.articles.map((article) => article.id),
      [fixture.freeArticleId],
    );
  });

  it('is null for a send that does not exist', async () => {
    assert.equal(await loadEdition(db, 987_654, { siteUrl, now }), null);
  });
});
