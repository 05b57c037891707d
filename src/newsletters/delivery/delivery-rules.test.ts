import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAfterFailure, isPermanentFailure, maximumAttempts, retryWaitMs } from './delivery-rules.ts';

const now = new Date('2026-05-04T08:00:00Z');

describe('what becomes of a delivery the SMTP server did not take', () => {
  it('fails for good on a 5xx reply, keeping the reply', () => {
    const outcome = decideAfterFailure({ responseCode: 550, message: 'No such mailbox' }, { attempts: 1, now });
    assert.deepEqual(outcome, { status: 'failed', error: '550 No such mailbox' });
  });

  it('goes back to the queue after a 4xx reply or a broken connection, waiting a minute, then twice as long each time, up to an hour', () => {
    assert.deepEqual(decideAfterFailure({ responseCode: 451, message: 'Try later' }, { attempts: 1, now }), {
      status: 'queued',
      retryAt: new Date('2026-05-04T08:01:00Z'),
      error: '451 Try later',
    });
    const broken = decideAfterFailure({ responseCode: null, message: 'Connection closed' }, { attempts: 3, now });
    assert.deepEqual(broken, { status: 'queued', retryAt: new Date('2026-05-04T08:04:00Z'), error: 'Connection closed' });
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map(retryWaitMs), [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
  });

  it(`gives up after ${maximumAttempts} tries`, () => {
    const outcome = decideAfterFailure({ responseCode: 421, message: 'Busy' }, { attempts: maximumAttempts, now });
    assert.deepEqual(outcome, { status: 'failed', error: `gave up after ${maximumAttempts} tries: 421 Busy` });
  });

  it('takes only 5xx replies as final', () => {
    for (const [code, isFinal] of [
      [250, false],
      [421, false],
      [452, false],
      [500, true],
      [554, true],
      [null, false],
    ] as const) {
      assert.equal(isPermanentFailure({ responseCode: code, message: '' }), isFinal, String(code));
    }
  });
});
