import { DomainError } from '../errors/domain-error.ts';

/**
 * A subscription's life, as an explicit state machine. Payment events (from the provider) and time
 * (from the job loop) move it; every move is a pure function of the state and the event.
 */
export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'canceled' | 'expired';

export type SubscriptionState = {
  status: SubscriptionStatus;
  /** When the current paid period (or the trial) ends. */
  currentPeriodEnd: Date;
  trialEnd: Date | null;
  /** Since when a payment has been failing; the grace period runs from here. */
  pastDueSince: Date | null;
  /** For an expired subscription: whether it ended as a trial or as a paid subscription. */
  endedFrom: 'trial' | 'subscription' | null;
  /** Status before a cancellation, to return to on resume. */
  resumeTo: 'trialing' | 'active' | null;
};

export type SubscriptionEvent =
  | { type: 'started'; trialEnd: Date | null; currentPeriodEnd: Date }
  | { type: 'payment-succeeded'; currentPeriodEnd: Date }
  | { type: 'payment-failed'; at: Date }
  | { type: 'cancel-requested' }
  | { type: 'resume-requested' }
  | { type: 'ended'; at: Date }
  /** The job loop's tick: a subscription no longer entitled expires. */
  | { type: 'time-passed'; now: Date; gracePeriodMs: number };

/** An event that makes no sense in the subscription's state: it clashes with what the subscription is now. */
export class SubscriptionTransitionError extends DomainError {
  override name = 'SubscriptionTransitionError';
  constructor(message: string) {
    super(message, { kind: 'conflict' });
  }
}

function expire(state: SubscriptionState): SubscriptionState {
  const wasTrial = state.status === 'trialing' || (state.status === 'canceled' && state.resumeTo === 'trialing');
  return { ...state, status: 'expired', endedFrom: wasTrial ? 'trial' : 'subscription', resumeTo: null };
}

/** The state after an event; an event that makes no sense in a state is refused, never guessed at. */
export function applySubscriptionEvent(state: SubscriptionState | null, event: SubscriptionEvent): SubscriptionState {
  if (state === null) {
    if (event.type !== 'started') throw new SubscriptionTransitionError(`A subscription cannot begin with ${event.type}`);
    return {
      status: event.trialEnd === null ? 'active' : 'trialing',
      currentPeriodEnd: event.currentPeriodEnd,
      trialEnd: event.trialEnd,
      pastDueSince: null,
      endedFrom: null,
      resumeTo: null,
    };
  }
  switch (event.type) {
    case 'started':
      throw new SubscriptionTransitionError('The subscription has already started');
    case 'payment-succeeded':
      if (state.status === 'expired') throw new SubscriptionTransitionError('An expired subscription takes no more payments');
      return {
        ...state,
        status: state.status === 'canceled' ? 'canceled' : 'active',
        resumeTo: state.status === 'canceled' ? 'active' : null,
        currentPeriodEnd: event.currentPeriodEnd,
        pastDueSince: null,
      };
    case 'payment-failed':
      if (state.status === 'expired') return state;
      return { ...state, status: 'past_due', pastDueSince: state.pastDueSince ?? event.at, resumeTo: null };
    case 'cancel-requested':
      if (state.status !== 'trialing' && state.status !== 'active') {
        throw new SubscriptionTransitionError(`A ${state.status} subscription cannot be canceled`);
      }
      return { ...state, status: 'canceled', resumeTo: state.status };
    case 'resume-requested':
      if (state.status !== 'canceled' || state.resumeTo === null) throw new SubscriptionTransitionError('Only a canceled subscription can be resumed');
      return { ...state, status: state.resumeTo, resumeTo: null };
    case 'ended':
      return state.status === 'expired' ? state : expire(state);
    case 'time-passed':
      return state.status !== 'expired' && !isEntitledBy(state, event) ? expire(state) : state;
  }
}

/**
 * Whether the subscription still gives full access. Trialing and active ones do until their period
 * ends, with the grace period for the renewal's payment to arrive; a canceled one until the end of
 * what was paid; a past-due one for the grace period after the first failed payment.
 */
export function isEntitledBy(state: SubscriptionState, { now, gracePeriodMs }: { now: Date; gracePeriodMs: number }): boolean {
  switch (state.status) {
    case 'trialing':
    case 'active':
      return now.getTime() < state.currentPeriodEnd.getTime() + gracePeriodMs;
    case 'canceled':
      return now < state.currentPeriodEnd;
    case 'past_due':
      return state.pastDueSince !== null && now.getTime() < state.pastDueSince.getTime() + gracePeriodMs;
    case 'expired':
      return false;
  }
}
