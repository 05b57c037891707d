import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackupError } from './backup-error.ts';
import { libpqConnection, literalPattern, runPostgresTool } from './postgres-tools.ts';

describe('handing the connection to pg_dump and pg_restore', () => {
  it('puts the address on the command line without its password, and the password in their environment', () => {
    assert.deepEqual(libpqConnection('postgres://newsroom:s3cr%40t@db.example:5433/courier?sslmode=require'), {
      dbname: 'postgres://newsroom@db.example:5433/courier?sslmode=require',
      env: { PGPASSWORD: 's3cr@t' },
    });
    assert.deepEqual(libpqConnection('postgres://postgres@127.0.0.1:5432/test'), { dbname: 'postgres://postgres@127.0.0.1:5432/test', env: {} });
  });

  it('names a schema so that pg_dump matches it and nothing else', () => {
    assert.equal(literalPattern('test_0a1b'), '"test_0a1b"');
    assert.equal(literalPattern('News*'), '"News*"');
    assert.equal(literalPattern('say "hi"'), '"say ""hi"""');
  });

  it('reports a failure in one line that never shows the password', async () => {
    await assert.rejects(
      runPostgresTool('pg_dump', ['--format=custom', '--file=/dev/null'], 'postgres://newsroom:hunter2@127.0.0.1:1/courier'),
      (error: unknown) => {
        assert.ok(error instanceof BackupError);
        // Without the client tools installed, the failure is that they are missing, also in one line.
        assert.match(error.message, /^pg_dump (failed: .*127\.0\.0\.1.*|is not installed: .*)$/);
        assert.doesNotMatch(error.message, /hunter2|\n/);
        return true;
      },
    );
  });
});
