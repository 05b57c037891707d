import type { AttributionDimension, AttributionGoal, AttributionModel } from './attribution.ts';
import type { FunnelStep } from './funnel.ts';

/**
 * The daily rollups the job loop keeps from the ledger, so /admin/insights reads a few thousand
 * rows for a year rather than millions of events (docs/decisions/0028). Days are UTC days, `YYYY-MM-DD`.
 */
export type InsightRollupTables = {
  /** The days rolled up; a day is final once rolled after it ended (and a grace for late batches), and is not rolled again. */
  insight_rollup_days: {
    day: string;
    rolled_at: string;
    is_final: number;
  };
  /** How many events of each kind a day had, by what the event carried. */
  insight_daily_counts: {
    day: string;
    kind: string;
    detail: string | null;
    source: string | null;
    offer_id: number | null;
    plan_id: number | null;
    events: number;
  };
  /** The readers who reached each step of the funnel that day, as a mergeable sketch (reader-sketch.ts): distinct readers do not add up across days. */
  insight_daily_readers: {
    day: string;
    step: FunnelStep;
    sketch: string;
    /** The sketch's count, kept so a chart of days reads numbers rather than sketches. */
    readers: number;
  };
  /** A whole month's daily sketches merged once its last day is final, so a long period merges months rather than days. `month` is `YYYY-MM`. */
  insight_monthly_readers: {
    month: string;
    step: FunnelStep;
    sketch: string;
  };
  /** The conversions of a day credited to the articles, sections and authors read before them (attribution.ts). */
  insight_daily_attributions: {
    day: string;
    goal: AttributionGoal;
    model: AttributionModel;
    dimension: AttributionDimension;
    subject_id: number;
    conversions: number;
  };
};
