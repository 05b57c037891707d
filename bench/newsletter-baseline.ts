import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import nodemailer from 'nodemailer';

/**
 * The newsletter bench's bound: bare nodemailer, pooled, sending one message composed once (the
 * same bytes every time, only the envelope's recipient changing) to `recipients` addresses as fast
 * as the pool takes them. Arguments: smtp port, recipients, connections, the message's file. Prints
 * one JSON line: {"sent":…,"ms":…,"cpuMicroseconds":…} (its own CPU, user + system, over the sending).
 */
const [port = '0', recipients = '0', connections = '5', messageFile = ''] = process.argv.slice(2);
const raw = readFileSync(messageFile);
const count = Number(recipients);
const poolSize = Number(connections);

const transport = nodemailer.createTransport({
  pool: true,
  host: '127.0.0.1',
  port: Number(port),
  secure: false,
  ignoreTLS: true,
  maxConnections: poolSize,
  // One connection carries the whole run rather than reconnecting every 100 messages (nodemailer's default).
  maxMessages: Number.POSITIVE_INFINITY,
  // nodemailer has no Nagle setting of its own; its getSocket hook lets the bound open the sockets with it off.
  getSocket(_options, callback) {
    const socket = connect({ host: '127.0.0.1', port: Number(port), noDelay: true });
    socket.once('connect', () => callback(null, { connection: socket }));
    socket.once('error', (error) => callback(error, null));
  },
});

// A few messages waiting for each connection keep the pool busy without queueing the whole run in memory.
const inFlight = poolSize * 4;
let next = 0;
let sent = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
async function worker(): Promise<void> {
  while (next < count) {
    const index = next;
    next += 1;
    await transport.sendMail({ envelope: { from: 'newsletter@bench.example', to: `reader${index}@example.org` }, raw });
    sent += 1;
  }
}
await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
transport.close();
process.stdout.write(`${JSON.stringify({ sent, ms, cpuMicroseconds: cpu.user + cpu.system })}\n`);
