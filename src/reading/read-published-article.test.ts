import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addActiveSubscription, seedCatalogue } from '../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import type { Reader } from '../access/reader.ts';
import { insertAccount } from '../accounts/account-repository.ts';
import { listPlans } from '../commerce/catalogue-repository.ts';
import { insertSubscription } from '../commerce/subscription-repository.ts';
import { findPublishedArticle } from '../content/article-repository.ts';
import { deriveGiftLinkKey } from '../gifts/gift-token.ts';
import { giveGift } from '../gifts/give-gift.ts';
import { readAccessSettings } from '../settings/access-settings-repository.ts';
import { createContentVersionSource } from '../settings/content-version.ts';
import { readPublicationSettings } from '../settings/settings-repository.ts';
import { createEditionCache } from './edition-cache.ts';
import { readPublishedArticle, type ArticleReader } from './read-published-article.ts';

const now = new Date('2026-11-20T17:00:00Z');
const { db, dialect } = await openTestDatabase();
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
await addArticle(db, seeded, { slug: 'open-story', access: 'free' }, now);
await addArticle(db, seeded, { slug: 'metered-story' }, now);
await addArticle(db, seeded, { slug: 'premium-story', access: 'premium' }, now);
await addArticle(db, seeded, { slug: 'culture-story', section: 'culture' }, now);

const contentVersion = createContentVersionSource(db, { maxAgeMs: 0 });
const chrome = async () => ({ settings: await readPublicationSettings(db), sections: [] });
const editions = createEditionCache({ db, chrome, contentVersion }, { maxEntries: 100 });
const context = { db, dialect, giftLinkKey: deriveGiftLinkKey('a test secret'), editions };
const anonymous: ArticleReader = { reader: { kind: 'anonymous' }, anonymousMeter: null, accountId: null };

async function newAccount(): Promise<number> {
  return insertAccount(db, { email: `reader${Math.random()}@example.org`, name: 'A reader', passwordHash: null, role: 'reader', now });
}

/** Reads at an address as `reader`, counting how often the reader was asked for. */
async function readAt(address: { section: string; slug: string }, reader: ArticleReader = anonymous, giftLink: { token: string } | null = null) {
  let identified = 0;
  const outcome = await readPublishedArticle(context, {
    address,
    visit: { source: 'direct', campaign: null },
    now,
    identify: async () => {
      identified += 1;
      return reader;
    },
    giftLink: giftLink === null ? null : { token: giftLink.token, openedLately: new Map() },
  });
  return { outcome, identified };
}

