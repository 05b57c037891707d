import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSlug, slugify } from './slug.ts';

describe('slugs', () => {
  it('makes a slug of lower-case ASCII words from a headline', () => {
    assert.equal(slugify('Ceasefire holds in Corvana — for now!'), 'ceasefire-holds-in-corvana-for-now');
    assert.equal(slugify('Café society: Zürich’s élan'), 'cafe-society-zurich-s-elan');
  });

  it('accepts only lower-case words joined by single hyphens', () => {
    assert.equal(isSlug('budget-vote-2026'), true);
    for (const bad of ['', 'Budget', 'two--hyphens', '-leading', 'trailing-', 'spa ce', 'ünï', 'a'.repeat(121)]) {
      assert.equal(isSlug(bad), false, bad);
    }
  });
});
