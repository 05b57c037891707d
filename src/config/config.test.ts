import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from './config.ts';

const cwd = mkdtempSync(path.join(tmpdir(), 'dateline-config-'));
after(() => rmSync(cwd, { recursive: true, force: true }));

describe('configuration from the environment', () => {
  it('defaults to SQLite in ./data on 127.0.0.1:3000', () => {
    const config = loadConfig({}, cwd);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, path.join(cwd, 'data'));
    assert.deepEqual(config.database, { kind: 'sqlite', file: path.join(cwd, 'data', 'dateline.sqlite') });
    assert.equal(config.publicUrl.toString(), 'http://127.0.0.1:3000/');
    assert.equal(config.isProduction, false);
    assert.equal(config.smtpUrl, null);
    assert.equal(config.stripe, null);
    assert.equal(config.mailFrom, 'no-reply@localhost.localdomain');
    assert.ok(Object.isFrozen(config));
  });

  it('generates a secret once, keeps it private in the data folder, and reuses it', () => {
    const dataDir = path.join(cwd, 'secret-test');
    const first = loadConfig({ DATA_DIR: dataDir }, cwd);
    const second = loadConfig({ DATA_DIR: dataDir }, cwd);
    assert.equal(first.secret, second.secret);
    assert.equal(first.secretSource, 'data-folder');
    assert.ok(first.secret.length >= 32);
    assert.equal(readFileSync(path.join(dataDir, 'secret'), 'utf8').trim(), first.secret);
    assert.equal(statSync(path.join(dataDir, 'secret')).mode & 0o777, 0o600);
  });

  it('takes SECRET, DATABASE_URL, PUBLIC_URL, HOST and PORT as given', () => {
    const config = loadConfig(
      {
        SECRET: 's'.repeat(40),
        DATABASE_URL: 'postgres://news@db.internal:5432/news',
        PUBLIC_URL: 'https://news.example/edition',
        HOST: '0.0.0.0',
        PORT: '8080',
        NODE_ENV: 'production',
        STRIPE_SECRET_KEY: 'sk_test_abc123',
        STRIPE_WEBHOOK_SECRET: 'whsec_def456',
      },
      cwd,
    );
    assert.deepEqual(config.stripe, { secretKey: 'sk_test_abc123', webhookSecret: 'whsec_def456' });
    assert.equal(config.secret, 's'.repeat(40));
    assert.equal(config.secretSource, 'environment');
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://news@db.internal:5432/news' });
    assert.equal(config.publicUrl.toString(), 'https://news.example/edition/');
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 8080);
    assert.equal(config.isProduction, true);
  });

  it('reads which proxies to trust', () => {
    assert.equal(loadConfig({}, cwd).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }, cwd).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }, cwd).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }, cwd).trustProxy, ['10.0.0.0/8', 'loopback']);
  });

  it('reads the origins allowed cross-origin access, none by default', () => {
    assert.deepEqual(loadConfig({}, cwd).corsOrigins, []);
    assert.deepEqual(loadConfig({ CORS_ORIGINS: ' ' }, cwd).corsOrigins, []);
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://app.example, http://localhost:5173' }, cwd).corsOrigins, [
      'https://app.example',
      'http://localhost:5173',
    ]);
  });

  it('reads how many searches a minute an address or a reader may make, 60 by default', () => {
    assert.equal(loadConfig({}, cwd).searchesPerMinute, 60);
    assert.equal(loadConfig({ SEARCH_RATE_LIMIT: '100000' }, cwd).searchesPerMinute, 100_000);
  });

  it('declares the Latin fonts only unless FONT_SCRIPTS names more scripts', () => {
    assert.deepEqual(loadConfig({}, cwd).fontScripts, ['latin']);
    assert.deepEqual(loadConfig({ FONT_SCRIPTS: 'latin, latin-ext,greek' }, cwd).fontScripts, ['latin', 'latin-ext', 'greek']);
  });

  it('serves from one process in development and from one per core in production, unless WEB_CONCURRENCY says how many', () => {
    const production = { NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_def456' };
    assert.equal(loadConfig({}, cwd).webConcurrency, 1);
    assert.equal(loadConfig(production, cwd).webConcurrency, availableParallelism());
    assert.equal(loadConfig({ ...production, WEB_CONCURRENCY: '1' }, cwd).webConcurrency, 1);
    assert.equal(loadConfig({ WEB_CONCURRENCY: '3' }, cwd).webConcurrency, 3);
  });

  it('lets requests in flight finish for 10 seconds when stopping, unless DRAIN_SECONDS says otherwise', () => {
    assert.equal(loadConfig({}, cwd).drainMs, 10_000);
    assert.equal(loadConfig({ DRAIN_SECONDS: '25' }, cwd).drainMs, 25_000);
  });

  it('sends newsletters at 50 messages a second over 5 SMTP connections with a 2-minute lease, and serves no e-mail webhook, unless told otherwise', () => {
    const defaults = loadConfig({}, cwd);
    assert.deepEqual(
      [defaults.newsletterRatePerSecond, defaults.newsletterSmtpConnections, defaults.newsletterLeaseMs, defaults.emailWebhookSecret],
      [50, 5, 120_000, null],
    );
    const set = loadConfig(
      {
        NEWSLETTER_RATE_PER_SECOND: '400',
        NEWSLETTER_SMTP_CONNECTIONS: '8',
        NEWSLETTER_LEASE_SECONDS: '30',
        EMAIL_WEBHOOK_SECRET: 'a-webhook-key-of-24-chars',
      },
      cwd,
    );
    assert.deepEqual(
      [set.newsletterRatePerSecond, set.newsletterSmtpConnections, set.newsletterLeaseMs, set.emailWebhookSecret],
      [400, 8, 30_000, 'a-webhook-key-of-24-chars'],
    );
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['no newsletter messages at all', { NEWSLETTER_RATE_PER_SECOND: '0' }, /NEWSLETTER_RATE_PER_SECOND must be a whole number of messages a second from 1/],
    ['no SMTP connection for newsletters', { NEWSLETTER_SMTP_CONNECTIONS: '0' }, /NEWSLETTER_SMTP_CONNECTIONS must be a whole number of connections/],
    ['a lease shorter than a slow message', { NEWSLETTER_LEASE_SECONDS: '5' }, /NEWSLETTER_LEASE_SECONDS must be a whole number of seconds from 10/],
    ['a guessable e-mail webhook key', { EMAIL_WEBHOOK_SECRET: 'short' }, /EMAIL_WEBHOOK_SECRET must be at least 24 characters/],
    ['a port that is not a number', { PORT: 'eighty' }, /PORT must be a whole number/],
    ['a port out of range', { PORT: '70000' }, /PORT must be a whole number/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must start with postgres/],
    ['a database URL that is not a URL', { DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    ['a short secret', { SECRET: 'short' }, /SECRET must be at least 32 characters/],
    ['an unknown NODE_ENV', { NODE_ENV: 'prod' }, /NODE_ENV must be one of/],
    ['a public URL that is not absolute', { PUBLIC_URL: 'news.example' }, /PUBLIC_URL must be an absolute URL/],
    ['a public URL with a query', { PUBLIC_URL: 'https://news.example/?a=1' }, /PUBLIC_URL must not carry a query/],
    ['an SMTP URL of another kind', { SMTP_URL: 'http://mail.example' }, /SMTP_URL must start with smtp/],
    ['a sender that is not an address', { MAIL_FROM: 'the newsroom' }, /MAIL_FROM must be an address/],
    ['production without Stripe (the test-mode provider is refused there)', { NODE_ENV: 'production' }, /In production, payments need STRIPE_SECRET_KEY/],
    ['a Stripe key without its webhook secret', { STRIPE_SECRET_KEY: 'sk_test_abc' }, /go together/],
    ['a Stripe key of the wrong kind', { STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' }, /must be a Stripe secret key/],
    ['a proxy setting that is neither a count nor addresses', { TRUST_PROXY: 'the load balancer' }, /TRUST_PROXY must be/],
    ['a CORS origin with a path', { CORS_ORIGINS: 'https://app.example/news' }, /CORS_ORIGINS must list origins .* not "https:\/\/app.example\/news"/],
    ['a CORS origin with a trailing slash', { CORS_ORIGINS: 'https://app.example/' }, /CORS_ORIGINS must list origins/],
    ['a CORS wildcard', { CORS_ORIGINS: '*' }, /CORS_ORIGINS must list origins .* not "\*"/],
    ['a CORS origin without a scheme', { CORS_ORIGINS: 'https://app.example,app2.example' }, /not "app2.example"/],
    ['a CORS origin of another scheme', { CORS_ORIGINS: 'ftp://files.example' }, /CORS_ORIGINS must list origins/],
    ['no searches at all', { SEARCH_RATE_LIMIT: '0' }, /SEARCH_RATE_LIMIT must be a whole number of searches a minute from 1 to 1000000, not "0"/],
    ['a script the fonts do not come in', { FONT_SCRIPTS: 'latin,klingon' }, /FONT_SCRIPTS must list scripts from latin, .* not "klingon"/],
    ['no server process at all', { WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY must be a whole number of server processes from 1 to 256, not "0"/],
    ['a number of processes that is not a whole number', { WEB_CONCURRENCY: '2.5' }, /WEB_CONCURRENCY must be a whole number/],
    ['a number of processes in words', { WEB_CONCURRENCY: 'auto' }, /WEB_CONCURRENCY must be a whole number .* not "auto"/],
    ['too many processes', { WEB_CONCURRENCY: '1000' }, /WEB_CONCURRENCY must be a whole number/],
    ['no time to drain', { DRAIN_SECONDS: '0' }, /DRAIN_SECONDS must be a whole number of seconds from 1 to 600, not "0"/],
    ['a drain time that is not a number', { DRAIN_SECONDS: 'ten' }, /DRAIN_SECONDS must be a whole number/],
    ['a search rate that is not a number', { SEARCH_RATE_LIMIT: 'many' }, /SEARCH_RATE_LIMIT must be a whole number/],
  ];
  for (const [what, env, message] of refusals) {
    it(`stops on ${what}, naming the variable`, () => {
      assert.throws(() => loadConfig(env, cwd), message);
    });
  }
});
