import { findOfferById } from '../commerce/catalogue-repository.ts';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { readPublicationSettings } from '../settings/settings-repository.ts';
import { isReminderDue } from './gift-subscription.ts';
import { composeGiftSubscriptionMail } from './gift-subscription-mail.ts';
import {
  claimGiftDelivery,
  claimGiftReminder,
  listGiftsDueForDelivery,
  listGiftsEndingBefore,
  releaseGiftDelivery,
  releaseGiftReminder,
} from './gift-subscription-repository.ts';
import { readGiftSubscriptionSettings } from './gift-subscription-settings.ts';
import { signRedemptionCode, type RedemptionCodeKey } from './redemption-code.ts';

/** What the job loop's gift work needs from the shell: where the links lead is the site's business. */
export type GiftSubscriptionJobContext = {
  db: Database;
  mailer: Mailer;
  key: RedemptionCodeKey;
  links: { redemption: (code: string) => string; continuation: (offerSlug: string | null) => string };
};

/** How many gifts one pass takes of each kind; the rest wait for the next pass. */
const batchSize = 100;

/**
 * One pass of the job loop: mails each gift whose delivery day has come to its recipient, and
 * reminds each recipient whose gift ends within the publication's reminder days. Each mail is
 * claimed on its row before it is sent, so a restart, a second pass or a second instance never mails
 * twice; a send that fails gives its claim back for the next pass.
 */
export async function runGiftSubscriptionJobs(ctx: GiftSubscriptionJobContext, now: Date): Promise<{ delivered: number; reminded: number }> {
  const [publication, settings] = await Promise.all([readPublicationSettings(ctx.db), readGiftSubscriptionSettings(ctx.db)]);
  const wording = { publication: publication.name, locale: publication.locale, timeZone: publication.timeZone };
  let delivered = 0;
  for (const gift of await listGiftsDueForDelivery(ctx.db, now, batchSize)) {
    if (!(await claimGiftDelivery(ctx.db, gift.id, now))) continue;
    const code = signRedemptionCode({ giftId: gift.id, nonce: gift.codeNonce }, ctx.key);
    const mail = { kind: 'gift-subscription-delivered' as const, gift, redemptionUrl: ctx.links.redemption(code) };
    await sendOrRelease(
      () => ctx.mailer.send({ to: gift.recipientEmail, kind: mail.kind, ...composeGiftSubscriptionMail(mail, wording) }),
      () => releaseGiftDelivery(ctx.db, gift.id),
    );
    delivered += 1;
  }
  const reminderWindowMs = settings.reminderDays * 24 * 60 * 60 * 1000;
  const ending = await listGiftsEndingBefore(ctx.db, { now, before: new Date(now.getTime() + reminderWindowMs) }, batchSize);
  const offer = ending.length > 0 && settings.continuationOfferId !== null ? await findOfferById(ctx.db, settings.continuationOfferId) : undefined;
  let reminded = 0;
  for (const gift of ending) {
    if (gift.redeemedBy === null || gift.accessUntil === null || !isReminderDue(gift, { now, reminderDays: settings.reminderDays })) continue;
    const account = await ctx.db.selectFrom('accounts').select('email').where('id', '=', gift.redeemedBy).executeTakeFirst();
    if (!account || !(await claimGiftReminder(ctx.db, gift.id, now))) continue;
    const mail = {
      kind: 'gift-subscription-ending' as const,
      accessUntil: gift.accessUntil,
      continuationUrl: ctx.links.continuation(offer?.offer.slug ?? null),
    };
    await sendOrRelease(
      () => ctx.mailer.send({ to: account.email, kind: mail.kind, ...composeGiftSubscriptionMail(mail, wording) }),
      () => releaseGiftReminder(ctx.db, gift.id),
    );
    reminded += 1;
  }
  return { delivered, reminded };
}

async function sendOrRelease(send: () => Promise<void>, release: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    await release();
    throw error;
  }
}
