import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { createProcessLog } from './process-log.ts';

describe("the supervisor's log", () => {
  it('writes one line of JSON per event, shaped like the server processes’ lines, naming the process that wrote it', () => {
    const lines: string[] = [];
    const log = createProcessLog((line) => lines.push(line));
    log.warn('Server process 41 died (SIGKILL); starting another', { worker: 41, deathsInARow: 1 });
    log.info('Every server process has stopped');
    assert.equal(lines.length, 2);
    assert.ok(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n')));
    const [died, stopped] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      { ...died, time: 0 },
      { level: 40, time: 0, pid: process.pid, hostname: hostname(), worker: 41, deathsInARow: 1, msg: 'Server process 41 died (SIGKILL); starting another' },
    );
    assert.equal(stopped?.level, 30);
    assert.equal(typeof stopped?.time, 'number');
  });
});
