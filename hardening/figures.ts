import { appendFileSync } from 'node:fs';

/**
 * A figure a hardening check reports for the suite's table ("routes × roles checked", "kill -9 rounds
 * survived"). The runner gives each pass a file to collect them in; a check run on its own, outside
 * the runner, records nothing.
 */
export function recordFigure(check: string, figure: string, value: number): void {
  const file = process.env.HARDENING_FIGURES;
  if (file === undefined) return;
  appendFileSync(file, `${JSON.stringify({ check, figure, value })}\n`);
}
