import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeBillingStandIn, type StripeBillingStandIn } from './stripe-stand-in-billing.ts';

/**
 * Stripe's API as far as Checkout and the readers' desk go (stripe-stand-in-billing.ts), on a local port, for the real `stripe` SDK to talk to:
 * Stripe's servers cannot be reached from tests. It creates and retrieves Checkout Sessions in the
 * shape of Stripe's API reference (the Checkout Session object; errors as `{ error: { type, code,
 * message, param } }`), and lets a test play the reader's part at Stripe: paying, or paying by a
 * method that settles later. It can be stopped and started again on the same port, as Stripe being
 * unreachable for a while.
 */
export type StripeCheckoutSessionObject = {
  id: string;
  object: 'checkout.session';
  mode: 'subscription' | 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  client_reference_id: string | null;
  customer: string | null;
  customer_email: string | null;
  subscription: string | null;
  /** A payment-mode session's payment, named once it is paid. */
  payment_intent: string | null;
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  currency: string | null;
  amount_total: number | null;
};

export type StripeStandIn = StripeBillingStandIn & {
  /** The real SDK, pointed at the stand-in. */
  stripe: Stripe;
  /** Sessions by id, as Stripe holds them. */
  sessions: Map<string, StripeCheckoutSessionObject>;
  /** The form each session was created with, by the session's id: its line items, which Stripe does not return on the session. */
  sessionForms: Map<string, URLSearchParams>;
  /** Subscriptions by customer id, newest first, as Stripe lists them (`GET /v1/subscriptions?customer=`). */
  customerSubscriptions: Map<string, Record<string, unknown>[]>;
  /** Every request the SDK made, as "GET /v1/checkout/sessions/cs_…". */
  requests: string[];
  /** The reader pays at Stripe: the session completes and names its subscription and customer (a payment-mode session, its payment intent). */
  pay: (sessionId: string, { paymentStatus }?: { paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required' }) => { subscriptionId: string; customerId: string };
  /** A payment that was processing has settled. */
  settle: (sessionId: string) => void;
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

const epochSeconds = () => Math.floor(Date.now() / 1000);

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${Math.random().toString(36).slice(2)}` });
  response.end(JSON.stringify(body));
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the stand-in on `port` (any free port when 0). */
export async function startStripeStandIn({ port = 0, prefix = 'test' }: { port?: number; prefix?: string } = {}): Promise<StripeStandIn> {
  const sessions = new Map<string, StripeCheckoutSessionObject>();
  const sessionForms = new Map<string, URLSearchParams>();
  const customerSubscriptions = new Map<string, Record<string, unknown>[]>();
  const requests: string[] = [];
  let counter = 0;
  const billing = createStripeBillingStandIn(prefix);

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    requests.push(`${request.method} ${url.pathname}`);
    if (request.headers.authorization !== 'Bearer sk_test_dateline') {
      return answer(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    if (request.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const form = await formOf(request);
      counter += 1;
      const id = `cs_${prefix}_${counter}`;
      const session: StripeCheckoutSessionObject = {
        id,
        object: 'checkout.session',
        mode: form.get('mode') === 'payment' ? 'payment' : 'subscription',
        status: 'open',
        payment_status: 'unpaid',
        client_reference_id: form.get('client_reference_id'),
        customer: null,
        customer_email: form.get('customer_email'),
        subscription: null,
        payment_intent: null,
        success_url: form.get('success_url'),
        cancel_url: form.get('cancel_url'),
        url: `https://checkout.stripe.com/c/pay/${id}`,
        created: epochSeconds(),
        expires_at: epochSeconds() + 24 * 3600,
        livemode: false,
        // The session's own metadata, as the SDK sends it (`metadata[key]=value`).
        metadata: Object.fromEntries(
          [...form].flatMap(
            ([name, value]) =>
              /^metadata\[([^\]]+)\]$/
                .exec(name)
                ?.slice(1, 2)
                .map((key) => [key, value]) ?? [],
          ),
        ),
        currency: form.get('line_items[0][price_data][currency]'),
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
      };
      sessions.set(id, session);
      sessionForms.set(id, form);
      return answer(response, 200, session);
    }
    if (request.method === 'GET' && url.pathname === '/v1/subscriptions') {
      const customer = url.searchParams.get('customer') ?? '';
      return answer(response, 200, { object: 'list', url: '/v1/subscriptions', has_more: false, data: customerSubscriptions.get(customer) ?? [] });
    }
    const retrieve = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && retrieve) {
      const id = decodeURIComponent(retrieve[1] ?? '');
      const session = sessions.get(id);
      if (!session)
        return answer(response, 404, {
          error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such checkout.session: '${id}'`, param: 'session' },
        });
      return answer(response, 200, session);
    }
    const billed = await billing.handle(request, url, () => formOf(request));
    if (billed) return answer(response, billed.status, billed.body);
    return answer(response, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${url.pathname}).` } });
  });

  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('the Stripe stand-in has no port');
  const boundPort = address.port;
  const stripe = new Stripe('sk_test_dateline', { host: '127.0.0.1', port: boundPort, protocol: 'http' });

  function sessionOf(id: string): StripeCheckoutSessionObject {
    const session = sessions.get(id);
    if (!session) throw new Error(`no session ${id} at the stand-in`);
    return session;
  }

  return {
    stripe,
    sessions,
    sessionForms,
    subscriptions: billing.subscriptions,
    refunds: billing.refunds,
    addPaidInvoice: billing.addPaidInvoice,
    customerSubscriptions,
    requests,
    pay(sessionId, { paymentStatus = 'paid' } = {}) {
      const session = sessionOf(sessionId);
      const subscriptionId = `sub_${sessionId}`;
      const customerId = `cus_${sessionId}`;
      if (session.mode === 'payment') Object.assign(session, { status: 'complete', payment_status: paymentStatus, payment_intent: `pi_${sessionId}` });
      else Object.assign(session, { status: 'complete', payment_status: paymentStatus, subscription: subscriptionId, customer: customerId });
      return { subscriptionId, customerId };
    },
    settle(sessionId) {
      sessionOf(sessionId).payment_status = 'paid';
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
    async start() {
      server.listen(boundPort, '127.0.0.1');
      await once(server, 'listening');
    },
  };
}
