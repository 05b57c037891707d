import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCheckoutSession, readGiftCheckoutSession, type StripeCheckoutSession, type StripePaymentSession } from './stripe-checkout-session.ts';

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

describe('reading the Checkout Session of a gift, paid once', () => {
  const giftSession = (fields: Partial<StripePaymentSession>): StripePaymentSession => ({
    id: 'cs_1',
    status: 'complete',
    payment_status: 'paid',
    payment_intent: 'pi_1',
    ...fields,
  });

  it('is paid when complete and paid, named by its payment intent, or by the session when Stripe names none', () => {
    assert.deepEqual(readGiftCheckoutSession(giftSession({})), { kind: 'paid', providerPaymentId: 'pi_1' });
    assert.deepEqual(readGiftCheckoutSession(giftSession({ payment_intent: { id: 'pi_2' } })), { kind: 'paid', providerPaymentId: 'pi_2' });
    assert.deepEqual(readGiftCheckoutSession(giftSession({ payment_intent: null })), { kind: 'paid', providerPaymentId: 'cs_1' });
  });

  it('is not yet settled while its payment is processing, and was never paid while open or once expired', () => {
    assert.deepEqual(readGiftCheckoutSession(giftSession({ payment_status: 'unpaid' })), { kind: 'not-yet' });
    assert.deepEqual(readGiftCheckoutSession(giftSession({ status: null })), { kind: 'not-yet' });
    assert.deepEqual(readGiftCheckoutSession(giftSession({ status: 'open', payment_status: 'unpaid' })), { kind: 'unpaid' });
    assert.deepEqual(readGiftCheckoutSession(giftSession({ status: 'expired', payment_status: 'unpaid' })), { kind: 'unpaid' });
  });
});
