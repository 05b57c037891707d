import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { Account } from '../src/accounts/account.ts';
import { findAccountRowById, insertAccount, toAccount } from '../src/accounts/account-repository.ts';
import { requestEmailChange } from '../src/accounts/email-changes.ts';
import { requestAccountDeletion } from '../src/readers/account-deletion.ts';
import { issueLoginLink, type LoginLinkPurpose } from '../src/accounts/login-links.ts';
import { hashPassword } from '../src/accounts/passwords.ts';
import { parseRegistration } from '../src/accounts/register.ts';
import { requestRegistration } from '../src/accounts/registration-requests.ts';
import { saveFromEditor } from '../src/admin/edit-article.ts';
import { completeCheckout, startCheckout } from '../src/commerce/checkout.ts';
import { createTestPaymentProvider } from '../src/commerce/test-mode/test-provider.ts';
import type { Database, OpenDatabase } from '../src/db/database.ts';
import { mediaDirOf } from '../src/content/media-folder.ts';
import { seedCatalogue } from '../test/commerce-fixtures.ts';
import { addArticle, seedPublication, type SeededPublication } from '../test/content-fixtures.ts';
import { openTestDatabase } from '../test/database.ts';
import { cookieFrom, signedInCookie } from '../test/readers.ts';
import { appWithRoutes, type Route } from './route-list.ts';
import { createTestLedger } from '../test/insights.ts';

/**
 * The people a web-security check sends requests as, each with a browser of their own: the session
 * cookie their log-in gave them, the CSRF token and cookie of a form the site showed them, and an
 * address of their own (so the per-address rate limits of log-in and registration count each one
 * apart, as they would for real people).
 */
export const webRoles = ['anonymous', 'reader', 'subscriber', 'contributor', 'author', 'editor', 'admin', 'support'] as const;
export type WebRole = (typeof webRoles)[number];

export const now = new Date('2026-11-20T17:00:00Z');
/** The site's own origin in test/app.ts (PUBLIC_URL). */
export const siteOrigin = 'https://news.example';
/** Another site's origin that CORS_ORIGINS lists, so the checks meet cross-origin access switched on. */
export const appOrigin = 'https://app.example';
const corsEnv = { CORS_ORIGINS: appOrigin };
export const stripeEnv = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
/** The e-mail service's webhook is registered only with its key; the Stripe app carries it too. */
export const emailWebhookEnv = { EMAIL_WEBHOOK_SECRET: 'hardening-email-webhook-key' };
export const readerPassword = 'a long reader passphrase';

export type App = Awaited<ReturnType<typeof appWithRoutes>>['app'];
export type ServedRoute = Route & { app: App };

export type World = {
  database: OpenDatabase & { dataDir: string };
  db: Database;
  seeded: SeededPublication;
  /** Every route either payment set-up serves, each with an app that serves it. */
  routes: ServedRoute[];
  testModeApp: App;
  stripeApp: App;
  /** The editor who owns the articles that are someone else's. */
  otherStaff: Account;
  /** The reader who owns the checkouts that are someone else's. */
  otherReader: Account;
  /** A published, metered article on the site. */
  articleUrl: string;
  /** A file in the media folder. */
  mediaUrl: string;
};

let counter = 0;
/** A number no other fixture of this run has used, for addresses, slugs and names. */
export function unique(): number {
  counter += 1;
  return counter;
}

async function accountOf(db: Database, id: number): Promise<Account> {
  const row = await findAccountRowById(db, id);
  if (!row) throw new Error(`no account ${id}`);
  return toAccount(row);
}

/**
 * A seeded publication (sections, authors, a published article, plans and offers) on a fresh test
 * database, served by two apps: one in test mode, which has the test checkout's pages, and one with
 * Stripe's keys, which has Stripe's webhook. A route both serve is asked of the test-mode app, so
 * that no request reaches Stripe's servers.
 */
