import { parseArgs } from 'node:util';
import { ConfigError } from './config/config.ts';
import { DatabaseUnavailableError } from './db/database.ts';
import { loadDemoPublication, mediaDirOf } from './demo/load-demo.ts';
import { configFromEnvironment, prepareDatabase } from './start.ts';

const usage = `Usage: npm run dateline -- <command>

Commands:
  migrate      bring the database schema up to date
  demo:load    load (or refresh) the demo publication, even into a database that has content
  help         show this text

The database and data folder come from the same environment as npm start (DATA_DIR, DATABASE_URL).`;

async function run(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  const [command = 'help', ...rest] = positionals;
  if (rest.length > 0) {
    console.error(`dateline: ${command} takes no arguments\n\n${usage}`);
    return 2;
  }
  switch (command) {
    case 'help':
      console.log(usage);
      return 0;
    case 'migrate': {
      const database = await prepareDatabase(configFromEnvironment());
      await database.close();
      console.log('The database schema is up to date.');
      return 0;
    }
    case 'demo:load': {
      const config = configFromEnvironment();
      const database = await prepareDatabase(config);
      try {
        const count = await loadDemoPublication(database.db, { mediaDir: mediaDirOf(config.dataDir), now: new Date() });
        console.log(`Loaded the demo publication: ${count} articles.`);
      } finally {
        await database.close();
      }
      return 0;
    }
    default:
      console.error(`dateline: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || (error instanceof Error && error.name === 'TypeError' && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`dateline: ${error.message}`);
    } else {
      console.error('dateline: the command failed:', error);
    }
    process.exit(1);
  },
);
