import { Type } from 'typebox';
import { countPublishedArticles, listPublishedArticles } from '../../content/article-repository.ts';
import { findAuthorBySlug } from '../../content/masthead-repository.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { toPaginationView } from '../pagination.ts';
import { pageQuery, slugParam } from '../query-schemas.ts';
import { sendPage } from '../render-page.ts';
import { findSignedInReader } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { authorPath } from '../../http/urls.ts';
import { feedLinksFor } from '../feeds/feed-links.ts';
import { pageMeta } from '../views/meta-view.ts';
import { toTeaserView } from '../views/teaser-view.ts';
import type { AuthorPageView } from '../views/view-models.ts';

const authorPageSize = 12;

export function registerAuthorRoute(app: App, deps: ReaderSiteDeps): void {
  app.get('/authors/:slug', { schema: { params: Type.Object({ slug: slugParam }), querystring: pageQuery } }, async (request, reply) => {
    const now = deps.now();
    const author = await findAuthorBySlug(deps.db, request.params.slug);
    if (!author) throw new NotFoundError();
    const [chrome, identity] = await Promise.all([deps.chrome(), findSignedInReader(request, deps)]);
    const page = request.query.page ?? 1;
    const total = await countPublishedArticles(deps.db, { now, authorId: author.id });
    const articles = await listPublishedArticles(deps.db, { now, authorId: author.id, limit: authorPageSize, offset: (page - 1) * authorPageSize });
    if (page > 1 && articles.length === 0) throw new NotFoundError("There is no such page of this author's articles.");
    const path = authorPath(author);
    const view: AuthorPageView = {
      name: author.name,
      bio: author.bio,
      teasers: articles.map((article) => toTeaserView(article, chrome.settings)),
      pagination: toPaginationView({ page, total, pageSize: authorPageSize, path }),
    };
    const meta = {
      // Each page of the list is its own page to a search engine, titled and addressed as such.
      ...pageMeta({
        title: page > 1 ? `${author.name}, page ${page}` : author.name,
        description: author.bio,
        path: page > 1 ? `${path}?page=${page}` : path,
        publicUrl: deps.publicUrl,
        settings: chrome.settings,
      }),
      feeds: feedLinksFor({ kind: 'author', author }, `${author.name} | ${chrome.settings.name}`),
    };
    return sendPage(reply, deps, { chrome, identity, template: 'author', page: view, meta });
  });
}
