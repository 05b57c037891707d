import type { FastifyRequest } from 'fastify';
import { visitOf, type Visit } from '../insights/visit-source.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Where a request came from (its Referer and `utm_*` parameters), told against the site's own address. */
export function visitOfRequest(request: FastifyRequest, { publicUrl }: { publicUrl: URL }): Visit {
  return visitOf({ referer: request.headers.referer, query: isRecord(request.query) ? request.query : {}, siteHost: publicUrl.hostname });
}
