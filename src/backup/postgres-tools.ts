import { spawn } from 'node:child_process';
import { BackupError } from './backup-error.ts';

/**
 * How pg_dump and pg_restore reach the server named by DATABASE_URL: the address without its
 * password on their command line (which any user of the machine can list), the password in their
 * environment, where libpq reads it.
 */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password === '' ? {} : { PGPASSWORD: password } };
}

/** A name as a pg_dump pattern that matches only itself: quoted, so case, dots and wildcards are taken literally. */
export function literalPattern(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The tool's complaint in one line: its lines joined, its name and "error:" prefixes dropped, never the password. */
function summarizeFailure(stderr: string, password: string | undefined): string {
  const summary = stderr
    .split('\n')
    .map((line) => line.replace(/^pg_(dump|restore): (error: |detail: |hint: )?/, '').trim())
    .filter((line) => line !== '')
    .join('; ');
  return password ? summary.replaceAll(password, '********') : summary;
}

/**
 * Runs pg_dump or pg_restore, against the database at `url` when one is given, and resolves with
 * what it printed; a failure becomes a BackupError of one line.
 */
export function runPostgresTool(tool: 'pg_dump' | 'pg_restore', args: readonly string[], url: string | null): Promise<string> {
  const connection = url === null ? null : libpqConnection(url);
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...(connection ? [`--dbname=${connection.dbname}`] : []), ...args], {
      env: { ...process.env, ...connection?.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      if ('code' in error && error.code === 'ENOENT') {
        reject(
          new BackupError(
            `${tool} is not installed: install PostgreSQL's client tools (on Debian, apt-get install postgresql-client), of the server's major version or newer`,
          ),
        );
      } else {
        reject(error);
      }
    });
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new BackupError(`${tool} failed: ${summarizeFailure(stderr, connection?.env.PGPASSWORD) || `exit code ${String(code)}`}`));
    });
  });
}
