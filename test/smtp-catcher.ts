import { SMTPServer } from 'smtp-server';

export type CaughtMessage = { to: string; from: string; raw: string };

/**
 * A real SMTP server for a test, on a free port of 127.0.0.1: it keeps every message whose
 * transaction completed (the final dot arrived), and counts them per recipient. A transaction cut
 * off before its dot is discarded, as a real server discards it. `refuse` answers a recipient with
 * a reply code of the test's choosing (a 5xx for a mailbox that does not exist, a 4xx for "later").
 */
export type SmtpCatcher = {
  url: string;
  port: number;
  messages: CaughtMessage[];
  countFor: (address: string) => number;
  /** Recipients who received more than one message, with how many. */
  repeated: () => Map<string, number>;
  refuse: (address: string, reply: { code: number; message: string } | null) => void;
  close: () => Promise<void>;
};

export async function startSmtpCatcher({ port = 0 }: { port?: number } = {}): Promise<SmtpCatcher> {
  const messages: CaughtMessage[] = [];
  const counts = new Map<string, number>();
  const refusals = new Map<string, { code: number; message: string }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The senders under test open a handful of connections each; several instances may share this server.
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', () => {});
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const raw = Buffer.concat(chunks).toString('utf8');
        for (const recipient of session.envelope.rcptTo) {
          const to = recipient.address.toLowerCase();
          messages.push({ to, from, raw });
          counts.set(to, (counts.get(to) ?? 0) + 1);
        }
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('The SMTP catcher is not listening on a port');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    messages,
    countFor: (recipient) => counts.get(recipient.toLowerCase()) ?? 0,
    repeated: () => new Map([...counts].filter(([, count]) => count > 1)),
    refuse: (recipient, reply) => {
      if (reply === null) refusals.delete(recipient.toLowerCase());
      else refusals.set(recipient.toLowerCase(), reply);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
