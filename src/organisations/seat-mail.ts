import { mailAccountHolder, type CommerceContext, type MailWording } from '../commerce/commerce-context.ts';
import { formatMoney } from '../commerce/money.ts';
import type { Plan } from '../commerce/plan.ts';

/** What the reader who bought a company's seats is told: the receipt for the purchase, and each change of seats. */
export type SeatMail =
  | { kind: 'seats-bought'; organisationName: string; plan: Plan; seats: number; amountMinor: number; periodEnd: Date }
  | { kind: 'seats-changed'; organisationName: string; plan: Plan; from: number; to: number; dueNowMinor: number; renewalMinor: number; periodEnd: Date };

type Wording = MailWording & { organisationUrl: string };

const seatCount = (seats: number) => `${seats} ${seats === 1 ? 'seat' : 'seats'}`;

export function composeSeatMail(mail: SeatMail, { publication, locale, timeZone, organisationUrl }: Wording): { subject: string; text: string } {
  const day = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);
  const price = (amountMinor: number) => formatMoney({ amountMinor, currency: mail.plan.currency }, locale);
  switch (mail.kind) {
    case 'seats-bought':
      return {
        subject: `Your receipt from ${publication}: ${seatCount(mail.seats)} for ${mail.organisationName}`,
        text: `Thank you for buying ${seatCount(mail.seats)} of ${mail.plan.name} for ${mail.organisationName}. We received ${price(mail.amountMinor)}; the seats are paid until ${day(mail.periodEnd)} and renew then at ${price(mail.amountMinor)} a ${mail.plan.interval} unless you cancel.\n\nYou hold the first seat. Invite your colleagues, see who reads and change the number of seats at ${organisationUrl}\n`,
      };
    case 'seats-changed':
      return {
        subject: `${mail.organisationName} now has ${seatCount(mail.to)}`,
        text: `${mail.organisationName}'s ${publication} subscription went from ${seatCount(mail.from)} to ${seatCount(mail.to)}.\n\n${
          mail.dueNowMinor > 0 ? `We charged ${price(mail.dueNowMinor)} today for the added seats for the rest of this period. ` : ''
        }From ${day(mail.periodEnd)} you pay ${price(mail.renewalMinor)} a ${mail.plan.interval}.\n\nYour organisation: ${organisationUrl}\n`,
      };
  }
}

/** Mails the buyer, in the publication's words and time zone. */
export function mailSeatBuyer(
  ctx: Pick<CommerceContext, 'db' | 'mailer' | 'publicUrl'>,
  { accountId, mail }: { accountId: number; mail: SeatMail },
): Promise<void> {
  return mailAccountHolder(ctx, {
    accountId,
    kind: mail.kind,
    compose: (wording) => composeSeatMail(mail, { ...wording, organisationUrl: new URL('organisation', ctx.publicUrl).toString() }),
  });
}
