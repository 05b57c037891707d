import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessDecision } from '../access/decide-access.ts';
import type { Article } from '../content/article.ts';
import { toArticleBody } from './api-views.ts';

const now = new Date('2026-11-20T17:00:00Z');
const article: Article = {
  id: 7,
  slug: 'harbour-talks',
  section: { id: 1, slug: 'world', name: 'World', description: '', position: 0 },
  headline: 'Harbour talks resume',
  standfirst: 'A standfirst.',
  dateline: 'Geneva',
  authors: [{ id: 1, slug: 'ada-reporter', name: 'Ada Reporter', bio: '' }],
  leadImage: null,
  access: 'metered',
  requiredTier: null,
  previewBlockCount: 1,
  status: 'published',
  sponsor: null,
  publishedAt: new Date('2026-11-20T16:00:00Z'),
  updatedAt: new Date('2026-11-20T16:30:00Z'),
  body: [
    { kind: 'paragraph', html: '<p>Open.</p>' },
    { kind: 'paragraph', html: '<p>Locked.</p>' },
  ],
};
const open = [{ kind: 'paragraph' as const, html: '<p>Open.</p>' }];
const locked = [{ kind: 'paragraph' as const, html: '<p>Locked.</p>' }];
const context = {
  settings: { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2, giftsPerMonth: 10 },
  timeZone: 'UTC',
  now,
  publicUrl: new URL('https://news.example/'),
};
const offer = {
  slug: 'intro',
  headline: 'Try 3 months for $9',
  copy: '',
  planName: 'Digital',
  terms: '',
  price: { amountMinor: 1500, currency: 'USD', interval: 'month' as const },
  endsAt: null,
  benefits: [],
  url: 'https://news.example/offers',
};

function bodyFor(decision: AccessDecision) {
  const cut = { open, locked: decision.access === 'full' ? locked : [] };
  return toArticleBody({ article, body: cut, decision, offers: [offer] }, context);
}

describe('an article as the API answers it', () => {
  it('has every block and no offers when read in full, with the meter after the read', () => {
    const answer = bodyFor({
      access: 'full',
      meter: { period: '2026-11', articleIds: [3, 7] },
      countsRead: true,
      notice: { kind: 'meter-remaining', remaining: 1 },
      rule: null,
      meterLimit: 3,
    });
    assert.deepEqual(answer.blocks, [...open, ...locked]);
    assert.deepEqual(answer.access, { state: 'full', reason: null, meter: { limit: 3, used: 2, remaining: 1 }, offers: [] });
    assert.equal(answer.url, 'https://news.example/world/harbour-talks');
  });

  it('has only the open blocks, the wall and the offers when locked', () => {
    const answer = bodyFor({
      access: 'preview',
      meter: { period: '2026-11', articleIds: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11] },
      wall: { kind: 'meter-exhausted', reader: 'registered', limit: 10 },
      rule: null,
      meterLimit: 10,
    });
    assert.deepEqual(answer.blocks, open);
    assert.deepEqual(answer.access, { state: 'preview', reason: 'meter-exhausted', meter: { limit: 10, used: 10, remaining: 0 }, offers: [offer] });
  });

  it('counts a meter from last month as an empty one', () => {
    const answer = bodyFor({ access: 'full', meter: { period: '2026-10', articleIds: [1, 2, 3] }, countsRead: false, notice: null, rule: null, meterLimit: 3 });
    assert.deepEqual(answer.access.meter, { limit: 3, used: 0, remaining: 3 });
  });

  it('shows no meter where the meter had no part in the read (readers who are not metered, articles that are not)', () => {
    assert.equal(bodyFor({ access: 'full', meter: null, countsRead: false, notice: null, rule: null, meterLimit: null }).access.meter, null);
  });

  it('counts the meter against the limit of the meter rule the read was decided on', () => {
    const answer = bodyFor({
      access: 'full',
      meter: { period: '2026-11', articleIds: [1, 2, 3, 4] },
      countsRead: true,
      notice: { kind: 'meter-remaining', remaining: 1 },
      rule: { id: 4, name: 'Newsletter readers get 2 more' },
      meterLimit: 5,
    });
    assert.deepEqual(answer.access.meter, { limit: 5, used: 4, remaining: 1 });
  });
});
