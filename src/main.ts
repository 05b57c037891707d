import { ConfigError } from './config/config.ts';
import { DatabaseUnavailableError } from './db/database.ts';
import { buildApp } from './server.ts';
import { configFromEnvironment, loadDemoIfEmpty, prepareDatabase } from './start.ts';

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const database = await prepareDatabase(config);
  const loaded = await loadDemoIfEmpty(config, database);
  const app = await buildApp({ config, db: database.db, dialect: database.dialect });
  if (loaded > 0) app.log.info(`Loaded the demo publication: ${loaded} articles`);

  let isClosing = false;
  const shutDown = async (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    app.log.info(`${signal} received, closing`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutDown('SIGINT'));
  process.on('SIGTERM', () => void shutDown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  // A bad setting or an unreachable database is the operator's to fix: one clear line, no stack.
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    console.error(`dateline: ${error.message}`);
  } else {
    console.error('dateline: could not start:', error);
  }
  process.exit(1);
});
