import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import Stripe from 'stripe';

/** A request the SDK made: its method, path and form body. */
export type StripeCall = { method: string; path: string; form: URLSearchParams };
/** What the scripted API answers: a status and a JSON body. */
export type StripeAnswer = readonly [status: number, body: unknown];

/**
 * A local Stripe API answering as `script` says, for the real SDK, closed after the test file: for a
 * test that needs only a few calls of Stripe's, scripted to the case. Anything the script does not
 * answer is Stripe's 404. `asked` lists every call in order.
 */
export async function startScriptedStripe(script: (call: StripeCall) => StripeAnswer | undefined): Promise<{ stripe: Stripe; asked: StripeCall[] }> {
  const asked: StripeCall[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const call = {
      method: request.method ?? '',
      path: new URL(request.url ?? '/', 'http://stand-in').pathname,
      form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
    };
    asked.push(call);
    const [status, body] = script(call) ?? [
      404,
      { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${call.method}: ${call.path}).` } },
    ];
    response.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test' });
    response.end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  after(() => server.close());
  const { port } = server.address() as AddressInfo;
  return { stripe: new Stripe('sk_test_dateline', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 }), asked };
}
