import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldsOfGiftSettings, type GiftSettingsFields, parseGiftSettingsForm } from './gift-settings-form.ts';
import { defaultGiftSubscriptionSettings } from './gift-subscription-settings.ts';

const catalogue = { planIds: [1, 2], offerIds: [7] };
const filled: GiftSettingsFields = { planId: '1', price3: '45', price6: '80.5', price12: '150.00', reminderDays: '14', continuationOfferId: '7' };

describe('the newsroom’s form for gift subscriptions', () => {
  it('reads a plan, prices in the plan’s money, the reminder’s days and the continuation offer', () => {
    assert.deepEqual(parseGiftSettingsForm(filled, catalogue), {
      kind: 'valid',
      settings: { planId: 1, pricesMinor: { 3: 4500, 6: 8050, 12: 15000 }, reminderDays: 14, continuationOfferId: 7 },
    });
  });

  it('takes an empty price as not on sale, and an empty offer as all offers', () => {
    const result = parseGiftSettingsForm({ ...filled, price3: ' ', price12: '', continuationOfferId: '' }, catalogue);
    assert.deepEqual(result, {
      kind: 'valid',
      settings: { planId: 1, pricesMinor: { 3: null, 6: 8050, 12: null }, reminderDays: 14, continuationOfferId: null },
    });
  });

  it('takes no plan and no prices as gifts not on sale', () => {
    const blank = { planId: '', price3: '', price6: '', price12: '', reminderDays: '14', continuationOfferId: '' };
    assert.deepEqual(parseGiftSettingsForm(blank, catalogue), { kind: 'valid', settings: defaultGiftSubscriptionSettings });
  });

  it('refuses prices without a plan, on the plan’s field', () => {
    const result = parseGiftSettingsForm({ ...filled, planId: '' }, catalogue);
    assert.deepEqual(result, { kind: 'invalid', errors: { planId: 'Choose the plan a gift gives: without one, the prices sell nothing.' } });
  });

  it('refuses a plan or an offer the publication does not have', () => {
    for (const planId of ['3', '0', '-1', 'digital', '1.5']) {
      const result = parseGiftSettingsForm({ ...filled, planId }, catalogue);
      assert.deepEqual(result, { kind: 'invalid', errors: { planId: 'Choose one of the plans.' } }, planId);
    }
    for (const continuationOfferId of ['8', 'all', '1e3']) {
      const result = parseGiftSettingsForm({ ...filled, continuationOfferId }, catalogue);
      assert.deepEqual(result, { kind: 'invalid', errors: { continuationOfferId: 'Choose one of the offers, or all offers.' } }, continuationOfferId);
    }
  });

  it('refuses a price that is no amount, nothing, or more than a million, naming its duration', () => {
    for (const price of ['0', '0.00', 'free', '-5', '12.345', '1e3']) {
      const result = parseGiftSettingsForm({ ...filled, price6: price }, catalogue);
      assert.deepEqual(
        result,
        { kind: 'invalid', errors: { price6: 'Give the price of 6 months as an amount such as 45 or 45.00, or leave it empty: not on sale.' } },
        price,
      );
    }
    assert.deepEqual(parseGiftSettingsForm({ ...filled, price12: '1000000.01' }, catalogue), {
      kind: 'invalid',
      errors: { price12: 'The price of 12 months is at most 1000000.00.' },
    });
    assert.equal(parseGiftSettingsForm({ ...filled, price12: '1000000' }, catalogue).kind, 'valid');
  });

  it('keeps the reminder from 1 to 60 days before the end', () => {
    for (const reminderDays of ['1', '60']) assert.equal(parseGiftSettingsForm({ ...filled, reminderDays }, catalogue).kind, 'valid', reminderDays);
    for (const reminderDays of ['0', '61', '', '7.5', 'two', '-3']) {
      assert.deepEqual(
        parseGiftSettingsForm({ ...filled, reminderDays }, catalogue),
        { kind: 'invalid', errors: { reminderDays: 'The reminder goes from 1 to 60 days before the gift ends.' } },
        reminderDays,
      );
    }
  });

  it('says everything that is wrong at once', () => {
    const result = parseGiftSettingsForm({ planId: '9', price3: 'x', price6: '', price12: '0', reminderDays: '99', continuationOfferId: '8' }, catalogue);
    assert.equal(result.kind, 'invalid');
    assert.deepEqual(Object.keys(result.kind === 'invalid' ? result.errors : {}).sort(), [
      'continuationOfferId',
      'planId',
      'price12',
      'price3',
      'reminderDays',
    ]);
  });

  it('shows the settings as the form had them, read back to the same settings', () => {
    const settings = { planId: 2, pricesMinor: { 3: 4500, 6: null, 12: 15099 }, reminderDays: 10, continuationOfferId: null };
    const fields = fieldsOfGiftSettings(settings);
    assert.deepEqual(fields, { planId: '2', price3: '45.00', price6: '', price12: '150.99', reminderDays: '10', continuationOfferId: '' });
    assert.deepEqual(parseGiftSettingsForm(fields, catalogue), { kind: 'valid', settings });
    assert.deepEqual(fieldsOfGiftSettings(defaultGiftSubscriptionSettings).planId, '');
  });
});
