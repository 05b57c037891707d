import type { Database, Dialect } from '../src/db/database.ts';
import { createInsightLedger, type InsightLedger } from '../src/insights/insight-ledger.ts';
import { deriveReaderKeys } from '../src/insights/reader-key.ts';

/** The insights ledger as the app makes it, for tests that call the commerce operations directly; a write that fails fails loudly. */
export function createTestLedger({ db, dialect }: { db: Database; dialect: Dialect }): InsightLedger {
  return createInsightLedger({
    db,
    dialect,
    keys: deriveReaderKeys('a-test-secret-that-is-long-enough-for-the-ledger'),
    problems: {
      onWriteFailed: (error) => {
        throw error;
      },
      onDropped: (count) => {
        throw new Error(`${count} insight events dropped in a test`);
      },
    },
  });
}
