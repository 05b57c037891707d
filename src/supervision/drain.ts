import type { FastifyInstance } from 'fastify';

/**
 * Whether this server process is stopping. While it is, /healthz answers 503 so a balancer that
 * checks it sends new work elsewhere, and every answer closes its connection, so a connection that
 * was busy when the drain began is closed by the server after a whole answer, never under a request.
 */
export type Drain = { isDraining: boolean };

export function createDrain(): Drain {
  return { isDraining: false };
}

/**
 * Stops a server gently: no new connection is accepted, idle keep-alive connections are closed,
 * requests in flight finish (their answers close their connections), and whatever is still open at
 * the deadline is cut. Resolves once every connection is gone; says whether any had to be cut.
 */
export async function drainServer(
  app: Pick<FastifyInstance, 'close' | 'server' | 'log'>,
  { drain, deadlineMs }: { drain: Drain; deadlineMs: number },
): Promise<{ isCut: boolean }> {
  drain.isDraining = true;
  let isCut = false;
  const deadline = setTimeout(() => {
    isCut = true;
    app.log.warn(`The drain took longer than ${deadlineMs / 1000} s: the connections still open are cut`);
    app.server.closeAllConnections();
  }, deadlineMs);
  try {
    // Node's server.close() stops accepting and closes the idle connections at once; Fastify's waits for the rest.
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
  return { isCut };
}
