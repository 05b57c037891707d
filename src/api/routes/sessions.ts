import { Type } from 'typebox';
import { normalizeEmail } from '../../accounts/email-address.ts';
import { authenticate } from '../../accounts/log-in.ts';
import { accountRateLimits, consumeRateLimit, RateLimitedError } from '../../accounts/rate-limit.ts';
import { mergeAnonymousReads } from '../../accounts/reader-meter.ts';
import { readRegisteredMeterLimit } from '../../experiments/experiment-repository.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { clearAnonymousMeter, readAnonymousMeter } from '../../http/meter-cookie-jar.ts';
import type { SiteDeps } from '../../http/site-deps.ts';
import { requireTokenHolder } from '../api-identity.ts';
import { errorBody, newSessionBody, noQuery, sessionBody } from '../api-schemas.ts';
import { issueApiToken, revokeApiToken } from '../../devices/api-tokens.ts';
import type { ApiApp } from '../api-app.ts';

const tags = ['Sessions'];
const bearer = [{ bearerToken: [] }];

export function registerSessionRoutes(api: ApiApp, deps: SiteDeps): void {
  api.post(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Sign in on a device',
        description:
          "Checks the e-mail address and password as the site's log-in does, under the same rate limits, and issues a token for this device. This month's reads on an anonymous meter cookie sent along join the reader's meter, as at a web log-in.",
        querystring: noQuery,
        body: newSessionBody,
        response: { 201: sessionBody, 400: errorBody, 401: errorBody, 415: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      const { email, password, device } = request.body;
      const now = deps.now();
      // The web log-in's counters: attempts through the site and the apps count together.
      for (const [rule, subject] of [
        [accountRateLimits.logInPerIp, request.ip],
        [accountRateLimits.logInPerAddress, normalizeEmail(email) ?? email.trim().toLowerCase()],
      ] as const) {
        const result = await consumeRateLimit(deps.db, rule, subject, now);
        if (!result.isAllowed) {
          const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
          throw new RateLimitedError(
            `Too many attempts. Please wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again.`,
            result.retryAfterSeconds,
          );
        }
      }
      const account = await authenticate(deps.db, { email, password });
      const anonymousMeter = readAnonymousMeter(request, deps);
      if (anonymousMeter !== null && anonymousMeter.articleIds.length > 0 && account.role === 'reader') {
        const settings = await readAccessSettings(deps.db);
        const limit = await readRegisteredMeterLimit(deps.db, account.id, settings);
        await mergeAnonymousReads(deps.db, deps.dialect, { accountId: account.id, meter: anonymousMeter, limit, now });
      }
      if (anonymousMeter !== null) clearAnonymousMeter(reply, deps);
      const deviceName = device.trim() || 'An app';
      const { token } = await issueApiToken(deps.db, { accountId: account.id, deviceName, now });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ token, device: deviceName, createdAt: now.toISOString() });
    },
  );

  api.delete(
    '/sessions/current',
    {
      schema: {
        tags,
        summary: 'Sign this device out',
        description: 'Revokes the token the request is made with. It is refused with 401 from then on.',
        security: bearer,
        querystring: noQuery,
        response: { 204: Type.Null(), 401: errorBody },
      },
    },
    async (request, reply) => {
      const { holder } = await requireTokenHolder(request, deps);
      await revokeApiToken(deps.db, { accountId: holder.account.id, tokenId: holder.tokenId, now: deps.now() });
      return reply.code(204).send(null);
    },
  );
}
