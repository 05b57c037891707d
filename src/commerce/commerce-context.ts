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

/** The publication's name, language and clock, which every mail to a reader is written in. */
export type MailWording = { publication: string; locale: string; timeZone: string };

/** Mails an account's holder a message composed in the publication's words and time zone; an account that is gone is mailed nothing. */
export async function mailAccountHolder(
  ctx: Pick<CommerceContext, 'db' | 'mailer'>,
  { accountId, kind, compose }: { accountId: number; kind: string; compose: (wording: MailWording) => { subject: string; text: string } },
): Promise<void> {
  const [account, settings] = await Promise.all([
    ctx.db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirst(),
    readPublicationSettings(ctx.db),
  ]);
  if (!account) return;
  const message = compose({ publication: settings.name, locale: settings.locale, timeZone: settings.timeZone });
  await ctx.mailer.send({ to: account.email, kind, ...message });
}

/** Mails a subscriber about their subscription, in the publication's words and time zone. */
export async function notifySubscriber(
  ctx: CommerceContext,
  { accountId, planId, mail }: { accountId: number; planId: number; mail: SubscriptionMail },
): Promise<void> {
  const plan = await findPlanById(ctx.db, planId);
  if (!plan) return;
  await mailAccountHolder(ctx, {
    accountId,
    kind: mail.kind,
    compose: (wording) =>
      composeSubscriptionMail(mail, {
        ...wording,
        plan,
        accountUrl: new URL('account', ctx.publicUrl).toString(),
        offersUrl: new URL('offers', ctx.publicUrl).toString(),
        cardUrl: new URL(cardPath.slice(1), ctx.publicUrl).toString(),
      }),
  });
}
