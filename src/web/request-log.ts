import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per request, written when it is answered: method, address, status and time taken.
 * Fastify's default writes a second line as each request arrives, and writing it cost as much as
 * serving a cached page.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // One-time links carry their secret in the query (?token=), private feeds in the path: the log keeps where, not the secret.
    const withoutQueryToken = request.url.includes('token=') ? request.url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]') : request.url;
    const url = withoutQueryToken.startsWith('/feeds/private/') ? withoutQueryToken.replace(/^\/feeds\/private\/[^/?#]*/, '/feeds/private/[redacted]') : withoutQueryToken;
    const line = { method: request.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'answered');
  }
}