export async function openWorld(): Promise<World> {
  const database = await openTestDatabase();
  const { db } = database;
  const seeded = await seedPublication(db, now);
  await seedCatalogue(db, now);
  await addArticle(db, seeded, { slug: 'harbour-talks', headline: 'Harbour talks resume', access: 'metered' }, now);
  const testMode = await appWithRoutes(database, { now: () => now, env: corsEnv });
  const stripe = await appWithRoutes(database, { now: () => now, env: { ...stripeEnv, ...emailWebhookEnv, ...corsEnv } });
  const key = (route: Route) => `${route.method} ${route.url}`;
  const served = new Set(testMode.routes.map(key));
  const routes = [
    ...testMode.routes.map((route) => ({ ...route, app: testMode.app })),
    ...stripe.routes.filter((route) => !served.has(key(route))).map((route) => ({ ...route, app: stripe.app })),
  ];
  after(async () => {
    await testMode.app.close();
    await stripe.app.close();
  });
  const otherStaff = await accountOf(
    db,
    await insertAccount(db, { email: 'other-editor@newsroom.example', name: 'Other Editor', passwordHash: null, role: 'editor', now }),
  );
  const otherReader = await accountOf(
    db,
    await insertAccount(db, { email: 'other-reader@example.org', name: 'Other Reader', passwordHash: null, role: 'reader', now }),
  );
  const mediaDir = mediaDirOf(database.dataDir);
  mkdirSync(mediaDir, { recursive: true });
  writeFileSync(path.join(mediaDir, 'fixture-photo.jpg'), await smallImage('jpeg'));
  return {
    database,
    db,
    seeded,
    routes,
    testModeApp: testMode.app,
    stripeApp: stripe.app,
    otherStaff,
    otherReader,
    articleUrl: '/world/harbour-talks',
    mediaUrl: '/media/fixture-photo.jpg',
  };
}

