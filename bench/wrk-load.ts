import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type LoadRequest, renderLuaPlan } from './lua-plan.ts';
import { parseWrkSummary, type WrkSummary } from './wrk-summary.ts';

const script = path.join(import.meta.dirname, 'wrk', 'plan.lua');

/** Why the bench cannot run, in one line, when Debian's wrk is not installed; null when it is. */
export function wrkMissing(): string | null {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk --version prints its usage and exits 1; only a missing binary throws ENOENT.
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      return 'the bench drives the server with wrk, which is not on PATH: install it with `apt-get install wrk`';
  }
  return null;
}

export type WrkRun = {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: readonly LoadRequest[];
  /** Where the plan is written for the script to read (cookies can outgrow a command line). */
  planFile: string;
  /** Count answers by status class (slows wrk; for smoke runs and checks). */
  countStatuses?: boolean;
};

/** One bounded wrk run against 127.0.0.1: two threads (one with a single connection), a 10 s timeout per request. */
export async function runWrk(run: WrkRun): Promise<WrkSummary> {
  if (!run.url.startsWith('http://127.0.0.1:')) throw new Error('the bench loads 127.0.0.1 only');
  writeFileSync(run.planFile, renderLuaPlan(run.requests, { countStatuses: run.countStatuses ?? false }));
  const args = [
    `--threads=${Math.min(2, run.connections)}`,
    `--connections=${run.connections}`,
    `--duration=${run.durationSeconds}s`,
    '--timeout=10s',
    `--script=${script}`,
    run.url,
  ];
  const child = spawn('wrk', args, { env: { ...process.env, BENCH_PLAN: run.planFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let complaint = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (complaint += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${complaint.trim() || output.trim()}`);
  return parseWrkSummary(output);
}
