import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';

export type DatabaseLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export type Config = Readonly<{
  isProduction: boolean;
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseLocation;
  secret: string;
  /** Where the secret came from: SECRET, or the file the data folder keeps it in (which backups carry). */
  secretSource: 'environment' | 'data-folder';
  publicUrl: URL;
  /** smtp://user:password@host:587 or smtps://…; null sends mail to the outbox folder instead. */
  smtpUrl: string | null;
  mailFrom: string;
  /**
   * Which proxies in front of the app to believe about the client's address (X-Forwarded-For):
   * none, all, a number of hops, or a list of addresses and ranges. Rate limits count per client.
   */
  trustProxy: boolean | number | string[];
  /** Stripe's keys; null runs payments through the built-in test-mode provider, which production refuses. */
  stripe: { secretKey: string; webhookSecret: string } | null;
  /** How often the job loop runs: scheduled articles, renewals, reminders, expiries. */
  jobIntervalMs: number;
  /** Origins (https://app.example) whose pages may read the API, the feeds and oEmbed; none by default. */
  corsOrigins: readonly string[];
  /** How many searches a minute one client address, and one signed-in reader, may make. */
  searchesPerMinute: number;
  /** The writing systems the publication is written in (FONT_SCRIPTS): only their font files are declared and served. */
  fontScripts: readonly FontScript[];
  /** How many server processes serve the site (WEB_CONCURRENCY); 1 serves it from this one process. */
  webConcurrency: number;
  /** How long a stopping server lets requests in flight finish before it cuts their connections (DRAIN_SECONDS). */
  drainMs: number;
  /** How many newsletter messages a second one instance hands to the SMTP server at most (NEWSLETTER_RATE_PER_SECOND). */
  newsletterRatePerSecond: number;
  /** How many SMTP connections one instance keeps open for newsletters (NEWSLETTER_SMTP_CONNECTIONS). */
  newsletterSmtpConnections: number;
  /** How long a claimed newsletter delivery stays with the instance that claimed it (NEWSLETTER_LEASE_SECONDS). */
  newsletterLeaseMs: number;
  /** The key an e-mail service signs its bounce and complaint events with (EMAIL_WEBHOOK_SECRET); null leaves POST /webhooks/email unserved. */
  emailWebhookSecret: string | null;
}>;

/** The scripts the theme's typefaces come in, each a file of its own. */
export const fontScripts = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'vietnamese'] as const;
export type FontScript = (typeof fontScripts)[number];

/** A configuration value that stops the start; its message names the variable and what was wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Environment = Readonly<Record<string, string | undefined>>;

const minimumSecretLength = 32;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${raw}"`);
  }
  return port;
}

function parseNodeEnv(raw: string | undefined): boolean {
  const allowed = ['production', 'development', 'test'];
  if (raw === undefined || raw === '') return false;
  if (!allowed.includes(raw)) {
    throw new ConfigError(`NODE_ENV must be one of ${allowed.join(', ')}, not "${raw}"`);
  }
  return raw === 'production';
}

function parseDatabase(raw: string | undefined, dataDir: string): DatabaseLocation {
  if (raw === undefined || raw === '') return { kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL must be a URL such as postgres://user@host:5432/name');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, not "${url.protocol}//"`);
  }
  return { kind: 'postgres', url: raw };
}

function parsePublicUrl(raw: string | undefined, host: string, port: number): URL {
  if (raw === undefined || raw === '') {
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return new URL(`http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL such as https://news.example, not "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL must use http or https');
  }
  if (url.search || url.hash) throw new ConfigError('PUBLIC_URL must not carry a query or a fragment');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Where the secret is kept when SECRET is not set; backups carry it. */
export function secretFileOf(dataDir: string): string {
  return path.join(dataDir, 'secret');
}

