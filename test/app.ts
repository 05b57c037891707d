import { loadConfig } from '../src/config/config.ts';
import type { OpenDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/server.ts';

/** The real app on a test database, silent, with a fixed clock unless one is given. */
export async function buildTestApp(database: OpenDatabase & { dataDir: string }, { now = () => new Date() }: { now?: () => Date } = {}) {
  const config = loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://news.example/' }, process.cwd());
  const app = await buildApp({ config, db: database.db, dialect: database.dialect, now, logger: false });
  return app;
}
