import { Type, type Static } from 'typebox';
import type { ArticleSummary } from '../../content/article.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { absoluteUrl, articlePath, authorPath, reservedPaths } from '../../http/urls.ts';
import { jpegRenditionsOf } from '../views/image-view.ts';
import { listNames } from '../views/teaser-view.ts';
import { escapeHtml } from '../../text/escape-html.ts';

/**
 * oEmbed (https://oembed.com) for articles: another site asks how to show one of our article
 * addresses and gets a card (headline, standfirst, a link) to put on its page. The card is made
 * from what any list of articles shows; no part of an article's body is ever in it.
 */

export const oembedPath = '/oembed';

/**
 * The request. Consumers send parameters of their own (WordPress adds some), so fields not named
 * here are ignored rather than refused; the ones named are checked, and a bad one is named back.
 */
export const OEmbedQuery = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2_000 })),
    format: Type.Optional(Type.String({ maxLength: 20 })),
    maxwidth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    maxheight: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: true },
);
export type OEmbedQuery = Static<typeof OEmbedQuery>;

export const OEmbedResponse = Type.Object({
  type: Type.Literal('rich'),
  version: Type.Literal('1.0'),
  title: Type.String(),
  author_name: Type.Optional(Type.String()),
  author_url: Type.Optional(Type.String()),
  provider_name: Type.String(),
  provider_url: Type.String(),
  cache_age: Type.Integer(),
  thumbnail_url: Type.Optional(Type.String()),
  thumbnail_width: Type.Optional(Type.Integer()),
  thumbnail_height: Type.Optional(Type.Integer()),
  html: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});
export type OEmbedResponse = Static<typeof OEmbedResponse>;

/** An error, in the shape the API gives its errors: a code to act on, words for people, the field at fault. */
export const OEmbedError = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
export type OEmbedError = Static<typeof OEmbedError>;

/** What a request asks for, once checked, or what is wrong with it. */
export type OEmbedRequest =
  | { kind: 'article'; slug: string; maxWidth: number | null; maxHeight: number | null }
  /** An address that is not one of this site's articles: oEmbed's 404. */
  | { kind: 'not-ours' }
  /** A format the spec names that this provider does not give: oEmbed's 501. */
  | { kind: 'format-not-implemented'; format: string }
  | { kind: 'invalid'; field: string; message: string };

/** How long consumers may keep an answer before asking again, in seconds. */
const cacheAgeSeconds = 3_600;
/** The card's nominal size: the spec wants one for rich embeds, though a blockquote fits its container. */
const cardSize = { width: 600, height: 240 };
const articleAddress = /^\/([^/]+)\/([^/]+)\/?$/;

export function parseOEmbedRequest(query: OEmbedQuery, publicUrl: URL): OEmbedRequest {
  if (query.format !== undefined && query.format !== 'json') {
    return query.format === 'xml'
      ? { kind: 'format-not-implemented', format: 'xml' }
      : { kind: 'invalid', field: 'format', message: '“format” must be json (or xml, which this site does not give).' };
  }
  if (query.url === undefined || query.url.trim() === '')
    return { kind: 'invalid', field: 'url', message: "“url” is required: the address of one of this site's articles." };
  let url: URL;
  try {
    url = new URL(query.url.trim());
  } catch {
    return { kind: 'invalid', field: 'url', message: '“url” must be an absolute address, such as https://news.example/world/a-story.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid', field: 'url', message: '“url” must be an http or https address.' };
  // http and https both name our articles (a consumer may hold either); other hosts do not.
  if (url.hostname !== publicUrl.hostname || (url.protocol === publicUrl.protocol && url.port !== publicUrl.port)) return { kind: 'not-ours' };
  if (!url.pathname.startsWith(publicUrl.pathname)) return { kind: 'not-ours' };
  const match = articleAddress.exec(`/${url.pathname.slice(publicUrl.pathname.length)}`);
  // Under a path the site keeps for itself (/authors/…, /admin/…) a second segment is no article.
  if (!match?.[1] || !match[2] || reservedPaths.has(match[1])) return { kind: 'not-ours' };
  return { kind: 'article', slug: decodeURIComponentOr(match[2]), maxWidth: query.maxwidth ?? null, maxHeight: query.maxheight ?? null };
}

function decodeURIComponentOr(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const within = (size: number, limit: number | null) => limit === null || size <= limit;

/** The embed of an article: a card of its headline and standfirst linking to it, and its largest lead image that fits. */
export function toOEmbed({
  article,
  settings,
  publicUrl,
  maxWidth,
  maxHeight,
}: {
  article: ArticleSummary;
  settings: PublicationSettings;
  publicUrl: URL;
  maxWidth: number | null;
  maxHeight: number | null;
}): OEmbedResponse {
  const url = absoluteUrl(publicUrl, articlePath(article));
  const home = absoluteUrl(publicUrl, '/');
  const firstAuthor = article.authors[0];
  const thumbnail = article.leadImage
    ? jpegRenditionsOf(article.leadImage.image)
        .filter((rendition) => within(rendition.width, maxWidth) && within(rendition.height, maxHeight))
        .at(-1)
    : undefined;
  const html = [
    `<blockquote class="dateline-embed" cite="${escapeHtml(url)}">`,
    `<p class="dateline-embed__section">${escapeHtml(article.section.name)}</p>`,
    `<p class="dateline-embed__headline"><a href="${escapeHtml(url)}">${escapeHtml(article.headline)}</a></p>`,
    ...(article.standfirst === '' ? [] : [`<p class="dateline-embed__standfirst">${escapeHtml(article.standfirst)}</p>`]),
    `<p class="dateline-embed__source"><a href="${escapeHtml(home)}">${escapeHtml(settings.name)}</a></p>`,
    '</blockquote>',
  ].join('');
  return {
    type: 'rich',
    version: '1.0',
    title: article.headline,
    ...(firstAuthor
      ? {
          author_name: listNames(
            article.authors.map((author) => author.name),
            settings.locale,
          ),
          author_url: absoluteUrl(publicUrl, authorPath(firstAuthor)),
        }
      : {}),
    provider_name: settings.name,
    provider_url: home,
    cache_age: cacheAgeSeconds,
    ...(thumbnail ? { thumbnail_url: absoluteUrl(publicUrl, thumbnail.path), thumbnail_width: thumbnail.width, thumbnail_height: thumbnail.height } : {}),
    html,
    width: Math.min(cardSize.width, maxWidth ?? cardSize.width),
    height: Math.min(cardSize.height, maxHeight ?? cardSize.height),
  };
}

/** The address an article's head gives for its embed, as oEmbed's discovery asks. */
export function oembedDiscoveryUrl(publicUrl: URL, articleUrl: string): string {
  return `${absoluteUrl(publicUrl, oembedPath)}?${new URLSearchParams({ url: articleUrl, format: 'json' })}`;
}
