/**
 * When a server process dies unexpectedly the supervisor starts another in its place: at once the
 * first time, then after a growing pause while the replacements keep dying young, so a process that
 * cannot start (a full disk, a database gone) is retried calmly instead of in a tight loop.
 */
export const restartPolicy = {
  /** A process that served this long before dying ended a good run: its replacement starts at once. */
  stableAfterMs: 30_000,
  firstPauseMs: 250,
  longestPauseMs: 15_000,
} as const;

/** How many deaths in a row this one makes: a death after a stable run starts the count again. */
export function countDeathsInARow({ before, livedMs }: { before: number; livedMs: number }): number {
  return livedMs >= restartPolicy.stableAfterMs ? 1 : before + 1;
}

/** The pause before the replacement for the nth death in a row: none, then 250 ms doubling up to 15 s. */
export function pauseBeforeRestartMs(deathsInARow: number): number {
  if (deathsInARow <= 1) return 0;
  return Math.min(restartPolicy.longestPauseMs, restartPolicy.firstPauseMs * 2 ** (deathsInARow - 2));
}
