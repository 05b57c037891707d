/**
 * The paywall's funnel: the readers who reached each step, from reading anything to paying. Each
 * step counts distinct readers (by their pseudonymous key), so a step's rate is the share of the
 * step before that went on.
 */
export const funnelSteps = ['readers', 'metered-readers', 'wall-hits', 'offers-chosen', 'checkouts', 'paid'] as const;
export type FunnelStep = (typeof funnelSteps)[number];

export const funnelStepLabels: Readonly<Record<FunnelStep, string>> = {
  readers: 'Readers',
  'metered-readers': 'Metered readers',
  'wall-hits': 'Hit the wall',
  'offers-chosen': 'Chose an offer',
  checkouts: 'Started a checkout',
  paid: 'Paid',
};

/** The step an event puts its reader on, if any: a metered read is a counted one or the re-read of one; paying is a paid start or a trial converted. */
export function funnelStepsOf({ kind, detail }: { kind: string; detail: string | null }): FunnelStep[] {
  switch (kind) {
    case 'article-read':
      return detail === 'metered-counted' || detail === 're-read' ? ['readers', 'metered-readers'] : ['readers'];
    case 'wall-shown':
      return ['wall-hits'];
    case 'offer-chosen':
      return ['offers-chosen'];
    case 'checkout-started':
      return ['checkouts'];
    case 'subscription-started':
      return detail === 'paid' ? ['paid'] : [];
    case 'trial-converted':
      return ['paid'];
    default:
      return [];
  }
}

export type FunnelRow = {
  step: FunnelStep;
  label: string;
  readers: number;
  /** The share of the step before that reached this one; null for the first step, or when the step before had no one. */
  rate: number | null;
  previousReaders: number;
  previousRate: number | null;
};

function rateOf(count: number, before: number | undefined): number | null {
  return before === undefined || before === 0 ? null : count / before;
}

/** The funnel of a period beside the previous one, from the readers counted at each step. */
export function buildFunnel(current: Readonly<Record<FunnelStep, number>>, previous: Readonly<Record<FunnelStep, number>>): FunnelRow[] {
  return funnelSteps.map((step, index) => {
    const before = funnelSteps[index - 1];
    return {
      step,
      label: funnelStepLabels[step],
      readers: current[step],
      rate: before === undefined ? null : rateOf(current[step], current[before]),
      previousReaders: previous[step],
      previousRate: before === undefined ? null : rateOf(previous[step], previous[before]),
    };
  });
}
