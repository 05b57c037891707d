import type { LoginLinkPurpose } from '../accounts/login-links.ts';
import { accountPaths } from './account-paths.ts';
import type { SiteDeps } from './site-deps.ts';
import { absoluteUrl } from './urls.ts';

/** Mails a one-time link; the address, not the page, receives it. */
export async function mailLoginLink(
  deps: SiteDeps,
  { to, token, purpose, publication }: { to: string; token: string; purpose: LoginLinkPurpose; publication: string },
): Promise<void> {
  const path = purpose === 'magic-link' ? accountPaths.magicLinkConfirm : accountPaths.resetPassword;
  const link = absoluteUrl(deps.publicUrl, `${path}?token=${encodeURIComponent(token)}`);
  const message =
    purpose === 'magic-link'
      ? {
          subject: `Your link to log in to ${publication}`,
          text: `Use this link to log in to ${publication}. It works once, for 15 minutes:\n\n${link}\n\nIf you did not ask for it, you can ignore this message.\n`,
        }
      : {
          subject: `Choose a new password for ${publication}`,
          text: `Use this link to choose a new password for your ${publication} account. It works once, for an hour:\n\n${link}\n\nIf you did not ask for it, you can ignore this message; your password has not changed.\n`,
        };
  await deps.mailer.send({ to, kind: purpose, ...message });
}
