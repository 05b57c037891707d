import { spawnSync } from 'node:child_process';
import pg from 'pg';

/**
 * The PostgreSQL pass: the same tests again, each file on a schema of its own on the server at
 * TEST_DATABASE_URL (default: the local server, user postgres, database test). On a developer's
 * machine without PostgreSQL it says so and passes; in CI a missing server is a failure.
 */
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const isCi = process.env.CI === 'true';

const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await probe.connect();
  await probe.end();
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  if (isCi) {
    console.error(`PostgreSQL pass: cannot reach ${url} (${reason}); CI needs it.`);
    process.exit(1);
  }
  console.log(`PostgreSQL pass skipped: no server at ${url} (${reason}). Set TEST_DATABASE_URL to run it.`);
  process.exit(0);
}

console.log(`PostgreSQL pass against ${url}`);
const run = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), 'src/**/*.test.ts', 'test/**/*.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(run.status ?? 1);
