import { Type } from 'typebox';
import { defaultAccessMessages } from '../../access/messages.ts';
import { findPublishedArticle, listPublishedArticles } from '../../content/article-repository.ts';
import { readArticle } from '../../reading/read-article.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { NotFoundError } from '../http-errors.ts';
import { readAnonymousMeter, storeAnonymousMeter } from '../meter-cookie-jar.ts';
import { slugParam } from '../query-schemas.ts';
import { identifyReader } from '../reader-identity.ts';
import { sendPage } from '../render-page.ts';
import { loadChrome, type App, type SiteDeps } from '../site-deps.ts';
import { articlePath } from '../urls.ts';
import { accessLabelOf } from '../views/access-label.ts';
import { toArticleView, type ArticleAccessView } from '../views/article-view.ts';
import { articleMeta } from '../views/meta-view.ts';
import { toNoticeView, toPaywallView } from '../views/paywall-view.ts';

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

      const [chrome, accessSettings, identity] = await Promise.all([
        loadChrome(deps.db),
        readAccessSettings(deps.db),
        identifyReader(request, deps),
      ]);
      const read = await readArticle(deps, {
        article,
        reader: identity.reader,
        anonymousMeter: readAnonymousMeter(request, deps),
        settings: accessSettings,
        timeZone: chrome.settings.timeZone,
        now,
      });
      if (read.anonymousMeterToStore) storeAnonymousMeter(reply, deps, read.anonymousMeterToStore);

      const wording = { messages: defaultAccessMessages, locale: chrome.settings.locale, publication: chrome.settings.name, settings: accessSettings };
      const accessView: ArticleAccessView =
        read.decision.access === 'full'
          ? { isPreview: false, notice: toNoticeView(read.decision.notice, wording), paywall: null, staffNote: null }
          : {
              isPreview: true,
              notice: null,
              paywall: toPaywallView(read.decision.wall, { isSignedIn: identity.account !== null, returnPath: articlePath(article) }, wording),
              staffNote: null,
            };
      if (identity.reader.kind === 'staff') {
        accessView.staffNote = `Staff view · ${accessLabelOf(article.access) || 'Metered'} (${article.access})`;
      }

      const related = await listPublishedArticles(deps.db, { now, sectionId: article.section.id, excludeId: article.id, limit: relatedCount });
      const page = toArticleView({ article, body: read.body, accessView, related, settings: chrome.settings, publicUrl: deps.publicUrl });
      const meta = articleMeta({ article, publicUrl: deps.publicUrl, settings: chrome.settings });
      // Only a free article read without any cookie is the same for everyone; the rest depends on the reader.
      const isSharedPage = article.access === 'free' && identity.reader.kind === 'anonymous' && !request.headers.cookie;
      reply.header('cache-control', isSharedPage ? 'public, max-age=60' : 'private, no-store').header('vary', 'Cookie');
      return sendPage(reply, deps, { chrome, account: identity.account, template: 'article', page, meta, currentSectionSlug: article.section.slug });
    },
  );
}
