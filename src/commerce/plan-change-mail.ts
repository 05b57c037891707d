import { formatMoney } from './money.ts';
import type { Plan } from './plan.ts';

/** The messages a subscriber receives about changing plans. */
export type PlanChangeMail =
  | { kind: 'plan-changed'; from: Plan; to: Plan; dueNowMinor: number; renewsAt: Date; renewalMinor: number }
  | { kind: 'plan-change-scheduled'; from: Plan; to: Plan; effectiveAt: Date }
  | { kind: 'plan-change-withdrawn'; from: Plan; to: Plan };

type Wording = { publication: string; locale: string; timeZone: string; accountUrl: string };

export function composePlanChangeMail(mail: PlanChangeMail, { publication, locale, timeZone, accountUrl }: Wording): { subject: string; text: string } {
  const day = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);
  const price = (amountMinor: number) => formatMoney({ amountMinor, currency: mail.to.currency }, locale);
  switch (mail.kind) {
    case 'plan-changed':
      return {
        subject: `You are now on ${mail.to.name}`,
        text: `Your ${publication} subscription has moved from ${mail.from.name} to ${mail.to.name}.\n\n${
          mail.dueNowMinor > 0 ? `We charged ${price(mail.dueNowMinor)} today for the rest of your current period. ` : ''
        }From ${day(mail.renewsAt)} you pay ${price(mail.renewalMinor)} a ${mail.to.interval}.\n\nYour account: ${accountUrl}\n`,
      };
    case 'plan-change-scheduled':
      return {
        subject: `Your move to ${mail.to.name} on ${day(mail.effectiveAt)}`,
        text: `From ${day(mail.effectiveAt)} your ${publication} subscription moves to ${mail.to.name} at ${price(mail.to.priceMinor)} a ${mail.to.interval}. Until then you keep ${mail.from.name}.\n\nChanged your mind? Cancel the change on your account page: ${accountUrl}\n`,
      };
    case 'plan-change-withdrawn':
      return {
        subject: `You stay on ${mail.from.name}`,
        text: `You called off your move to ${mail.to.name}. Your ${publication} subscription continues on ${mail.from.name} at ${formatMoney({ amountMinor: mail.from.priceMinor, currency: mail.from.currency }, locale)} a ${mail.from.interval}.\n\nYour account: ${accountUrl}\n`,
      };
  }
}
