import type Stripe from 'stripe';
import type { Database } from '../../db/database.ts';
import type { Payment } from '../payment-ledger.ts';
import type { PaymentProvider } from '../payment-provider.ts';
import type { Offer, Plan } from '../plan.ts';
import { readCheckoutSession, readGiftCheckoutSession } from './stripe-checkout-session.ts';

/** The Stripe SDK, loaded and set up on first use: it is large, and only payments and their webhooks need it. */
export type StripeClient = () => Promise<Stripe>;

export function createStripeClient(secretKey: string): StripeClient {
  let client: Promise<Stripe> | null = null;
  return () => (client ??= import('stripe').then(({ default: StripeSdk }) => new StripeSdk(secretKey, { maxNetworkRetries: 2, timeout: 20_000 })));
}

/**
 * How long a reader back from Stripe Checkout waits for Stripe's word: once, briefly. The page they
 * see instead asks again by itself a few seconds later, so a retry here would only hold them up.
 */
const confirmRequestOptions = { timeout: 5_000, maxNetworkRetries: 0 } as const;

/**
 * The coupon that turns the plan's price into the offer's introductory price for its first periods,
 * made once per offer and remembered.
 */
async function couponFor(stripe: Stripe, db: Database, offer: Offer, plan: Plan): Promise<string | null> {
  if (offer.terms.kind !== 'introductory-price') return null;
  const stored = await db.selectFrom('offers').select('stripe_coupon_id').where('id', '=', offer.id).executeTakeFirst();
  if (stored?.stripe_coupon_id) return stored.stripe_coupon_id;
  const coupon = await stripe.coupons.create({
    amount_off: plan.priceMinor - offer.terms.priceMinor,
    currency: plan.currency.toLowerCase(),
    duration: 'repeating',
    duration_in_months: plan.interval === 'month' ? offer.terms.periods : offer.terms.periods * 12,
    name: offer.headline.slice(0, 40),
  });
  await db.updateTable('offers').set({ stripe_coupon_id: coupon.id }).where('id', '=', offer.id).execute();
  return coupon.id;
}

/**
 * What a refund names at Stripe for a ledger line: the ledger keeps Stripe's invoice id for a
 * charge, and an invoice is paid back through the payment that settled it (its payment intent, or
 * for older invoices its charge). A payment intent's or charge's own id is taken as it is.
 */
async function refundTargetOf(stripe: Stripe, providerPaymentId: string): Promise<{ payment_intent: string } | { charge: string }> {
  if (providerPaymentId.startsWith('pi_')) return { payment_intent: providerPaymentId };
  if (providerPaymentId.startsWith('ch_')) return { charge: providerPaymentId };
  const payments = await stripe.invoicePayments.list({ invoice: providerPaymentId, limit: 10 });
  for (const { status, payment } of payments.data) {
    if (status !== 'paid') continue;
    const idOf = (part: string | { id: string } | undefined) => (typeof part === 'string' ? part : part?.id);
    const paymentIntent = idOf(payment.payment_intent);
    if (paymentIntent) return { payment_intent: paymentIntent };
    const charge = idOf(payment.charge);
    if (charge) return { charge };
  }
  throw new Error(`Stripe names no paid payment for invoice ${providerPaymentId}`);
}

/**
 * The Stripe price that bills `plan`, made once and kept on the plan; made again when the plan's
 * price, currency or interval has changed since. Its metadata names the plan, so the subscription
 * events that follow a plan change move Dateline's subscription to it (stripe-event.ts).
 */
async function priceFor(stripe: Stripe, db: Database, plan: Plan): Promise<string> {
  const stored = await db.selectFrom('plans').select('stripe_price_id').where('id', '=', plan.id).executeTakeFirst();
  if (stored?.stripe_price_id) {
    const price = await stripe.prices.retrieve(stored.stripe_price_id);
    const isSame =
      price.active && price.unit_amount === plan.priceMinor && price.currency === plan.currency.toLowerCase() && price.recurring?.interval === plan.interval;
    if (isSame) return price.id;
  }
  const price = await stripe.prices.create({
    currency: plan.currency.toLowerCase(),
    unit_amount: plan.priceMinor,
    recurring: { interval: plan.interval },
    product_data: { name: plan.name },
    metadata: { datelinePlanId: String(plan.id) },
  });
  await db.updateTable('plans').set({ stripe_price_id: price.id }).where('id', '=', plan.id).execute();
  return price.id;
}

