import type { PublicationMonth } from '../../content/sitemap-repository.ts';

/** The protocol's limit on addresses in one sitemap. */
export const urlsPerSitemap = 50_000;

/**
 * One sitemap of articles: a month's, or one part of a month that has more articles than a sitemap
 * may hold. Its last change is the month's newest, so a changed part never looks unchanged.
 */
export type ArticleSitemap = { name: string; month: string; offset: number; limit: number; lastModified: Date };

/** "articles-2026-11.xml" for a month, "articles-2026-11-2.xml" for its second part, and so on. */
export function articleSitemapName(month: string, part: number): string {
  return part === 1 ? `articles-${month}.xml` : `articles-${month}-${part}.xml`;
}

/** Every article sitemap there is, oldest month first. */
export function planArticleSitemaps(months: readonly PublicationMonth[], perSitemap: number = urlsPerSitemap): ArticleSitemap[] {
  return months.flatMap(({ month, count, lastModified }) =>
    Array.from({ length: Math.ceil(count / perSitemap) }, (_, index) => ({
      name: articleSitemapName(month, index + 1),
      month,
      offset: index * perSitemap,
      limit: perSitemap,
      lastModified,
    })),
  );
}
