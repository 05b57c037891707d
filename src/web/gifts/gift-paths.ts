import type { Section } from '../../content/article.ts';
import { absoluteUrl, articlePath } from '../../http/urls.ts';

/** Where a subscriber gives and revokes gift links; both are forms posting the CSRF token. */
export const giftPaths = {
  give: '/account/gifts',
  revoke: (giftId: number) => `/account/gifts/${giftId}/revoke`,
} as const;

/** The parameter of an article's address that carries a gift link's token. */
export const giftParameter = 'gift';

/** A gift link: the article's own address with the token. */
export function giftLinkUrl(publicUrl: URL, article: { slug: string; section: Pick<Section, 'slug'> }, token: string): string {
  return `${absoluteUrl(publicUrl, articlePath(article))}?${giftParameter}=${encodeURIComponent(token)}`;
}
