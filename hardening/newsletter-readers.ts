import { insertAccount } from '../src/accounts/account-repository.ts';
import { loadConfig } from '../src/config/config.ts';
import { derivePreferencesLinkKey, type PreferencesLinkKey, signPreferencesToken, signUnsubscribeToken } from '../src/newsletters/preferences-link.ts';
import { requestNewsletterSignUp } from '../src/newsletters/signup-requests.ts';
import { subscribe } from '../src/newsletters/subscriptions.ts';
import { preferencesUrl, unsubscribeUrl } from '../src/http/newsletter-paths.ts';
import { createSend } from '../src/newsletters/sends/sends.ts';
import type { Database } from '../src/db/database.ts';
import { insertNewsletter } from '../test/newsletter-list-fixtures.ts';
import { now, unique, type World } from './role-fixtures.ts';

const keys = new WeakMap<World, PreferencesLinkKey>();

/** The key the world's apps sign newsletter links with: from the secret they keep in the data folder. */
function preferencesKeyOf(world: World): PreferencesLinkKey {
  let key = keys.get(world);
  if (key === undefined) {
    key = derivePreferencesLinkKey(loadConfig({ DATA_DIR: world.database.dataDir, NODE_ENV: 'test' }, process.cwd()).secret);
    keys.set(world, key);
  }
  return key;
}

/** A newsletter of its own that anyone may join, for one request. */
export async function newsletterOf(world: World): Promise<number> {
  const n = unique();
  return insertNewsletter(world.db, { slug: `hardening-${n}`, name: `Hardening ${n}` }, now);
}

/** A reader subscribed to a newsletter, and the preferences and one-click unsubscribe paths a message to them carries. */
export async function newsletterReaderLinks(world: World, email: string): Promise<{ newsletterId: number; preferences: string; unsubscribe: string }> {
  const newsletterId = await newsletterOf(world);
  const accountId = await insertAccount(world.db, { email, name: '', passwordHash: null, role: 'reader', now, source: 'newsletter' });
  await subscribe(world.db, { accountId, newsletterIds: [newsletterId], source: 'sign-up-form', now });
  const key = preferencesKeyOf(world);
  const site = new URL('https://news.example/');
  const pathOf = (url: URL) => `${url.pathname}${url.search}`;
  return {
    newsletterId,
    preferences: pathOf(preferencesUrl(site, signPreferencesToken({ accountId }, key))),
    unsubscribe: pathOf(unsubscribeUrl(site, signUnsubscribeToken({ accountId, newsletterId }, key))),
  };
}

/** The token of a newsletter sign-up's mailed link, asked for as the form would. */
export async function signUpLinkToken(world: World, email: string): Promise<string> {
  const { token } = await requestNewsletterSignUp(world.db, { email, newsletterIds: [await newsletterOf(world)], nextPath: '/', now });
  return token;
}

/**
 * A newsletter with a digest of these articles scheduled for tomorrow, so that the newsletter's
 * page, the composer and the send's page all show their forms.
 */
export async function newsletterWithScheduledDigest(
  db: Database,
  { slug, name, articleIds }: { slug: string; name: string; articleIds: readonly number[] },
  at: Date,
): Promise<{ newsletterId: number; sendId: number }> {
  const newsletterId = await insertNewsletter(db, { slug, name }, at);
  const scheduledFor = new Date(at.getTime() + 86_400_000);
  const sendId = await createSend(
    db,
    { newsletterId, kind: 'digest', subject: `${name}: the digest`, intro: null, articleIds, scheduledFor, createdBy: null },
    at,
  );
  return { newsletterId, sendId };
}
