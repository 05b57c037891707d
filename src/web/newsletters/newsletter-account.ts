import type { Account } from '../../accounts/account.ts';
import { newsletterPaths } from '../../http/newsletter-paths.ts';
import { readerOf } from '../../http/reader-identity.ts';
import { subscriberStandingOf } from '../../newsletters/may-subscribe.ts';
import { readNewsletterChoices } from '../../newsletters/newsletter-choices.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { type AccountNewslettersView, choiceViewsOf } from './newsletter-views.ts';

/** The account page's Newsletters panel: what the reader's standing offers them, ticked where they are subscribed. */
export async function accountNewslettersViewOf(deps: ReaderSiteDeps, account: Account): Promise<AccountNewslettersView> {
  const standing = subscriberStandingOf(await readerOf(account, deps));
  const choices = await readNewsletterChoices(deps.db, { accountId: account.id, standing });
  return { formAction: newsletterPaths.account, newsletters: choiceViewsOf(choices, 'account-newsletter') };
}
