import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStripeEvent } from './stripe-event.ts';

const created = 1_795_000_000;
const periodEnd = 1_796_000_000;

function subscription(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'sub_1',
    object: 'subscription',
    customer: 'cus_9',
    status: 'trialing',
    cancel_at_period_end: false,
    trial_end: periodEnd,
    ended_at: null,
    metadata: { checkoutId: 'chk' },
    items: { object: 'list', data: [{ object: 'subscription_item', current_period_end: periodEnd }] },
    ...fields,
  };
}

/** An event as it arrives, parsed from JSON: a field given as undefined is left out. */
function event(fields: Record<string, unknown> = {}, object: unknown = subscription()): unknown {
  return JSON.parse(
    JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.subscription.updated', created, data: { object }, livemode: false, ...fields }),
  );
}

/** What was wrong with an event the parser refuses; fails the test if it was read. */
function problemOf(value: unknown): string {
  const parsed = parseStripeEvent(value);
  assert.equal(parsed.kind, 'malformed', `${JSON.stringify(value).slice(0, 200)} was read`);
  return parsed.kind === 'malformed' ? parsed.problem : '';
}

describe('reading a signed Stripe event', () => {
  it('reads a subscription event into the fields that decide its state, and nothing else', () => {
    assert.deepEqual(parseStripeEvent(event()), {
      kind: 'subscription',
      id: 'evt_1',
      type: 'customer.subscription.updated',
      created: new Date(created * 1000),
      subscription: {
        id: 'sub_1',
        customerId: 'cus_9',
        status: 'trialing',
        cancelAtPeriodEnd: false,
        currentPeriodEnd: new Date(periodEnd * 1000),
        trialEnd: new Date(periodEnd * 1000),
        endedAt: null,
        checkoutId: 'chk',
        seatCheckoutId: null,
        quantity: null,
        planId: null,
      },
    });
  });

  it("reads a company's subscription: the seat checkout it came from and the seats it bills", () => {
    const parsed = parseStripeEvent(
      event({}, subscription({ metadata: { seatCheckoutId: 'seats_1' }, items: { data: [{ current_period_end: periodEnd, quantity: 4 }] } })),
    );
    assert.ok(parsed.kind === 'subscription');
    assert.equal(parsed.subscription.seatCheckoutId, 'seats_1');
    assert.equal(parsed.subscription.checkoutId, null);
    assert.equal(parsed.subscription.quantity, 4);
  });

  it('reads the plan a price made for a plan change names, and no plan from a price that names none or names one badly', () => {
    const planOf = (price: unknown) => {
      const parsed = parseStripeEvent(event({}, subscription({ items: { data: [{ current_period_end: periodEnd, price }] } })));
      return parsed.kind === 'subscription' ? parsed.subscription.planId : parsed.kind;
    };
    assert.equal(planOf({ id: 'price_1', metadata: { datelinePlanId: '7' } }), 7);
    assert.equal(planOf({ id: 'price_1', metadata: {} }), null);
    assert.equal(planOf({ id: 'price_1' }), null);
    assert.equal(planOf({ id: 'price_1', metadata: { datelinePlanId: '7x' } }), 'malformed');
    assert.equal(planOf({ id: 'price_1', metadata: { datelinePlanId: '0' } }), 'malformed');
  });

  it('reads an expanded customer, missing metadata and the period of API versions before 2025', () => {
    const parsed = parseStripeEvent(
      event({}, subscription({ customer: { id: 'cus_2', object: 'customer' }, metadata: {}, items: undefined, current_period_end: periodEnd })),
    );
    assert.equal(parsed.kind, 'subscription');
    if (parsed.kind !== 'subscription') return;
    assert.equal(parsed.subscription.customerId, 'cus_2');
    assert.equal(parsed.subscription.checkoutId, null);
    assert.deepEqual(parsed.subscription.currentPeriodEnd, new Date(periodEnd * 1000));
  });

  it("reads a paid invoice's subscription and amount, wherever the API version puts the subscription", () => {
    const invoice = { object: 'invoice', id: 'in_1', currency: 'usd', amount_paid: 900, amount_due: 900, attempt_count: 1 };
    const paid = (object: unknown) => parseStripeEvent(event({ type: 'invoice.paid' }, object));
    assert.deepEqual(paid({ ...invoice, parent: { subscription_details: { subscription: 'sub_1' } } }), {
      kind: 'invoice-paid',
      id: 'evt_1',
      type: 'invoice.paid',
      created: new Date(created * 1000),
      invoice: { id: 'in_1', subscriptionId: 'sub_1', amountPaidMinor: 900, amountDueMinor: 900, currency: 'USD', attemptCount: 1 },
    });
    const legacy = paid({ ...invoice, subscription: { id: 'sub_2' } });
    assert.equal(legacy.kind === 'invoice-paid' && legacy.invoice.subscriptionId, 'sub_2');
    const alone = paid({ ...invoice, amount_paid: 0, parent: null });
    assert.equal(alone.kind === 'invoice-paid' && alone.invoice.subscriptionId, null);
  });

  it('reads a failed try at an invoice: what was due, and which try it was', () => {
    const failed = parseStripeEvent(
      event(
        { type: 'invoice.payment_failed' },
        { object: 'invoice', id: 'in_1', currency: 'eur', amount_paid: 0, amount_due: 1200, attempt_count: 2, subscription: 'sub_1' },
      ),
    );
    assert.equal(failed.kind, 'invoice-payment-failed');
    assert.deepEqual(failed.kind === 'invoice-payment-failed' && failed.invoice, {
      id: 'in_1',
      subscriptionId: 'sub_1',
      amountPaidMinor: 0,
      amountDueMinor: 1200,
      currency: 'EUR',
      attemptCount: 2,
    });
  });

  it("reads a customer's card and its expiry from the payment-method events, and passes over what is not a card", () => {
    for (const type of ['payment_method.attached', 'payment_method.updated', 'payment_method.automatically_updated']) {
      const parsed = parseStripeEvent(
        event({ type }, { object: 'payment_method', customer: { id: 'cus_1' }, card: { last4: '4242', exp_month: 4, exp_year: 2029 } }),
      );
      assert.deepEqual(parsed.kind === 'card' && parsed.card, { customerId: 'cus_1', last4: '4242', expiryMonth: 4, expiryYear: 2029 }, type);
    }
    assert.equal(parseStripeEvent(event({ type: 'payment_method.attached' }, { object: 'payment_method', customer: 'cus_1', card: null })).kind, 'other');
    assert.equal(parseStripeEvent(event({ type: 'payment_method.attached' }, { object: 'payment_method', customer: null })).kind, 'other');
    assert.match(
      problemOf(
        event({ type: 'payment_method.updated' }, { object: 'payment_method', customer: 'cus_1', card: { last4: '4242', exp_month: 13, exp_year: 2029 } }),
      ),
      /data\.object\.card\.exp_month /,
    );
  });

  it('reads a paid gift checkout by the gift its metadata names and its payment, at once or once a slower payment settled', () => {
    const session = (fields: Record<string, unknown> = {}) => ({
      id: 'cs_1',
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      payment_intent: 'pi_1',
      metadata: { datelineGiftId: '12' },
      ...fields,
    });
    const head = { id: 'evt_1', created: new Date(created * 1000) };
    for (const type of ['checkout.session.completed', 'checkout.session.async_payment_succeeded']) {
      assert.deepEqual(parseStripeEvent(event({ type }, session())), { ...head, type, kind: 'gift-paid', giftId: 12, providerPaymentId: 'pi_1' });
    }
    const completed = { type: 'checkout.session.completed' };
    assert.deepEqual(parseStripeEvent(event(completed, session({ payment_intent: null }))), {
      ...head,
      ...completed,
      kind: 'gift-paid',
      giftId: 12,
      providerPaymentId: 'cs_1',
    });
    // A subscription's checkout, a payment still processing, a session naming no gift or an id no table holds: nothing for the gifts to do.
    for (const other of [
      session({ mode: 'subscription' }),
      session({ payment_status: 'unpaid' }),
      session({ metadata: {} }),
      session({ metadata: null }),
      session({ metadata: { datelineGiftId: '2147483648' } }),
    ]) {
      assert.equal(parseStripeEvent(event(completed, other)).kind, 'other');
    }
    assert.match(problemOf(event(completed, session({ metadata: { datelineGiftId: 'twelve' } }))), /data\.object\.metadata\.datelineGiftId/);
  });

  it('reads only the head of an event Dateline does not act on', () => {
    assert.deepEqual(parseStripeEvent(event({ type: 'customer.created' }, { id: 'cus_1', object: 'customer' })), {
      kind: 'other',
      id: 'evt_1',
      type: 'customer.created',
      created: new Date(created * 1000),
    });
  });

  it("refuses an event whose envelope is not Stripe's, naming what is wrong", () => {
    assert.match(problemOf(event({ id: undefined })), /event\.id is missing/);
    assert.match(problemOf(event({ id: 42 })), /event\.id /);
    assert.match(problemOf(event({ id: '' })), /event\.id /);
    assert.match(problemOf(event({ type: undefined })), /event\.type is missing/);
    assert.match(problemOf(event({ created: 'yesterday' })), /event\.created /);
    assert.match(problemOf(event({ created: 1e20 })), /event\.created /);
    assert.match(problemOf(event({ data: undefined })), /event\.data is missing/);
    assert.match(problemOf(event({ data: { object: null } })), /event\.data\.object /);
    assert.match(problemOf([[[]]]), /^event /);
    assert.match(problemOf('evt_1'), /^event /);
  });

  it("keeps the event's id, when it has one, to say which event was refused", () => {
    const parsed = parseStripeEvent(event({ created: 'yesterday' }));
    assert.equal(parsed.kind === 'malformed' && parsed.eventId, 'evt_1');
    const anonymous = parseStripeEvent(event({ id: 42 }));
    assert.equal(anonymous.kind === 'malformed' && anonymous.eventId, null);
  });

  it('refuses a subscription with missing fields, wrong types or a status Stripe does not have', () => {
    assert.match(problemOf(event({}, subscription({ status: 'on_holiday' }))), /data\.object\.status /);
    assert.match(problemOf(event({}, subscription({ status: undefined }))), /data\.object\.status is missing/);
    assert.match(problemOf(event({}, subscription({ id: undefined }))), /data\.object\.id is missing/);
    assert.match(problemOf(event({}, subscription({ object: 'invoice' }))), /data\.object\.object /);
    assert.match(problemOf(event({}, subscription({ cancel_at_period_end: 'no' }))), /data\.object\.cancel_at_period_end /);
    assert.match(problemOf(event({}, subscription({ trial_end: -5 }))), /data\.object\.trial_end /);
    assert.match(problemOf(event({}, subscription({ metadata: { checkoutId: 7 } }))), /data\.object\.metadata\.checkoutId /);
    assert.match(
      problemOf(event({}, subscription({ items: { data: [{ current_period_end: 'soon' }] } }))),
      /data\.object\.items\.data\.0\.current_period_end /,
    );
    assert.match(problemOf(event({}, subscription({ items: { data: [] } }))), /no current_period_end/);
  });

  it('refuses text PostgreSQL could not store', () => {
    assert.match(problemOf(event({ id: 'evt_\u0000' })), /event\.id /);
    assert.match(problemOf(event({}, subscription({ id: 'sub_\u0000' }))), /data\.object\.id /);
  });

  it('refuses a paid invoice whose amount is not a whole number of minor units', () => {
    const invoice = { object: 'invoice', id: 'in_1', currency: 'usd', amount_due: 900, attempt_count: 1 };
    assert.match(problemOf(event({ type: 'invoice.paid' }, { ...invoice, amount_paid: '9.00' })), /data\.object\.amount_paid /);
    assert.match(problemOf(event({ type: 'invoice.paid' }, invoice)), /data\.object\.amount_paid is missing/);
  });
});
