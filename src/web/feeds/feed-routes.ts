import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isEntitled } from '../../access/reader.ts';
import { findAuthorBySlug } from '../../content/masthead-repository.ts';
import { findFeedTokenAccount } from '../../feeds/feed-tokens.ts';
import { cacheEpoch } from '../../settings/content-version.ts';
import { answersNotModified, weakEtag, type Validators } from '../../http/conditional-get.ts';
import { createPageCache } from '../page-cache.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { chooseCoding, compressPage, varyByEncoding, type ContentCoding } from '../page-encodings.ts';
import { slugParam } from '../query-schemas.ts';
import { readerOf } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { buildFeed } from './feed-build.ts';
import { audienceKey, type FeedAudience } from './feed-item-body.ts';
import type { FeedScope } from './feed-paths.ts';
import { feedFormatFiles, feedFormats, type FeedFormat } from './feed-document.ts';

/** A feed as built, with its copies in each content coding, made the first time a reader takes one. */
type KeptFeed = Validators & { body: Buffer; compressed: Partial<Record<ContentCoding, Buffer>> };

const publicCaching = 'public, max-age=300';
/** A private feed is asked again every time (a 304 when unchanged), so a revoked address stops at once. */
const privateCaching = 'private, no-cache';
const unknownPrivateFeed =
  'This private feed address is not in use: it was replaced or revoked, or it was never issued. The subscriber it belongs to finds the current one on their account page.\n';

/**
 * Every feed: the whole site, each section, each author, in RSS 2.0, Atom 1.0 and JSON Feed 1.1, and
 * subscribers' private feeds. A section's and an author's sit beside their pages (/world/feed.xml,
 * /authors/ada-reporter/atom.xml): slugs are lower-case letters, digits and hyphens (content/slug.ts),
 * so no article or section can ever be called "feed.xml", and the router prefers these fixed names
 * over an article's address.
 */
export function registerFeedRoutes(app: App, deps: ReaderSiteDeps): void {
  // Built once per content version and minute (scheduled articles appear without a save) and shared:
  // the private feeds of all entitled subscribers are one feed, as their address is not in it.
  const kept = createPageCache<KeptFeed>({ maxEntries: deps.isCachingPages ? 600 : 0, maxBytes: 32 * 1024 * 1024, sizeOf: (feed) => feed.body.length });

  async function sendFeed(
    request: FastifyRequest,
    reply: FastifyReply,
    { scope, scopeKey, format, caching }: { scope: FeedScope; scopeKey: string; format: FeedFormat; caching: string },
  ): Promise<FastifyReply> {
    const now = deps.now();
    const key = `${cacheEpoch(await deps.contentVersion.current(), now)}:${scopeKey}:${format}`;
    let feed = kept.get(key);
    if (feed === undefined) {
      const built = await buildFeed(deps, { scope, format, now });
      // Tagged by what it holds, so a copy stays current across content versions that left this feed alone.
      const digest = createHash('sha256').update(built.body).digest('base64url').slice(0, 22);
      feed = { body: Buffer.from(built.body), compressed: {}, lastModified: built.lastModified, etag: weakEtag(format, digest) };
      kept.set(key, feed);
    }
    reply.header('cache-control', caching);
    varyByEncoding(reply);
    if (answersNotModified(request, reply, feed)) return reply.send();
    reply.type(feedFormatFiles[format].contentType);
    // Feeds of whole articles run to tens of kilobytes and are polled: compressed once per version, when kept.
    const coding = deps.isCachingPages ? chooseCoding(request.headers['accept-encoding']) : null;
    if (coding === null) return reply.send(feed.body);
    feed.compressed[coding] ??= compressPage(feed.body, coding);
    return reply.header('content-encoding', coding).send(feed.compressed[coding]);
  }

  for (const format of feedFormats) {
    const { file } = feedFormatFiles[format];

    app.get(`/${file}`, async (request, reply) => sendFeed(request, reply, { scope: { kind: 'site' }, scopeKey: 'site', format, caching: publicCaching }));

    app.get(`/:section/${file}`, { schema: { params: Type.Object({ section: slugParam }) } }, async (request, reply) => {
      const { sections } = await deps.chrome();
      const section = sections.find((candidate) => candidate.slug === request.params.section);
      if (!section) throw new NotFoundError('There is no such section, so no feed of it.');
      return sendFeed(request, reply, { scope: { kind: 'section', section }, scopeKey: `section:${section.slug}`, format, caching: publicCaching });
    });

    app.get(`/authors/:slug/${file}`, { schema: { params: Type.Object({ slug: slugParam }) } }, async (request, reply) => {
      const author = await findAuthorBySlug(deps.db, request.params.slug);
      if (!author) throw new NotFoundError('There is no such author, so no feed of their articles.');
      return sendFeed(request, reply, { scope: { kind: 'author', author }, scopeKey: `author:${author.slug}`, format, caching: publicCaching });
    });

    app.get(`/feeds/private/:token/${file}`, { schema: { params: Type.Object({ token: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
      const account = await findFeedTokenAccount(deps.db, request.params.token);
      if (!account) return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(unknownPrivateFeed);
      // The site's own rule decides: a lapsed subscriber's feed carries previews, like the public one (docs/decisions/0010).
      const reader = await readerOf(account, deps);
      const audience: FeedAudience = isEntitled(reader) ? { kind: 'entitled', reader } : { kind: 'public' };
      return sendFeed(request, reply, { scope: { kind: 'private', audience }, scopeKey: `private:${audienceKey(audience)}`, format, caching: privateCaching });
    });
  }
}
