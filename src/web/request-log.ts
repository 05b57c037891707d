import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { testCheckoutPath, testGiftCheckoutPath, testSeatCheckoutPath } from '../commerce/test-mode/test-provider.ts';
import { giftParameter } from './gifts/gift-paths.ts';

/** Where a request carries a token: a query parameter, the path segment after a prefix, or a header the log never writes. */
export type TokenCarrier = { query: string } | { pathAfter: string } | { header: string };

/**
 * Every kind of token the site issues, and where a request carries it. The request log redacts each
 * one, and the log-secrets check (hardening/web-security.hardening.ts) issues and uses every kind
 * named here, so a new kind of token is one line here and one step there.
 */
export const issuedTokens = [
  { kind: 'first-run setup link', carrier: { query: 'token' } },
  { kind: 'staff invitation link', carrier: { query: 'token' } },
  { kind: 'registration link', carrier: { query: 'token' } },
  { kind: 'password-reset link', carrier: { query: 'token' } },
  { kind: 'magic link', carrier: { query: 'token' } },
  { kind: 'e-mail change link', carrier: { query: 'token' } },
  { kind: 'gift link', carrier: { query: giftParameter } },
  { kind: 'newsletter sign-up link', carrier: { query: 'token' } },
  { kind: 'newsletter preferences link', carrier: { query: 'token' } },
  { kind: 'newsletter unsubscribe link', carrier: { query: 'token' } },
  { kind: 'newsletter article link', carrier: { query: 'nl' } },
  { kind: 'gift subscription redemption link', carrier: { query: 'code' } },
  { kind: 'private feed', carrier: { pathAfter: '/feeds/private/' } },
  { kind: 'test-mode checkout', carrier: { pathAfter: `${testCheckoutPath}/` } },
  { kind: 'checkout return', carrier: { query: 'checkout' } },
  { kind: 'gift test-mode checkout', carrier: { pathAfter: `${testGiftCheckoutPath}/` } },
  { kind: 'gift checkout receipt', carrier: { query: 'checkout' } },
  { kind: 'test-mode seat checkout', carrier: { pathAfter: `${testSeatCheckoutPath}/` } },
  { kind: 'seat checkout return', carrier: { query: 'checkout' } },
  { kind: 'API token', carrier: { header: 'authorization' } },
  { kind: 'session', carrier: { header: 'cookie' } },
] as const satisfies readonly { kind: string; carrier: TokenCarrier }[];

export type TokenKind = (typeof issuedTokens)[number]['kind'];

const redacted = '[redacted]';
const carriers: readonly TokenCarrier[] = issuedTokens.map(({ carrier }) => carrier);
const tokenParameters = new Set(carriers.flatMap((carrier) => ('query' in carrier ? [carrier.query.toLowerCase()] : [])));
const tokenPathPrefixes = [...new Set(carriers.flatMap((carrier) => ('pathAfter' in carrier ? [carrier.pathAfter.toLowerCase()] : [])))];

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The address as the log may keep it: where the request went, without the token it carried. A
 * parameter or path is matched as the router would read it (percent-decoded), and also in another
 * case or with doubled slashes, since a mistyped address still carries a live token.
 */
export function redactTokens(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? null : url.slice(queryStart + 1);
  const keptQuery = query
    ?.split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = decoded(pair.slice(0, equals).replaceAll('+', ' ')).toLowerCase();
      if (tokenParameters.has(name)) return `${pair.slice(0, equals)}=${redacted}`;
      // The log-in and registration pages' `next` is an address of the site, which may carry a token of its own.
      if (name !== 'next') return pair;
      const next = decoded(pair.slice(equals + 1).replaceAll('+', ' '));
      const keptNext = redactTokens(next);
      return keptNext === next ? pair : `${pair.slice(0, equals)}=${encodeURIComponent(keptNext)}`;
    })
    .join('&');
  return `${redactPathToken(path)}${keptQuery === undefined ? '' : `?${keptQuery}`}`;
}

function redactPathToken(path: string): string {
  const readable = decoded(path).replace(/\/{2,}/g, '/');
  const prefix = tokenPathPrefixes.find((candidate) => readable.toLowerCase().startsWith(candidate));
  if (prefix === undefined) return path;
  const afterToken = readable.slice(prefix.length).replace(/^[^/]*/, '');
  return `${readable.slice(0, prefix.length)}${redacted}${afterToken}`;
}

/**
 * One log line per request, written when it is answered: method, address, status and time taken.
 * Fastify's default writes a second line as each request arrives, and writing it cost as much as
 * serving a cached page. Headers are not written, so the tokens they carry never reach the log.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: redactTokens(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'answered');
  }
}
