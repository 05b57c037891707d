import { writeGiftSubscriptionSettings, defaultGiftSubscriptionSettings } from '../src/gift-subscriptions/gift-subscription-settings.ts';
import { keepCookies, newBrowser, now, openPage, send, type Actor, type World } from './role-fixtures.ts';

/** The purchase form as a buyer fills it: three months for a reader, delivered today. */
export function giftPurchaseForm(n: number): Record<string, string> {
  return {
    months: '3',
    recipientName: `Hardening Recipient ${n}`,
    recipientEmail: `gift-recipient-${n}@example.org`,
    message: 'A gift for the route checks',
    deliveryDay: now.toISOString().slice(0, 10),
    buyerName: `Hardening Buyer ${n}`,
    buyerEmail: `gift-buyer-${n}@example.org`,
  };
}

/** Puts gifts of the world's first plan on sale, as the newsroom's settings would. */
export async function putGiftsOnSale(world: World): Promise<void> {
  const plan = await world.db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();
  await writeGiftSubscriptionSettings(world.db, { ...defaultGiftSubscriptionSettings, planId: plan.id, pricesMinor: { 3: 4500, 6: 8000, 12: 15000 } }, now);
}

let bought = 0;

/**
 * A gift's test-mode checkout begun through the purchase page in a browser: this actor's, which then
 * holds the checkout's cookie, or a stranger's. Returns the checkout's id, the secret its pages carry.
 */
export async function giftCheckoutOf(world: World, buyer: Actor | null): Promise<string> {
  await putGiftsOnSale(world);
  const browser = buyer ?? newBrowser();
  // The actor's own form token is kept: the purchase page's is minted for the same browser.
  const token = browser.csrfToken;
  await openPage(world.testModeApp, browser, '/gift-subscriptions');
  bought += 1;
  const started = await send(world.testModeApp, browser, { method: 'POST', url: '/gift-subscriptions', form: giftPurchaseForm(bought) });
  keepCookies(browser, started);
  if (buyer !== null && token !== '') buyer.csrfToken = token;
  const location = started.headers.location;
  if (started.statusCode !== 303 || typeof location !== 'string') throw new Error(`buying a gift answered ${started.statusCode}`);
  return location.split('/').at(-1) ?? '';
}
