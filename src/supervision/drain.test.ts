import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { loadConfig } from '../config/config.ts';
import { choosePaymentProvider } from '../commerce/payment-provider-choice.ts';
import { buildApp } from '../server.ts';
import { createDrain, drainServer, idleGraceMsOf } from './drain.ts';

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

/** A connection on which the test writes requests by hand and reads everything the server sends until it closes. */
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

/** Whether a new connection is refused: the listening socket is closed. */
const isRefused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

describe('a server draining to stop', () => {
  it('leaves idle connections 5 s for their clients to close, or half the deadline if that is shorter', () => {
    assert.equal(idleGraceMsOf(10_000), 5_000);
    assert.equal(idleGraceMsOf(4_000), 2_000);
  });

  it('takes no new connection, answers /healthz with 503 on an open one, finishes the request in flight, each answer closing its connection', async () => {
    const { app, drain, port, arrived, letFinish } = await startServer();
    const inFlight = await openConnection(port);
    await inFlight.write('GET /test/slow HTTP/1.1\r\nHost: news.example\r\n\r\n');
    await arrived;
    // Keep-alive connections that have had an answer and wait: a balancer's, which sends one more request, and one never used again.
    const keptAlive = async () => {
      const connection = await openConnection(port);
      const firstAnswer = new Promise((resolve) => connection.socket.once('data', resolve));
      await connection.write('GET /healthz HTTP/1.1\r\nHost: news.example\r\n\r\n');
      await firstAnswer;
      return connection;
    };
    const balancer = await keptAlive();
    const forgotten = await keptAlive();

    const drained = drainServer(app, { drain, deadlineMs: 60_000, idleGraceMs: 500 });
    assert.equal(await isRefused(port), true, 'no new connection is taken');
    await balancer.write('GET /healthz HTTP/1.1\r\nHost: news.example\r\n\r\n');
    const [, health] = (await balancer.everything).split(/(?=HTTP\/1\.1 )/).map(parseAnswer);
    assert.equal(health?.status, 503);
    assert.equal(health?.headers.get('connection'), 'close');
    assert.deepEqual(JSON.parse(health?.body ?? ''), { status: 'draining' });

    const forgottenAnswers = (await forgotten.everything).match(/HTTP\/1\.1 \d{3}/g);
    assert.deepEqual(forgottenAnswers, ['HTTP/1.1 200'], 'the idle connection is closed after the grace, with nothing after its one answer');

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
    assert.deepEqual(await drainServer(app, { drain, deadlineMs: 100, idleGraceMs: 50 }), { isCut: true });
    assert.equal(await stuck.everything, '', 'the request never answered is cut off');
    letFinish();
  });
});
