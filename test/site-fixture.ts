import { after } from 'node:test';
import { addArticle, seedPublication } from './content-fixtures.ts';
import { buildTestApp } from './app.ts';
import { openTestDatabase } from './database.ts';

export const fixtureNow = new Date('2026-11-20T17:00:00Z');
const hoursAgo = (hours: number) => new Date(fixtureNow.getTime() - hours * 3_600_000);

/**
 * The reader site on a fresh database with a small publication: a lead story with two authors, a
 * sponsored piece, a culture review, a premium piece, a draft, and a piece scheduled for later.
 * Call at the top of a test file.
 */
export async function openFixtureSite() {
  const database = await openTestDatabase();
  const { db } = database;
  const seeded = await seedPublication(db, fixtureNow);
  await addArticle(
    db,
    seeded,
    {
      slug: 'ceasefire-agreed',
      headline: 'Ceasefire agreed after eleven days of talks',
      standfirst: 'Monitors will watch the line from Monday.',
      dateline: 'Geneva',
      authors: ['reporter', 'critic'],
      access: 'free',
      publishedAt: hoursAgo(1),
      body: 'The parties signed before dawn.\n\n## What was agreed\n\nA corridor for aid & a prisoner exchange.\n\n> "It is a beginning," one delegate said.',
    },
    fixtureNow,
  );
  await addArticle(
    db,
    seeded,
    { slug: 'heat-networks', headline: 'How a village stores summer heat', sponsored: true, access: 'free', publishedAt: hoursAgo(2) },
    fixtureNow,
  );
  await addArticle(
    db,
    seeded,
    { slug: 'novel-review', section: 'culture', headline: 'A novel of the night shift', authors: ['critic'], publishedAt: hoursAgo(3) },
    fixtureNow,
  );
  await addArticle(db, seeded, { slug: 'premium-analysis', headline: 'The new electoral map', access: 'premium', publishedAt: hoursAgo(4) }, fixtureNow);
  await addArticle(db, seeded, { slug: 'unpublished-draft', headline: 'Secret draft headline', status: 'draft', publishedAt: null }, fixtureNow);
  await addArticle(db, seeded, { slug: 'tomorrows-story', headline: 'Embargoed story', publishedAt: new Date(fixtureNow.getTime() + 86_400_000) }, fixtureNow);
  const app = await buildTestApp(database, { now: () => fixtureNow });
  after(() => app.close());
  return { app, ...database, seeded };
}
