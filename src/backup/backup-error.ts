/**
 * A backup or restore that cannot go ahead for a reason the operator can fix (the folder is not
 * empty, the target already has content, pg_dump is missing); the message is one line that says so.
 */
export class BackupError extends Error {
  override name = 'BackupError';
}
