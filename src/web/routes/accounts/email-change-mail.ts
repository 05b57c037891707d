import type { EmailChangeRequest } from '../../../accounts/email-changes.ts';
import { accountPaths } from '../../../http/account-paths.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { absoluteUrl } from '../../../http/urls.ts';

export const emailChangeConfirmPath = '/account/email/confirm';

/**
 * Mails both addresses of a requested change. The new one gets the link that makes the change or,
 * when it already has an account, a notice that nothing changed (only its owner learns which); the
 * present one is told a change was asked, so a reader whose session was taken over hears of it.
 */
export async function mailEmailChangeRequest(
  deps: ReaderSiteDeps,
  { request, publication }: { request: EmailChangeRequest; publication: string },
): Promise<void> {
  const forgot = absoluteUrl(deps.publicUrl, accountPaths.forgotPassword);
  if (request.kind === 'link') {
    const link = absoluteUrl(deps.publicUrl, `${emailChangeConfirmPath}?token=${encodeURIComponent(request.token)}`);
    await deps.mailer.send({
      to: request.newEmail,
      kind: 'email-change-link',
      subject: `Confirm your new e-mail address for ${publication}`,
      text:
        `Use this link to make this the e-mail address of your ${publication} account. It works once, for 24 hours:\n\n${link}\n\n` +
        `If you did not ask for it, you can ignore this message: no account moves to this address without the link.\n`,
    });
  } else {
    await deps.mailer.send({
      to: request.newEmail,
      kind: 'email-change-refused',
      subject: `This address already has an account with ${publication}`,
      text:
        `Someone asked to move their ${publication} account to this address. It already has an account, so nothing was changed.\n\n` +
        `If it was you, log in with this address instead:\n${absoluteUrl(deps.publicUrl, accountPaths.logIn)}\n\nForgot its password? Choose a new one:\n${forgot}\n\n` +
        `If it was not you, you can ignore this message: your account has not changed.\n`,
    });
  }
  await deps.mailer.send({
    to: request.oldEmail,
    kind: 'email-change-requested',
    subject: `A new e-mail address was asked for your ${publication} account`,
    text:
      `Someone, probably you, asked to change the e-mail address of your ${publication} account to ${request.newEmail}. ` +
      `Nothing changes unless the link we sent there is followed within 24 hours.\n\n` +
      `If it was not you, choose a new password at once: that cancels the change and logs every other device out.\n${forgot}\n`,
  });
}

/** Tells the address an account has left that it was changed, in case it was not its owner's doing. */
export async function mailEmailChanged(
  deps: ReaderSiteDeps,
  { oldEmail, newEmail, publication }: { oldEmail: string; newEmail: string; publication: string },
): Promise<void> {
  await deps.mailer.send({
    to: oldEmail,
    kind: 'email-changed',
    subject: `The e-mail address of your ${publication} account was changed`,
    text:
      `The e-mail address of your ${publication} account is now ${newEmail}: log in with that address from now on.\n\n` +
      `If you did not make this change, write to ${publication} at once, quoting this message.\n`,
  });
}
