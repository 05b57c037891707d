import type { Database, Dialect } from '../db/database.ts';
import type { InsightLedger } from '../insights/insight-ledger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { readPublicationSettings } from '../settings/settings-repository.ts';
import { findPlanById } from './catalogue-repository.ts';
import { cardPath } from './payment-provider.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { composeSubscriptionMail, type SubscriptionMail } from './subscription-mail.ts';

/** What the subscription operations need from the shell, whoever calls them: routes, webhooks, the job loop. */
export type CommerceContext = {
  db: Database;
  dialect: Dialect;
  provider: PaymentProvider;
  mailer: Mailer;
  publicUrl: URL;
  /** Where the subscription operations record what they decided, for the newsroom's figures. */
  insights: InsightLedger;
};

/** Mails a subscriber about their subscription, in the publication's words and time zone. */
export async function notifySubscriber(
  ctx: CommerceContext,
  { accountId, planId, mail }: { accountId: number; planId: number; mail: SubscriptionMail },
): Promise<void> {
  const [account, plan, settings] = await Promise.all([
    ctx.db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirst(),
    findPlanById(ctx.db, planId),
    readPublicationSettings(ctx.db),
  ]);
  if (!account || !plan) return;
  const message = composeSubscriptionMail(mail, {
    publication: settings.name,
    plan,
    locale: settings.locale,
    timeZone: settings.timeZone,
    accountUrl: new URL('account', ctx.publicUrl).toString(),
    offersUrl: new URL('offers', ctx.publicUrl).toString(),
    cardUrl: new URL(cardPath.slice(1), ctx.publicUrl).toString(),
  });
  await ctx.mailer.send({ to: account.email, kind: mail.kind, ...message });
}
