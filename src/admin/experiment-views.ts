import type { PaywallSettings } from '../access/paywall-settings.ts';
import type { AccessSettings } from '../access/access-settings.ts';
import type { Offer } from '../commerce/plan.ts';
import { experimentKindLabels, metricLabels, type Experiment, type VariantChange } from '../experiments/experiment.ts';
import type { Readout, Verdict } from '../experiments/readout.ts';

/** The newsroom's views of experiments: plain data for the templates. */

export type ExperimentRowView = { url: string; name: string; kind: string; status: string; startedAt: string; variants: string };

export type ExperimentListView = {
  newUrl: string;
  experiments: ExperimentRowView[];
  /** The settings a reader outside every experiment reads with. */
  current: { anonymousLimit: number; registeredLimit: number; registrationWall: string; paywallOffers: string };
  message: string | null;
};

export type VariantReadoutView = {
  key: string;
  label: string;
  share: string;
  change: string;
  readers: string;
  conversions: string;
  rate: string;
  difference: string;
  interval: string;
  articlesPerReader: string;
  isControl: boolean;
};

export type ExperimentReadoutView = {
  name: string;
  kind: string;
  metric: string;
  status: string;
  isRunning: boolean;
  startedAt: string;
  plan: { baseRate: string; minimumEffect: string; readersPerVariant: string };
  verdict: string;
  variants: VariantReadoutView[];
  stopUrl: string;
  shipUrl: string;
  listUrl: string;
  error: string | null;
  message: string | null;
};

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)} %`;
const points = (fraction: number) => `${fraction >= 0 ? '+' : '−'}${Math.abs(fraction * 100).toFixed(2)} pts`;
const whole = (count: number) => count.toLocaleString('en');
const dateOf = (at: Date) => at.toISOString().slice(0, 10);

export function describeVariantChange(change: VariantChange, offers: readonly Offer[]): string {
  switch (change.kind) {
    case 'meter-limit':
      return `${change.reader === 'anonymous' ? 'Anonymous' : 'Registered'} readers get ${change.limit} articles a month`;
    case 'registration-wall':
      return change.after === null ? 'No registration wall' : `Anonymous readers register after ${change.after} articles`;
    case 'paywall-offers':
      return `Offers: ${change.offerIds.map((id) => offers.find((offer) => offer.id === id)?.headline ?? `offer ${id}`).join('; ')}`;
    case 'paywall-wording':
      return `“${change.title}” — ${change.body}`;
  }
}

export function statusLabelOf(experiment: Experiment): string {
  const { status } = experiment;
  if (status.kind === 'running') return 'Running';
  if (status.kind === 'stopped') return `Stopped ${dateOf(status.endedAt)}`;
  const shipped = experiment.variants.find(({ key }) => key === status.variant);
  return `Shipped ${status.variant.toUpperCase()}${shipped ? ` (${shipped.name})` : ''} ${dateOf(status.endedAt)}`;
}

export function toExperimentRows(experiments: readonly Experiment[], urlOf: (id: number) => string): ExperimentRowView[] {
  return experiments.map((experiment) => ({
    url: urlOf(experiment.id),
    name: experiment.name,
    kind: experimentKindLabels[experiment.kind],
    status: statusLabelOf(experiment),
    startedAt: dateOf(experiment.startedAt),
    variants: experiment.variants.map(({ key, name, share }) => `${key.toUpperCase()} ${name} ${share} %`).join(' · '),
  }));
}

export function currentSettingsOf(access: AccessSettings, paywall: PaywallSettings, offers: readonly Offer[]): ExperimentListView['current'] {
  return {
    anonymousLimit: access.meterLimits.anonymous,
    registeredLimit: access.meterLimits.registered,
    registrationWall: paywall.registrationWallAfter === null ? 'None' : `After ${paywall.registrationWallAfter} articles`,
    paywallOffers:
      paywall.offerIds === null
        ? 'The best offers, as ranked'
        : paywall.offerIds.map((id) => offers.find((offer) => offer.id === id)?.headline ?? `offer ${id}`).join('; '),
  };
}

function verdictText(verdict: Verdict, experiment: Experiment): string {
  switch (verdict.kind) {
    case 'not-yet':
      return `Not yet: ${whole(verdict.readersToGo)} more readers are needed before the planned sample is reached. Until then a difference may be chance.`;
    case 'winner': {
      const variant = experiment.variants.find(({ key }) => key === verdict.variant);
      return `Variant ${verdict.variant.toUpperCase()}${variant ? ` (${variant.name})` : ''} converts better than the control: its 95 % interval lies above zero.`;
    }
    case 'control-holds':
      return 'The control converts better than every other variant: their 95 % intervals lie below zero.';
    case 'no-difference':
      return 'The planned sample is reached and no variant differs from the control beyond chance.';
  }
}

export function toReadoutView(
  experiment: Experiment,
  readout: Readout,
  {
    offers,
    urls,
    error,
    message,
  }: { offers: readonly Offer[]; urls: { stop: string; ship: string; list: string }; error: string | null; message: string | null },
): ExperimentReadoutView {
  return {
    name: experiment.name,
    kind: experimentKindLabels[experiment.kind],
    metric: metricLabels[experiment.metric],
    status: statusLabelOf(experiment),
    isRunning: experiment.status.kind === 'running',
    startedAt: dateOf(experiment.startedAt),
    plan: {
      baseRate: `${experiment.plan.baseRatePercent} %`,
      minimumEffect: `${experiment.plan.minimumEffectPercent} pts`,
      readersPerVariant: whole(experiment.plan.readersPerVariant),
    },
    verdict: verdictText(readout.verdict, experiment),
    variants: readout.variants.map((row, index) => ({
      key: row.variant.key,
      label: `${row.variant.key.toUpperCase()} · ${row.variant.name}`,
      share: `${row.variant.share} %`,
      change: describeVariantChange(row.variant.change, offers),
      readers: `${whole(row.readers)} of ${whole(experiment.plan.readersPerVariant)}`,
      conversions: whole(row.conversions),
      rate: row.rate === null ? '—' : percent(row.rate),
      difference: index === 0 ? 'Control' : row.difference === null ? '—' : points(row.difference.estimate),
      interval: row.difference === null ? '—' : `${points(row.difference.low)} to ${points(row.difference.high)}`,
      articlesPerReader: row.articlesPerReader === null ? '—' : row.articlesPerReader.toFixed(2),
      isControl: index === 0,
    })),
    stopUrl: urls.stop,
    shipUrl: urls.ship,
    listUrl: urls.list,
    error,
    message,
  };
}

export type ExperimentFormView = {
  saveUrl: string;
  listUrl: string;
  error: string | null;
  name: string;
  kinds: { value: string; label: string; isChosen: boolean }[];
  metrics: { value: string; label: string; isChosen: boolean }[];
  readers: { value: string; label: string; isChosen: boolean }[];
  baseRate: string;
  minimumEffect: string;
  variants: {
    key: string;
    label: string;
    name: string;
    share: string;
    limit: string;
    after: string;
    title: string;
    body: string;
    offers: { field: string; headline: string; isChecked: boolean }[];
  }[];
};

/** The form for a new experiment, holding what was entered (or the defaults: a control and one variant, half the readers each). */
export function toExperimentForm(
  form: Readonly<Record<string, string | undefined>>,
  {
    offers,
    variantKeys,
    saveUrl,
    listUrl,
    error,
  }: { offers: readonly Offer[]; variantKeys: readonly string[]; saveUrl: string; listUrl: string; error: { message: string } | null },
): ExperimentFormView {
  const value = (name: string, fallback = '') => form[name] ?? fallback;
  const choices = (labels: Readonly<Record<string, string>>, chosen: string) =>
    Object.entries(labels).map(([key, label]) => ({ value: key, label, isChosen: key === chosen }));
  return {
    saveUrl,
    listUrl,
    error: error?.message ?? null,
    name: value('name'),
    kinds: choices(experimentKindLabels, value('kind', 'meter-limit')),
    metrics: choices(metricLabels, value('metric', 'paid')),
    readers: choices({ anonymous: 'Anonymous readers', registered: 'Registered readers' }, value('reader', 'anonymous')),
    baseRate: value('baseRate', '2'),
    minimumEffect: value('minimumEffect', '1'),
    variants: variantKeys.map((key, index) => {
      const field = (name: string) => `variant.${key}.${name}`;
      const defaults = index === 0 ? { name: 'Control', share: '50' } : index === 1 ? { name: '', share: '50' } : { name: '', share: '' };
      return {
        key,
        label: index === 0 ? 'Variant A, the control' : `Variant ${key.toUpperCase()}`,
        name: value(field('name'), defaults.name),
        share: value(field('share'), defaults.share),
        limit: value(field('limit')),
        after: value(field('after')),
        title: value(field('title')),
        body: value(field('body')),
        offers: offers.map((offer) => ({ field: field(`offer.${offer.id}`), headline: offer.headline, isChecked: form[field(`offer.${offer.id}`)] === 'on' })),
      };
    }),
  };
}
