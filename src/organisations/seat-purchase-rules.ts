import { addBillingInterval } from '../commerce/billing-period.ts';
import type { BillingInterval, Plan } from '../commerce/plan.ts';

/** How many seats a company may buy itself: a team of two at least; more than this is a contract the newsroom makes. */
export const seatLimits = { min: 2, max: 500 } as const;

/** What a reader asks for when they buy seats: a name for their company, one of the plans on sale, and a number of seats. */
export type SeatOrder = { organisationName: string; plan: Plan; seats: number };

export type SeatOrderField = 'organisationName' | 'plan' | 'seats';

export type SeatOrderResult = { kind: 'valid'; order: SeatOrder } | { kind: 'invalid'; problems: Partial<Record<SeatOrderField, string>> };

const seatsProblem = `Choose from ${seatLimits.min} to ${seatLimits.max} seats.`;

/** Reads the form: any active plan is sold to teams, at its own price per seat. */
export function parseSeatOrder(form: { organisationName: string; planSlug: string; seats: string }, plans: readonly Plan[]): SeatOrderResult {
  const problems: Partial<Record<SeatOrderField, string>> = {};
  const organisationName = form.organisationName.trim().replace(/\s+/g, ' ');
  if (organisationName === '') problems.organisationName = 'Give the name of your company or team.';
  else if (organisationName.length > 200) problems.organisationName = 'Keep the name to 200 characters.';
  const plan = plans.find((candidate) => candidate.isActive && candidate.slug === form.planSlug);
  if (!plan) problems.plan = 'Choose a plan.';
  const seats = /^[0-9]{1,6}$/.test(form.seats.trim()) ? Number(form.seats.trim()) : Number.NaN;
  if (!(seats >= seatLimits.min && seats <= seatLimits.max)) problems.seats = seatsProblem;
  if (!plan || Object.keys(problems).length > 0) return { kind: 'invalid', problems };
  return { kind: 'valid', order: { organisationName, plan, seats } };
}

/** What the seats cost each period: the plan's price times the seats, in the currency's minor unit. */
export function seatsPriceMinor({ priceMinor, seats }: { priceMinor: number; seats: number }): number {
  return priceMinor * seats;
}

/**
 * Where the subscription paying for a company's seats stands: renewing (`active`), running to the
 * period's end and then stopping (`canceling`), its last renewal unpaid (`past_due`, since when), or over.
 */
export type SeatBillingStatus = 'active' | 'canceling' | 'past_due' | 'ended';
export type SeatBilling = { status: SeatBillingStatus; currentPeriodEnd: Date; pastDueSince: Date | null };

/**
 * When the contract ends, given its billing: at the period's end while it renews or runs out; an
 * unpaid renewal keeps the members reading through the site's grace period, as a subscriber's
 * does (commerce/dunning.ts), while the payment is tried again; an ended one ended then.
 */
export function contractEndOf(billing: SeatBilling, { gracePeriodMs }: { gracePeriodMs: number }): Date {
  if (billing.status !== 'past_due' || billing.pastDueSince === null) return billing.currentPeriodEnd;
  const graceEnd = new Date(billing.pastDueSince.getTime() + gracePeriodMs);
  return graceEnd > billing.currentPeriodEnd ? graceEnd : billing.currentPeriodEnd;
}

/** What happened to a company's subscription: a renewal paid or not, the manager's cancel or its withdrawal, or the end. */
export type SeatBillingEvent =
  | { type: 'renewal-paid'; interval: BillingInterval }
  | { type: 'renewal-failed'; at: Date }
  | { type: 'cancel-requested' }
  | { type: 'cancel-withdrawn' }
  | { type: 'ended' };

export function applySeatBillingEvent(billing: SeatBilling, event: SeatBillingEvent): SeatBilling {
  switch (event.type) {
    case 'renewal-paid':
      return { status: 'active', currentPeriodEnd: addBillingInterval(billing.currentPeriodEnd, event.interval), pastDueSince: null };
    case 'renewal-failed':
      return { ...billing, status: 'past_due', pastDueSince: billing.pastDueSince ?? event.at };
    case 'cancel-requested':
      return billing.status === 'active' ? { ...billing, status: 'canceling' } : billing;
    case 'cancel-withdrawn':
      return billing.status === 'canceling' ? { ...billing, status: 'active' } : billing;
    case 'ended':
      return { ...billing, status: 'ended' };
  }
}

/**
 * What the job loop does with a test-mode company subscription at `now`: charge the renewal once
 * the period is over (or again, past due, while the grace lasts), end it when a canceled period is
 * over or the grace has run out, or nothing yet.
 */
export function dueSeatBillingStep(billing: SeatBilling, { now, gracePeriodMs }: { now: Date; gracePeriodMs: number }): 'renew' | 'end' | 'none' {
  if (billing.status === 'ended' || now < billing.currentPeriodEnd) return 'none';
  if (billing.status === 'canceling') return 'end';
  if (billing.status === 'past_due' && now >= contractEndOf(billing, { gracePeriodMs })) return 'end';
  return 'renew';
}

export type SeatChangeRefusal = 'same-seats' | 'out-of-bounds' | 'below-taken' | 'not-renewing';

export type SeatChange =
  | {
      kind: 'change';
      from: number;
      to: number;
      /** Charged now: the added seats for what is left of the period; removing seats charges and credits nothing. */
      dueNowMinor: number;
      /** What the next renewal costs. */
      renewalMinor: number;
    }
  | { kind: 'refused'; reason: SeatChangeRefusal };

/**
 * Moving a company's seats to `requested`: never below the seats its members hold, within the
 * bounds a company buys in, and only while the subscription renews. Added seats are charged now
 * for the part of the period left, to the minor unit, rounded as Stripe's proration rounds; removed
 * seats take effect at once and lower the next renewal, with no credit for the rest of the period.
 */
export function decideSeatChange({
  billing,
  seats,
  taken,
  requested,
  priceMinor,
  interval,
  now,
}: {
  billing: SeatBilling;
  seats: number;
  taken: number;
  requested: number;
  priceMinor: number;
  interval: BillingInterval;
  now: Date;
}): SeatChange {
  if (billing.status !== 'active') return { kind: 'refused', reason: 'not-renewing' };
  if (requested === seats) return { kind: 'refused', reason: 'same-seats' };
  if (!Number.isInteger(requested) || requested < seatLimits.min || requested > seatLimits.max) return { kind: 'refused', reason: 'out-of-bounds' };
  if (requested < taken) return { kind: 'refused', reason: 'below-taken' };
  const periodEnd = billing.currentPeriodEnd;
  const periodStart = addBillingInterval(periodEnd, interval, -1);
  const periodMs = periodEnd.getTime() - periodStart.getTime();
  const leftMs = Math.min(periodMs, Math.max(0, periodEnd.getTime() - now.getTime()));
  const added = requested - seats;
  const dueNowMinor = added > 0 ? Math.round((seatsPriceMinor({ priceMinor, seats: added }) * leftMs) / periodMs) : 0;
  return { kind: 'change', from: seats, to: requested, dueNowMinor, renewalMinor: seatsPriceMinor({ priceMinor, seats: requested }) };
}

const refusalMessages: Record<SeatChangeRefusal, string> = {
  'same-seats': 'The organisation already has that many seats.',
  'out-of-bounds': seatsProblem,
  'below-taken': 'Members hold more seats than that. Remove members first, then the seats they held.',
  'not-renewing': 'Seats change only while the subscription renews: resume it first, or settle the unpaid renewal.',
};

export function describeSeatChangeRefusal(reason: SeatChangeRefusal): string {
  return refusalMessages[reason];
}
