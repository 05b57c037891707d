import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailEventKinds, parseEmailEventFile, parseEmailEvents, suppressionReasonOf } from './email-events.ts';

describe('an e-mail service’s events', () => {
  it('suppress an address for a hard bounce or a complaint only', () => {
    assert.deepEqual(
      emailEventKinds.map((kind) => [kind, suppressionReasonOf(kind)]),
      [
        ['hard-bounce', 'hard-bounce'],
        ['soft-bounce', null],
        ['complaint', 'complaint'],
        ['delivered', null],
        ['opened', null],
        ['deferred', null],
      ],
    );
  });

  it('are read with their addresses normalized as accounts keep them', () => {
    assert.deepEqual(parseEmailEvents([{ email: ' Reader@Example.ORG', kind: 'complaint', provider: 'ignored' }]), {
      events: [{ email: 'reader@example.org', kind: 'complaint', detail: null }],
    });
    assert.ok('problem' in parseEmailEvents({ email: 'reader@example.org', kind: 'complaint' }));
    assert.ok('problem' in parseEmailEvents([{ email: 'reader@example.org', kind: 'bounced' }]));
    assert.ok('problem' in parseEmailEvents([{ email: 'not an address', kind: 'complaint' }]));
  });

  it('come from a CSV file with its columns in any order, or from the webhook’s JSON', async () => {
    const csv = 'kind,email,detail\nhard-bounce,a@example.org,"550, unknown"\n\ncomplaint,b@example.org,\n';
    assert.deepEqual(await parseEmailEventFile(csv), {
      events: [
        { email: 'a@example.org', kind: 'hard-bounce', detail: '550, unknown' },
        { email: 'b@example.org', kind: 'complaint', detail: null },
      ],
    });
    assert.deepEqual(await parseEmailEventFile('[{"email":"c@example.org","kind":"soft-bounce"}]'), {
      events: [{ email: 'c@example.org', kind: 'soft-bounce', detail: null }],
    });
    assert.deepEqual(await parseEmailEventFile('address,what\nx@example.org,complaint\n'), { problem: 'the CSV header must name the columns email and kind' });
    assert.ok('problem' in (await parseEmailEventFile('email,kind\nx@example.org,exploded\n')));
  });
});
