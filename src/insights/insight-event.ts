import type { Wall } from '../access/decide-access.ts';
import type { ReaderName } from './reader-key.ts';
import type { Visit } from './visit-source.ts';

/**
 * What the reader path and the commerce path decided, as the insights ledger records it. An event
 * names its reader by account or by the browser's random visitor id, and the ledger keeps only a
 * pseudonymous key made of that (reader-key.ts), never an address, an IP or a browser's user agent.
 */

/**
 * How an article was read: free to all (or to any registered reader, for a registration-wall
 * article), counted on the meter, a re-read of one counted, by an entitled reader, or through a
 * subscriber's gift link.
 */
export type ReadAccess = 'free' | 'metered-counted' | 're-read' | 'entitled' | 'gifted';

/** What an event is about, where it has one. */
export type EventContext = {
  article?: { id: number; sectionId: number; authorId: number | null };
  offerId?: number;
  planId?: number;
  /** The experiment variant the reader saw when it changed what they saw. */
  experiment?: { id: number; variant: string };
  /** The meter rule that applied to a read, by its name. */
  meterRule?: string;
  visit?: Visit;
};

type Money = { amountMinor: number; currency: string };
/** A move's payment, or nulls where the move does not know it (a Stripe subscription's move; its invoice goes to the payments ledger). */
type Payment = { amountMinor: number | null; currency: string | null };

export type InsightEventBody =
  | { kind: 'article-read'; access: ReadAccess }
  | { kind: 'wall-shown'; wall: Wall['kind'] }
  | { kind: 'offer-shown' }
  | { kind: 'offer-chosen' }
  | { kind: 'checkout-started' }
  | ({ kind: 'subscription-started'; isTrial: boolean } & Money)
  | ({ kind: 'trial-converted' } & Payment)
  | ({ kind: 'renewed' } & Payment)
  | ({ kind: 'payment-failed' } & Payment)
  | ({ kind: 'payment-recovered' } & Payment)
  | { kind: 'canceled'; reason: string | null }
  | { kind: 'lapsed'; endedFrom: 'trial' | 'subscription' }
  | { kind: 'resubscribed' }
  /** `anonymousReader`: who the reader was before, so what they read then counts towards what they did after. */
  | { kind: 'registered'; anonymousReader: ReaderName | null }
  | { kind: 'gift-opened' }
  | { kind: 'newsletter-signup' }
  /** A newsletter's article link opened and credited to its recipient (src/newsletters/open-newsletter-link.ts). */
  | { kind: 'newsletter-click' }
  /** A subscription moved between plans: the event's plan is the new one; an upgrade's amount is its proration charged now. */
  | ({ kind: 'plan-changed'; direction: 'upgrade' | 'downgrade'; fromPlanId: number } & Money)
  | { kind: 'experiment-exposure' }
  /** A seat taken or freed in an organisation (src/organisations), with the contract's plan as `planId`. */
  | { kind: 'organisation-joined'; joinedBy: 'invitation' | 'domain' | 'staff' | 'purchase' }
  | { kind: 'organisation-left' }
  /** A company bought seats itself: its first charge, the plan its members read with as `planId`. */
  | ({ kind: 'organisation-bought'; seats: number } & Money)
  /** A bought organisation's manager changed its seats: the amount charged now for added ones (none for fewer). */
  | ({ kind: 'seats-changed'; from: number; to: number } & Money)
  /** A gift subscription paid for (src/gift-subscriptions), with the plan it gives as `planId`: its price, once per gift. */
  | ({ kind: 'gift-bought'; months: number } & Money)
  /** A gift subscription redeemed by its recipient, the event's reader, with the plan it gives as `planId`. */
  | { kind: 'gift-redeemed'; months: number };

export type InsightEventKind = InsightEventBody['kind'];

export type InsightEvent = InsightEventBody &
  EventContext & {
    at: Date;
    /** Who, by name: the ledger keeps only the key made of it (reader-key.ts). */
    reader: ReaderName | null;
    /**
     * What makes this event one of its kind, for an event that a retried webhook, a second instance
     * or a repeated job pass could record again (a subscription's id and the version its move made,
     * a checkout's id). Events with the same kind and `onceKey` are written once; without one, every
     * record is a new event.
     */
    onceKey?: string;
  };
