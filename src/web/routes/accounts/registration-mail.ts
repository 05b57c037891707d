import type { RegistrationRequest } from '../../../accounts/registration-requests.ts';
import { accountPaths, withNext } from '../../../http/account-paths.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { absoluteUrl } from '../../../http/urls.ts';

/**
 * Mails the address that asked to register: the link that finishes registering, or, when the
 * address already has an account, a note saying so with the ways back in. Only the address's owner
 * learns which it was.
 */
export async function mailRegistration(
  deps: ReaderSiteDeps,
  { request, next, publication }: { request: RegistrationRequest; next: string; publication: string },
): Promise<void> {
  if (request.kind === 'new-address') {
    const link = absoluteUrl(deps.publicUrl, `${accountPaths.registerConfirm}?token=${encodeURIComponent(request.token)}`);
    await deps.mailer.send({
      to: request.email,
      kind: 'registration-link',
      subject: `Finish registering with ${publication}`,
      text: `Use this link to finish registering with ${publication}. It works once, for 24 hours:\n\n${link}\n\nIf you did not ask to register, you can ignore this message: no account is made without the link.\n`,
    });
    return;
  }
  const logIn = absoluteUrl(deps.publicUrl, withNext(accountPaths.logIn, next));
  const forgot = absoluteUrl(deps.publicUrl, accountPaths.forgotPassword);
  await deps.mailer.send({
    to: request.email,
    kind: 'already-registered',
    subject: `You already have an account with ${publication}`,
    text:
      `Someone, probably you, asked to register with ${publication} using this address. It already has an account, so no new one was made.\n\n` +
      `Log in:\n${logIn}\n\nForgot your password? Choose a new one:\n${forgot}\n\n` +
      `If it was not you, you can ignore this message: your account and its password have not changed.\n`,
  });
}
