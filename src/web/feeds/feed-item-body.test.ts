import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessLevel } from '../../content/access-level.ts';
import { absolutizeLinks, feedItemBody, type FeedAudience } from './feed-item-body.ts';

const publicUrl = new URL('https://news.example/');
const blocks = ['<p>One.</p>', '<p>Two.</p>', '<p>Three LOCKED.</p>', '<p>Four LOCKED.</p>'].map((html) => ({ kind: 'paragraph' as const, html }));

const everyone: FeedAudience = { kind: 'public' };
const subscriberWith = (tiers: readonly string[]): FeedAudience => ({ kind: 'entitled', reader: { kind: 'subscriber', readerId: 1, tiers } });
const staff: FeedAudience = { kind: 'entitled', reader: { kind: 'staff', readerId: 2 } };
const premium = { slug: 'premium', name: 'Premium' };

function bodyOf(
  access: AccessLevel,
  audience: FeedAudience,
  extra: { sponsor?: { id: number; slug: string; name: string; disclosure: string; url: string }; requiredTier?: typeof premium } = {},
) {
  return feedItemBody({
    article: { access, requiredTier: extra.requiredTier ?? null, body: blocks, previewBlockCount: 2, dateline: 'Oslo', sponsor: extra.sponsor ?? null },
    audience,
    articleUrl: 'https://news.example/world/piece',
    publicationName: 'The <Gazette>',
    publicUrl,
  });
}

describe('what a feed item carries of an article', () => {
  it('carries a free article whole, to everyone, with no link onward', () => {
    for (const audience of [everyone, subscriberWith([]), staff]) {
      const { html, isPreview } = bodyOf('free', audience);
      assert.equal(isPreview, false);
      assert.match(html, /Four LOCKED/);
      assert.doesNotMatch(html, /Continue reading/);
    }
  });

  it('carries only the preview of a locked article to the public, then the way to the rest', () => {
    for (const access of ['metered', 'registered', 'premium'] as const) {
      const { html, isPreview } = bodyOf(access, everyone);
      assert.equal(isPreview, true);
      assert.doesNotMatch(html, /LOCKED/);
      assert.match(html, /Two\./);
      assert.ok(html.endsWith('<p><a href="https://news.example/world/piece">Continue reading at The &#60;Gazette&#62;</a></p>'));
    }
  });

  it('carries a locked article whole to an entitled reader', () => {
    const { html, isPreview } = bodyOf('premium', subscriberWith([]));
    assert.equal(isPreview, false);
    assert.match(html, /Three LOCKED[\s\S]*Four LOCKED/);
  });

  it('carries an article requiring a tier whole only to readers holding it, and its preview to other subscribers', () => {
    for (const [audience, isWhole] of [
      [subscriberWith(['digital']), false],
      [subscriberWith(['digital', 'premium']), true],
      [staff, true],
      [everyone, false],
    ] as const) {
      const { html, isPreview } = bodyOf('premium', audience, { requiredTier: premium });
      assert.equal(isPreview, !isWhole);
      assert.equal(html.includes('LOCKED'), isWhole);
    }
  });

  it('opens the body with the dateline and says whose sponsored content it is', () => {
    const { html } = bodyOf('free', everyone, {
      sponsor: { id: 1, slug: 'acme', name: 'Acme', disclosure: 'Paid for by Acme & Co.', url: 'https://acme.example' },
    });
    assert.ok(html.startsWith('<p><strong>Sponsored content</strong>: Paid for by Acme &#38; Co.</p>\n<p><span class="dateline">OSLO</span> — One.</p>'));
  });

  it('gives the site’s own links its address, and leaves other sites’ and protocol-relative ones alone', () => {
    assert.equal(
      absolutizeLinks('<a href="/world/x">a</a> <img src="/media/i.jpg"> <a href="//evil.example/">b</a> <a href="https://other.example/">c</a>', publicUrl),
      '<a href="https://news.example/world/x">a</a> <img src="https://news.example/media/i.jpg"> <a href="//evil.example/">b</a> <a href="https://other.example/">c</a>',
    );
  });
});
