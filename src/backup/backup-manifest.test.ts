import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCountDifferences, parseBackupManifest } from './backup-manifest.ts';

const written = {
  format: 'dateline-backup',
  version: 1,
  createdAt: '2026-11-20T17:00:00.000Z',
  database: { kind: 'postgres', schema: 'public' },
  counts: { articles: 25, accounts: 3, subscriptions: 1, mediaFiles: 200 },
  hasSecret: true,
};

describe('reading a backup manifest', () => {
  it('reads what a backup writes', () => {
    const { format: _format, ...manifest } = written;
    assert.deepEqual(parseBackupManifest(written), { manifest });
    assert.deepEqual(parseBackupManifest({ ...written, database: { kind: 'sqlite' } }), { manifest: { ...manifest, database: { kind: 'sqlite' } } });
  });

  it('reads a manifest written before backups carried the secret as one without it', () => {
    const { hasSecret: _hasSecret, ...older } = written;
    const { format: _format, ...manifest } = older;
    assert.deepEqual(parseBackupManifest(older), { manifest: { ...manifest, hasSecret: false } });
  });

  it('says what is wrong with anything else', () => {
    assert.deepEqual(parseBackupManifest({ ...written, format: 'something-else' }), { problem: 'its manifest.json is not a Dateline backup manifest' });
    assert.deepEqual(parseBackupManifest([written]), { problem: 'its manifest.json is not a Dateline backup manifest' });
    assert.deepEqual(parseBackupManifest({ ...written, version: 2 }), { problem: 'its manifest is of format version 2, and this Dateline reads version 1' });
    assert.deepEqual(parseBackupManifest({ ...written, createdAt: 'yesterday' }), { problem: 'its manifest has no valid createdAt' });
    assert.deepEqual(parseBackupManifest({ ...written, database: { kind: 'mysql' } }), { problem: 'its manifest does not say which database it holds' });
    assert.deepEqual(parseBackupManifest({ ...written, database: { kind: 'postgres' } }), { problem: 'its manifest does not say which database it holds' });
    assert.deepEqual(parseBackupManifest({ ...written, counts: { ...written.counts, articles: -1 } }), { problem: 'its manifest has no valid counts' });
    assert.deepEqual(parseBackupManifest({ ...written, counts: { articles: 25 } }), { problem: 'its manifest has no valid counts' });
    assert.deepEqual(parseBackupManifest({ ...written, hasSecret: 'yes' }), { problem: 'its manifest does not say whether it holds the secret' });
  });
});

describe('comparing a restored copy with its manifest', () => {
  it('finds no difference when every count agrees', () => {
    assert.deepEqual(describeCountDifferences(written.counts, { ...written.counts }), []);
  });

  it('names each count that differs, what arrived and what the backup had', () => {
    assert.deepEqual(describeCountDifferences(written.counts, { ...written.counts, accounts: 2, mediaFiles: 0 }), [
      '2 accounts where the backup had 3',
      '0 media files where the backup had 200',
    ]);
  });
});
