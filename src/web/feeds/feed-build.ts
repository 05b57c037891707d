import type { ArticleSummary } from '../../content/article.ts';
import { listArticleBodies, type ArticleBody } from '../../content/article-bodies.ts';
import { listPublishedArticles, type ArticleListFilter } from '../../content/article-repository.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { absoluteUrl, articlePath, authorPath, sectionPath } from '../../http/urls.ts';
import { largestJpegPath } from '../views/image-view.ts';
import { renderFeedDocument, type FeedChannel, type FeedEntry, type FeedFormat } from './feed-document.ts';
import { feedItemBody, type FeedAudience } from './feed-item-body.ts';
import { feedPath, pagePathOf, type FeedScope } from './feed-paths.ts';

/** How many of the newest articles a feed carries. */
export const feedLength = 30;

function audienceOf(scope: FeedScope): FeedAudience {
  return scope.kind === 'private' ? scope.audience : { kind: 'public' };
}

function describe(scope: FeedScope, settings: PublicationSettings): { title: string; description: string } {
  switch (scope.kind) {
    case 'site':
      return { title: settings.name, description: settings.tagline };
    case 'section':
      return { title: `${scope.section.name} | ${settings.name}`, description: scope.section.description || settings.tagline };
    case 'author':
      return { title: `${scope.author.name} | ${settings.name}`, description: scope.author.bio || `Articles by ${scope.author.name}.` };
    case 'private':
      return scope.audience.kind === 'entitled'
        ? {
            title: `${settings.name}: every article in full`,
            description: `Your private feed of ${settings.name}. Keep its address to yourself: anyone who has it reads what you read.`,
          }
        : {
            title: settings.name,
            description: `Your subscription to ${settings.name} has ended, so your private feed carries previews, like the public one. Subscribe again and it carries every article in full once more.`,
          };
  }
}

function filterOf(scope: FeedScope): ArticleListFilter {
  if (scope.kind === 'section') return { sectionId: scope.section.id };
  if (scope.kind === 'author') return { authorId: scope.author.id };
  return {};
}

/** The newest time among the items, which stands for the feed's; a feed with none has a fixed one, so it stays the same bytes. */
function newestChange(articles: readonly ArticleSummary[]): Date {
  const times = articles.map((article) => Math.max(article.updatedAt.getTime(), article.publishedAt?.getTime() ?? 0));
  return new Date(Math.max(0, ...times));
}

function toFeedEntry(
  article: ArticleSummary,
  body: ArticleBody,
  { audience, settings, publicUrl }: { audience: FeedAudience; settings: PublicationSettings; publicUrl: URL },
): FeedEntry {
  const url = absoluteUrl(publicUrl, articlePath(article));
  const { html } = feedItemBody({ article: { ...article, ...body }, audience, articleUrl: url, publicationName: settings.name, publicUrl });
  return {
    headline: article.headline,
    url,
    standfirst: article.standfirst,
    contentHtml: html,
    publishedAt: article.publishedAt ?? article.updatedAt,
    updatedAt: article.updatedAt,
    authors: article.authors.map((author) => ({ name: author.name, url: absoluteUrl(publicUrl, authorPath(author)) })),
    section: { name: article.section.name, url: absoluteUrl(publicUrl, sectionPath(article.section)) },
    image: article.leadImage ? { url: absoluteUrl(publicUrl, largestJpegPath(article.leadImage.image)), alt: article.leadImage.image.alt } : null,
  };
}

/** A feed as served: its bytes in one format and when its newest item changed. */
export type BuiltFeed = { body: string; lastModified: Date };

/** Builds one feed from the database: the scope's newest articles, each cut for the feed's audience. */
export async function buildFeed(deps: ReaderSiteDeps, { scope, format, now }: { scope: FeedScope; format: FeedFormat; now: Date }): Promise<BuiltFeed> {
  const { settings } = await deps.chrome();
  const articles = await listPublishedArticles(deps.db, { now, limit: feedLength, ...filterOf(scope) });
  const bodies = await listArticleBodies(
    deps.db,
    articles.map((article) => article.id),
  );
  const audience = audienceOf(scope);
  const entries = articles.flatMap((article) => {
    const body = bodies.get(article.id);
    return body ? [toFeedEntry(article, body, { audience, settings, publicUrl: deps.publicUrl })] : [];
  });
  const pageUrl = absoluteUrl(deps.publicUrl, pagePathOf(scope));
  const lastModified = newestChange(articles);
  const selfUrl = (publicScope: Exclude<FeedScope, { kind: 'private' }>, each: FeedFormat) => absoluteUrl(deps.publicUrl, feedPath(publicScope, each));
  const channel: FeedChannel = {
    ...describe(scope, settings),
    pageUrl,
    feedUrls: scope.kind === 'private' ? null : { rss: selfUrl(scope, 'rss'), atom: selfUrl(scope, 'atom'), json: selfUrl(scope, 'json') },
    id: scope.kind === 'private' ? absoluteUrl(deps.publicUrl, '/feeds/private') : pageUrl,
    language: settings.locale,
    publicationName: settings.name,
    copyright: `© ${settings.name}`,
    updated: lastModified,
  };
  return { body: renderFeedDocument(format, channel, entries), lastModified };
}