/** Reads SECRET, or the one kept in the data folder, or makes and keeps a new one there. */
function resolveSecret(raw: string | undefined, dataDir: string): string {
  if (raw !== undefined && raw !== '') {
    if (raw.length < minimumSecretLength) {
      throw new ConfigError(`SECRET must be at least ${minimumSecretLength} characters long`);
    }
    return raw;
  }
  const file = secretFileOf(dataDir);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= minimumSecretLength) return kept;
    throw new ConfigError(`The secret in ${file} is too short; delete the file to make a new one`);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance sharing the data folder wrote one first: use theirs.
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw new ConfigError(`Cannot keep a new secret in ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return secret;
}

function parseSmtpUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://user:password@mail.example:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  return raw;
}

function parseMailFrom(raw: string | undefined, publicUrl: URL): string {
  if (raw === undefined || raw === '') {
    const host = publicUrl.hostname;
    return `no-reply@${host.includes('.') && isIP(host.replace(/^\[|\]$/g, '')) === 0 ? host : 'localhost.localdomain'}`;
  }
  if (!/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(raw.trim())) {
    throw new ConfigError(`MAIL_FROM must be an address such as news@example.org or "The Courier <news@example.org>", not "${raw}"`);
  }
  return raw.trim();
}

function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const isAddressOrRange = (entry: string) => {
    const [address = '', bits, ...rest] = entry.split('/');
    return (
      rest.length === 0 && (isIP(address) !== 0 || ['loopback', 'linklocal', 'uniquelocal'].includes(entry)) && (bits === undefined || /^\d{1,3}$/.test(bits))
    );
  };
  if (entries.length === 0 || !entries.every(isAddressOrRange)) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a number of proxies, or addresses and ranges such as 10.0.0.0/8,loopback, not "${raw}"`);
  }
  return entries;
}

function parseStripe(secretKey: string | undefined, webhookSecret: string | undefined, isProduction: boolean): Config['stripe'] {
  const hasKey = secretKey !== undefined && secretKey !== '';
  const hasSecret = webhookSecret !== undefined && webhookSecret !== '';
  if (!hasKey && !hasSecret) {
    if (isProduction) {
      throw new ConfigError('In production, payments need STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET; the test-mode provider is for development only');
    }
    return null;
  }
  if (!hasKey || !hasSecret) throw new ConfigError('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together: set both, or neither for test mode');
  if (!/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(secretKey)) throw new ConfigError('STRIPE_SECRET_KEY must be a Stripe secret key (sk_live_… or sk_test_…)');
  if (!/^whsec_[A-Za-z0-9]+$/.test(webhookSecret)) throw new ConfigError('STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…)');
  return { secretKey, webhookSecret };
}

function parseJobInterval(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 60_000;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600) {
    throw new ConfigError(`JOB_INTERVAL_SECONDS must be a whole number of seconds from 1 to 3600, not "${raw}"`);
  }
  return Number(raw) * 1000;
}

/** Exact origins, comma-separated: a browser sends its page's origin as scheme, host and port, nothing more. */
function parseCorsOrigins(raw: string | undefined): readonly string[] {
  if (raw === undefined || raw.trim() === '') return Object.freeze([]);
  const origins = raw.split(',').map((entry) => entry.trim());
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // Reported below with the others.
    }
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS must list origins such as https://app.example (scheme, host and optional port; no path, no trailing slash), separated by commas, not "${origin}"`,
      );
    }
  }
  return Object.freeze([...new Set(origins)]);
}

function parseSearchRateLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 60;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1 || Number(raw) > 1_000_000) {
    throw new ConfigError(`SEARCH_RATE_LIMIT must be a whole number of searches a minute from 1 to 1000000, not "${raw}"`);
  }
  return Number(raw);
}

function parseFontScripts(raw: string | undefined): readonly FontScript[] {
  if (raw === undefined || raw.trim() === '') return Object.freeze(['latin']);
  const named = raw.split(',').map((name) => name.trim());
  const chosen = fontScripts.filter((script) => named.includes(script));
  const unknown = named.filter((name) => !chosen.some((script) => script === name));
  if (unknown.length > 0)
    throw new ConfigError(`FONT_SCRIPTS must list scripts from ${fontScripts.join(', ')}, separated by commas, not "${unknown.join(', ')}"`);
  return Object.freeze(chosen);
}

