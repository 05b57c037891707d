import { isEntitled } from '../../access/reader.ts';
import { findLiveFeedToken, issueFeedToken, revokeFeedToken } from '../../feeds/feed-tokens.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { readerOf } from '../../http/reader-identity.ts';
import { HttpError } from '../../http/http-errors.ts';
import { requireAccount } from '../routes/accounts/account.ts';
import { sendAccountPage } from '../routes/accounts/account-page.ts';
import { csrfOnlyForm } from '../routes/accounts/form-schemas.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { privateFeedPaths, toPrivateFeedIssuedView } from './private-feed-view.ts';

/** Making, replacing and revoking a private feed, from the account page's forms. */
export function registerPrivateFeedAccountRoutes(app: App, deps: ReaderSiteDeps): void {
  // Make one, or replace the one in use: a new token, the old one revoked in the same transaction.
  app.post(privateFeedPaths.issue, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    if (!isEntitled(await readerOf(account, deps))) {
      throw new HttpError(
        403,
        'A private feed with every article in full comes with a subscription. See the offers to subscribe, then make one from your account page.',
      );
    }
    const wasReplaced = (await findLiveFeedToken(deps.db, account.id)) !== null;
    const token = await issueFeedToken(deps.db, account.id, deps.now());
    const page = toPrivateFeedIssuedView({ token, wasReplaced, publicUrl: deps.publicUrl });
    return sendAccountPage(request, reply, deps, { template: 'private-feed', title: 'Your private feed', page });
  });

  // Anyone signed in may revoke theirs, entitled or not: a lapsed reader may want the address dead.
  app.post(privateFeedPaths.revoke, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const hadOne = await revokeFeedToken(deps.db, account.id, deps.now());
    return reply.redirect(`${accountPaths.account}?changed=${hadOne ? 'feed-revoked' : 'feed-none'}`, 303);
  });
}