describe(`reading a published article (${dialect})`, () => {
  it('finds it, decides the read, counts it on the meter to store, and cuts nothing from a full read', async () => {
    const { outcome, identified } = await readAt({ section: 'world', slug: 'metered-story' });
    assert.equal(outcome.kind, 'found');
    if (outcome.kind !== 'found') return;
    assert.equal(identified, 1);
    assert.equal(outcome.edition.article.slug, 'metered-story');
    assert.equal(outcome.read.decision.access, 'full');
    assert.deepEqual(outcome.read.anonymousMeterToStore?.articleIds, [outcome.edition.article.id]);
    assert.equal(outcome.read.body.locked.length, outcome.edition.article.body.length - 2);
    assert.equal(outcome.gift, null);
    assert.equal(outcome.paywall, null, 'a full read has no paywall');
    assert.deepEqual(outcome.edition.related.map((article) => article.slug).sort(), ['open-story', 'premium-story'], "its section's other articles");
  });

  it("gives the preview and the paywall's offers, and no free trial to an account that has had one", async () => {
    const { outcome: stranger } = await readAt({ section: 'world', slug: 'premium-story' });
    assert.equal(stranger.kind, 'found');
    if (stranger.kind !== 'found') return;
    assert.equal(stranger.read.decision.access, 'preview');
    assert.deepEqual(stranger.read.body.locked, [], 'the locked part never leaves the read');
    assert.deepEqual(
      stranger.paywall?.offers.map(({ offer, plan, isBest }) => [offer.slug, plan.slug, isBest]),
      [
        ['trial', 'digital', true],
        ['intro', 'digital', false],
      ],
    );
    assert.equal(stranger.paywall?.hasUsedTrial, false);

    const accountId = await newAccount();
    const [plan] = await listPlans(db);
    assert.ok(plan);
    await insertSubscription(
      db,
      {
        accountId,
        planId: plan.id,
        offerId: null,
        provider: 'test',
        providerSubscriptionId: null,
        providerCustomerId: null,
        providerEventAt: null,
        introPeriodsLeft: 0,
        state: { status: 'expired', currentPeriodEnd: now, trialEnd: now, pastDueSince: null, endedFrom: 'trial', resumeTo: null },
      },
      now,
    );
    const lapsed: Reader = { kind: 'registered', readerId: accountId, lapsed: 'trial' };
    const { outcome } = await readAt({ section: 'world', slug: 'premium-story' }, { reader: lapsed, accountId, anonymousMeter: null });
    assert.equal(outcome.kind, 'found');
    if (outcome.kind !== 'found') return;
    assert.equal(outcome.paywall?.hasUsedTrial, true);
    assert.deepEqual(
      outcome.paywall?.offers.map(({ offer, isBest }) => [offer.slug, isBest]),
      [
        ['intro', true],
        ['limited', false],
      ],
    );
  });

  it('answers where an article now is after a move to another section or a rename, without asking who reads', async () => {
    const moved = await readAt({ section: 'world', slug: 'culture-story' });
    assert.deepEqual(moved.outcome.kind === 'moved' && { slug: moved.outcome.to.slug, section: moved.outcome.to.section.slug }, {
      slug: 'culture-story',
      section: 'culture',
    });
    const article = await findPublishedArticle(db, 'open-story', now);
    assert.ok(article);
    await db.insertInto('slug_redirects').values({ old_slug: 'open-story-first-name', article_id: article.id }).execute();
    const renamed = await readAt({ section: 'world', slug: 'open-story-first-name' });
    assert.deepEqual(renamed.outcome, { kind: 'moved', to: { slug: 'open-story', section: { slug: 'world' } } });
    assert.equal(moved.identified + renamed.identified, 0);
  });

  it('misses an article that is not published, without asking who reads', async () => {
    await addArticle(db, seeded, { slug: 'draft-story', status: 'draft' }, now);
    for (const slug of ['draft-story', 'no-such-story']) {
      const { outcome, identified } = await readAt({ section: 'world', slug });
      assert.deepEqual(outcome, { kind: 'missing' }, slug);
      assert.equal(identified, 0);
    }
  });

  it('opens a locked article through a good gift link, and says why a bad one does not', async () => {
    const giverId = await newAccount();
    const [plan] = await listPlans(db);
    assert.ok(plan);
    await addActiveSubscription(db, { accountId: giverId, planId: plan.id, now });
    const article = await findPublishedArticle(db, 'premium-story', now);
    assert.ok(article);
    const given = await giveGift(context, {
      reader: { kind: 'subscriber', readerId: giverId, tiers: [] },
      article,
      settings: await readAccessSettings(db),
      timeZone: 'America/New_York',
      now,
    });
    assert.equal(given.kind, 'given');
    if (given.kind !== 'given') return;

    const { outcome } = await readAt({ section: 'world', slug: 'premium-story' }, anonymous, { token: given.token });
    assert.equal(outcome.kind === 'found' && outcome.gift?.kind, 'granted');
    assert.equal(outcome.kind === 'found' && outcome.read.decision.access, 'full');
    assert.equal(outcome.kind === 'found' && outcome.paywall, null);

    const { outcome: refused } = await readAt({ section: 'world', slug: 'premium-story' }, anonymous, { token: 'not-a-token' });
    assert.deepEqual(refused.kind === 'found' && refused.gift, { kind: 'refused', reason: 'invalid' });
    assert.equal(refused.kind === 'found' && refused.read.decision.access, 'preview');
  });

  it('keeps one edition per content version and minute, and reads a new one after a save', async () => {
    const first = await editions.find('open-story', now);
    assert.equal(await editions.find('open-story', new Date(now.getTime() + 59_000)), first);
    assert.notEqual(await editions.find('open-story', new Date(now.getTime() + 60_000)), first, 'a minute on, an article scheduled for it may appear');
    await addArticle(db, seeded, { slug: 'open-story', access: 'free', headline: 'A corrected headline' }, now);
    assert.equal((await editions.find('open-story', now))?.article.headline, 'A corrected headline');
    assert.equal(await editions.find('scheduled-story', now), null);
    await addArticle(db, seeded, { slug: 'scheduled-story', publishedAt: new Date(now.getTime() - 1_000) }, now);
    assert.equal((await editions.find('scheduled-story', now))?.article.slug, 'scheduled-story', 'an article published since is found at once');
  });

  it('keeps nothing when it may hold no editions', async () => {
    const uncached = createEditionCache({ db, chrome, contentVersion }, { maxEntries: 0 });
    const first = await uncached.find('open-story', now);
    assert.ok(first);
    assert.notEqual(await uncached.find('open-story', now), first);
  });
});
