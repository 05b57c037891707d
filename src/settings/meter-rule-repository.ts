import type { Selectable } from 'kysely';
import type { MeterRuleDraft } from '../access/meter-rule-draft.ts';
import { canChangeRuleState, type MeterRule, type MeterRuleState } from '../access/meter-rules.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../errors/domain-error.ts';
import { bumpContentVersion } from './content-version.ts';
import type { SettingsTables } from './settings-tables.ts';

/** A rule as the newsroom keeps it: the rule, where it stands, and its place in the order. */
export type StoredMeterRule = MeterRule & { state: MeterRuleState; position: number; updatedAt: Date };

export class MeterRuleChangeError extends DomainError {
  override name = 'MeterRuleChangeError';
}

function toStoredRule(row: Selectable<SettingsTables['meter_rules']>): StoredMeterRule {
  return {
    id: row.id,
    name: row.name,
    condition: { source: row.source, reader: row.reader_kind, campaign: row.campaign, sectionId: row.section_id },
    effect: { kind: row.effect, articles: row.articles },
    state: row.state,
    position: row.position,
    updatedAt: new Date(row.updated_at),
  };
}

function columnsOf({ name, condition, effect }: MeterRuleDraft) {
  return {
    name,
    source: condition.source,
    reader_kind: condition.reader,
    campaign: condition.campaign,
    section_id: condition.sectionId,
    effect: effect.kind,
    articles: effect.articles,
  };
}

/** Every rule: those not retired in the order they are tried, then the retired, latest first. */
export async function listMeterRules(db: Database): Promise<StoredMeterRule[]> {
  const rows = await db.selectFrom('meter_rules').selectAll().orderBy('position').orderBy('id').execute();
  const rules = rows.map(toStoredRule);
  const retired = rules.filter((rule) => rule.state === 'retired').sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id);
  return [...rules.filter((rule) => rule.state !== 'retired'), ...retired];
}

/** The rules in force, in the order the decision tries them. */
export async function listRulesInForce(db: Database): Promise<MeterRule[]> {
  const rows = await db.selectFrom('meter_rules').selectAll().where('state', '=', 'active').orderBy('position').orderBy('id').execute();
  return rows.map((row) => {
    const { id, name, condition, effect } = toStoredRule(row);
    return { id, name, condition, effect };
  });
}

export async function findMeterRule(db: Database, id: number): Promise<StoredMeterRule | undefined> {
  const row = await db.selectFrom('meter_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toStoredRule(row);
}

async function findChangeable(db: Database, id: number): Promise<StoredMeterRule> {
  const rule = await findMeterRule(db, id);
  if (rule === undefined) throw new MeterRuleChangeError('There is no such meter rule.', { kind: 'not-found' });
  if (rule.state === 'retired')
    throw new MeterRuleChangeError(`“${rule.name}” is retired and stays as it was; write a new rule instead.`, { kind: 'conflict' });
  return rule;
}

/**
 * Adds a rule, in force at once, tried after every other. Every change to the rules raises the
 * content version in the same transaction, so every instance decides on the new rules at its next read.
 */
export async function insertMeterRule(db: Database, draft: MeterRuleDraft, now: Date): Promise<number> {
  const last = await db
    .selectFrom('meter_rules')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  const { id } = await db
    .insertInto('meter_rules')
    .values({ ...columnsOf(draft), position: Number(last?.position ?? 0) + 1, state: 'active', created_at: now.toISOString(), updated_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await bumpContentVersion(db, now);
  return id;
}

/** Rewrites a rule that is not retired; it keeps its place and its state. Returns the rule as it was. */
export async function updateMeterRule(db: Database, id: number, draft: MeterRuleDraft, now: Date): Promise<StoredMeterRule> {
  const before = await findChangeable(db, id);
  await db
    .updateTable('meter_rules')
    .set({ ...columnsOf(draft), updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
  await bumpContentVersion(db, now);
  return before;
}

/** Pauses, resumes or retires a rule. Returns the rule as it was. */
export async function changeMeterRuleState(db: Database, id: number, state: MeterRuleState, now: Date): Promise<StoredMeterRule> {
  const before = await findChangeable(db, id);
  if (!canChangeRuleState(before.state, state)) throw new MeterRuleChangeError(`“${before.name}” is already ${state}.`, { kind: 'conflict' });
  await db.updateTable('meter_rules').set({ state, updated_at: now.toISOString() }).where('id', '=', id).execute();
  await bumpContentVersion(db, now);
  return before;
}

/**
 * Moves a rule one place earlier or later among the rules not retired. `hasMoved` is false when it
 * is already first (or last). The rules are numbered afresh in their new order, so no two share a place.
 */
export async function moveMeterRule(
  db: Database,
  id: number,
  direction: 'earlier' | 'later',
  now: Date,
): Promise<{ rule: StoredMeterRule; hasMoved: boolean }> {
  const rule = await findChangeable(db, id);
  const order = (await listMeterRules(db)).filter((each) => each.state !== 'retired');
  const from = order.findIndex((each) => each.id === id);
  const to = direction === 'earlier' ? from - 1 : from + 1;
  const neighbour = order[to];
  if (neighbour === undefined) return { rule, hasMoved: false };
  order[to] = rule;
  order[from] = neighbour;
  for (const [index, each] of order.entries()) {
    if (each.position !== index + 1)
      await db
        .updateTable('meter_rules')
        .set({ position: index + 1 })
        .where('id', '=', each.id)
        .execute();
  }
  await db.updateTable('meter_rules').set({ updated_at: now.toISOString() }).where('id', '=', id).execute();
  await bumpContentVersion(db, now);
  return { rule, hasMoved: true };
}