function isCardError(error: unknown): boolean {
  return error instanceof Error && 'type' in error && error.type === 'StripeCardError';
}

/**
 * Stripe Checkout for subscriptions: the plan's price as recurring line item, a trial or a coupon
 * from the offer, and Dateline's checkout id on the subscription's metadata, so the webhook events
 * that follow find their way back to the reader.
 */
export function createStripePaymentProvider({ stripe: client, db }: { stripe: StripeClient; db: Database }): PaymentProvider {
  return {
    kind: 'stripe',
    async startCheckout({ checkoutId, account, plan, offer, successUrl, cancelUrl }) {
      const stripe = await client();
      const coupon = await couponFor(stripe, db, offer, plan);
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription',
        client_reference_id: checkoutId,
        customer_email: account.email,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: plan.currency.toLowerCase(),
              unit_amount: plan.priceMinor,
              recurring: { interval: plan.interval },
              product_data: { name: plan.name },
            },
          },
        ],
        subscription_data: {
          metadata: { checkoutId },
          ...(offer.terms.kind === 'free-trial' ? { trial_period_days: offer.terms.days } : {}),
        },
        ...(coupon ? { discounts: [{ coupon }] } : {}),
        success_url: successUrl,
        cancel_url: cancelUrl,
      });
      if (!session.url) throw new Error('Stripe gave no checkout address');
      return { redirectUrl: session.url, providerSessionId: session.id };
    },
    async confirmCheckout({ providerSessionId }) {
      if (providerSessionId === null) return { kind: 'unreachable', problem: 'the checkout has no Stripe session to ask about' };
      try {
        const session = await (await client()).checkout.sessions.retrieve(providerSessionId, {}, confirmRequestOptions);
        return readCheckoutSession(session);
      } catch (error) {
        return { kind: 'unreachable', problem: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    },
    async startGiftCheckout({ checkoutId, giftId, productName, amountMinor, currency, buyerEmail, successUrl, cancelUrl }) {
      const metadata = { datelineGiftId: String(giftId) };
      const session = await (await client()).checkout.sessions.create({
        mode: 'payment',
        client_reference_id: checkoutId,
        customer_email: buyerEmail,
        line_items: [{ quantity: 1, price_data: { currency: currency.toLowerCase(), unit_amount: amountMinor, product_data: { name: productName } } }],
        // On the session, where its events carry it, and on the payment, where the dashboard shows it.
        metadata,
        payment_intent_data: { metadata },
        success_url: successUrl,
        cancel_url: cancelUrl,
      });
      if (!session.url) throw new Error('Stripe gave no checkout address');
      return { redirectUrl: session.url, providerSessionId: session.id };
    },
    async confirmGiftCheckout({ providerSessionId }) {
      if (providerSessionId === null) return { kind: 'unreachable', problem: 'the gift has no Stripe session to ask about' };
      try {
        return readGiftCheckoutSession(await (await client()).checkout.sessions.retrieve(providerSessionId, {}, confirmRequestOptions));
      } catch (error) {
        return { kind: 'unreachable', problem: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    },
    async cancelAtPeriodEnd(subscription) {
      if (subscription.providerSubscriptionId) await (await client()).subscriptions.update(subscription.providerSubscriptionId, { cancel_at_period_end: true });
    },
    async resume(subscription) {
      if (subscription.providerSubscriptionId)
        await (await client()).subscriptions.update(subscription.providerSubscriptionId, { cancel_at_period_end: false });
    },
    async extendTrial(subscription, trialEnd) {
      if (subscription.providerSubscriptionId)
        await (await client()).subscriptions.update(subscription.providerSubscriptionId, {
          trial_end: Math.floor(trialEnd.getTime() / 1000),
          proration_behavior: 'none',
        });
    },
    async refund(charge: Payment) {
      if (charge.providerPaymentId === null) throw new Error(`Payment ${charge.id} has no Stripe id to refund`);
      const stripe = await client();
      const target = await refundTargetOf(stripe, charge.providerPaymentId);
      // Keyed by the ledger line: a second try (a double click, a retry after a timeout) gets the same refund back.
      const refund = await stripe.refunds.create(
        { ...target, reason: 'requested_by_customer', metadata: { datelinePaymentId: String(charge.id) } },
        { idempotencyKey: `dateline-refund-${charge.id}` },
      );
      return { providerRefundId: refund.id };
    },
    async customerPortalUrl(subscription, returnUrl) {
      const row = await db.selectFrom('subscriptions').select('provider_customer_id').where('id', '=', subscription.id).executeTakeFirst();
      if (!row?.provider_customer_id) return null;
      const session = await (await client()).billingPortal.sessions.create({ customer: row.provider_customer_id, return_url: returnUrl });
      return session.url;
    },
    async cancelNow(subscription) {
      if (!subscription.providerSubscriptionId) return;
      try {
        await (await client()).subscriptions.cancel(subscription.providerSubscriptionId, { invoice_now: false, prorate: false });
      } catch (error) {
        // Already gone at Stripe (ended earlier, or removed there by hand): nothing is left to charge.
        if (isMissingAtStripe(error)) return;
        throw error;
      }
    },
    async applyRetentionOffer(subscription, terms) {
      if (!subscription.providerSubscriptionId) return;
      const stripe = await client();
      if (terms.kind === 'pause') {
        // `void`: the invoices of the pause are dropped, never collected later.
        await stripe.subscriptions.update(subscription.providerSubscriptionId, {
          pause_collection: { behavior: 'void', resumes_at: Math.floor(terms.resumesAt.getTime() / 1000) },
        });
        return;
      }
      const coupon = await stripe.coupons.create({
        percent_off: terms.percentOff,
        duration: 'repeating',
        duration_in_months: terms.durationInMonths,
        name: `Stay with us: ${terms.percentOff}% off`,
      });
      // Added beside the discounts already there (an introductory offer's coupon), which setting `discounts` alone would remove.
      const current = await stripe.subscriptions.retrieve(subscription.providerSubscriptionId);
      const kept = (current.discounts ?? []).map((discount) => ({ discount: typeof discount === 'string' ? discount : discount.id }));
      await stripe.subscriptions.update(subscription.providerSubscriptionId, { discounts: [...kept, { coupon: coupon.id }] });
    },
    async restartSubscription({ ended, plan }) {
      const row = await db.selectFrom('subscriptions').select('provider_customer_id').where('id', '=', ended.id).executeTakeFirst();
      if (!row?.provider_customer_id || !ended.providerSubscriptionId) return { kind: 'declined' };
      const stripe = await client();
      // The ended subscription's product, so the new one is billed as the same plan.
      const previous = await stripe.subscriptions.retrieve(ended.providerSubscriptionId);
      const price = previous.items.data[0]?.price;
      if (!price) return { kind: 'declined' };
      const product = typeof price.product === 'string' ? price.product : price.product.id;
      try {
        const created = await stripe.subscriptions.create({
          customer: row.provider_customer_id,
          items: [{ price_data: { currency: plan.currency.toLowerCase(), product, unit_amount: plan.priceMinor, recurring: { interval: plan.interval } } }],
          // Charged now with the card Stripe keeps, or not made at all.
          payment_behavior: 'error_if_incomplete',
          metadata: { resubscribedFrom: String(ended.id) },
        });
        const periodEnd = created.items.data[0]?.current_period_end;
        if (periodEnd === undefined) return { kind: 'declined' };
        return {
          kind: 'started',
          providerSubscriptionId: created.id,
          providerCustomerId: row.provider_customer_id,
          currentPeriodEnd: new Date(periodEnd * 1000),
          amountMinor: plan.priceMinor,
        };
      } catch (error) {
        if (isCardError(error)) return { kind: 'declined' };
        throw error;
      }
    },
    async changePlanNow({ subscription, plan, isTrial }) {
      if (!subscription.providerSubscriptionId) return { kind: 'declined' };
      const stripe = await client();
      const current = await stripe.subscriptions.retrieve(subscription.providerSubscriptionId);
      const item = current.items.data[0];
      if (!item) return { kind: 'declined' };
      const price = await priceFor(stripe, db, plan);
      try {
        // `always_invoice` charges the proration now; `error_if_incomplete` leaves the subscription as it was if the card declines.
        // Stripe itself restarts the billing cycle when the interval changes, as the rule's quote does (plan-change.ts).
        await stripe.subscriptions.update(subscription.providerSubscriptionId, {
          items: [{ id: item.id, price }],
          proration_behavior: isTrial ? 'none' : 'always_invoice',
          payment_behavior: 'error_if_incomplete',
        });
        return { kind: 'charged' };
      } catch (error) {
        if (isCardError(error)) return { kind: 'declined' };
        throw error;
      }
    },
    async schedulePlanChange({ subscription, plan }) {
      if (!subscription.providerSubscriptionId) return;
      const stripe = await client();
      const current = await stripe.subscriptions.retrieve(subscription.providerSubscriptionId);
      const scheduleId = typeof current.schedule === 'string' ? current.schedule : current.schedule?.id;
      const schedule = scheduleId
        ? await stripe.subscriptionSchedules.retrieve(scheduleId)
        : await stripe.subscriptionSchedules.create({ from_subscription: subscription.providerSubscriptionId });
      const phase = schedule.phases[0];
      const item = current.items.data[0];
      if (!phase || !item) throw new Error(`Stripe subscription ${subscription.providerSubscriptionId} has no phase or item to change`);
      const price = await priceFor(stripe, db, plan);
      // The period running now as it is, then one period at the new price, then released: the subscription renews on that price.
      await stripe.subscriptionSchedules.update(schedule.id, {
        end_behavior: 'release',
        phases: [
          { items: [{ price: item.price.id, quantity: 1 }], start_date: phase.start_date, end_date: phase.end_date, proration_behavior: 'none' },
          { items: [{ price, quantity: 1 }], duration: { interval: plan.interval, interval_count: 1 }, proration_behavior: 'none' },
        ],
      });
    },
    async startSeatCheckout({ checkoutId, account, plan, seats, successUrl, cancelUrl }) {
      const stripe = await client();
      const price = await priceFor(stripe, db, plan);
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription',
        client_reference_id: checkoutId,
        customer_email: account.email,
        line_items: [{ price, quantity: seats }],
        // `seatCheckoutId` tells the webhook this subscription pays an organisation's seats, not a reader's own.
        subscription_data: { metadata: { seatCheckoutId: checkoutId } },
        success_url: successUrl,
        cancel_url: cancelUrl,
      });
      if (!session.url) throw new Error('Stripe gave no checkout address');
      return { redirectUrl: session.url, providerSessionId: session.id };
    },
    async changeSeats({ providerSubscriptionId, seats, isIncrease }) {
      if (!providerSubscriptionId) return { kind: 'declined' };
      const stripe = await client();
      const current = await stripe.subscriptions.retrieve(providerSubscriptionId);
      const item = current.items.data[0];
      if (!item) return { kind: 'declined' };
      try {
        // Added seats are invoiced now for the rest of the period; removed ones lower the next invoice, with no credit (seat-purchase-rules.ts).
        await stripe.subscriptions.update(providerSubscriptionId, {
          items: [{ id: item.id, quantity: seats }],
          proration_behavior: isIncrease ? 'always_invoice' : 'none',
          payment_behavior: 'error_if_incomplete',
        });
        return { kind: 'charged' };
      } catch (error) {
        if (isCardError(error)) return { kind: 'declined' };
        throw error;
      }
    },
    async setSeatsCanceling({ providerSubscriptionId, isCanceling }) {
      if (providerSubscriptionId) await (await client()).subscriptions.update(providerSubscriptionId, { cancel_at_period_end: isCanceling });
    },
    async withdrawPlanChange(subscription) {
      if (!subscription.providerSubscriptionId) return;
      const stripe = await client();
      const current = await stripe.subscriptions.retrieve(subscription.providerSubscriptionId);
      const scheduleId = typeof current.schedule === 'string' ? current.schedule : current.schedule?.id;
      // Released, the subscription goes on at the price of the period running now.
      if (scheduleId) await stripe.subscriptionSchedules.release(scheduleId);
    },
  };
}

function isMissingAtStripe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'resource_missing';
}
