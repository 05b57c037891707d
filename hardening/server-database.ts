import path from 'node:path';
import pg from 'pg';
import type { DatabaseLocation } from '../src/config/config.ts';

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(statement);
  await client.end();
}

const created: string[] = [];

/**
 * A database of its own for a server process a check starts (dropped by `dropServerDatabases`): a
 * SQLite file in the data folder, or, on the PostgreSQL pass, a new database beside the test one
 * (a server is given a DATABASE_URL, not a schema).
 */
export async function serverDatabase(dataDir: string, name: string): Promise<{ location: DatabaseLocation; env: Record<string, string> }> {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (!testUrl) return { location: { kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') }, env: {} };
  const databaseName = `dateline_${name}_${process.pid}`;
  await adminQuery(testUrl, `drop database if exists ${databaseName}`);
  await adminQuery(testUrl, `create database ${databaseName}`);
  created.push(databaseName);
  const url = new URL(testUrl);
  url.pathname = `/${databaseName}`;
  return { location: { kind: 'postgres', url: url.toString() }, env: { DATABASE_URL: url.toString() } };
}

/** Drops the databases made for server processes; call it once those processes have stopped. */
export async function dropServerDatabases(): Promise<void> {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (!testUrl) return;
  // The servers have stopped; a closed pool may still be letting its last connections go.
  for (const name of created.splice(0)) await adminQuery(testUrl, `drop database if exists ${name} with (force)`);
}
