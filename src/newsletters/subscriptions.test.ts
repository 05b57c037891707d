import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registerReader } from '../accounts/register.ts';
import { insertNewsletter } from '../../test/newsletter-list-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { findReaderSubscriptions, listActiveNewsletters, subscribedNewsletterIds } from './newsletter-repository.ts';
import { planChoices, subscribe, unsubscribe } from './subscriptions.ts';
import { readNewsletterChoices, saveNewsletterChoices } from './newsletter-choices.ts';

const { db } = await openTestDatabase();
const morning = await insertNewsletter(db, { slug: 'morning', name: 'Morning' });
const sunday = await insertNewsletter(db, { slug: 'sunday', name: 'Sunday' });
await insertNewsletter(db, { slug: 'old', name: 'Old', status: 'archived' });
const monday = new Date('2026-06-01T07:00:00Z');
const tuesday = new Date('2026-06-02T07:00:00Z');
const wednesday = new Date('2026-06-03T07:00:00Z');

let readers = 0;
async function newReader() {
  readers += 1;
  return registerReader(db, { email: `reader${readers}@example.com`, name: 'Reader', password: 'correct horse battery' }, monday);
}

describe("what a reader's choices change (planChoices)", () => {
  it('subscribes to what is ticked and not yet on, and unsubscribes from what is offered, unticked and on', () => {
    assert.deepEqual(planChoices({ subscribed: new Set([1, 2]), offered: [1, 2, 3], chosen: new Set([2, 3]) }), { toSubscribe: [3], toUnsubscribe: [1] });
  });

  it('leaves alone a newsletter it did not offer, ticked or not', () => {
    assert.deepEqual(planChoices({ subscribed: new Set([9]), offered: [1], chosen: new Set([8]) }), { toSubscribe: [], toUnsubscribe: [] });
  });

  it('changes nothing when the choices are what the reader has', () => {
    assert.deepEqual(planChoices({ subscribed: new Set([1]), offered: [1, 2], chosen: new Set([1]) }), { toSubscribe: [], toUnsubscribe: [] });
  });
});

describe('newsletters a reader may choose', () => {
  it('lists the active ones only, in the order they were made', async () => {
    assert.deepEqual(
      (await listActiveNewsletters(db)).map(({ name }) => name),
      ['Morning', 'Sunday'],
    );
  });
});

describe('subscribing and unsubscribing keep the consent record', () => {
  it('keeps where and when a reader said yes', async () => {
    const reader = await newReader();
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'account', now: monday });
    const [subscription] = await findReaderSubscriptions(db, reader.id);
    assert.deepEqual(subscription, {
      newsletterId: morning,
      newsletterName: 'Morning',
      isSubscribed: true,
      consentSource: 'account',
      consentedAt: monday,
      unsubscribedAt: null,
      unsubscribeSource: null,
    });
  });

  it('keeps the first consent when a subscribed reader says yes again', async () => {
    const reader = await newReader();
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'sign-up-form', now: monday });
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'account', now: tuesday });
    const [subscription] = await findReaderSubscriptions(db, reader.id);
    assert.equal(subscription?.consentSource, 'sign-up-form');
    assert.deepEqual(subscription?.consentedAt, monday);
  });

  it('keeps the record after the reader leaves, with when and how', async () => {
    const reader = await newReader();
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning, sunday], source: 'registration', now: monday });
    assert.equal(await unsubscribe(db, { accountId: reader.id, newsletterIds: [sunday], source: 'one-click', now: tuesday }), true);
    const subscriptions = await findReaderSubscriptions(db, reader.id);
    assert.deepEqual(
      subscriptions.map(({ newsletterName, isSubscribed, consentSource, unsubscribedAt, unsubscribeSource }) => ({
        newsletterName,
        isSubscribed,
        consentSource,
        unsubscribedAt,
        unsubscribeSource,
      })),
      [
        { newsletterName: 'Morning', isSubscribed: true, consentSource: 'registration', unsubscribedAt: null, unsubscribeSource: null },
        { newsletterName: 'Sunday', isSubscribed: false, consentSource: 'registration', unsubscribedAt: tuesday, unsubscribeSource: 'one-click' },
      ],
    );
    assert.deepEqual(await subscribedNewsletterIds(db, reader.id), new Set([morning]));
  });

  it('takes leaving twice as no change, and keeps the first leaving', async () => {
    const reader = await newReader();
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'account', now: monday });
    await unsubscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'one-click', now: tuesday });
    assert.equal(await unsubscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'preferences', now: wednesday }), false);
    const [subscription] = await findReaderSubscriptions(db, reader.id);
    assert.equal(subscription?.unsubscribeSource, 'one-click');
  });

  it('takes a yes after leaving as a new consent, with its own source and time', async () => {
    const reader = await newReader();
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'registration', now: monday });
    await unsubscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'account', now: tuesday });
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'account', now: wednesday });
    const [subscription] = await findReaderSubscriptions(db, reader.id);
    assert.deepEqual(
      { isSubscribed: subscription?.isSubscribed, source: subscription?.consentSource, at: subscription?.consentedAt, left: subscription?.unsubscribedAt },
      { isSubscribed: true, source: 'account', at: wednesday, left: null },
    );
  });
});

describe("saving a reader's ticks (saveNewsletterChoices)", () => {
  it('subscribes the ticked and leaves the unticked, each with its source', async () => {
    const reader = await newReader();
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'sign-up-form', now: monday });
    const saved = await saveNewsletterChoices(db, {
      accountId: reader.id,
      standing: 'registered',
      chosen: new Set([sunday]),
      consentSource: 'account',
      unsubscribeSource: 'preferences',
      now: tuesday,
    });
    assert.deepEqual(saved, { subscribed: [sunday], unsubscribed: [morning] });
    const choices = await readNewsletterChoices(db, { accountId: reader.id, standing: 'registered' });
    assert.deepEqual(
      choices.map(({ name, isSubscribed }) => ({ name, isSubscribed })),
      [
        { name: 'Morning', isSubscribed: false },
        { name: 'Sunday', isSubscribed: true },
      ],
    );
  });

  it('joins no one to a newsletter their standing does not open, whatever the form says', async () => {
    const reader = await newReader();
    const membersOnly = await insertNewsletter(db, { slug: `members-${reader.id}`, audience: 'subscribers' });
    const saved = await saveNewsletterChoices(db, {
      accountId: reader.id,
      standing: 'registered',
      chosen: new Set([membersOnly]),
      consentSource: 'account',
      unsubscribeSource: 'account',
      now: tuesday,
    });
    assert.deepEqual(saved, { subscribed: [], unsubscribed: [] });
    await db.updateTable('newsletters').set({ status: 'archived' }).where('id', '=', membersOnly).execute();
  });
});
