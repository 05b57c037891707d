import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountRateLimits } from '../../../accounts/rate-limit.ts';
import { sessionCookieName } from '../../../accounts/sessions.ts';
import { DomainError } from '../../../errors/domain-error.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import { findReaderAccount } from '../../../http/reader-identity.ts';
import type { App } from '../../../http/site-deps.ts';
import { absoluteUrl } from '../../../http/urls.ts';
import { recordAudit } from '../../../newsroom/audit-log.ts';
import { checkDeletionLink, confirmAccountDeletion, requestAccountDeletion } from '../../../readers/account-deletion.ts';
import { findErasableReader, readerAuditSubject } from '../../../readers/erase-reader.ts';
import { composeErasureMail } from '../../../readers/erasure-mail.ts';
import { collectReaderData } from '../../../readers/reader-data.ts';
import { recordReaderEvent } from '../../../readers/reader-events.ts';
import { readPublicationSettings } from '../../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { checkRateLimits, sendAccountPage } from './account-page.ts';
import { requireAccount } from './account.ts';
import { csrfOnlyForm, tokenForm, tokenQuery } from './form-schemas.ts';
import { ownDataPaths } from './own-data-view.ts';

/**
 * The pages of deleting an account: `asked` after the reader asked (the link is mailed), `confirm`
 * where the mailed link lands (a button, so mail scanners that open links delete nothing), `deleted`
 * once done, `unusable` for a link that cannot be used (with why).
 */
export type DeleteAccountPageView = {
  state: 'asked' | 'confirm' | 'deleted' | 'unusable';
  csrfToken: string;
  email: string;
  token: string;
  error: string | null;
  accountUrl: string;
  homeUrl: string;
};

function deletePage(request: FastifyRequest, reply: FastifyReply, deps: ReaderSiteDeps, fields: Partial<DeleteAccountPageView>, status = 200) {
  const page: DeleteAccountPageView = {
    state: 'unusable',
    csrfToken: reply.generateCsrf(),
    email: '',
    token: '',
    error: null,
    accountUrl: accountPaths.account,
    homeUrl: '/',
    ...fields,
  };
  return sendAccountPage(request, reply, deps, { template: 'delete-account', title: 'Delete your account', page, status });
}

/** The file's name: the publication's, the day, and what it is. */
function downloadName(publication: string, now: Date): string {
  const slug =
    publication
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'dateline';
  return `${slug}-my-data-${now.toISOString().slice(0, 10)}.json`;
}

export function registerOwnDataRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(ownDataPaths.download, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const now = deps.now();
    const { name: publication } = await readPublicationSettings(deps.db);
    const data = await collectReaderData(deps.db, { accountId: account.id, publication, now });
    await deps.db.transaction().execute(async (trx) => {
      await recordReaderEvent(trx, { accountId: account.id, event: { kind: 'data-downloaded' }, at: now });
      await recordAudit(trx, { actor: account, action: 'downloaded own data', subject: readerAuditSubject(account.id), now });
    });
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${downloadName(publication, now)}"`)
      .type('application/json; charset=utf-8')
      .send(`${JSON.stringify(data, null, 2)}\n`);
  });

  app.post(ownDataPaths.deleteAccount, { schema: { body: csrfOnlyForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    // A staff account is refused before its request is counted: a refusal changes nothing.
    await findErasableReader(deps.db, account.id);
    const limited = await checkRateLimits(reply, deps, [{ rule: accountRateLimits.deletionLinkPerAddress, subject: account.email }]);
    if (limited) return deletePage(request, reply, deps, { state: 'unusable', error: limited }, 429);
    const now = deps.now();
    const { token } = await requestAccountDeletion(deps.db, { accountId: account.id, now });
    const { name: publication } = await readPublicationSettings(deps.db);
    const link = absoluteUrl(deps.publicUrl, `${ownDataPaths.deleteConfirm}?token=${encodeURIComponent(token)}`);
    await deps.mailer.send({
      to: account.email,
      kind: 'deletion-link',
      subject: `Confirm deleting your ${publication} account`,
      text:
        `Use this link to delete your ${publication} account. It works once, for 24 hours:\n\n${link}\n\n` +
        `Deleting it ends your subscription at once, signs you out everywhere and erases what we hold about you. ` +
        `Payments stay in our accounts, as the law requires, without your name or address.\n\n` +
        `If you did not ask for this, ignore this message: nothing is deleted without the link.\n`,
    });
    return deletePage(request, reply, deps, { state: 'asked', email: account.email });
  });

  app.get(ownDataPaths.deleteConfirm, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    try {
      const { email } = await checkDeletionLink(deps.db, { token, now: deps.now() });
      return deletePage(request, reply, deps, { state: 'confirm', email, token });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return deletePage(request, reply, deps, { state: 'unusable', error: error.message }, 400);
    }
  });

  app.post(ownDataPaths.deleteConfirm, { schema: { body: tokenForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await findReaderAccount(request, deps);
    try {
      const erased = await confirmAccountDeletion({ db: deps.db, provider: deps.paymentProvider }, { token: request.body.token, now: deps.now() });
      const { name: publication } = await readPublicationSettings(deps.db);
      await deps.mailer.send(composeErasureMail({ to: erased.email, publication, requester: 'reader' }));
      // The session is gone with the account: the page that says so must not show it signed in from
      // the identity kept a moment ago, and the browser that was signed in to it forgets its cookie.
      deps.identities.forgetAll();
      if (signedIn?.email === erased.email) reply.clearCookie(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.isSecure });
      return deletePage(request, reply, deps, { state: 'deleted', email: erased.email });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return deletePage(request, reply, deps, { state: 'unusable', error: error.message }, 400);
    }
  });
}
