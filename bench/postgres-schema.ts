import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type BenchSchema = {
  schema: string;
  /** The server's address, with the schema as its search path (as libpq reads it too). */
  url: string;
  /** The server address without the schema, for opening the database from the bench. */
  serverUrl: string;
  drop: () => Promise<void>;
};

async function run(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A schema of its own on the PostgreSQL server for the bench's PostgreSQL pass, dropped at the end;
 * the reason instead when no server answers.
 */
export async function openBenchSchema(serverUrl: string): Promise<BenchSchema | { skipped: string }> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  try {
    await run(serverUrl, `create schema ${schema}`);
  } catch (error) {
    return {
      skipped: `no PostgreSQL at ${new URL(serverUrl).host} (${error instanceof Error ? error.message : String(error)}); set BENCH_DATABASE_URL to a server to run it`,
    };
  }
  const url = new URL(serverUrl);
  url.search = `${url.search === '' ? '?' : `${url.search}&`}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return { schema, url: url.toString(), serverUrl, drop: () => run(serverUrl, `drop schema ${schema} cascade`) };
}
