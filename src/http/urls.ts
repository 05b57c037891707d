import type { Author, Section } from '../content/article.ts';

/** Paths a section slug may not take, because the site already uses them. */
export const reservedPaths = new Set([
  'admin',
  'api',
  'assets',
  'media',
  'authors',
  'search',
  'account',
  'login',
  'logout',
  'register',
  'offers',
  'subscribe',
  'checkout',
  'webhooks',
  'healthz',
  'feed.xml',
  'sitemap.xml',
  'robots.txt',
  'sitemaps',
  'atom.xml',
  'feed.json',
  'feeds',
  'oembed',
  'newsletters',
]);

export function articlePath(article: { slug: string; section: Pick<Section, 'slug'> }): string {
  return `/${article.section.slug}/${article.slug}`;
}

export function sectionPath(section: Pick<Section, 'slug'>): string {
  return `/${section.slug}`;
}

export function authorPath(author: Pick<Author, 'slug'>): string {
  return `/authors/${author.slug}`;
}

/**
 * The public address of a path on this site. The "./" keeps any path on the site: without it, a path
 * from a request such as "/\\evil.example" or "/javascript:x" reads as another host or scheme, and
 * "/\\" as no address at all.
 */
export function absoluteUrl(publicUrl: URL, path: string): string {
  return new URL(`./${path.replace(/^\//, '')}`, publicUrl).toString();
}
