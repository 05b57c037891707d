import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { loadConfig } from '../config/config.ts';
import { choosePaymentProvider } from '../commerce/payment-provider-choice.ts';
import { buildApp } from '../server.ts';
import { createDrain, drainServer, turnoverMsOf } from './drain.ts';

const database = await openTestDatabase();

/** The real app on the test database, listening on 127.0.0.1, with a route that answers only when the test lets it. */
async function startServer() {
  const config = loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test' }, process.cwd());
  const drain = createDrain();
  const app = await buildApp({
    config,
    db: database.db,
    dialect: database.dialect,
    logger: false,
    paymentProvider: choosePaymentProvider(config, database.db),
    drain,
  });
  let letFinish = () => {};
  const isFinishing = new Promise<void>((resolve) => (letFinish = resolve));
  let hasArrived = () => {};
  const arrived = new Promise<void>((resolve) => (hasArrived = resolve));
  app.get('/test/slow', async () => {
    hasArrived();
    await isFinishing;
    return 'finished';
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, drain, port: (app.server.address() as AddressInfo).port, arrived, letFinish };
}

/** A connection on which the test writes a request by hand, in parts if it likes, and reads everything the server sends until it closes. */
async function openConnection(port: number): Promise<{ socket: Socket; write: (text: string) => Promise<void>; everything: Promise<string> }> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const everything = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  const write = (text: string) => new Promise<void>((resolve, reject) => socket.write(text, (error) => (error ? reject(error) : resolve())));
  return { socket, write, everything };
}

function parseAnswer(raw: string): { status: number; headers: Map<string, string>; body: string } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

const isRefused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

/** The listening socket closes after the drain's turnover (a second here), once Fastify's close has run its hooks. */
async function refusesConnections(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await isRefused(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe('a server draining to stop', () => {
  it('keeps answering for a second before it stops accepting, or for half the deadline if that is shorter', () => {
    assert.equal(turnoverMsOf(10_000), 1_000);
    assert.equal(turnoverMsOf(1_000), 500);
  });

  it('answers /healthz with 503 at once, finishes the request in flight, closes each connection after its answer, then takes no new one', async () => {
    const { app, drain, port, arrived, letFinish } = await startServer();
    const inFlight = await openConnection(port);
    await inFlight.write('GET /test/slow HTTP/1.1\r\nHost: news.example\r\n\r\n');
    await arrived;
    // A keep-alive connection that has had its answer and waits for the next request.
    const idle = await openConnection(port);
    const firstAnswer = new Promise((resolve) => idle.socket.once('data', resolve));
    await idle.write('GET /healthz HTTP/1.1\r\nHost: news.example\r\n\r\n');
    await firstAnswer;

    const drained = drainServer(app, { drain, deadlineMs: 60_000 });
    const healthCheck = await openConnection(port);
    await healthCheck.write('GET /healthz HTTP/1.1\r\nHost: news.example\r\n\r\n');
    const health = parseAnswer(await healthCheck.everything);
    assert.equal(health.status, 503);
    assert.equal(health.headers.get('connection'), 'close');
    assert.deepEqual(JSON.parse(health.body), { status: 'draining' });

    assert.equal(await refusesConnections(port), true, 'after the turnover no new connection is taken');
    const idleAnswers = (await idle.everything).match(/HTTP\/1\.1 \d{3}/g);
    assert.deepEqual(idleAnswers, ['HTTP/1.1 200'], 'the idle keep-alive connection is closed, with nothing after its one answer');

    letFinish();
    const slow = parseAnswer(await inFlight.everything);
    assert.equal(slow.status, 200);
    assert.equal(slow.body, 'finished');
    assert.equal(slow.headers.get('connection'), 'close', 'the answer tells the client not to send more on this connection');
    assert.deepEqual(await drained, { isCut: false });
  });

  it('cuts the connections still busy at the deadline', async () => {
    const { app, drain, port, arrived, letFinish } = await startServer();
    const stuck = await openConnection(port);
    await stuck.write('GET /test/slow HTTP/1.1\r\nHost: news.example\r\n\r\n');
    await arrived;
    assert.deepEqual(await drainServer(app, { drain, deadlineMs: 100 }), { isCut: true });
    assert.equal(await stuck.everything, '', 'the request never answered is cut off');
    letFinish();
  });
});
