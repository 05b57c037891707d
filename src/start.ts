import { loadConfig, type Config } from './config/config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { backfillRenditions, type BackfillReport } from './content/rendition-backfill.ts';
import { isDatabaseEmpty, loadDemoPublication } from './demo/load-demo.ts';
import { mediaDirOf } from './content/media-folder.ts';
import { issueSetupToken } from './admin/first-admin.ts';
import type { ProcessLog } from './supervision/process-log.ts';

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

/**
 * The start-up work done once, however many processes then serve: the migrations, the demo
 * publication into an empty database, the missing image renditions, and, while there is no
 * administrator, a one-time link to create the first. Returns that link, to be printed once the
 * site serves, or null.
 */
export async function prepareSite(config: Config, log: ProcessLog): Promise<URL | null> {
  const database = await prepareDatabase(config);
  try {
    const loaded = await loadDemoIfEmpty(config, database);
    if (loaded > 0) log.info(`Loaded the demo publication: ${loaded} articles`);
    const renditions = await completeRenditions(config, database, (report) => {
      if (report.completed > 0) log.info(`Image renditions: ${report.completed} images completed of ${report.checked} checked`);
    });
    if (renditions.unrecoverable.length > 0) {
      log.warn(`Image renditions: ${renditions.unrecoverable.length} images have no file left to make their renditions from`, {
        keys: renditions.unrecoverable.slice(0, 20).join(', '),
      });
    }
    const setupToken = await issueSetupToken(database.db, new Date());
    return setupToken ? new URL(`admin/setup?token=${encodeURIComponent(setupToken)}`, config.publicUrl) : null;
  } finally {
    await database.close();
  }
}

export function configFromEnvironment(): Config {
  return loadConfig(process.env, process.cwd());
}
