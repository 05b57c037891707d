import { addBillingInterval, addDays } from '../commerce/billing-period.ts';
import { applySubscriptionEvent, type SubscriptionState } from '../commerce/subscription.ts';
import { DomainError } from '../errors/domain-error.ts';

/** A desk action refused: the input breaks a rule, or the reader's state does not allow it. */
export class DeskActionError extends DomainError {
  override name = 'DeskActionError';
  constructor(message: string, meaning: { kind: 'invalid'; field: string } | { kind: 'conflict' } | { kind: 'not-found' }) {
    super(message, meaning);
  }
}

export const reasonMaxLength = 500;

/** Why the desk acted, as the audit log and the reader's history keep it: said in words, not left blank. */
export function parseReason(text: string | undefined): string {
  const reason = (text ?? '').trim().replace(/\s+/g, ' ');
  if (reason.length < 3) throw new DeskActionError('Say why, in a few words: the audit log keeps the reason.', { kind: 'invalid', field: 'reason' });
  if (reason.length > reasonMaxLength) throw new DeskActionError(`Keep the reason under ${reasonMaxLength} characters.`, { kind: 'invalid', field: 'reason' });
  return reason;
}

/** How long complimentary access lasts: some months, or until revoked. */
export const complimentaryPeriods = ['1', '3', '6', '12', 'open'] as const;
export type ComplimentaryPeriod = (typeof complimentaryPeriods)[number];

export const complimentaryPeriodLabels: Readonly<Record<ComplimentaryPeriod, string>> = {
  '1': 'One month',
  '3': 'Three months',
  '6': 'Six months',
  '12': 'A year',
  open: 'Open-ended, until revoked',
};

export function parseComplimentaryPeriod(text: string | undefined): ComplimentaryPeriod {
  const period = complimentaryPeriods.find((candidate) => candidate === text);
  if (period === undefined) throw new DeskActionError('Choose how long the access lasts.', { kind: 'invalid', field: 'period' });
  return period;
}

/** When access given at `now` ends: calendar months later (the day clamped as a billing period's is), or never. */
export function complimentaryEndOf(period: ComplimentaryPeriod, now: Date): Date | null {
  return period === 'open' ? null : addBillingInterval(now, 'month', Number(period));
}

export const trialExtensionMaxDays = 90;

export function parseTrialExtensionDays(text: string | undefined): number {
  const days = Number((text ?? '').trim());
  if (!Number.isInteger(days) || days < 1 || days > trialExtensionMaxDays) {
    throw new DeskActionError(`Extend the trial by 1 to ${trialExtensionMaxDays} days.`, { kind: 'invalid', field: 'days' });
  }
  return days;
}

/** Only a trial still running can be extended: a canceled or lapsed one would start billing again unasked. */
export function canExtendTrial(state: SubscriptionState, now: Date): boolean {
  return state.status === 'trialing' && state.trialEnd !== null && now < state.currentPeriodEnd;
}

/** The trial `days` longer: its end and the first charge move together. */
export function extendTrialState(state: SubscriptionState, { days, now }: { days: number; now: Date }): SubscriptionState {
  if (!canExtendTrial(state, now)) throw new DeskActionError('Only a trial still running can be extended.', { kind: 'conflict' });
  const trialEnd = addDays(state.currentPeriodEnd, days);
  return { ...state, trialEnd, currentPeriodEnd: trialEnd };
}

/** Now, or when what was paid for (or the trial) runs out. */
export type CancelTiming = 'now' | 'period-end';

export function parseCancelTiming(text: string | undefined): CancelTiming {
  if (text === 'now' || text === 'period-end') return text;
  throw new DeskActionError('Choose when the subscription ends: now or at the end of the period.', { kind: 'invalid', field: 'when' });
}

/**
 * Which cancellations a subscription allows: at the period's end while it is trialing or active
 * (a past-due one has no paid period to run out); now, while it has not ended.
 */
export function cancelTimingsFor(state: SubscriptionState): CancelTiming[] {
  const timings: CancelTiming[] = [];
  if (state.status === 'trialing' || state.status === 'active') timings.push('period-end');
  if (state.status !== 'expired') timings.push('now');
  return timings;
}

/** The subscription after the desk cancels it: canceled with access to the period's end, or ended at once. */
export function cancelState(state: SubscriptionState, { when, now }: { when: CancelTiming; now: Date }): SubscriptionState {
  if (!cancelTimingsFor(state).includes(when)) {
    throw new DeskActionError(
      when === 'now' ? 'The subscription has already ended.' : `A ${state.status.replace('_', ' ')} subscription cannot be canceled at the period's end.`,
      { kind: 'conflict' },
    );
  }
  if (when === 'period-end') return applySubscriptionEvent(state, { type: 'cancel-requested' });
  // Ended now: the period ends here too, so nothing reads it as paid for beyond today.
  const ended = applySubscriptionEvent(state, { type: 'ended', at: now });
  return {
    ...ended,
    currentPeriodEnd: now < ended.currentPeriodEnd ? now : ended.currentPeriodEnd,
    trialEnd: state.trialEnd && now < state.trialEnd ? now : state.trialEnd,
  };
}
