import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessDecision } from '../access/decide-access.ts';
import type { Reader } from '../access/reader.ts';
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

function bodyFor(reader: Reader, decision: AccessDecision) {
  const cut = { open, locked: decision.access === 'full' ? locked : [] };
  return toArticleBody({ article, body: cut, decision, reader, offers: [offer] }, context);
}

describe('an article as the API answers it', () => {
  it('has every block and no offers when read in full, with the meter after the read', () => {
    const answer = bodyFor(
      { kind: 'anonymous' },
      { access: 'full', meter: { period: '2026-11', articleIds: [3, 7] }, countsRead: true, notice: { kind: 'meter-remaining', remaining: 1 } },
    );
    assert.deepEqual(answer.blocks, [...open, ...locked]);
    assert.deepEqual(answer.access, { state: 'full', reason: null, meter: { limit: 3, used: 2, remaining: 1 }, offers: [] });
    assert.equal(answer.url, 'https://news.example/world/harbour-talks');
  });

  it('has only the open blocks, the wall and the offers when locked', () => {
    const answer = bodyFor(
      { kind: 'registered', readerId: 1, lapsed: null },
      {
        access: 'preview',
        meter: { period: '2026-11', articleIds: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11] },
        wall: { kind: 'meter-exhausted', reader: 'registered' },
      },
    );
    assert.deepEqual(answer.blocks, open);
    assert.deepEqual(answer.access, { state: 'preview', reason: 'meter-exhausted', meter: { limit: 10, used: 10, remaining: 0 }, offers: [offer] });
  });

  it('counts a meter from last month as an empty one', () => {
    const answer = bodyFor({ kind: 'anonymous' }, { access: 'full', meter: { period: '2026-10', articleIds: [1, 2, 3] }, countsRead: false, notice: null });
    assert.deepEqual(answer.access.meter, { limit: 3, used: 0, remaining: 3 });
  });

  it('shows no meter to readers who are not metered', () => {
    for (const reader of [
      { kind: 'subscriber', readerId: 1 },
      { kind: 'staff', readerId: 2 },
    ] as const) {
      assert.equal(bodyFor(reader, { access: 'full', meter: null, countsRead: false, notice: null }).access.meter, null);
    }
  });
});
