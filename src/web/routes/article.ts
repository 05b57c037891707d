import { Type } from 'typebox';
import { findPublishedArticle, listPublishedArticles } from '../../content/article-repository.ts';
import { NotFoundError } from '../http-errors.ts';
import { slugParam } from '../query-schemas.ts';
import { sendPage } from '../render-page.ts';
import { loadChrome, type App, type SiteDeps } from '../site-deps.ts';
import { articlePath } from '../urls.ts';
import { toArticleView } from '../views/article-view.ts';
import { articleMeta } from '../views/meta-view.ts';

const relatedCount = 3;

export function registerArticleRoute(app: App, deps: SiteDeps): void {
  app.get(
    '/:section/:slug',
    { schema: { params: Type.Object({ section: slugParam, slug: slugParam }) } },
    async (request, reply) => {
      const now = deps.now();
      const article = await findPublishedArticle(deps.db, request.params.slug, now);
      if (!article) throw new NotFoundError();
      // An article keeps its slug when it moves section; the old address points to the new one.
      if (article.section.slug !== request.params.section) return reply.redirect(articlePath(article), 301);
      const chrome = await loadChrome(deps.db);
      const related = await listPublishedArticles(deps.db, { now, sectionId: article.section.id, excludeId: article.id, limit: relatedCount });
      const page = toArticleView({ article, related, settings: chrome.settings, publicUrl: deps.publicUrl });
      const meta = articleMeta({ article, publicUrl: deps.publicUrl, settings: chrome.settings });
      return sendPage(reply, deps, { chrome, template: 'article', page, meta, currentSectionSlug: article.section.slug });
    },
  );
}
