import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMemory, parseProcessStat, treeOf } from './process-tree.ts';

// A real line's shape (fields 1 to 24 of 52), from Linux's proc(5).
const statLine = (pid: number, name: string, parentPid: number, utime: number, stime: number) =>
  `${pid} (${name}) S ${parentPid} ${pid} ${pid} 0 -1 4194560 9512 0 0 0 ${utime} ${stime} 0 0 20 0 11 0 1234 1282342912 45000 18446744073709551615`;

describe('a process as /proc/PID/stat describes it', () => {
  it('gives its parent and its user plus system CPU ticks', () => {
    assert.deepEqual(parseProcessStat(statLine(4242, 'node', 4200, 730, 95)), { pid: 4242, parentPid: 4200, cpuTicks: 825 });
  });

  it('is read after the last parenthesis, whatever the command name holds', () => {
    assert.deepEqual(parseProcessStat(statLine(77, 'odd) name (x', 1, 10, 5)), { pid: 77, parentPid: 1, cpuTicks: 15 });
  });

  it('is refused when the line is not one', () => {
    assert.throws(() => parseProcessStat('no such thing'), /not a \/proc\/PID\/stat line/);
  });
});

describe('the process tree of a server', () => {
  const processes = [
    { pid: 1, parentPid: 0, cpuTicks: 1 },
    { pid: 100, parentPid: 1, cpuTicks: 50 },
    { pid: 101, parentPid: 100, cpuTicks: 400 },
    { pid: 102, parentPid: 100, cpuTicks: 380 },
    { pid: 103, parentPid: 101, cpuTicks: 2 },
    { pid: 200, parentPid: 1, cpuTicks: 999 },
  ];

  it('holds the server, its workers and their children, and nothing else', () => {
    assert.deepEqual(
      treeOf(processes, 100)
        .map((entry) => entry.pid)
        .sort(),
      [100, 101, 102, 103],
    );
  });

  it('is the server alone when it forks no worker', () => {
    assert.deepEqual(treeOf(processes, 200), [{ pid: 200, parentPid: 1, cpuTicks: 999 }]);
  });

  it('is empty once the server has gone', () => {
    assert.deepEqual(treeOf(processes, 300), []);
  });
});

describe("a process's memory from /proc/PID/status", () => {
  it('is its resident set now and its peak, in MB', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1300000 kB\nVmHWM:\t  262144 kB\nVmRSS:\t  153600 kB\nThreads:\t11\n';
    assert.deepEqual(parseMemory(status), { rssMb: 150, peakRssMb: 256 });
  });

  it('is refused when the figures are missing', () => {
    assert.throws(() => parseMemory('Name:\tnode\n'), /VmRSS/);
  });
});
