import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parseDocument } from 'htmlparser2';
import { issueFeedToken } from '../../feeds/feed-tokens.ts';
import { buildTestApp } from '../../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { withoutXmllint } from '../../../test/xmllint.ts';
import { signedInCookie } from '../../../test/readers.ts';

/**
 * Every feed the site serves validates: RSS 2.0 and Atom 1.0 against RELAX NG grammars written from
 * their specifications (by the system's xmllint), JSON Feed 1.1 against a JSON Schema written from
 * its specification (by ajv). The publication is made awkward on purpose: markup and "]]>" in a
 * headline, a sponsored piece with two bylines, locked articles, and a section and an author whose
 * names, like one article's headline and standfirst, are written to break out of XML and into HTML.
 */
const fixtures = path.join(import.meta.dirname, 'test-fixtures');
const rssGrammar = path.join(fixtures, 'rss-2.0.rng');
const atomGrammar = path.join(fixtures, 'atom-1.0.rng');
const validateJsonFeed = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(
  JSON.parse(readFileSync(path.join(fixtures, 'json-feed-1.1.schema.json'), 'utf8')),
);
const scratch = mkdtempSync(path.join(tmpdir(), 'dateline-feeds-'));

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
await addArticle(
  db,
  seeded,
  {
    slug: 'fish-and-chips',
    access: 'free',
    headline: 'Fish <3 chips & "peas" ]]> vinegar',
    body: 'A [link](/culture) and text ]]> more.\n\n```\ncode <b>\n```\n\nEnd.',
  },
  now,
);
await addArticle(db, seeded, { slug: 'premium-piece', access: 'premium' }, now);
await addArticle(db, seeded, { slug: 'sponsored-piece', access: 'metered', sponsored: true, section: 'culture', authors: ['reporter', 'critic'] }, now);
await addArticle(db, seeded, { slug: 'registered-piece', access: 'registered', section: 'culture', authors: ['critic'] }, now);
/** Text that ends a CDATA section (twice: the old writer split only the first), opens elements and attributes, and holds escapes of its own. */
const hostile = (field: string) =>
  `${field} <img src=x onerror=alert(1)> & "q" 'a' ]]> ]]><b>x</b> &amp; &lt;i&gt; <![CDATA[c]]> </title><script>alert(1)</script>`;
await db
  .updateTable('sections')
  .set({ name: hostile('Section') })
  .where('slug', '=', 'culture')
  .execute();
await db
  .updateTable('authors')
  .set({ name: hostile('Author') })
  .where('slug', '=', 'ben-critic')
  .execute();
