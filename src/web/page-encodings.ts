import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply } from 'fastify';
import { LRUCache } from 'lru-cache';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type ContentCoding = 'br' | 'gzip';

const negotiator = new Negotiator<ContentCoding>({ supportedValues: ['br', 'gzip'], cache: new LRUCache<string, string>({ max: 1_000 }) });

/** The coding a reader's browser takes that we can send, best first, or null to send the page as it is. */
export function chooseCoding(acceptEncoding: string | undefined): ContentCoding | null {
  return acceptEncoding === undefined || acceptEncoding === '' ? null : negotiator.negotiate(acceptEncoding);
}

const gzipNegotiator = new Negotiator<'gzip'>({ supportedValues: ['gzip'], cache: new LRUCache<string, string>({ max: 1_000 }) });

/** Whether a reader's browser takes gzip: a page with holes for the reader's own details is sent only so. */
export function takesGzip(acceptEncoding: string | undefined): boolean {
  return acceptEncoding !== undefined && acceptEncoding !== '' && gzipNegotiator.negotiate(acceptEncoding) === 'gzip';
}

/**
 * A kept body (a feed, a theme asset) compressed once, when it is first sent in that coding, and
 * then kept with it: it costs its compression one time rather than once a request. The levels favour size, since the work
 * is done once.
 */
export function compressPage(bytes: Buffer, coding: ContentCoding): Buffer {
  return coding === 'br'
    ? brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      })
    : gzipSync(bytes, { level: 9 });
}

/** Says the answer varies by the coding the reader takes, beside whatever else it varies by (Cookie, Origin). */
export function varyByEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  reply.header('vary', typeof vary === 'string' && vary !== '' ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}
