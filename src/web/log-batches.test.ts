import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogBatches } from './log-batches.ts';

describe('log lines written in batches (createLogBatches)', () => {
  it('writes the lines of a moment together, in their order, once the wait is over', async () => {
    const written: string[] = [];
    const batches = createLogBatches({ writeOut: (text) => written.push(text), flushAfterMs: 5 });
    batches.write('one\n');
    batches.write('two\n');
    assert.deepEqual(written, []);
    await sleep(30);
    assert.deepEqual(written, ['one\ntwo\n']);
    batches.stop();
  });

  it('writes at once when the batch has grown to its largest', () => {
    const written: string[] = [];
    const batches = createLogBatches({ writeOut: (text) => written.push(text), flushAfterMs: 60_000, largestBatch: 8 });
    batches.write('1234\n');
    batches.write('5678\n');
    assert.deepEqual(written, ['1234\n5678\n']);
    batches.stop();
  });

  it('writes what waits when stopped (the app closing), and each later line as it comes', () => {
    const written: string[] = [];
    const batches = createLogBatches({ writeOut: (text) => written.push(text), flushAfterMs: 60_000 });
    batches.write('closing\n');
    batches.stop();
    assert.deepEqual(written, ['closing\n']);
    batches.write('closed\n');
    assert.deepEqual(written, ['closing\n', 'closed\n']);
  });

  it('writes what waits when the process exits', () => {
    const written: string[] = [];
    const batches = createLogBatches({ writeOut: (text) => written.push(text), flushAfterMs: 60_000 });
    batches.write('last words\n');
    process.emit('exit', 0);
    assert.deepEqual(written, ['last words\n']);
    batches.stop();
  });
});
