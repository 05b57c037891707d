import { loadConfig, type Config } from './config/config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { backfillRenditions, type BackfillReport } from './content/rendition-backfill.ts';
import { isDatabaseEmpty, loadDemoPublication } from './demo/load-demo.ts';
import { mediaDirOf } from './content/media-folder.ts';

/** Opens and migrates the database the configuration names. */
export async function prepareDatabase(config: Config): Promise<OpenDatabase> {
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db, database.dialect);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Fills an empty database with the demo publication, except in production. */
export async function loadDemoIfEmpty(config: Config, database: OpenDatabase): Promise<number> {
  if (config.isProduction || !(await isDatabaseEmpty(database.db))) return 0;
  return loadDemoPublication(database.db, { mediaDir: mediaDirOf(config.dataDir), now: new Date() });
}

/**
 * Makes the image renditions the library lacks (widths and formats added since its images were
 * stored) before the server listens, as the migrations are applied: pages name every rendition, so
 * none may be missing once they are served. See backfillRenditions for why here and not on request.
 */
export async function completeRenditions(config: Config, database: OpenDatabase, onProgress?: (report: BackfillReport) => void): Promise<BackfillReport> {
  return backfillRenditions(database.db, { mediaDir: mediaDirOf(config.dataDir), onProgress });
}

export function configFromEnvironment(): Config {
  return loadConfig(process.env, process.cwd());
}
