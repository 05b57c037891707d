import { Type } from 'typebox';
import { revokeApiToken } from '../../devices/api-tokens.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { requireAccount } from '../routes/accounts/account.ts';
import { csrfOnlyForm } from '../routes/accounts/form-schemas.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';

/** Signing a device out from the account page: its app's token is refused from then on. */
export function registerDeviceRoutes(app: App, deps: ReaderSiteDeps): void {
  app.post(
    '/account/devices/:id/revoke',
    { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }), body: csrfOnlyForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const account = await requireAccount(request, reply, deps);
      if (!account) return reply;
      // Another account's device, or one already signed out, is left as it is; the answer is the same.
      await revokeApiToken(deps.db, { accountId: account.id, tokenId: request.params.id, now: deps.now() });
      return reply.redirect(`${accountPaths.account}?changed=device-revoked`, 303);
    },
  );
}