/** A small real image, as a browser would upload it. */
export async function smallImage(format: 'png' | 'jpeg'): Promise<Buffer> {
  const image = sharp({ create: { width: 64, height: 40, channels: 3, background: { r: 30, g: 90, b: 140 } } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}

// ---------------------------------------------------------------------------------------------
// Browsers

export type Actor = {
  role: WebRole;
  account: Account | null;
  /** What the browser sends in its Cookie header: the session (if signed in) and the CSRF cookie. */
  cookies: Map<string, string>;
  /** The token in the last form the site showed this browser. */
  csrfToken: string;
  remoteAddress: string;
};

function nextAddress(): string {
  const n = unique();
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export function formTokenOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** Opens a page in the actor's browser, keeping the cookies it sets and the token of its form. */
export async function openPage(app: App, actor: Actor, url: string): Promise<LightMyRequestResponse> {
  const response = await app.inject({ method: 'GET', url, remoteAddress: actor.remoteAddress, headers: cookieHeader(actor) });
  keepCookies(actor, response);
  const token = formTokenOf(response.body);
  if (token) actor.csrfToken = token;
  return response;
}

export function keepCookies(actor: Actor, response: LightMyRequestResponse): void {
  const setCookie = response.headers['set-cookie'];
  for (const header of Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie]) {
    const [pair = ''] = header.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    const value = cookieFrom(header, name) ?? '';
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) actor.cookies.delete(name);
    else actor.cookies.set(name, value);
  }
}

function cookieHeader(actor: Actor): Record<string, string> {
  return actor.cookies.size === 0 ? {} : { cookie: [...actor.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
}

/** A browser that has never been to the site: no cookies, no form token, an address of its own. */
export function newBrowser(): Actor {
  return { role: 'anonymous', account: null, cookies: new Map(), csrfToken: '', remoteAddress: nextAddress() };
}

/** A browser of someone of this role, signed in as a new account of theirs, holding a form's CSRF token. */
export async function actorFor(world: World, role: WebRole): Promise<Actor> {
  let account: Account | null = null;
  const cookies = new Map<string, string>();
  if (role !== 'anonymous') {
    const { accountId, cookie } = await signedInCookie(world.db, role === 'subscriber' ? 'reader' : role, now);
    account = await accountOf(world.db, accountId);
    const [name = '', ...value] = cookie.split('=');
    cookies.set(name, value.join('='));
    if (role === 'subscriber') await subscribe(world, account);
  }
  const actor: Actor = { role, account, cookies, csrfToken: '', remoteAddress: nextAddress() };
  await openPage(world.testModeApp, actor, '/login');
  if (actor.csrfToken === '') throw new Error('the log-in page showed no form token');
  return actor;
}

/** Makes a reader a subscriber the way the site does: a checkout for an offer, completed. */
async function subscribe(world: World, account: Account): Promise<void> {
  const { redirectUrl } = await startCheckout(
    { db: world.db, provider: createTestPaymentProvider(), publicUrl: new URL(`${siteOrigin}/`), insights: createTestLedger(world.database) },
    { account, offerSlug: 'intro', now },
  );
  await completeCheckout(world.db, { checkoutId: redirectUrl.split('/').at(-1) ?? '', now });
}

/** A form token minted for a different browser (its own CSRF cookie, which is not sent). */
export async function foreignToken(app: App): Promise<string> {
  const page = await app.inject({ method: 'GET', url: '/login', remoteAddress: nextAddress() });
  const token = formTokenOf(page.body);
  if (!token) throw new Error('the log-in page showed no form token');
  return token;
}

// ---------------------------------------------------------------------------------------------
// Requests

export type FormValue = string | readonly string[];

export type WebRequest =
  /** `headers` for an app's requests to the API, which carry its bearer token. */
  | { method: 'GET'; url: string; headers?: Record<string, string> }
  | { method: 'DELETE'; url: string; headers: Record<string, string> }
  | { method: 'POST'; url: string; form: Record<string, FormValue> }
  | { method: 'POST'; url: string; multipart: { fields: Record<string, string>; file: { name: string; type: string; bytes: Buffer } } }
  | { method: 'POST'; url: string; json: string; headers: Record<string, string> }
  /** A browser's CORS preflight: it carries no form and changes nothing. */
  | { method: 'OPTIONS'; url: string; headers: Record<string, string> };

/** Which CSRF token the browser puts in a form: its own, none, or one minted for someone else. */
export type CsrfChoice = 'own' | 'none' | 'foreign';

/** A multipart/form-data body as a browser sends it. */
function multipartBody(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----dateline-hardening-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.bytes,
    Buffer.from('\r\n'),
  );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends a request from the actor's browser, with the CSRF token chosen for its form. */
export async function send(app: App, actor: Actor, request: WebRequest, { csrf = 'own' }: { csrf?: CsrfChoice } = {}): Promise<LightMyRequestResponse> {
  const base = { url: request.url, remoteAddress: actor.remoteAddress };
  if (request.method === 'GET') return app.inject({ ...base, method: 'GET', headers: { ...cookieHeader(actor), ...request.headers } });
  if (request.method === 'DELETE') return app.inject({ ...base, method: 'DELETE', headers: { ...cookieHeader(actor), ...request.headers } });
  if (request.method === 'OPTIONS') return app.inject({ ...base, method: 'OPTIONS', headers: { ...cookieHeader(actor), ...request.headers } });
  if ('json' in request)
    return app.inject({
      ...base,
      method: 'POST',
      headers: { ...cookieHeader(actor), ...request.headers, 'content-type': 'application/json' },
      payload: request.json,
    });
  const token = csrf === 'own' ? actor.csrfToken : csrf === 'foreign' ? await foreignToken(app) : null;
  const tokenField: Record<string, string> = token === null ? {} : { _csrf: token };
  if ('multipart' in request) {
    const { payload, contentType } = multipartBody({ ...tokenField, ...request.multipart.fields }, request.multipart.file);
    return app.inject({ ...base, method: 'POST', headers: { ...cookieHeader(actor), 'content-type': contentType }, payload });
  }
  const body = new URLSearchParams(tokenField);
  for (const [name, value] of Object.entries(request.form)) for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
  return app.inject({
    ...base,
    method: 'POST',
    headers: { ...cookieHeader(actor), 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

// ---------------------------------------------------------------------------------------------
// Things a request can be about

export type ArticleFixture = { id: number; revision: number; slug: string; headline: string };

/** An article created in the newsroom by this account (its owner), as a draft or published. */
export async function articleOwnedBy(world: World, owner: Account, status: 'draft' | 'published'): Promise<ArticleFixture> {
  const n = unique();
  const fields = {
    headline: `Owned story ${n}`,
    standfirst: 'A standfirst.',
    slug: `owned-story-${n}`,
    sectionId: world.seeded.sectionIds.world,
    authorIds: [world.seeded.authorIds.reporter],
    dateline: 'Geneva',
    access: 'metered' as const,
    requiredTierSlug: null,
    previewBlockCount: 1,
    sponsorId: null,
    bodyMarkdown: 'First paragraph.\n\nSecond paragraph.',
    publishAt: null,
  };
  // The role given is the owner's ceiling for the fixture only: a contributor's published piece exists, though they could not publish it.
  const saved = await saveFromEditor(world.db, {
    staff: owner,
    role: 'admin',
    articleId: null,
    fields,
    intent: status === 'published' ? 'publish' : 'save',
    expectedRevision: 0,
    now,
  });
  return { id: saved.articleId, revision: saved.revision, slug: fields.slug, headline: fields.headline };
}

/** The article editor's form for this article, as the editor page would submit it. */
export function editorForm(world: World, article: ArticleFixture | null, intent: 'save' | 'publish'): Record<string, string> {
  const n = unique();
  return {
    version: String(article?.revision ?? 0),
    intent,
    headline: article?.headline ?? `New story ${n}`,
    standfirst: 'A standfirst.',
    slug: article?.slug ?? `new-story-${n}`,
    sectionId: String(world.seeded.sectionIds.world),
    authorIds: String(world.seeded.authorIds.reporter),
    dateline: 'Geneva',
    access: 'metered',
    previewBlockCount: '1',
    sponsorId: '',
    bodyMarkdown: 'First paragraph.\n\nSecond paragraph, edited.',
    publishAt: '',
  };
}

/** An open test-mode checkout of this account's, for the intro offer. */
export async function openCheckoutOf(world: World, account: Account): Promise<string> {
  const offer = await world.db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
  const id = `hardening-checkout-${unique()}`;
  await world.db
    .insertInto('checkout_sessions')
    .values({
      id,
      account_id: account.id,
      offer_id: offer.id,
      provider: 'test',
      provider_session_id: null,
      status: 'open',
      created_at: now.toISOString(),
      completed_at: null,
    })
    .execute();
  return id;
}

let readerPasswordHash: Promise<string> | null = null;

/** A reader who registered with a password (readerPassword), at a new address. */
export async function readerWithPassword(world: World): Promise<Account> {
  readerPasswordHash ??= hashPassword(readerPassword);
  const email = `password-reader-${unique()}@example.org`;
  return accountOf(world.db, await insertAccount(world.db, { email, name: 'Password Reader', passwordHash: await readerPasswordHash, role: 'reader', now }));
}

/** A one-time log-in or reset link's token for this account, as its mail would carry it. */
export async function loginLinkToken(world: World, account: Account, purpose: LoginLinkPurpose): Promise<string> {
  const issued = await issueLoginLink(world.db, { email: account.email, purpose, now });
  if (!issued) throw new Error(`no account at ${account.email}`);
  return issued.token;
}

/** The token of the link that confirms a reader's move to a new address, as its mail would carry it. */
export async function emailChangeLinkToken(world: World): Promise<string> {
  const account = await readerWithPassword(world);
  const requested = await requestEmailChange(world.db, { accountId: account.id, oldEmail: account.email, newEmail: `moving-${unique()}@example.org`, now });
  if (requested.kind !== 'link') throw new Error('the new address already has an account');
  return requested.token;
}

/** The token of the link that deletes a reader's account (a reader of its own), as its mail would carry it. */
export async function deletionLinkToken(world: World): Promise<string> {
  const account = await readerWithPassword(world);
  return (await requestAccountDeletion(world.db, { accountId: account.id, now })).token;
}

/** The token of the link that finishes registering this new address, as its mail would carry it. */
export async function registrationLinkToken(world: World, email: string): Promise<string> {
  const registration = parseRegistration({ email, name: 'New Reader', password: readerPassword });
  const requested = await requestRegistration(world.db, { registration, nextPath: '/', now });
  if (requested.kind !== 'new-address') throw new Error(`${email} already has an account`);
  return requested.token;
}

// ---------------------------------------------------------------------------------------------
// "Nothing changed"

async function tableNames(database: OpenDatabase): Promise<string[]> {
  const rows =
    database.dialect === 'postgres'
      ? await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(database.db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(database.db);
  return rows.rows.map((row) => row.name).sort();
}

function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/**
 * A fingerprint of everything a request could change: every row of every table but the insights
 * ledger's, the mail in the outbox and the files in the media folder. Two equal fingerprints mean
 * nothing changed.
 */
export async function fingerprintState(database: OpenDatabase & { dataDir: string }): Promise<string> {
  const hash = createHash('sha256');
  // The insights ledger is written by a timer a second after the reads it records, so its rows from
  // earlier requests land at any moment: it is no state a request changes.
  for (const table of (await tableNames(database)).filter((name) => name !== 'insight_events')) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db);
    const lines = rows
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) =>
          value instanceof Uint8Array ? Buffer.from(value).toString('base64') : typeof value === 'bigint' ? String(value) : value,
        ),
      )
      .sort();
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }
  hash.update(`outbox\n${listFiles(path.join(database.dataDir, 'outbox')).join('\n')}\n`);
  hash.update(`media\n${listFiles(mediaDirOf(database.dataDir)).join('\n')}\n`);
  return hash.digest('hex');
}
