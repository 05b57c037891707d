import type { Database, Dialect } from '../src/db/database.ts';
import { createInsightLedger, type InsightLedger } from '../src/insights/insight-ledger.ts';
import { deriveReaderKeys } from '../src/insights/reader-key.ts';

/**
 * The insights ledger as the app makes it, for tests that call the commerce operations directly. It
 * writes when a test flushes or closes it, never on its own timer, so nothing is written after a
 * test file has closed its database; a write that fails fails loudly.
 */
export function createTestLedger({ db, dialect }: { db: Database; dialect: Dialect }): InsightLedger {
  return createInsightLedger({
    db,
    dialect,
    flushEveryMs: 24 * 60 * 60 * 1000,
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
