import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GiftPurchaseForm, parseGiftPurchase } from './gift-purchase.ts';
import { defaultGiftSubscriptionSettings, type GiftSubscriptionSettings } from './gift-subscription-settings.ts';

const settings: GiftSubscriptionSettings = { ...defaultGiftSubscriptionSettings, planId: 1, pricesMinor: { 3: 4500, 6: 8000, 12: null } };
// 03:30 UTC on 3 December is 2 December in New York.
const now = new Date('2026-12-03T03:30:00Z');
const timeZone = 'America/New_York';
const form: GiftPurchaseForm = {
  buyerName: ' Ines Giver ',
  buyerEmail: 'Ines@Example.org',
  recipientName: 'Olu Friend',
  recipientEmail: 'olu@example.org',
  message: ' Happy birthday \n',
  deliveryDay: '2026-12-24',
  months: '6',
};
const parse = (changes: Partial<GiftPurchaseForm>, given = settings) => parseGiftPurchase({ ...form, ...changes }, { settings: given, now, timeZone });

describe('reading a gift purchase', () => {
  it('gives the purchase, priced, with its delivery moment on the publication’s clock', () => {
    assert.deepEqual(parse({}), {
      kind: 'valid',
      purchase: {
        buyerName: 'Ines Giver',
        buyerEmail: 'ines@example.org',
        recipientName: 'Olu Friend',
        recipientEmail: 'olu@example.org',
        message: 'Happy birthday',
        deliveryDay: '2026-12-24',
        deliverAt: new Date('2026-12-24T05:00:00Z'),
        months: 6,
        priceMinor: 8000,
      },
    });
  });

  it('takes an empty message and today, on the publication’s clock', () => {
    const parsed = parse({ message: '', deliveryDay: '2026-12-02' });
    assert.equal(parsed.kind, 'valid');
  });

  it('names every field at fault at once', () => {
    assert.deepEqual(
      parse({
        buyerName: ' ',
        buyerEmail: 'ines',
        recipientName: '',
        recipientEmail: 'olu@',
        message: 'x'.repeat(1001),
        deliveryDay: '2026-12-01',
        months: '4',
      }),
      {
        kind: 'invalid',
        problems: {
          buyerName: 'Enter your name.',
          buyerEmail: 'Enter your email address, like name@example.com.',
          recipientName: 'Enter their name.',
          recipientEmail: 'Enter their email address, like name@example.com.',
          message: 'Shorten the message to 1000 characters.',
          deliveryDay: 'Choose today or a later date for the delivery.',
          months: 'Choose how long the gift lasts.',
        },
      },
    );
  });

  it('refuses a long name, a day past a year, a date that is no day', () => {
    assert.deepEqual(parse({ recipientName: 'n'.repeat(101) }), { kind: 'invalid', problems: { recipientName: 'Shorten their name to 100 characters.' } });
    assert.deepEqual(parse({ deliveryDay: '2027-12-03' }), { kind: 'invalid', problems: { deliveryDay: 'Choose a delivery date within a year.' } });
    assert.deepEqual(parse({ deliveryDay: '2026-02-30' }), { kind: 'invalid', problems: { deliveryDay: 'Choose a delivery date.' } });
  });

  it('sells only the durations priced, and nothing while no plan is chosen', () => {
    assert.deepEqual(parse({ months: '12' }), { kind: 'invalid', problems: { months: 'Choose how long the gift lasts.' } });
    assert.deepEqual(parse({}, { ...settings, planId: null }), { kind: 'invalid', problems: { months: 'Choose how long the gift lasts.' } });
    assert.equal(parse({ months: '3' }).kind, 'valid');
  });
});
