import type { FastifyReply, FastifyRequest } from 'fastify';

/** What identifies one version of a list or feed: an entity tag, and when it last changed. */
export type Validators = { etag: string; lastModified: Date };

type ConditionalHeaders = { 'if-none-match'?: string | undefined; 'if-modified-since'?: string | undefined };

/** Weak and strong tags compare alike here: a list or feed is the same for every encoding of it. */
const opaqueTag = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * Whether the client's copy is still current (RFC 9110, 13.1): If-None-Match decides when sent;
 * otherwise If-Modified-Since, at the one-second precision of HTTP dates.
 */
export function isClientCopyCurrent(headers: ConditionalHeaders, { etag, lastModified }: Validators): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    return noneMatch.split(',').some((tag) => tag.trim() === '*' || opaqueTag(tag) === opaqueTag(etag));
  }
  const modifiedSince = headers['if-modified-since'];
  if (modifiedSince === undefined) return false;
  const since = Date.parse(modifiedSince);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** A weak tag for content made from the content version and whatever else the answer varies by. */
export function weakEtag(...parts: readonly (string | number)[]): string {
  return `W/"${parts.join('-').replace(/[^\x21\x23-\x7e]/g, '_')}"`;
}

/**
 * Sets the validators on the reply and says whether to answer 304 Not Modified instead of the body;
 * only for GET and HEAD, as a changed request must always be answered in full.
 */
export function answersNotModified(request: FastifyRequest, reply: FastifyReply, validators: Validators): boolean {
  reply.header('etag', validators.etag).header('last-modified', validators.lastModified.toUTCString());
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (!isClientCopyCurrent(request.headers, validators)) return false;
  reply.code(304);
  return true;
}
