import { loadConfig, type Config } from './config/config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { isDatabaseEmpty, loadDemoPublication, mediaDirOf } from './demo/load-demo.ts';

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

export function configFromEnvironment(): Config {
  return loadConfig(process.env, process.cwd());
}
