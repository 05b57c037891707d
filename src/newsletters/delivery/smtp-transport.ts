import { Socket } from 'node:net';
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type { SmtpFailure } from './delivery-rules.ts';

/** One message, already composed (headers and body, CRLF or LF), for one recipient. */
export type OutgoingMessage = { from: string; to: string; raw: Buffer };

/**
 * Called once the server has accepted the recipient and taken the message's body, when all that is
 * left is the final dot that completes the SMTP transaction. It records the delivery as sent and
 * answers whether it did; on false (the delivery is no longer this sender's) or an error, the dot is
 * never written and the connection is dropped, so the server discards the message.
 */
export type HandOver = () => Promise<boolean>;

export type SmtpOutcome =
  | { kind: 'sent' }
  /** The hand-over declined: nothing was delivered and nothing recorded. */
  | { kind: 'abandoned' }
  /** `isHandedOver`: the delivery was already recorded as sent when the server refused it, or the connection broke. */
  | { kind: 'failed'; failure: SmtpFailure; isHandedOver: boolean };

export type NewsletterTransport = {
  send: (message: OutgoingMessage, handOver: HandOver) => Promise<SmtpOutcome>;
  close: () => Promise<void>;
};

class HandOverDeclined extends Error {
  override name = 'HandOverDeclined';
}

/**
 * A pool of SMTP connections for newsletters, at most `connections` open and `ratePerSecond`
 * messages begun a second. It is built on nodemailer's SMTPConnection rather than its pooled
 * transport because exactly-once sending needs one thing the transport does not give: a moment
 * after the server has taken the message and before the final dot (docs/decisions/0036). The
 * transport reads the message before the server has even accepted the recipient; SMTPConnection
 * pipes it only after DATA is accepted, and a message stream that has not ended holds back the dot.
 */
/**
 * A plain TCP socket that sends each write at once. The final dot goes out as a write of its own,
 * after the delivery is recorded; with Nagle's algorithm it waited for the server's delayed
 * acknowledgement, some 40 ms a message on every connection (the newsletter bench measured it).
 */
function unbufferedSocket(): Socket {
  const socket = new Socket();
  socket.setNoDelay(true);
  return socket;
}

export function createSmtpTransport({ url, connections, ratePerSecond }: { url: string; connections: number; ratePerSecond: number }): NewsletterTransport {
  const parsed = new URL(url);
  const options: SMTPConnection.Options = {
    host: parsed.hostname,
    port: parsed.port === '' ? (parsed.protocol === 'smtps:' ? 465 : 587) : Number(parsed.port),
    secure: parsed.protocol === 'smtps:',
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  };
  const auth = parsed.username === '' ? null : { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
  const idle: SMTPConnection[] = [];
  const waiting: ((connection: SMTPConnection | null) => void)[] = [];
  let open = 0;
  let isClosed = false;
  let nextStartAt = 0;

  const waitTurn = async () => {
    const now = performance.now();
    const startAt = Math.max(now, nextStartAt);
    nextStartAt = startAt + 1000 / ratePerSecond;
    if (startAt > now) await new Promise((resolve) => setTimeout(resolve, startAt - now));
  };

  const connect = () =>
    new Promise<SMTPConnection>((resolve, reject) => {
      const connection = new SMTPConnection(options.secure === true ? options : { ...options, socket: unbufferedSocket() });
      // A connection that errors between messages is simply not reused; the message in flight learns of it from send's callback.
      connection.on('error', () => {});
      connection.connect((error) => {
        if (error) return reject(error);
        if (auth === null) return resolve(connection);
        connection.login(auth, (loginError) => (loginError ? reject(loginError) : resolve(connection)));
      });
    });

  const acquire = async (): Promise<SMTPConnection> => {
    if (isClosed) throw new Error('The newsletter SMTP pool is closed');
    const ready = idle.pop();
    if (ready) return ready;
    if (open < connections) {
      open += 1;
      try {
        return await connect();
      } catch (error) {
        open -= 1;
        throw error;
      }
    }
    const handed = await new Promise<SMTPConnection | null>((resolve) => waiting.push(resolve));
    return handed ?? acquire();
  };

  const release = (connection: SMTPConnection, isReusable: boolean) => {
    if (!isReusable || isClosed) {
      connection.close();
      open -= 1;
      // A waiting sender may now open a connection of its own.
      waiting.shift()?.(null);
      return;
    }
    const next = waiting.shift();
    if (next) next(connection);
    else idle.push(connection);
  };

  const send = async (message: OutgoingMessage, handOver: HandOver): Promise<SmtpOutcome> => {
    await waitTurn();
    let connection: SMTPConnection;
    try {
      connection = await acquire();
    } catch (error) {
      return { kind: 'failed', failure: failureOf(error), isHandedOver: false };
    }
    let isSettled = false;
    let isHandedOver = false;
    let isDeclined = false;
    let step = 0;
    const body = new Readable({
      read() {
        if (step === 0) {
          step = 1;
          this.push(message.raw);
          return;
        }
        if (step !== 1) return;
        step = 2;
        // Send's callback has already run when the envelope was refused: its reply, not this body, decides.
        if (isSettled) return void this.destroy(new HandOverDeclined('the envelope was refused'));
        handOver().then(
          (isRecorded) => {
            if (!isRecorded) {
              isDeclined = true;
              this.destroy(new HandOverDeclined('the delivery is no longer this sender’s'));
              return;
            }
            isHandedOver = true;
            this.push(null);
          },
          (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    return new Promise<SmtpOutcome>((resolve) => {
      connection.send({ from: message.from, to: [message.to] }, body, (error) => {
        isSettled = true;
        if (!error) {
          release(connection, true);
          return resolve({ kind: 'sent' });
        }
        // A refused or cut-off transaction leaves the connection in a state the next message should not inherit: it is closed.
        release(connection, false);
        if (isDeclined) return resolve({ kind: 'abandoned' });
        resolve({ kind: 'failed', failure: failureOf(error), isHandedOver });
      });
    });
  };

  return {
    send,
    close: async () => {
      isClosed = true;
      for (const connection of idle.splice(0)) {
        connection.quit();
        open -= 1;
      }
      for (const waiter of waiting.splice(0)) waiter(null);
    },
  };
}

function failureOf(error: unknown): SmtpFailure {
  if (error instanceof Error) {
    const responseCode = 'responseCode' in error && typeof error.responseCode === 'number' ? error.responseCode : null;
    return { responseCode, message: error.message.replace(/\s+/g, ' ').slice(0, 400) };
  }
  return { responseCode: null, message: String(error) };
}
