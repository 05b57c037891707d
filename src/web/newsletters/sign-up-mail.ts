import { signUpConfirmUrl } from '../../http/newsletter-paths.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';

/**
 * The double opt-in's mail: which newsletters were asked for, the link that confirms them, and
 * what happens if the reader does nothing (nothing at all). Sent whether or not the address has an
 * account, so the form tells a visitor nothing about whose address it is.
 */
export async function mailSignUpConfirmation(
  deps: ReaderSiteDeps,
  { to, token, newsletterNames, publication }: { to: string; token: string; newsletterNames: readonly string[]; publication: string },
): Promise<void> {
  const link = signUpConfirmUrl(deps.publicUrl, token).href;
  const list = newsletterNames.map((name) => `- ${name}`).join('\n');
  await deps.mailer.send({
    to,
    kind: 'newsletter-confirmation',
    subject: `Confirm your newsletters from ${publication}`,
    text:
      `Someone, probably you, asked for these newsletters from ${publication} to be sent to this address:\n\n${list}\n\n` +
      `To start getting them, open this link and press Confirm. It works once, for 48 hours:\n\n${link}\n\n` +
      `If you did not ask, you need do nothing: without the link you are not subscribed to anything and nothing more is sent.\n` +
      `Every newsletter has a link to unsubscribe at the bottom.\n`,
  });
}
