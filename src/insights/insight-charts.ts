import type { AttributionDimension, AttributionGoal } from './attribution.ts';
import type { InsightsReport, Ranked } from './read-insights.ts';
import type { AmountByCurrency } from './revenue.ts';

/**
 * The insights page's charts as tables of numbers: each is drawn as SVG from its table, shown as
 * the table under the drawing, and downloaded as CSV, so the three never disagree.
 */
export type ColumnFormat = 'text' | 'count' | 'percent' | 'money';
export type Column = { label: string; format: ColumnFormat };
export type Cell = string | number | null;
export type ChartDrawing =
  | { kind: 'bars'; valueColumns: readonly number[] }
  | { kind: 'line'; valueColumn: number }
  | { kind: 'heatmap'; firstValueColumn: number }
  | { kind: 'none' };

export type ChartTable = {
  key: string;
  title: string;
  /** One sentence saying what the chart shows, for the drawing's description and the page. */
  summary: string;
  columns: readonly Column[];
  rows: readonly (readonly Cell[])[];
  /** Where a table's rows hold different measures (a count, a rate, an amount), each row's own format for its numbers. */
  rowFormats?: readonly ColumnFormat[];
  drawing: ChartDrawing;
};

const goalWords: Record<AttributionGoal, string> = { subscription: 'subscriptions', registration: 'registrations' };
const dimensionWords: Record<AttributionDimension, { plural: string; column: string }> = {
  article: { plural: 'Articles', column: 'Article' },
  section: { plural: 'Sections', column: 'Section' },
  author: { plural: 'Authors', column: 'Author' },
};
const sourceLabels: Record<string, string> = {
  search: 'Search',
  social: 'Social',
  newsletter: 'Newsletter',
  campaign: 'Campaign',
  internal: 'Within the site',
  referral: 'Other sites',
  direct: 'Direct',
};

function attributionChart(goal: AttributionGoal, dimension: AttributionDimension, ranked: readonly Ranked[]): ChartTable {
  const words = dimensionWords[dimension];
  return {
    key: `${goalWords[goal]}-by-${dimension}`,
    title: `${words.plural} that brought ${goalWords[goal]}`,
    summary: `For each ${goal === 'subscription' ? 'subscription started' : 'registration'}: the ${dimension} of the last article read before it, and every ${dimension} read in the 30 days before; a day's are credited once the day is over.`,
    columns: [
      { label: words.column, format: 'text' },
      { label: 'Last read before', format: 'count' },
      { label: 'Read in the 30 days before', format: 'count' },
    ],
    rows: ranked.map((row) => [row.name, row.lastRead, row.readWithin30Days]),
    drawing: { kind: 'bars', valueColumns: [1, 2] },
  };
}

type Figure = { cells: Cell[]; format: ColumnFormat };

function currencyFigures(label: string, current: AmountByCurrency, previous: AmountByCurrency): Figure[] {
  const currencies = [...new Set([...Object.keys(current), ...Object.keys(previous)])].sort();
  return currencies.map((currency) => ({ cells: [`${label} (${currency})`, current[currency] ?? 0, previous[currency] ?? 0], format: 'money' }));
}

