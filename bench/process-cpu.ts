import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseMemory, parseProcessStat, type ProcessStat, treeOf } from './process-tree.ts';

/** The kernel's clock ticks a second (CLK_TCK), in which /proc reports CPU time; asked once. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function readStat(pid: string): ProcessStat | undefined {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // The process ended between listing /proc and reading it.
    return undefined;
  }
}

/** The process and its descendants as they are now (a server with WEB_CONCURRENCY workers is several processes). */
export function processTree(rootPid: number): ProcessStat[] {
  const processes = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(readStat)
    .filter((entry) => entry !== undefined);
  return treeOf(processes, rootPid);
}

/** The CPU time (user + system, all threads) the process tree has used so far, in microseconds. */
export function cpuMicrosecondsOfTree(rootPid: number): number {
  return (processTree(rootPid).reduce((total, entry) => total + entry.cpuTicks, 0) / ticksPerSecond) * 1e6;
}

function memoryOf(pids: readonly number[]): { pid: number; rssMb: number; peakRssMb: number }[] {
  return pids.flatMap((pid) => {
    try {
      return [{ pid, ...parseMemory(readFileSync(`/proc/${pid}/status`, 'utf8')) }];
    } catch {
      return [];
    }
  });
}

/** Each process's resident set now and its peak since it started, in MB. */
export function memoryOfTree(rootPid: number): { pid: number; rssMb: number; peakRssMb: number }[] {
  return memoryOf(processTree(rootPid).map((entry) => entry.pid));
}

/** Samples each process's RSS while a scenario runs; `stop` gives the largest one process held. */
export function sampleLargestRss(rootPid: number, everyMs = 200): { stop: () => number } {
  // The tree is found once: walking all of /proc every sample would load the machine being measured.
  const pids = processTree(rootPid).map((entry) => entry.pid);
  let largest = 0;
  const sample = () => {
    for (const { rssMb } of memoryOf(pids)) largest = Math.max(largest, rssMb);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return largest;
    },
  };
}
