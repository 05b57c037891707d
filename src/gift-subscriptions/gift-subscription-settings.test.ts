import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import {
  defaultGiftSubscriptionSettings,
  durationsOnSale,
  InvalidGiftSubscriptionSettingsError,
  parseGiftSubscriptionSettings,
  readGiftSubscriptionSettings,
  writeGiftSubscriptionSettings,
} from './gift-subscription-settings.ts';

const { db } = await openTestDatabase();
const now = new Date('2026-12-03T10:00:00Z');

describe('the gift subscriptions’ settings', () => {
  it('start with no plan and nothing on sale, reminding a fortnight before the end', async () => {
    assert.deepEqual(await readGiftSubscriptionSettings(db), defaultGiftSubscriptionSettings);
    assert.deepEqual(durationsOnSale(defaultGiftSubscriptionSettings), []);
    assert.equal(defaultGiftSubscriptionSettings.reminderDays, 14);
  });

  it('put on sale the durations with a price, once a plan is chosen', () => {
    const priced = { ...defaultGiftSubscriptionSettings, pricesMinor: { 3: 4500, 6: null, 12: 15000 } };
    assert.deepEqual(durationsOnSale(priced), []);
    assert.deepEqual(durationsOnSale({ ...priced, planId: 1 }), [
      { months: 3, priceMinor: 4500 },
      { months: 12, priceMinor: 15000 },
    ]);
  });

  it('are kept and read back', async () => {
    const settings = { planId: 1, pricesMinor: { 3: 4500, 6: 8000, 12: 15000 }, reminderDays: 10, continuationOfferId: 2 };
    await writeGiftSubscriptionSettings(db, settings, now);
    assert.deepEqual(await readGiftSubscriptionSettings(db), settings);
  });

  it('refuse a price that is not a whole amount above zero, a reminder outside 1 to 60 days, an id that is not one', () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ pricesMinor: { 3: 0 } }, 'price3'],
      [{ pricesMinor: { 6: 45.5 } }, 'price6'],
      [{ pricesMinor: { 12: '150' } }, 'price12'],
      [{ reminderDays: 0 }, 'reminderDays'],
      [{ reminderDays: 61 }, 'reminderDays'],
      [{ planId: -1 }, 'planId'],
      [{ continuationOfferId: 'intro' }, 'continuationOfferId'],
    ];
    for (const [input, field] of refusals) {
      assert.throws(
        () => parseGiftSubscriptionSettings(input),
        (error: unknown) => error instanceof InvalidGiftSubscriptionSettingsError && error.meaning.kind === 'invalid' && error.meaning.field === field,
        JSON.stringify(input),
      );
    }
  });

  it('read a missing or malformed price list as nothing on sale', () => {
    assert.deepEqual(parseGiftSubscriptionSettings({ planId: 1, pricesMinor: 'cheap' }).pricesMinor, { 3: null, 6: null, 12: null });
  });
});