/** Every chart of the report, in the page's order. */
export function chartsOf(report: InsightsReport): ChartTable[] {
  const { subscriptions, takings } = report;
  const [now, before] = [subscriptions.current, subscriptions.previous];
  const figure = (label: string, current: number | null, previous: number | null, format: ColumnFormat): Figure => ({
    cells: [label, current, previous],
    format,
  });
  const figures: Figure[] = [
    figure('Paying subscribers at the end', now.payingAtEnd, before.payingAtEnd, 'count'),
    ...currencyFigures('Monthly recurring revenue at the end', now.mrrAtEnd, before.mrrAtEnd),
    figure('New paid subscriptions', now.startedPaid, before.startedPaid, 'count'),
    figure('New trials', now.startedTrials, before.startedTrials, 'count'),
    figure('Reactivated (had subscribed before)', now.reactivated, before.reactivated, 'count'),
    figure('Churned (paying subscriptions ended)', now.churned, before.churned, 'count'),
    figure('Churn rate', now.churnRate, before.churnRate, 'percent'),
    figure('Trials ended', now.trialsEnded, before.trialsEnded, 'count'),
    figure('Trial conversion', now.trialConversion, before.trialConversion, 'percent'),
    figure('Charges taken', takings.current.charges, takings.previous.charges, 'count'),
    ...currencyFigures('Charged', takings.current.chargedMinor, takings.previous.chargedMinor),
    figure('Refunds', takings.current.refunds, takings.previous.refunds, 'count'),
    ...currencyFigures('Refunded', takings.current.refundedMinor, takings.previous.refundedMinor),
    ...currencyFigures('Net revenue', takings.current.netMinor, takings.previous.netMinor),
    figure('Failed charges', takings.current.failedCharges, takings.previous.failedCharges, 'count'),
    figure('Registrations', report.registrations.current, report.registrations.previous, 'count'),
  ];
  const longestCohort = Math.max(0, ...report.cohorts.map((cohort) => cohort.retained.length));
  return [
    {
      key: 'funnel',
      title: 'From reading to paying',
      summary: 'Distinct readers at each step of the paywall, this period and the one before, with the share of the step before that went on.',
      columns: [
        { label: 'Step', format: 'text' },
        { label: 'Readers', format: 'count' },
        { label: 'Of the step before', format: 'percent' },
        { label: 'Readers (previous period)', format: 'count' },
        { label: 'Of the step before (previous period)', format: 'percent' },
      ],
      rows: report.funnel.map((row) => [row.label, row.readers, row.rate, row.previousReaders, row.previousRate]),
      drawing: { kind: 'bars', valueColumns: [1, 3] },
    },
    {
      key: 'readers-by-day',
      title: 'Readers a day',
      summary: 'Distinct readers who read an article, each day of the period.',
      columns: [
        { label: 'Day', format: 'text' },
        { label: 'Readers', format: 'count' },
      ],
      rows: report.readersByDay.map((row) => [row.day, row.readers]),
      drawing: { kind: 'line', valueColumn: 1 },
    },
    {
      key: 'sources',
      title: 'Where readers came from',
      summary: 'Article reads, wall hits, registrations and subscriptions by the source of the visit.',
      columns: [
        { label: 'Source', format: 'text' },
        { label: 'Article reads', format: 'count' },
        { label: 'Wall hits', format: 'count' },
        { label: 'Registrations', format: 'count' },
        { label: 'Subscriptions', format: 'count' },
      ],
      rows: report.sources.map((row) => [sourceLabels[row.source] ?? row.source, row.reads, row.walls, row.registrations, row.subscriptions]),
      drawing: { kind: 'bars', valueColumns: [1] },
    },
    {
      key: 'offers',
      title: 'Offers',
      summary: 'How often each offer was shown, chosen, taken to checkout and turned into a subscription.',
      columns: [
        { label: 'Offer', format: 'text' },
        { label: 'Shown', format: 'count' },
        { label: 'Chosen', format: 'count' },
        { label: 'Checkouts', format: 'count' },
        { label: 'Subscriptions', format: 'count' },
      ],
      rows: report.offers.map((row) => [row.name, row.shown, row.chosen, row.checkouts, row.started]),
      drawing: { kind: 'bars', valueColumns: [2, 4] },
    },
    ...(['subscription', 'registration'] as const).flatMap((goal) =>
      (['article', 'section', 'author'] as const).map((dimension) => attributionChart(goal, dimension, report.attributions[goal][dimension])),
    ),
    {
      key: 'revenue',
      title: 'Revenue and subscribers',
      summary:
        'From the subscriptions and the payment ledger themselves: subscribers, recurring revenue at plan prices, starts, churn, trials and what was charged and refunded.',
      columns: [
        { label: 'Measure', format: 'text' },
        { label: 'This period', format: 'count' },
        { label: 'Previous period', format: 'count' },
      ],
      rows: figures.map((row) => row.cells),
      rowFormats: figures.map((row) => row.format),
      drawing: { kind: 'none' },
    },
    {
      key: 'paying-by-day',
      title: 'Paying subscribers',
      summary: 'Paying subscriptions at the end of each day of the period.',
      columns: [
        { label: 'Day', format: 'text' },
        { label: 'Paying subscribers', format: 'count' },
      ],
      rows: report.payingByDay.map((row) => [row.day, row.paying]),
      drawing: { kind: 'line', valueColumn: 1 },
    },
    {
      key: 'revenue-by-plan',
      title: 'Revenue by plan and offer',
      summary: 'Charges and refunds in the period, by the plan and offer of the subscription they belong to.',
      columns: [
        { label: 'Plan and offer', format: 'text' },
        { label: 'Currency', format: 'text' },
        { label: 'Charges', format: 'count' },
        { label: 'Charged', format: 'money' },
        { label: 'Refunds', format: 'count' },
        { label: 'Refunded', format: 'money' },
        { label: 'Net', format: 'money' },
      ],
      rows: takings.current.lines.map((line) => [
        `${line.planId === null ? 'Subscription deleted' : (report.plans.get(line.planId)?.name ?? `Plan ${line.planId}`)}${line.offerId === null ? '' : `: ${report.offerNames.get(line.offerId) ?? `offer ${line.offerId}`}`}`,
        line.currency,
        line.charges,
        line.chargedMinor,
        line.refunds,
        line.refundedMinor,
        line.chargedMinor - line.refundedMinor,
      ]),
      drawing: { kind: 'bars', valueColumns: [6] },
    },
    {
      key: 'cohorts',
      title: 'Retention by month of start',
      summary: 'Of the subscriptions started in each month, the share still running at the end of each month since.',
      columns: [
        { label: 'Started in', format: 'text' },
        { label: 'Subscriptions', format: 'count' },
        ...Array.from({ length: longestCohort }, (_, month) => ({ label: `Month ${month}`, format: 'percent' as const })),
      ],
      rows: report.cohorts.map((cohort) => [
        cohort.month,
        cohort.started,
        ...Array.from({ length: longestCohort }, (_, month) => cohort.retained[month] ?? null),
      ]),
      drawing: { kind: 'heatmap', firstValueColumn: 2 },
    },
  ];
}
