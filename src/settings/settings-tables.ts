import type { Generated } from 'kysely';
import type { MeterRuleEffect, MeterRuleState, RuleReaderKind } from '../access/meter-rules.ts';
import type { VisitSource } from '../insights/visit-source.ts';

/** Settings as JSON values under a key per group (e.g. "publication"). */
export type SettingsTables = {
  settings: {
    key: string;
    value: string;
    updated_at: string;
  };
  /** The meter rules (src/access/meter-rules.ts), tried in `position` order; retired ones stay for the reads that name them. */
  meter_rules: {
    id: Generated<number>;
    name: string;
    position: number;
    state: MeterRuleState;
    source: VisitSource | null;
    reader_kind: RuleReaderKind | null;
    campaign: string | null;
    section_id: number | null;
    effect: MeterRuleEffect['kind'];
    articles: number;
    created_at: string;
    updated_at: string;
  };
};
