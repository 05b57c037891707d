import { formatMoney } from '../commerce/money.ts';

/** A plan change as the desk reads it: the plans by name, and what it charged. */
export type DeskPlanChange = {
  id: number;
  fromPlanName: string;
  toPlanName: string;
  direction: 'upgrade' | 'downgrade';
  status: 'scheduled' | 'applied' | 'withdrawn';
  amountMinor: number;
  currency: string;
  requestedAt: Date;
  effectiveAt: Date;
  settledAt: Date | null;
};

type Line = { at: Date; title: string; detail: string | null; tone: 'positive' | 'negative' | 'neutral' };
type Wording = { locale: string; timeZone: string; now: Date };

/**
 * The timeline's lines for plan changes: the request (an upgrade applied at once with what it
 * charged, or a downgrade scheduled for its day), and for a scheduled one what became of it.
 */
export function describePlanChanges(changes: readonly DeskPlanChange[], { locale, timeZone, now }: Wording): Line[] {
  const day = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
  const lines: Line[] = [];
  for (const change of changes) {
    const move = `${change.fromPlanName} to ${change.toPlanName}`;
    const isImmediate = change.status === 'applied' && change.effectiveAt.getTime() === change.requestedAt.getTime();
    if (isImmediate) {
      const verb = change.direction === 'upgrade' ? 'Upgraded' : 'Moved';
      const charged =
        change.amountMinor > 0 ? `${formatMoney({ amountMinor: change.amountMinor, currency: change.currency }, locale)} charged at once` : 'Nothing charged';
      lines.push({ at: change.requestedAt, title: `${verb} from ${move}`, detail: `${charged}.`, tone: 'positive' });
      continue;
    }
    lines.push({
      at: change.requestedAt,
      title: `Scheduled a move from ${move}`,
      detail: change.status === 'scheduled' ? `Waiting: it takes effect on ${day(change.effectiveAt)}.` : `For ${day(change.effectiveAt)}.`,
      tone: 'neutral',
    });
    if (change.settledAt !== null && change.settledAt <= now) {
      lines.push(
        change.status === 'applied'
          ? { at: change.settledAt, title: `Moved from ${move}`, detail: 'At the end of the period, as scheduled.', tone: 'neutral' }
          : { at: change.settledAt, title: `Called off the move from ${move}`, detail: null, tone: 'neutral' },
      );
    }
  }
  return lines;
}
