import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadRequest } from './lua-plan.ts';
import { runWrk } from './wrk-load.ts';
import { failuresOf } from './wrk-summary.ts';

/** Processes the bench and the hardening checks start: the real server and the bound. */
const children: ChildProcess[] = [];

// The hardening checks take the request type from here, beside runLoad.
export type { LoadRequest };
export type LoadResult = {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
  status5xx: number;
};

/** Node with these arguments; its log goes to a file, as an operator's would (reading it here would load the machine being measured). */
export function spawnNode(args: string[], env: Record<string, string>, logFile?: string, cwd?: string): { child: ChildProcess; firstLine: Promise<string> } {
  const stdout = logFile === undefined ? 'pipe' : openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', stdout, 'inherit'], ...(cwd ? { cwd } : {}) });
  children.push(child);
  const firstLine = new Promise<string>((resolve) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      if (!buffered.includes('\n')) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve(buffered.split('\n')[0] ?? '');
    };
    child.stdout?.on('data', onData);
  });
  return { child, firstLine };
}

/** The arguments `npm start` gives node in the checkout at `root`, flags included, so what is measured is what is run. */
export function startScriptArgs(root = '.'): string[] {
  const startScript = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [, ...args] = startScript.split(' ');
  return args;
}

/** Waits until the server answers this address with a success; returns how long that took. */
export async function waitUntilServing(address: string, { since = performance.now(), timeoutMs = 60_000 } = {}): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(address)).ok) return Math.round(performance.now() - since);
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) throw new Error(`nothing served ${address} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function rssMegabytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024);
}

/**
 * One bounded load run by wrk for the hardening checks, counting answers by status class; the plan
 * goes through a file, as cookies can outgrow a command line.
 */
export async function runLoad(
  planFile: string,
  plan: { url: string; connections: number; durationSeconds: number; requests: LoadRequest[] },
): Promise<LoadResult> {
  const summary = await runWrk({ ...plan, planFile, countStatuses: true });
  const failures = failuresOf(summary);
  return {
    requestsPerSecond: summary.requestsPerSecond,
    total: summary.requests,
    p50: summary.latencyMs.p50,
    p97_5: summary.latencyMs.p97_5,
    p99: summary.latencyMs.p99,
    errors: failures.connection + failures.timeouts,
    non2xx: failures.non2xx,
    status5xx: summary.statuses?.['5xx'] ?? 0,
  };
}

/** Ends one process this module started and waits until it has gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function stopAll(): Promise<void> {
  // A process ended by a signal keeps exitCode null and has signalCode set instead.
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
}
