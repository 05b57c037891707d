import type { App, SiteDeps } from '../site-deps.ts';
import { absoluteUrl, articlePath, authorPath, sectionPath } from '../urls.ts';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Every published article, section and author, for search engines. */
export function registerSitemapRoute(app: App, deps: SiteDeps): void {
  app.get('/sitemap.xml', async (_request, reply) => {
    const now = deps.now().toISOString();
    const [articles, sections, authors] = await Promise.all([
      deps.db
        .selectFrom('articles as a')
        .innerJoin('sections as s', 's.id', 'a.section_id')
        .select(['a.slug', 's.slug as section_slug', 'a.updated_at'])
        .where('a.status', '=', 'published')
        .where('a.published_at', '<=', now)
        .orderBy('a.published_at', 'desc')
        .orderBy('a.id', 'desc')
        .execute(),
      deps.db.selectFrom('sections').select('slug').orderBy('position').execute(),
      deps.db.selectFrom('authors').select('slug').orderBy('slug').execute(),
    ]);
    const entry = (path: string, lastModified?: string) =>
      `<url><loc>${escapeXml(absoluteUrl(deps.publicUrl, path))}</loc>${lastModified ? `<lastmod>${lastModified}</lastmod>` : ''}</url>`;
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      entry('/'),
      ...sections.map((section) => entry(sectionPath(section))),
      ...articles.map((article) => entry(articlePath({ slug: article.slug, section: { slug: article.section_slug } }), article.updated_at)),
      ...authors.map((author) => entry(authorPath(author))),
      '</urlset>',
    ].join('\n');
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(body);
  });
}
