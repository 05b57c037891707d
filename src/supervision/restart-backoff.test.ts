import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countDeathsInARow, pauseBeforeRestartMs, restartPolicy } from './restart-backoff.ts';

describe('restarting a server process that died', () => {
  it('replaces a process that died after a good run at once', () => {
    const deaths = countDeathsInARow({ before: 7, livedMs: restartPolicy.stableAfterMs });
    assert.equal(deaths, 1);
    assert.equal(pauseBeforeRestartMs(deaths), 0);
  });

  it('counts the replacements that die young as one run of deaths', () => {
    assert.equal(countDeathsInARow({ before: 1, livedMs: 200 }), 2);
    assert.equal(countDeathsInARow({ before: 4, livedMs: restartPolicy.stableAfterMs - 1 }), 5);
  });

  it('waits longer after each death in a row, doubling from 250 ms, and never more than 15 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map(pauseBeforeRestartMs), [0, 250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    assert.equal(pauseBeforeRestartMs(1_000), 15_000);
  });
});
