/** Access the publication gave a reader, as the desk and the access rules see it. */
export type ComplimentaryAccess = {
  id: number;
  accountId: number;
  startsAt: Date;
  /** Null for open-ended access, which lasts until it is revoked. */
  endsAt: Date | null;
  reason: string;
  grantedBy: number | null;
  revokedAt: Date | null;
};

/** Whether the access holds at `now`: begun, not ended, not revoked. */
export function isComplimentaryLive(access: Pick<ComplimentaryAccess, 'startsAt' | 'endsAt' | 'revokedAt'>, now: Date): boolean {
  if (access.revokedAt !== null && access.revokedAt <= now) return false;
  return access.startsAt <= now && (access.endsAt === null || now < access.endsAt);
}
