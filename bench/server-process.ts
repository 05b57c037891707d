import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';

/** Processes the bench and the hardening checks start: the real server, the bound, the load generator. */
const children: ChildProcess[] = [];

export type LoadRequest = { method?: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
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
export function spawnNode(args: string[], env: Record<string, string>, logFile?: string): { child: ChildProcess; firstLine: Promise<string> } {
  const stdout = logFile === undefined ? 'pipe' : openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', stdout, 'inherit'] });
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

/** The arguments `npm start` gives node, flags included, so what is measured is what is run. */
export function startScriptArgs(): string[] {
  const startScript = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
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

/** One bounded load run from a second process (bench/load.ts); the plan goes through a file, as cookies can outgrow a command line. */
export async function runLoad(
  planFile: string,
  plan: { url: string; connections: number; durationSeconds: number; requests: LoadRequest[] },
): Promise<LoadResult> {
  writeFileSync(planFile, JSON.stringify(plan));
  const { child } = spawnNode(['bench/load.ts', planFile], {});
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(output) as LoadResult;
}

export async function stopAll(): Promise<void> {
  // A process ended by a signal keeps exitCode null and has signalCode set instead.
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
}
