import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession } from '../../../../test/browser-session.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { saveOffer, savePlan } from '../../../commerce/catalogue-repository.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, now);
await seedCatalogue(database.db, now);
await savePlan(
  database.db,
  {
    slug: 'digital-annual',
    name: 'Digital, yearly',
    benefits: ['Unlimited access', 'Gift up to ten articles a month'],
    priceMinor: 15000,
    currency: 'USD',
    interval: 'year',
    isActive: true,
  },
  now,
);
await saveOffer(
  database.db,
  {
    slug: 'annual',
    planSlug: 'digital-annual',
    headline: 'A year of the Gazette',
    copy: 'One payment, a full year.',
    terms: { kind: 'standard' },
    startsAt: null,
    endsAt: null,
    redemptionCap: null,
    isRetired: false,
  },
  now,
);
for (let index = 1; index <= 4; index += 1) await addArticle(database.db, seeded, { slug: `metered-${index}` }, now);
const app = await buildTestApp(database, { now: () => now });

type JsonLdOffer = {
  '@type': string;
  name: string;
  price: string;
  priceCurrency: string;
  availability: string;
  validThrough?: string;
  itemOffered: { '@type': string; name: string };
};

function jsonLdOf(html: string): { '@type': string; itemListElement: JsonLdOffer[] } {
  const source = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)?.[1];
  assert.ok(source, 'the page carries JSON-LD');
  return JSON.parse(source);
}

/** The headline of the offer card framed as the best. */
const bestOfferIn = (html: string) => html.match(/class="offer-card[^"]*offer-card--best"[\s\S]*?class="offer-card__headline"[^>]*>([^<]*)</)?.[1] ?? null;

describe(`the offers page (${database.dialect})`, () => {
  it('is indexed, for search engines to find', async () => {
    const page = await app.inject({ method: 'GET', url: '/offers' });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /noindex/);
    assert.match(page.body, /<meta name="robots" content="index, follow">/);
    assert.match(page.body, /<link rel="canonical" href="[^"]*\/offers">/);
  });

  it('describes each offer in schema.org markup: price, currency, availability, end date and the plan it sells', async () => {
    const { body } = await app.inject({ method: 'GET', url: '/offers' });
    const catalogue = jsonLdOf(body);
    assert.equal(catalogue['@type'], 'OfferCatalog');
    const byName = new Map(catalogue.itemListElement.map((offer) => [offer.name, offer]));
    assert.deepEqual([...byName.keys()].sort(), ['A year of the Gazette', 'First ten only', 'Try 3 months for $9', 'Two weeks free']);
    const intro = byName.get('Try 3 months for $9');
    assert.equal(intro?.['@type'], 'Offer');
    assert.equal(intro?.price, '3.00');
    assert.equal(intro?.priceCurrency, 'USD');
    assert.equal(intro?.availability, 'https://schema.org/InStock');
    assert.equal(intro?.validThrough, '2026-12-20T17:00:00.000Z');
    assert.deepEqual(intro?.itemOffered['@type'], 'Service');
    assert.equal(intro?.itemOffered.name, 'Digital');
    assert.equal(byName.get('Two weeks free')?.price, '0.00');
    assert.equal(byName.get('First ten only')?.availability, 'https://schema.org/LimitedAvailability');
    assert.equal(byName.get('A year of the Gazette')?.itemOffered.name, 'Digital, yearly');
  });

  it('marks as best the offer the paywall leads with', async () => {
    const offers = (await app.inject({ method: 'GET', url: '/offers' })).body;
    const browser = browserSession(app);
    for (let index = 1; index <= 3; index += 1) await browser.get(`/world/metered-${index}`);
    const paywall = (await browser.get('/world/metered-4')).body;
    assert.equal(bestOfferIn(offers), 'Two weeks free');
    assert.equal(bestOfferIn(paywall), bestOfferIn(offers));
    assert.equal(offers.match(/Best offer/g)?.length, 1);
  });

  it('shows a yearly plan as a monthly price and its saving, and each plan with its own benefits', async () => {
    const page = (await app.inject({ method: 'GET', url: '/offers' })).body;
    const body = page.slice(page.indexOf('<main'));
    assert.match(body, /<p class="offer-card__breakdown">\$12.50\/month, billed \$150 yearly — save 17%<\/p>/);
    assert.equal(body.match(/offer-card__breakdown/g)?.length, 1, 'only the yearly plan has one');
    const annualCard = body.slice(body.indexOf('A year of the Gazette'));
    assert.match(annualCard.slice(0, annualCard.indexOf('offer-card__action')), /Gift up to ten articles a month/);
    const introCard = body.slice(body.indexOf('Try 3 months for $9'));
    assert.doesNotMatch(introCard.slice(0, introCard.indexOf('offer-card__action')), /Gift up to ten articles a month/);
  });
});

describe(`the anonymous paywall tells one story (${database.dialect})`, () => {
  it('asks to subscribe in its title, leads with the best offer’s button, and offers registration as the quieter way on', async () => {
    const browser = browserSession(app);
    for (let index = 1; index <= 3; index += 1) await browser.get(`/world/metered-${index}`);
    const page = (await browser.get('/world/metered-4')).body;
    const paywall = page.slice(page.indexOf('<section class="paywall"'), page.indexOf('</section>', page.indexOf('<section class="paywall"')));
    assert.match(paywall, /<h2 class="paywall__title" id="paywall-title">Subscribe to keep reading<\/h2>/);
    assert.match(paywall, /Subscribe for unlimited access to The Test Gazette/);
    assert.equal(paywall.match(/button--primary/g)?.length, 1, 'one main button');
    assert.match(paywall, /offer-card--best[\s\S]*?Two weeks free[\s\S]*?button--primary/);
    assert.match(paywall, /<a class="paywall__link" href="\/register\?next=%2Fworld%2Fmetered-4">Or register for free to read 10 articles a month<\/a>/);
    assert.doesNotMatch(paywall, /Register to keep reading/);
  });
});
