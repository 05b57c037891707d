import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startSmtpCatcher } from '../../../test/smtp-catcher.ts';
import { createSmtpTransport } from './smtp-transport.ts';

const catcher = await startSmtpCatcher();
after(() => catcher.close());
const transport = createSmtpTransport({ url: catcher.url, connections: 2, ratePerSecond: 1000 });
after(() => transport.close());

const messageTo = (to: string) => ({
  from: 'briefing@gazette.example',
  to,
  raw: Buffer.from(`From: briefing@gazette.example\r\nTo: ${to}\r\nSubject: Hello\r\n\r\nA line.\r\n.A line that starts with a dot.\r\n`),
});

describe('the newsletter SMTP pool', () => {
  it('completes the message only once the hand-over has recorded it, with the body as written', async () => {
    let isRecorded = false;
    const outcome = await transport.send(messageTo('recorded@readers.example'), async () => {
      // The server has the body by now but not the final dot: it holds no message yet.
      assert.equal(catcher.countFor('recorded@readers.example'), 0);
      isRecorded = true;
      return true;
    });
    assert.deepEqual(outcome, { kind: 'sent' });
    assert.ok(isRecorded);
    assert.equal(catcher.countFor('recorded@readers.example'), 1);
    assert.match(catcher.messages.at(-1)?.raw ?? '', /\r\n\.A line that starts with a dot\.\r\n/);
  });

  it('leaves the server with nothing when the hand-over declines or fails: the dot is never written', async () => {
    assert.deepEqual(await transport.send(messageTo('declined@readers.example'), async () => false), { kind: 'abandoned' });
    const failed = await transport.send(messageTo('broken@readers.example'), async () => {
      throw new Error('the database is gone');
    });
    assert.equal(failed.kind, 'failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(catcher.countFor('declined@readers.example') + catcher.countFor('broken@readers.example'), 0);
    // The pool carries on with fresh connections.
    assert.deepEqual(await transport.send(messageTo('after@readers.example'), async () => true), { kind: 'sent' });
  });

  it('never hands over a message whose recipient the server refused', async () => {
    catcher.refuse('refused@readers.example', { code: 550, message: 'No such mailbox' });
    let isHandedOver = false;
    const outcome = await transport.send(messageTo('refused@readers.example'), async () => {
      isHandedOver = true;
      return true;
    });
    assert.equal(isHandedOver, false);
    assert.ok(outcome.kind === 'failed' && outcome.failure.responseCode === 550 && !outcome.isHandedOver);
  });
});
