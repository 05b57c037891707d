import type { InsightEventKind } from './insight-event.ts';

/** The insights ledger's own tables. */
export type InsightTables = {
  /**
   * An append-only record of decisions, one row per event (insight-event.ts). `id` is made when the
   * event is recorded, at random or from its kind and once key (insight-event.ts), so a batch written
   * twice (a retry after a lost answer) or an event recorded by two instances adds nothing.
   */
  insight_events: {
    id: string;
    occurred_at: string;
    kind: InsightEventKind;
    /** HMAC of the account (registered readers) or of the browser's visitor id and the month (anonymous ones); null for a reader who carries neither. */
    reader_key: string | null;
    /** On `registered`: the anonymous key the reader had before. */
    linked_key: string | null;
    article_id: number | null;
    section_id: number | null;
    author_id: number | null;
    offer_id: number | null;
    plan_id: number | null;
    experiment_id: number | null;
    variant: string | null;
    meter_rule: string | null;
    source: string | null;
    campaign: string | null;
    /** The kind's own word: how a read was allowed, the wall's reason, a cancellation's reason. */
    detail: string | null;
    amount_minor: number | null;
    currency: string | null;
  };
};
