import { createHash } from 'node:crypto';
import type { Validators } from '../http/conditional-get.ts';
import { weakEtag } from '../http/conditional-get.ts';

/**
 * Validators for a list the API answers. The tag is taken from the answer itself, so it changes
 * exactly when the answer does, whether an article was edited, a section renamed or a scheduled
 * article came out with no edit at all; it is the same on every instance. The list's last change
 * is its newest publication or edit.
 */
export function listValidators(kind: string, answer: unknown, changedAt: readonly Date[]): Validators {
  const digest = createHash('sha256').update(JSON.stringify(answer)).digest('base64url').slice(0, 22);
  const lastModified = new Date(Math.max(0, ...changedAt.map((date) => date.getTime())));
  return { etag: weakEtag('api', kind, digest), lastModified };
}
