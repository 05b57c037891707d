import { readsWhole, type Reader } from '../../access/reader.ts';
import type { Article } from '../../content/article.ts';
import { cutBody } from '../../reading/preview-cut.ts';
import { setDateline } from '../views/body-steps.ts';
import { escapeHtml } from '../../text/escape-html.ts';

/**
 * Who a feed is for. A feed is no read on the meter (nothing is counted, nobody is known), so only
 * entitlement opens the locked part: the public feeds, and a lapsed subscriber's private one, carry
 * what the paywall shows anyone; an entitled reader's carries in full what their tiers open.
 */
export type FeedAudience = { kind: 'public' } | { kind: 'entitled'; reader: Reader };

/** The feed's cache key part for an audience: readers holding the same tiers get the same feed. */
export function audienceKey(audience: FeedAudience): string {
  if (audience.kind === 'public') return 'public';
  const { reader } = audience;
  return reader.kind !== 'subscriber' || reader.tiers === 'every-tier' ? 'entitled:every-tier' : `entitled:${[...reader.tiers].sort().join(',')}`;
}

export type FeedItemBody = {
  html: string;
  /** Whether the locked part was withheld: the item then ends with a link to the article. */
  isPreview: boolean;
};

/** Feed readers show items away from the site, so addresses within it must carry the site's origin. */
export function absolutizeLinks(html: string, publicUrl: URL): string {
  return html.replace(/(\s(?:href|src))="\/(?![/\\])/g, `$1="${publicUrl.origin}/`);
}

/**
 * The HTML of one feed item, cut before it is written, like every other channel (preview-cut.ts):
 * the sponsor's disclosure, the body opened by its dateline, and, when the locked part was withheld,
 * a line that leads to the article. The steps run in this order because the dateline opens the first
 * paragraph of the body as given, and links are made absolute last, over everything.
 */
export function feedItemBody({
  article,
  audience,
  articleUrl,
  publicationName,
  publicUrl,
}: {
  article: Pick<Article, 'access' | 'requiredTier' | 'body' | 'previewBlockCount' | 'dateline' | 'sponsor'>;
  audience: FeedAudience;
  articleUrl: string;
  publicationName: string;
  publicUrl: URL;
}): FeedItemBody {
  const isWhole = audience.kind === 'entitled' && readsWhole(audience.reader, article.access === 'premium' ? (article.requiredTier?.slug ?? null) : null);
  const body = cutBody(article, { access: isWhole ? 'full' : 'preview' });
  const isPreview = body.open.length + body.locked.length < article.body.length;
  const parts = [
    ...(article.sponsor
      ? [`<p><strong>Sponsored content</strong>: ${escapeHtml(article.sponsor.disclosure || `paid for by ${article.sponsor.name}`)}</p>`]
      : []),
    ...setDateline(
      body.open.map((block) => block.html),
      article.dateline,
    ),
    ...body.locked.map((block) => block.html),
    ...(isPreview ? [`<p><a href="${escapeHtml(articleUrl)}">Continue reading at ${escapeHtml(publicationName)}</a></p>`] : []),
  ];
  return { html: absolutizeLinks(parts.join('\n'), publicUrl), isPreview };
}
