import type { LoadRequest } from './lua-plan.ts';
import type { BenchArticle } from './newsroom.ts';
import type { Targets } from './report.ts';

/** One kind of traffic the bench measures, with the targets issue 16 sets for it. */
export type Scenario = {
  name: string;
  /** Pages are compared with the bound and run again with more server processes; searches are not. */
  kind: 'page' | 'search';
  requests: LoadRequest[];
  /** Connections when not the run's usual 32 (8 in smoke runs). */
  connections?: number;
  targets: Targets;
  /** A second wrk run at the same time, whose figures get a row of their own. */
  alongside?: { name: string; requests: LoadRequest[] };
  /** Whether the PostgreSQL pass measures it too: what depends on the database. */
  isOnPostgres: boolean;
};

export type ScenarioInput = {
  articles: readonly BenchArticle[];
  /** The registered readers' cookies as their browsers send them (session and form token). */
  readerCookies: readonly string[];
  subscriberCookie: string;
  meterCookieOf: (articleIds: readonly number[]) => string;
};

const pageTargets: Targets = { minRatio: 0.5, maxP99Ms: 25 };
const searchWords = ['ceasefire', 'harbour', 'election', 'museum', 'budget', 'harbour strike'];

export const pathOf = (article: { section: string; slug: string }) => `/${article.section}/${article.slug}`;

/** The scenarios, in the order they run. */
export function scenariosOf({ articles, readerCookies, subscriberCookie, meterCookieOf }: ScenarioInput): Scenario[] {
  const free = articles.filter((article) => article.access_level === 'free');
  const metered = articles.filter((article) => article.access_level === 'metered');
  const premium = articles.filter((article) => article.access_level === 'premium');
  const [firstFree] = free;
  const [firstMetered, secondMetered] = metered;
  const [firstPremium] = premium;
  if (!firstFree || !firstMetered || !secondMetered || !firstPremium) throw new Error('the corpus lacks the articles the scenarios need');
  const searches = searchWords.map((words) => ({ path: `/search?q=${encodeURIComponent(words)}` }));
  // Each registered reader reads ten metered articles in turn, so the meter writes a new read most times.
  const registeredReads = readerCookies.flatMap((cookie, reader) =>
    Array.from({ length: 10 }, (_, index) => ({ path: pathOf(metered[(reader + index * 7) % metered.length] ?? firstMetered), headers: { cookie } })),
  );
  return [
    { name: 'free article, no cookies', kind: 'page', requests: [{ path: pathOf(firstFree) }], targets: pageTargets, isOnPostgres: false },
    { name: 'metered, new anonymous reader', kind: 'page', requests: [{ path: pathOf(firstMetered) }], targets: { maxP99Ms: 25 }, isOnPostgres: false },
    {
      name: 'metered, anonymous with reads left',
      kind: 'page',
      requests: [{ path: pathOf(secondMetered), headers: { cookie: meterCookieOf([firstMetered.id]) } }],
      targets: pageTargets,
      isOnPostgres: false,
    },
    {
      name: 'metered, anonymous over the meter',
      kind: 'page',
      requests: [{ path: pathOf(firstMetered), headers: { cookie: meterCookieOf(metered.slice(1, 4).map((article) => article.id)) } }],
      targets: pageTargets,
      isOnPostgres: false,
    },
    { name: 'registered reader, database meter write', kind: 'page', requests: registeredReads, targets: { minRatio: 0.25, maxP99Ms: 25 }, isOnPostgres: true },
    {
      name: 'subscriber, premium article',
      kind: 'page',
      requests: [{ path: pathOf(firstPremium), headers: { cookie: subscriberCookie } }],
      targets: pageTargets,
      isOnPostgres: false,
    },
    { name: 'home page', kind: 'page', requests: [{ path: '/' }], targets: pageTargets, isOnPostgres: false },
    { name: 'section front', kind: 'page', requests: [{ path: '/world' }], targets: pageTargets, isOnPostgres: false },
    { name: 'feed.xml', kind: 'page', requests: [{ path: '/feed.xml' }], targets: pageTargets, isOnPostgres: false },
    { name: 'search, 32 at once', kind: 'search', requests: searches, targets: {}, isOnPostgres: true },
    // How long one search takes when it does not queue behind 31 others.
    {
      name: 'search, one at a time',
      kind: 'search',
      connections: 1,
      requests: searches,
      targets: { maxP95Ms: { ms: 15, fromArticles: 100_000 } },
      isOnPostgres: true,
    },
    // Search must never hold up a page: article pages measured while 32 searches are in flight.
    {
      name: 'free article while 32 searches are in flight',
      kind: 'search',
      requests: [{ path: pathOf(firstFree) }],
      targets: { maxP99Ms: 25 },
      alongside: { name: '(the 32 searches alongside)', requests: searches },
      isOnPostgres: true,
    },
  ];
}

/**
 * The requests a server is warmed up with before it is measured: every page request of every
 * scenario, interleaved so that each scenario has an equal share of the warm-up however many
 * requests it cycles through (the pages beside the searches included). Searches are left out: at a few milliseconds each they would take
 * every connection and leave the pages cold.
 */
export function warmUpRequestsOf(scenarios: readonly Scenario[]): LoadRequest[] {
  const lists = scenarios.filter((scenario) => scenario.kind === 'page' || scenario.alongside !== undefined).map((scenario) => scenario.requests);
  const longest = Math.max(0, ...lists.map((requests) => requests.length));
  const requests: LoadRequest[] = [];
  for (let index = 0; index < longest; index += 1) for (const list of lists) requests.push(list[index % list.length] as LoadRequest);
  return requests;
}