await addArticle(
  db,
  seeded,
  { slug: 'hostile-text', access: 'free', section: 'culture', authors: ['critic'], headline: hostile('Headline'), standfirst: hostile('Standfirst') },
  now,
);
// The text as saved (the editor's typography curls the quotes), which is what every feed must carry.
const saved = await db.selectFrom('articles').select(['headline', 'standfirst']).where('slug', '=', 'hostile-text').executeTakeFirstOrThrow();
const hostileText = { headline: saved.headline, standfirst: saved.standfirst, section: hostile('Section'), author: hostile('Author') };
const subscriber = await signedInCookie(db, 'reader', now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
await addActiveSubscription(db, { accountId: subscriber.accountId, planId: plan.id, now });
const token = await issueFeedToken(db, subscriber.accountId, now);
const app = await buildTestApp(database, { now: () => now });

const feedPlaces = ['', '/world', '/culture', '/authors/ada-reporter', '/authors/ben-critic', `/feeds/private/${token}`];

let fileCount = 0;
function xmllint(args: readonly string[], xml: string): { status: number | null; output: string } {
  fileCount += 1;
  const file = path.join(scratch, `feed-${fileCount}.xml`);
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', [...args, file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function validatesAgainst(grammar: string, xml: string): { isValid: boolean; output: string } {
  const { status, output } = xmllint(['--noout', '--relaxng', grammar], xml);
  return { isValid: status === 0, output };
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** An RFC 822 date (RSS 2.0's dates) that names a real moment and the right weekday for it. */
function isRfc822Date(text: string): boolean {
  const match =
    /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2,4} \d{2}:\d{2}(?::\d{2})? (?:UT|GMT|[+-]\d{4})$/.exec(
      text,
    );
  if (!match) return false;
  const moment = new Date(text);
  return !Number.isNaN(moment.getTime()) && (match[1] === undefined || weekdays[moment.getUTCDay()] === match[1]);
}

function rssDates(xml: string): string[] {
  return [...xml.matchAll(/<(pubDate|lastBuildDate)>([^<]*)<\//g)].map((match) => match[2] ?? '');
}

function xpathNumber(xml: string, expression: string): number {
  return Number(xmllint(['--xpath', expression], xml).output.trim());
}

async function feed(url: string): Promise<string> {
  const response = await app.inject({ method: 'GET', url });
  assert.equal(response.statusCode, 200, `${url} answered ${response.statusCode}`);
  return response.body;
}

describe(`every feed validates (${dialect})`, () => {
  for (const place of feedPlaces) {
    const name = place === '' ? 'the site' : place.startsWith('/feeds/private') ? 'a subscriber’s private feed' : place;
    describe(name, () => {
      it('is RSS 2.0, with RFC 822 dates', { skip: withoutXmllint }, async () => {
        const xml = await feed(`${place}/feed.xml`);
        const { isValid, output } = validatesAgainst(rssGrammar, xml);
        assert.ok(isValid, output);
        const dates = rssDates(xml);
        assert.ok(dates.length > 0);
        for (const date of dates) assert.ok(isRfc822Date(date), `${date} is not an RFC 822 date`);
      });

      it('is Atom 1.0, with an author for every entry', { skip: withoutXmllint }, async () => {
        const xml = await feed(`${place}/atom.xml`);
        const { isValid, output } = validatesAgainst(atomGrammar, xml);
        assert.ok(isValid, output);
        const feedAuthors = xpathNumber(xml, "count(/*[local-name()='feed']/*[local-name()='author'])");
        const entriesWithoutAuthor = xpathNumber(xml, "count(/*[local-name()='feed']/*[local-name()='entry'][not(*[local-name()='author'])])");
        assert.ok(feedAuthors > 0 || entriesWithoutAuthor === 0, 'RFC 4287 4.1.1: an entry without an author needs the feed to have one');
      });

      it('is JSON Feed 1.1, with its bylines as authors', async () => {
        const json: unknown = JSON.parse(await feed(`${place}/feed.json`));
        assert.ok(validateJsonFeed(json), JSON.stringify(validateJsonFeed.errors, null, 2));
        assert.ok(typeof json === 'object' && json !== null && 'items' in json && Array.isArray(json.items));
        for (const item of json.items) assert.equal('author' in item, false, 'JSON Feed 1.1 items carry `authors`, not the deprecated `author`');
      });
    });
  }
});

/** The text of the one node an XPath expression names, as xmllint reads it. */
function xpathText(xml: string, expression: string): string {
  assert.equal(xpathNumber(xml, `count(${expression})`), 1, `one node at ${expression}`);
  return xmllint(['--xpath', `string(${expression})`], xml).output.replace(/\n$/, '');
}

/** What a feed reader shows of an HTML field: its elements' names, and its text with the entities read. */
function readAsHtml(html: string): { elements: string[]; text: string } {
  const elements: string[] = [];
  let text = '';
  const visit = (nodes: ReturnType<typeof parseDocument>['children']) => {
    for (const node of nodes) {
      if (node.type === 'text') text += node.data;
      if ('name' in node && 'attribs' in node)
        elements.push(
          `${node.name}${Object.keys(node.attribs)
            .map((name) => ` ${name}`)
            .join('')}`,
        );
      if ('children' in node) visit(node.children);
    }
  };
  visit(parseDocument(html).children);
  return { elements, text };
}

const hostileUrl = 'https://news.example/culture/hostile-text';
const hostilePlaces = ['', '/culture', '/authors/ben-critic', `/feeds/private/${token}`];
const byPlainName = (local: string) => `*[local-name()='${local}']`;

describe(`plain text arrives as text in every feed format, however hostile (${dialect})`, () => {
  for (const place of hostilePlaces) {
    const name = place === '' ? 'the site' : place.startsWith('/feeds/private') ? 'a subscriber’s private feed' : place;
    describe(name, () => {
      it('RSS: the title, category and creator are the text as typed; the description is HTML that shows the standfirst as text', {
        skip: withoutXmllint,
      }, async () => {
        const xml = await feed(`${place}/feed.xml`);
        const item = `/rss/channel/item[link='${hostileUrl}']`;
        assert.equal(xpathText(xml, `${item}/title`), hostileText.headline);
        assert.equal(xpathText(xml, `${item}/category`), hostileText.section);
        assert.equal(xpathText(xml, `${item}/${byPlainName('creator')}`), hostileText.author);
        assert.deepEqual(readAsHtml(xpathText(xml, `${item}/description`)), { elements: [], text: hostileText.standfirst });
        const content = readAsHtml(xpathText(xml, `${item}/${byPlainName('encoded')}`));
        assert.deepEqual(
          content.elements.filter((element) => /^(img|script|b|i)\b| on/.test(element)),
          [],
          'nothing of the hostile text is markup in the body',
        );
        if (place === '/culture') assert.equal(xpathText(xml, '/rss/channel/title'), `${hostileText.section} | The Test Gazette`);
        if (place === '/authors/ben-critic') assert.equal(xpathText(xml, '/rss/channel/title'), `${hostileText.author} | The Test Gazette`);
      });

      it('Atom: titles and summaries are text constructs holding the text as typed, as are author names and category labels', {
        skip: withoutXmllint,
      }, async () => {
        const xml = await feed(`${place}/atom.xml`);
        const entry = `/${byPlainName('feed')}/${byPlainName('entry')}[${byPlainName('id')}='${hostileUrl}']`;
        assert.equal(xpathText(xml, `${entry}/${byPlainName('title')}`), hostileText.headline);
        assert.equal(xpathText(xml, `${entry}/${byPlainName('title')}/@type`), 'text');
        assert.equal(xpathText(xml, `${entry}/${byPlainName('summary')}`), hostileText.standfirst);
        assert.equal(xpathText(xml, `${entry}/${byPlainName('summary')}/@type`), 'text');
        assert.equal(xpathText(xml, `${entry}/${byPlainName('author')}/${byPlainName('name')}`), hostileText.author);
        assert.equal(xpathText(xml, `${entry}/${byPlainName('category')}/@label`), hostileText.section);
        assert.equal(xpathText(xml, `${entry}/${byPlainName('category')}/@term`), hostileText.section);
        const content = readAsHtml(xpathText(xml, `${entry}/${byPlainName('content')}`));
        assert.deepEqual(
          content.elements.filter((element) => /^(img|script|b|i)\b| on/.test(element)),
          [],
          'nothing of the hostile text is markup in the body',
        );
        if (place === '/culture') assert.equal(xpathText(xml, `/${byPlainName('feed')}/${byPlainName('title')}`), `${hostileText.section} | The Test Gazette`);
      });

      it('JSON Feed: the title, summary, author names and tags are the text as typed', async () => {
        const json: unknown = JSON.parse(await feed(`${place}/feed.json`));
        assert.ok(typeof json === 'object' && json !== null && 'items' in json && Array.isArray(json.items));
        const item: unknown = json.items.find((each: unknown) => typeof each === 'object' && each !== null && 'url' in each && each.url === hostileUrl);
        assert.ok(typeof item === 'object' && item !== null, 'the hostile article is in the feed');
        assert.deepEqual(
          {
            title: 'title' in item && item.title,
            summary: 'summary' in item && item.summary,
            authors: 'authors' in item && item.authors,
            tags: 'tags' in item && item.tags,
          },
          {
            title: hostileText.headline,
            summary: hostileText.standfirst,
            authors: [{ name: hostileText.author, url: 'https://news.example/authors/ben-critic' }],
            tags: [hostileText.section],
          },
        );
      });
    });
  }
});

describe('the checks refuse feeds that break the specifications', () => {
  it('refuses RSS whose channel has no description, whose item has neither title nor description, or whose date is not RFC 822', {
    skip: withoutXmllint,
  }, async () => {
    const xml = await feed('/feed.xml');
    assert.ok(validatesAgainst(rssGrammar, xml).isValid);
    assert.equal(validatesAgainst(rssGrammar, xml.replace(/<description>[^<]*<\/description>/, '')).isValid, false);
    assert.equal(
      validatesAgainst(
        rssGrammar,
        xml.replace(/<title>Headline of premium-piece<\/title>/, '').replace(/<description><!\[CDATA\[Standfirst of premium-piece.\]\]><\/description>/, ''),
      ).isValid,
      false,
    );
    assert.equal(validatesAgainst(rssGrammar, xml.replace(/<pubDate>[^<]*<\/pubDate>/, '<pubDate>2026-11-20T16:00:00Z</pubDate>')).isValid, false);
    assert.equal(
      validatesAgainst(rssGrammar, xml.replace('<dc:creator>', '<author>').replace('</dc:creator>', '</author>')).isValid,
      false,
      'an author that is not an e-mail address',
    );
    assert.equal(isRfc822Date('Sat, 20 Nov 2026 16:00:00 GMT'), false, 'the wrong weekday');
    assert.equal(isRfc822Date('Fri, 20 Nov 2026 16:00:00 GMT'), true);
  });

  it('refuses Atom with an entry missing its id, or a date that is not RFC 3339', { skip: withoutXmllint }, async () => {
    const xml = await feed('/atom.xml');
    assert.ok(validatesAgainst(atomGrammar, xml).isValid);
    assert.equal(validatesAgainst(atomGrammar, xml.replace(/(<entry>\s*<title[\s\S]*?<\/title>\s*)<id>[^<]*<\/id>/, '$1')).isValid, false);
    assert.equal(validatesAgainst(atomGrammar, xml.replace(/<updated>[^<]*<\/updated>/, '<updated>Fri, 20 Nov 2026</updated>')).isValid, false);
  });

  it('refuses JSON Feed 1.0, an item with no content, and keys the specification does not define', async () => {
    const parsed: unknown = JSON.parse(await feed('/feed.json'));
    assert.ok(typeof parsed === 'object' && parsed !== null);
    const json = { ...parsed };
    assert.ok(validateJsonFeed(json));
    assert.equal(validateJsonFeed({ ...json, version: 'https://jsonfeed.org/version/1' }), false);
    assert.equal(validateJsonFeed({ ...json, items: [{ id: 'x', title: 'No content' }] }), false);
    assert.equal(validateJsonFeed({ ...json, publisher: 'Someone' }), false);
  });
});
