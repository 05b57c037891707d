import type { FastifyInstance } from 'fastify';
import { Server } from 'node:net';

/**
 * Whether this server process is stopping. While it is, /healthz answers 503 so a balancer that
 * checks it sends new work elsewhere, and every answer closes its connection, so a connection is
 * closed by the server after a whole answer, never under a request.
 */
export type Drain = { isDraining: boolean };

export function createDrain(): Drain {
  return { isDraining: false };
}

/**
 * How long idle keep-alive connections are left for their clients to close before the server closes
 * them: 5 s (the example nginx closes its idle connections after 4 s), or half the deadline.
 */
export function idleGraceMsOf(deadlineMs: number): number {
  return Math.min(5_000, deadlineMs / 2);
}

/**
 * Stops a server gently. It stops accepting at once (a balancer's new connection is refused, so the
 * request goes elsewhere, never having been sent), finishes the requests in flight, and answers
 * those still arriving on open connections, each answer closing its connection. An idle keep-alive
 * connection is left for its client to close, up to the grace: closed by the server, it could race a
 * request sent on it at that instant, which nginx does not resend elsewhere if it is a POST, and a
 * busy process reads late, which widens that instant. After the grace the idle ones left are closed;
 * at the deadline (counted from the start) whatever is still open is cut. Resolves once every
 * connection is gone; says whether any had to be cut.
 */
export async function drainServer(
  app: Pick<FastifyInstance, 'close' | 'server' | 'log'>,
  { drain, deadlineMs, idleGraceMs }: { drain: Drain; deadlineMs: number; idleGraceMs: number },
): Promise<{ isCut: boolean }> {
  drain.isDraining = true;
  let isCut = false;
  const deadline = setTimeout(() => {
    isCut = true;
    app.log.warn(`The drain took longer than ${deadlineMs / 1000} s: the connections still open are cut`);
    app.server.closeAllConnections();
  }, deadlineMs);
  let graceTimer: NodeJS.Timeout | undefined;
  try {
    // net's close, not http's: http's also closes the idle connections at once.
    const everyConnectionGone = new Promise<void>((resolve) => Server.prototype.close.call(app.server, () => resolve()));
    const graceOver = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, idleGraceMs)));
    await Promise.race([everyConnectionGone, graceOver]);
    app.server.closeIdleConnections();
    await everyConnectionGone;
    // The server has closed; Fastify's own close now runs its hooks.
    await app.close();
  } finally {
    clearTimeout(deadline);
    clearTimeout(graceTimer);
  }
  return { isCut };
}
