import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidPaywallSettingsError, defaultPaywallSettings, parsePaywallSettings } from './paywall-settings.ts';

describe("the paywall's settings", () => {
  it('default to no registration wall and the best offers', () => {
    assert.deepEqual(parsePaywallSettings({}), defaultPaywallSettings);
    assert.deepEqual(defaultPaywallSettings, { registrationWallAfter: null, offerIds: null });
  });

  it('take a registration wall from 0 to 100 articles and one or two distinct offers', () => {
    assert.deepEqual(parsePaywallSettings({ registrationWallAfter: 0, offerIds: [3] }), { registrationWallAfter: 0, offerIds: [3] });
    assert.deepEqual(parsePaywallSettings({ registrationWallAfter: 100, offerIds: [3, 1] }), { registrationWallAfter: 100, offerIds: [3, 1] });
  });

  it('refuse anything else, naming the setting', () => {
    const wrong: [Record<string, unknown>, string][] = [
      [{ registrationWallAfter: -1 }, 'registrationWallAfter'],
      [{ registrationWallAfter: 101 }, 'registrationWallAfter'],
      [{ registrationWallAfter: 1.5 }, 'registrationWallAfter'],
      [{ registrationWallAfter: '2' }, 'registrationWallAfter'],
      [{ offerIds: [] }, 'offerIds'],
      [{ offerIds: [1, 2, 3] }, 'offerIds'],
      [{ offerIds: [1, 1] }, 'offerIds'],
      [{ offerIds: [0] }, 'offerIds'],
      [{ offerIds: ['1'] }, 'offerIds'],
      [{ offerIds: 1 }, 'offerIds'],
    ];
    for (const [input, field] of wrong) {
      assert.throws(
        () => parsePaywallSettings(input),
        (error) => error instanceof InvalidPaywallSettingsError && error.meaning.kind === 'invalid' && error.meaning.field === field,
        JSON.stringify(input),
      );
    }
  });
});
