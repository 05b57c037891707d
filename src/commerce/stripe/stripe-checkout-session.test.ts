import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCheckoutSession, type StripeCheckoutSession } from './stripe-checkout-session.ts';

const session = (fields: Partial<StripeCheckoutSession>): StripeCheckoutSession => ({
  status: 'complete',
  payment_status: 'paid',
  subscription: 'sub_1',
  customer: 'cus_1',
  ...fields,
});

describe('reading a Stripe Checkout Session the reader has come back from', () => {
  it("is paid when complete and paid, with Stripe's names for the subscription and the customer", () => {
    assert.deepEqual(readCheckoutSession(session({})), { kind: 'paid', providerSubscriptionId: 'sub_1', providerCustomerId: 'cus_1' });
  });

  it('is paid when a free trial needed no payment', () => {
    assert.equal(readCheckoutSession(session({ payment_status: 'no_payment_required' })).kind, 'paid');
  });

  it('reads expanded references by their ids, and a session without a customer', () => {
    assert.deepEqual(readCheckoutSession(session({ subscription: { id: 'sub_2' }, customer: { id: 'cus_2' } })), {
      kind: 'paid',
      providerSubscriptionId: 'sub_2',
      providerCustomerId: 'cus_2',
    });
    assert.deepEqual(readCheckoutSession(session({ customer: null })), { kind: 'paid', providerSubscriptionId: 'sub_1', providerCustomerId: null });
  });

  it("is not yet settled while a complete session's payment is still processing, or names no subscription", () => {
    assert.deepEqual(readCheckoutSession(session({ payment_status: 'unpaid' })), { kind: 'not-yet' });
    assert.deepEqual(readCheckoutSession(session({ subscription: null })), { kind: 'not-yet' });
    assert.deepEqual(readCheckoutSession(session({ status: null })), { kind: 'not-yet' });
    assert.deepEqual(readCheckoutSession(session({ status: 'some_future_status' })), { kind: 'not-yet' });
  });

  it('was never paid while open or once expired', () => {
    assert.deepEqual(readCheckoutSession(session({ status: 'open', payment_status: 'unpaid', subscription: null })), { kind: 'unpaid' });
    assert.deepEqual(readCheckoutSession(session({ status: 'expired', payment_status: 'unpaid', subscription: null })), { kind: 'unpaid' });
  });
});
