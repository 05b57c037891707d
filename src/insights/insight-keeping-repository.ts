import type { Database } from '../db/database.ts';
import { readSettingsGroup, writeSettingsGroup } from '../settings/settings-repository.ts';
import { insightCutoffOf, parseInsightKeeping, type InsightKeeping } from './insight-keeping.ts';

const settingsKey = 'insights';
/** Deleted a batch at a time, so a year's backlog never holds the database (or SQLite's one writer) for long. */
const rowsPerBatch = 5_000;
const batchesPerPass = 40;

export async function readInsightKeeping(db: Database): Promise<InsightKeeping> {
  return readSettingsGroup(db, settingsKey, parseInsightKeeping);
}

export async function writeInsightKeeping(db: Database, keeping: InsightKeeping, now: Date): Promise<void> {
  await writeSettingsGroup(db, settingsKey, keeping, (input) => parseInsightKeeping(input), now);
}

/**
 * The job loop's pass: deletes the events older than the setting keeps, oldest first, at most
 * `rowsPerBatch × batchesPerPass` a pass (the next pass goes on). Returns how many went.
 */
export async function deleteExpiredInsightEvents(db: Database, now: Date): Promise<number> {
  const cutoff = insightCutoffOf(await readInsightKeeping(db), now).toISOString();
  let deleted = 0;
  for (let batch = 0; batch < batchesPerPass; batch += 1) {
    const result = await db
      .deleteFrom('insight_events')
      .where('id', 'in', (eb) => eb.selectFrom('insight_events').select('id').where('occurred_at', '<', cutoff).limit(rowsPerBatch))
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < rowsPerBatch) break;
  }
  return deleted;
}
