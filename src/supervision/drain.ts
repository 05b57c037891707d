import type { FastifyInstance } from 'fastify';

/**
 * Whether this server process is stopping. While it is, /healthz answers 503 so a balancer that
 * checks it sends new work elsewhere, and every answer closes its connection, so a connection busy
 * when the drain began is closed by the server after a whole answer, never under a request.
 */
export type Drain = { isDraining: boolean };

export function createDrain(): Drain {
  return { isDraining: false };
}

/** How long a draining server keeps answering before it stops accepting, at most: a second, or half the deadline. */
export function turnoverMsOf(deadlineMs: number): number {
  return Math.min(1_000, deadlineMs / 2);
}

/**
 * Stops a server gently. First, for a moment (the turnover), it keeps answering, each answer
 * closing its connection: the connections a balancer is using are closed by whole answers. Only then
 * does it stop accepting and close the connections still idle, which are those no one used during
 * the turnover. Closing an idle connection at once would race a request sent on it at that instant,
 * which a balancer such as nginx does not resend elsewhere if it is a POST. Requests in flight
 * finish; whatever is still open at the deadline (counted from the start) is cut. Resolves once
 * every connection is gone; says whether any had to be cut.
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
    await new Promise((resolve) => setTimeout(resolve, turnoverMsOf(deadlineMs)));
    // Node's server.close() stops accepting and closes the idle connections; Fastify's waits for the rest.
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
  return { isCut };
}