/** One process per core in production, where pages are cached and the theme fixed; one in development, where files are edited under it. */
function parseWebConcurrency(raw: string | undefined, isProduction: boolean): number {
  if (raw === undefined || raw === '') return isProduction ? availableParallelism() : 1;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 256) {
    throw new ConfigError(`WEB_CONCURRENCY must be a whole number of server processes from 1 to 256, not "${raw}"`);
  }
  return Number(raw);
}

function parseDrainSeconds(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 10_000;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 600) {
    throw new ConfigError(`DRAIN_SECONDS must be a whole number of seconds from 1 to 600, not "${raw}"`);
  }
  return Number(raw) * 1000;
}

function parseWholeNumber(
  name: string,
  raw: string | undefined,
  { fallback, minimum, maximum, unit }: { fallback: number; minimum: number; maximum: number; unit: string },
): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < minimum || Number(raw) > maximum) {
    throw new ConfigError(`${name} must be a whole number of ${unit} from ${minimum} to ${maximum}, not "${raw}"`);
  }
  return Number(raw);
}

function parseEmailWebhookSecret(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  // A guessable key would let anyone suppress a reader's address.
  if (raw.length < 24) throw new ConfigError('EMAIL_WEBHOOK_SECRET must be at least 24 characters long');
  return raw;
}

/**
 * Where the site's data lives: the data folder, made if need be, and the database. Restoring a
 * backup needs no more, and must not make a secret before the backup's is put back.
 */
export function locateData(env: Environment, cwd: string): { dataDir: string; database: DatabaseLocation } {
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`DATA_DIR ${dataDir} cannot be created: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { dataDir, database: parseDatabase(env.DATABASE_URL, dataDir) };
}

/** Parses the environment once at start; the result is frozen and passed to whatever needs it. */
export function loadConfig(env: Environment, cwd: string): Config {
  const isProduction = parseNodeEnv(env.NODE_ENV);
  const host = env.HOST || '127.0.0.1';
  const port = parsePort(env.PORT);
  const { dataDir, database } = locateData(env, cwd);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL, host, port);
  return Object.freeze({
    isProduction,
    host,
    port,
    dataDir,
    database,
    secret: resolveSecret(env.SECRET, dataDir),
    secretSource: env.SECRET !== undefined && env.SECRET !== '' ? 'environment' : 'data-folder',
    publicUrl,
    smtpUrl: parseSmtpUrl(env.SMTP_URL),
    mailFrom: parseMailFrom(env.MAIL_FROM, publicUrl),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    stripe: parseStripe(env.STRIPE_SECRET_KEY, env.STRIPE_WEBHOOK_SECRET, isProduction),
    jobIntervalMs: parseJobInterval(env.JOB_INTERVAL_SECONDS),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    searchesPerMinute: parseSearchRateLimit(env.SEARCH_RATE_LIMIT),
    fontScripts: parseFontScripts(env.FONT_SCRIPTS),
    webConcurrency: parseWebConcurrency(env.WEB_CONCURRENCY, isProduction),
    drainMs: parseDrainSeconds(env.DRAIN_SECONDS),
    newsletterRatePerSecond: parseWholeNumber('NEWSLETTER_RATE_PER_SECOND', env.NEWSLETTER_RATE_PER_SECOND, {
      fallback: 50,
      minimum: 1,
      maximum: 100_000,
      unit: 'messages a second',
    }),
    newsletterSmtpConnections: parseWholeNumber('NEWSLETTER_SMTP_CONNECTIONS', env.NEWSLETTER_SMTP_CONNECTIONS, {
      fallback: 5,
      minimum: 1,
      maximum: 100,
      unit: 'connections',
    }),
    newsletterLeaseMs:
      parseWholeNumber('NEWSLETTER_LEASE_SECONDS', env.NEWSLETTER_LEASE_SECONDS, { fallback: 120, minimum: 10, maximum: 86_400, unit: 'seconds' }) * 1000,
    emailWebhookSecret: parseEmailWebhookSecret(env.EMAIL_WEBHOOK_SECRET),
  });
}
