import type { FastifyRequest } from 'fastify';
import type { Reader } from '../access/reader.ts';
import { readerOf } from '../http/reader-identity.ts';
import type { SiteDeps } from '../http/site-deps.ts';
import { findTokenHolder, noteTokenUse, type TokenHolder } from '../devices/api-tokens.ts';
import { unauthorized } from '../http/api-errors.ts';

/**
 * Who is asking through the API: the holder of the bearer token, or an anonymous reader. The
 * site's session cookie opens nothing here (a browser sends it to any page that asks, so honouring
 * it would open the API to forged requests); apps sign in for a token of their own.
 */
export type ApiIdentity = { kind: 'anonymous'; reader: Reader } | { kind: 'token-holder'; reader: Reader; holder: TokenHolder; token: string };

// The scheme's name is case-insensitive (RFC 9110, 11.1); the token is as newToken makes them.
const bearerPattern = /^Bearer +([A-Za-z0-9_-]{1,100})$/i;

/**
 * The identity behind the request. A token that is sent but is not live (malformed, unknown,
 * revoked or unused too long) is refused even where none is needed, so an app learns that its
 * token is dead rather than reading on as an anonymous reader.
 */
export async function identifyApiClient(request: FastifyRequest, deps: SiteDeps): Promise<ApiIdentity> {
  const header = request.headers.authorization;
  if (header === undefined) return { kind: 'anonymous', reader: { kind: 'anonymous' } };
  const token = bearerPattern.exec(header.trim())?.[1];
  if (token === undefined) throw unauthorized();
  const now = deps.now();
  const holder = await findTokenHolder(deps.db, token, now);
  if (holder === null) throw unauthorized();
  await noteTokenUse(deps.db, holder, now);
  return { kind: 'token-holder', reader: await readerOf(holder.account, deps), holder, token };
}

/** The token holder, for routes that need one. */
export async function requireTokenHolder(request: FastifyRequest, deps: SiteDeps): Promise<Extract<ApiIdentity, { kind: 'token-holder' }>> {
  const identity = await identifyApiClient(request, deps);
  if (identity.kind !== 'token-holder') throw unauthorized();
  return identity;
}
