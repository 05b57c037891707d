import type { IncomingMessage } from 'node:http';

/**
 * The part of Stripe's API the readers' desk acts through, for the stand-in: the prices a company's
 * seats are sold at, a subscription's update (`trial_end`, `cancel_at_period_end`) and
 * cancellation, an invoice's payments, and refunds (idempotent on the request's Idempotency-Key, as
 * Stripe's are). Answers in the shape of Stripe's API reference; the objects carry the fields
 * Dateline reads and the ones a test checks.
 */
export type StandInSubscription = { id: string; object: 'subscription'; status: string; trial_end: number | null; cancel_at_period_end: boolean };
export type StandInRefund = {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string | null;
  charge: string | null;
  status: 'succeeded';
  reason: string | null;
  metadata: Record<string, string>;
};
/** A recurring price, as a plan sold by the seat is priced. */
export type StandInPrice = { id: string; object: 'price'; active: boolean; currency: string; unit_amount: number; recurring: { interval: string } };
export type StandInInvoicePayment = { invoice: string; amount: number; currency: string; paymentIntent: string };

export type StripeBillingStandIn = {
  /** Subscriptions as the desk has changed them, by id: present once updated or canceled. */
  subscriptions: Map<string, StandInSubscription>;
  refunds: Map<string, StandInRefund>;
  /** A paid invoice, as a renewal leaves it: its payment intent is what a refund pays back. */
  addPaidInvoice: (invoice: string, { amount, currency }: { amount: number; currency: string }) => string;
};

type Answer = { status: number; body: unknown };

export function createStripeBillingStandIn(prefix: string): StripeBillingStandIn & {
  handle: (request: IncomingMessage, url: URL, form: () => Promise<URLSearchParams>) => Promise<Answer | null>;
} {
  const subscriptions = new Map<string, StandInSubscription>();
  const refunds = new Map<string, StandInRefund>();
  const refundsByKey = new Map<string, StandInRefund>();
  const invoicePayments = new Map<string, StandInInvoicePayment>();
  const prices = new Map<string, StandInPrice>();
  let counter = 0;
  const missing = (kind: string, id: string, param: string): Answer => ({
    status: 404,
    body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param } },
  });
  const subscriptionOf = (id: string) => {
    const known = subscriptions.get(id) ?? { id, object: 'subscription' as const, status: 'active', trial_end: null, cancel_at_period_end: false };
    subscriptions.set(id, known);
    return known;
  };

  return {
    subscriptions,
    refunds,
    addPaidInvoice(invoice, { amount, currency }) {
      counter += 1;
      const paymentIntent = `pi_${prefix}_${counter}`;
      invoicePayments.set(invoice, { invoice, amount, currency, paymentIntent });
      return paymentIntent;
    },
    async handle(request, url, form) {
      if (request.method === 'POST' && url.pathname === '/v1/prices') {
        const fields = await form();
        counter += 1;
        const price: StandInPrice = {
          id: `price_${prefix}_${counter}`,
          object: 'price',
          active: true,
          currency: fields.get('currency') ?? '',
          unit_amount: Number(fields.get('unit_amount')),
          recurring: { interval: fields.get('recurring[interval]') ?? 'month' },
        };
        prices.set(price.id, price);
        return { status: 200, body: price };
      }
      const priceAddress = /^\/v1\/prices\/([^/]+)$/.exec(url.pathname);
      if (request.method === 'GET' && priceAddress) {
        const id = decodeURIComponent(priceAddress[1] ?? '');
        const price = prices.get(id);
        return price ? { status: 200, body: price } : missing('price', id, 'price');
      }
      const subscription = /^\/v1\/subscriptions\/([^/]+)$/.exec(url.pathname);
      if (subscription) {
        const id = decodeURIComponent(subscription[1] ?? '');
        if (!id.startsWith('sub_')) return missing('subscription', id, 'id');
        const known = subscriptionOf(id);
        if (request.method === 'DELETE') {
          // Stripe keeps no live subscription under a canceled one's id: canceling it again is `resource_missing`.
          if (known.status === 'canceled') return missing('subscription', id, 'id');
          known.status = 'canceled';
          return { status: 200, body: known };
        }
        if (request.method === 'POST') {
          const fields = await form();
          const trialEnd = fields.get('trial_end');
          if (trialEnd !== null) {
            known.trial_end = Number(trialEnd);
            known.status = 'trialing';
          }
          const cancel = fields.get('cancel_at_period_end');
          if (cancel !== null) known.cancel_at_period_end = cancel === 'true';
          return { status: 200, body: known };
        }
      }
      if (request.method === 'GET' && url.pathname === '/v1/invoice_payments') {
        const invoice = url.searchParams.get('invoice') ?? '';
        const paid = invoicePayments.get(invoice);
        const data = paid
          ? [
              {
                id: `inpay_${invoice}`,
                object: 'invoice_payment',
                amount_paid: paid.amount,
                amount_requested: paid.amount,
                currency: paid.currency,
                invoice,
                is_default: true,
                livemode: false,
                status: 'paid',
                payment: { type: 'payment_intent', payment_intent: paid.paymentIntent },
              },
            ]
          : [];
        return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/invoice_payments' } };
      }
      if (request.method === 'POST' && url.pathname === '/v1/refunds') {
        const key = request.headers['idempotency-key'];
        const again = typeof key === 'string' ? refundsByKey.get(key) : undefined;
        if (again) return { status: 200, body: again };
        const fields = await form();
        const paymentIntent = fields.get('payment_intent');
        const paid = [...invoicePayments.values()].find((payment) => payment.paymentIntent === paymentIntent);
        if (!paid) return missing('payment_intent', paymentIntent ?? '', 'payment_intent');
        if ([...refunds.values()].some((refund) => refund.payment_intent === paymentIntent)) {
          return {
            status: 400,
            body: { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'Charge has already been refunded.' } },
          };
        }
        counter += 1;
        const metadata: Record<string, string> = {};
        for (const [name, value] of fields) {
          const field = /^metadata\[(.+)\]$/.exec(name)?.[1];
          if (field !== undefined) metadata[field] = value;
        }
        const refund: StandInRefund = {
          id: `re_${prefix}_${counter}`,
          object: 'refund',
          amount: paid.amount,
          currency: paid.currency,
          payment_intent: paymentIntent,
          charge: null,
          status: 'succeeded',
          reason: fields.get('reason'),
          metadata,
        };
        refunds.set(refund.id, refund);
        if (typeof key === 'string') refundsByKey.set(key, refund);
        return { status: 200, body: refund };
      }
      return null;
    },
  };
}
