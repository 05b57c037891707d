import { absoluteUrl } from '../../http/urls.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { organisationPaths } from './organisation-paths.ts';

/** Mails an invitation's link to the address a manager gave. */
export async function mailInvitation(
  deps: ReaderSiteDeps,
  { email, token, organisationName, publication }: { email: string; token: string; organisationName: string; publication: string },
): Promise<void> {
  const link = absoluteUrl(deps.publicUrl, `${organisationPaths.join}?token=${encodeURIComponent(token)}`);
  await deps.mailer.send({
    to: email,
    kind: 'organisation-invitation',
    subject: `${organisationName} invites you to read ${publication}`,
    text:
      `${organisationName} gives you a seat to read ${publication} in full. Follow this link, sign in or make an account with this address, and accept. ` +
      `It works once, for 14 days:\n\n${link}\n\nIf you did not expect it, you can ignore this message.\n`,
  });
}

/** Mails the link that proves the reader holds an address of the organisation's domains. */
export async function mailDomainProof(
  deps: ReaderSiteDeps,
  { email, token, publication }: { email: string; token: string; publication: string },
): Promise<void> {
  const link = absoluteUrl(deps.publicUrl, `${organisationPaths.proveConfirm}?token=${encodeURIComponent(token)}`);
  await deps.mailer.send({
    to: email,
    kind: 'organisation-domain-proof',
    subject: `Confirm your address to read ${publication} through your organisation`,
    text:
      `Follow this link, signed in to the ${publication} account that asked, to confirm this address and take a seat of your organisation. ` +
      `It works once, for 24 hours:\n\n${link}\n\nIf you did not ask for it, you can ignore this message: nobody joins without the link.\n`,
  });
}
