import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
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
 * headline, a sponsored piece with two bylines, locked articles.
 */
const fixtures = path.join(import.meta.dirname, 'test-fixtures');
const rssGrammar = path.join(fixtures, 'rss-2.0.rng');
const atomGrammar = path.join(fixtures, 'atom-1.0.rng');
const validateJsonFeed = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(path.join(fixtures, 'json-feed-1.1.schema.json'), 'utf8')));
const scratch = mkdtempSync(path.join(tmpdir(), 'dateline-feeds-'));

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
await addArticle(db, seeded, { slug: 'fish-and-chips', access: 'free', headline: 'Fish <3 chips & "peas" ]]> vinegar', body: 'A [link](/culture) and text ]]> more.\n\n```\ncode <b>\n```\n\nEnd.' }, now);
await addArticle(db, seeded, { slug: 'premium-piece', access: 'premium' }, now);
await addArticle(db, seeded, { slug: 'sponsored-piece', access: 'metered', sponsored: true, section: 'culture', authors: ['reporter', 'critic'] }, now);
await addArticle(db, seeded, { slug: 'registered-piece', access: 'registered', section: 'culture', authors: ['critic'] }, now);
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
  const match = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2,4} \d{2}:\d{2}(?::\d{2})? (?:UT|GMT|[+-]\d{4})$/.exec(text);
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

describe('the checks refuse feeds that break the specifications', () => {
  it('refuses RSS whose channel has no description, whose item has neither title nor description, or whose date is not RFC 822', { skip: withoutXmllint }, async () => {
    const xml = await feed('/feed.xml');
    assert.ok(validatesAgainst(rssGrammar, xml).isValid);
    assert.equal(validatesAgainst(rssGrammar, xml.replace(/<description>[^<]*<\/description>/, '')).isValid, false);
    assert.equal(validatesAgainst(rssGrammar, xml.replace(/<title><!\[CDATA\[Headline of premium-piece\]\]><\/title>/, '').replace(/<description><!\[CDATA\[Standfirst of premium-piece.\]\]><\/description>/, '')).isValid, false);
    assert.equal(validatesAgainst(rssGrammar, xml.replace(/<pubDate>[^<]*<\/pubDate>/, '<pubDate>2026-11-20T16:00:00Z</pubDate>')).isValid, false);
    assert.equal(validatesAgainst(rssGrammar, xml.replace('<dc:creator>', '<author>').replace('</dc:creator>', '</author>')).isValid, false, 'an author that is not an e-mail address');
    assert.equal(isRfc822Date('Sat, 20 Nov 2026 16:00:00 GMT'), false, 'the wrong weekday');
    assert.equal(isRfc822Date('Fri, 20 Nov 2026 16:00:00 GMT'), true);
  });

  it('refuses Atom with an entry missing its id, or a date that is not RFC 3339', { skip: withoutXmllint }, async () => {
    const xml = await feed('/atom.xml');
    assert.ok(validatesAgainst(atomGrammar, xml).isValid);
    assert.equal(validatesAgainst(atomGrammar, xml.replace(/(<entry>\s*<title[^]*?<\/title>\s*)<id>[^<]*<\/id>/, '$1')).isValid, false);
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
