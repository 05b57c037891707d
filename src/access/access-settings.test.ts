import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidAccessSettingsError, parseAccessSettings } from './access-settings.ts';

describe('the gifts a subscriber may give a month', () => {
  it('are 10 unless the publication says otherwise', () => {
    assert.equal(parseAccessSettings({}).giftsPerMonth, 10);
  });

  it('may be any whole number from 0 (no gifts) to 100', () => {
    assert.equal(parseAccessSettings({ giftsPerMonth: 0 }).giftsPerMonth, 0);
    assert.equal(parseAccessSettings({ giftsPerMonth: 100 }).giftsPerMonth, 100);
  });

  it('refuse anything else, naming the setting', () => {
    for (const giftsPerMonth of [-1, 101, 2.5, Number.NaN, '5', true]) {
      assert.throws(
        () => parseAccessSettings({ giftsPerMonth }),
        (error: unknown) => error instanceof InvalidAccessSettingsError && /gifts a subscriber may give a month/.test(error.message),
      );
    }
  });
});
