import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenariosOf, warmUpRequestsOf } from './scenarios.ts';

const articles = [
  { id: 1, slug: 'story-0', access_level: 'metered', section: 'world' },
  { id: 2, slug: 'story-1', access_level: 'free', section: 'sport' },
  { id: 3, slug: 'story-2', access_level: 'metered', section: 'world' },
  { id: 4, slug: 'story-3', access_level: 'premium', section: 'science' },
  { id: 5, slug: 'story-4', access_level: 'metered', section: 'culture' },
  { id: 6, slug: 'story-5', access_level: 'metered', section: 'world' },
];
const scenarios = scenariosOf({
  articles,
  readerCookies: ['dl_session=a', 'dl_session=b'],
  subscriberCookie: 'dl_session=s',
  meterCookieOf: (ids) => `dl_meter=${ids.join('.')}`,
});
const named = (name: string) => {
  const scenario = scenarios.find((candidate) => candidate.name === name);
  assert.ok(scenario, `no scenario "${name}"`);
  return scenario;
};

describe("the bench's scenarios", () => {
  it('hold every page to the ratio issue 16 sets: half the bound, a quarter for the database meter', () => {
    for (const name of [
      'free article, no cookies',
      'metered, anonymous with reads left',
      'metered, anonymous over the meter',
      'subscriber, premium article',
      'home page',
      'section front',
      'feed.xml',
    ])
      assert.equal(named(name).targets.minRatio, 0.5, name);
    assert.equal(named('registered reader, database meter write').targets.minRatio, 0.25);
  });

  it('hold every page, and article pages beside 32 searches, to p99 ≤ 25 ms', () => {
    for (const scenario of scenarios.filter((candidate) => candidate.kind === 'page')) assert.equal(scenario.targets.maxP99Ms, 25, scenario.name);
    assert.equal(named('free article while 32 searches are in flight').targets.maxP99Ms, 25);
  });

  it('send the anonymous readers the meter cookie of what they have read', () => {
    assert.deepEqual(named('metered, anonymous with reads left').requests, [{ path: '/world/story-2', headers: { cookie: 'dl_meter=1' } }]);
    assert.deepEqual(named('metered, anonymous over the meter').requests, [{ path: '/world/story-0', headers: { cookie: 'dl_meter=3.5.6' } }]);
  });

  it('have each registered reader read ten metered articles with their own cookie', () => {
    const reads = named('registered reader, database meter write').requests;
    assert.equal(reads.length, 20);
    assert.deepEqual(new Set(reads.map((read) => read.headers?.cookie)), new Set(['dl_session=a', 'dl_session=b']));
    assert.ok(reads.every((read) => ['/world/story-0', '/world/story-2', '/culture/story-4', '/world/story-5'].includes(read.path)));
  });

  it('search one reader at a time, on one connection, judged at 100,000 articles', () => {
    const oneAtATime = named('search, one at a time');
    assert.equal(oneAtATime.connections, 1);
    assert.deepEqual(oneAtATime.targets.maxP95Ms, { ms: 15, fromArticles: 100_000 });
  });

  it('run 32 searches alongside the article pages in the mixed scenario', () => {
    const mixed = named('free article while 32 searches are in flight');
    assert.deepEqual(mixed.requests, [{ path: '/sport/story-1' }]);
    assert.ok(mixed.alongside?.requests.every((request) => request.path.startsWith('/search?q=')));
  });

  it('measure on PostgreSQL again only what depends on the database: the meter and search', () => {
    assert.deepEqual(
      scenarios.filter((scenario) => scenario.isOnPostgres).map((scenario) => scenario.name),
      ['registered reader, database meter write', 'search, 32 at once', 'search, one at a time', 'free article while 32 searches are in flight'],
    );
  });

  it('refuse a corpus without free, metered and premium articles', () => {
    assert.throws(
      () => scenariosOf({ articles: articles.slice(0, 2), readerCookies: [], subscriberCookie: '', meterCookieOf: () => '' }),
      /lacks the articles/,
    );
  });
});

describe('the warm-up before a server is measured', () => {
  const warmUp = warmUpRequestsOf(scenarios);

  it('gives each scenario an equal share, however many requests it cycles through', () => {
    const free = warmUp.filter((request) => request.path === '/sport/story-1' && request.headers === undefined).length;
    const registered = warmUp.filter(
      (request) => request.headers?.cookie?.startsWith('dl_session=a') || request.headers?.cookie?.startsWith('dl_session=b'),
    ).length;
    assert.equal(registered, 20);
    // The free article is also the page of the scenario beside the searches.
    assert.equal(free, 40);
  });

  it('sends every request of every page scenario at least once', () => {
    const sent = new Set(warmUp.map((request) => JSON.stringify(request)));
    for (const scenario of scenarios.filter((candidate) => candidate.kind === 'page'))
      for (const request of scenario.requests) assert.ok(sent.has(JSON.stringify(request)), `${scenario.name} ${request.path}`);
  });

  it('leaves the searches out, which would take every connection', () => {
    assert.ok(warmUp.every((request) => !request.path.startsWith('/search')));
  });
});
