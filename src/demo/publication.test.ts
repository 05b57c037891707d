import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultAccessSettings } from '../access/access-settings.ts';
import { demoPlans } from './publication.ts';

describe('the demo publication’s plans', () => {
  it('each list only what they give a subscriber: no saving claimed in words, no line that points at another plan', () => {
    for (const plan of demoPlans) {
      for (const benefit of plan.benefits) assert.doesNotMatch(benefit, /compared with|Everything in|free compared|save/i, `${plan.name}: ${benefit}`);
    }
  });

  it('each name the gifts every subscriber may give, whichever plan they pay by', () => {
    for (const plan of demoPlans) assert.ok(plan.benefits.includes(`Gift up to ten articles a month`), plan.name);
    assert.equal(defaultAccessSettings.giftsPerMonth, 10);
  });
});
