import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import sharp from 'sharp';
import { hasAllRenditions, writeImageRenditions } from '../src/content/image-renditions.ts';
import { insertImage } from '../src/content/image-repository.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

/** Runs the real server as an operator would, in a process of its own. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out waiting');
}

async function waitUntilServing(serverPort: string, timeoutMs: number): Promise<void> {
  await waitFor(async () => {
    try {
      return (await fetch(`http://127.0.0.1:${serverPort}/healthz`)).ok;
    } catch {
      return false;
    }
  }, timeoutMs);
}

const port = () => String(20000 + Math.floor(Math.random() * 20000));
const temporaryFolder = () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'dateline-start-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
};

/** On the PostgreSQL pass, each start gets a database of its own on the test server. */
async function databaseEnvironment(): Promise<Record<string, string>> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return {};
  const name = `dateline_start_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  after(async () => {
    const cleaner = new pg.Client({ connectionString: url });
    await cleaner.connect();
    await cleaner.query(`drop database if exists ${name} with (force)`);
    await cleaner.end();
  });
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { DATABASE_URL: target.toString() };
}

describe('starting the server', () => {
  it('stops with one clear line when a setting is wrong', async () => {
    const server = startServer({ DATA_DIR: temporaryFolder(), PORT: 'eighty' });
    assert.equal(await server.exited, 1);
    assert.equal(server.output().trim(), 'dateline: PORT must be a whole number from 0 to 65535, not "eighty"');
  });

  it('refuses the test-mode payment provider in production, in one line', async () => {
    const server = startServer({ DATA_DIR: temporaryFolder(), PORT: port(), NODE_ENV: 'production' });
    assert.equal(await server.exited, 1);
    assert.match(server.output().trim(), /^dateline: In production, payments need STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/);
  });

  it('stops with one line naming the database file when it cannot be opened', async () => {
    const dataDir = temporaryFolder();
    mkdirSync(path.join(dataDir, 'dateline.sqlite'));
    const server = startServer({ DATA_DIR: dataDir, PORT: port() });
    assert.equal(await server.exited, 1);
    const lines = server.output().trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', new RegExp(`^dateline: Cannot open the SQLite database ${path.join(dataDir, 'dateline.sqlite')}`));
  });

  it('stops with one line naming the PostgreSQL server, without its password, when it cannot connect', async () => {
    const server = startServer({ DATA_DIR: temporaryFolder(), PORT: port(), DATABASE_URL: 'postgres://reader:hunter2@127.0.0.1:1/news' });
    assert.equal(await server.exited, 1);
    const lines = server.output().trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^dateline: Cannot connect to PostgreSQL at postgres:\/\/reader@127\.0\.0\.1:1\/news/);
    assert.doesNotMatch(server.output(), /hunter2/);
  });

  it('survives being killed while loading the demo: the next start serves the whole publication', async () => {
    const dataDir = temporaryFolder();
    const database = await databaseEnvironment();
    const mediaDir = path.join(dataDir, 'media');
    const countMedia = () => {
      try {
        return readdirSync(mediaDir).length;
      } catch {
        return 0;
      }
    };
    // Killed once while images are being drawn, once as the last ones land (25 images of 21 files; the rows go in after them).
    for (const mediaFiles of [8, 500]) {
      const interrupted = startServer({ DATA_DIR: dataDir, PORT: port(), ...database });
      await waitFor(() => countMedia() >= mediaFiles || interrupted.child.exitCode !== null, 240_000);
      interrupted.child.kill('SIGKILL');
      await interrupted.exited;
    }
    const serverPort = port();
    const server = startServer({ DATA_DIR: dataDir, PORT: serverPort, ...database });
    after(() => server.child.kill('SIGTERM'));
    await waitUntilServing(serverPort, 240_000);
    const fetchText = async (url: string) => (await fetch(url)).text();
    const sitemapIndex = await fetchText(`http://127.0.0.1:${serverPort}/sitemap.xml`);
    const monthSitemaps = [...sitemapIndex.matchAll(/<loc>([^<]+\/sitemaps\/articles-[^<]+)<\/loc>/g)].map((match) => match[1] ?? '');
    const articleUrls = [];
    for (const sitemap of monthSitemaps)
      articleUrls.push(...(await fetchText(new URL(new URL(sitemap).pathname, `http://127.0.0.1:${serverPort}`).href)).matchAll(/<url><loc>/g));
    assert.equal(articleUrls.length, 25);
    const home = await fetch(`http://127.0.0.1:${serverPort}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /The Meridian Courier/);
  });

  it('makes the renditions an image stored before AVIF and the narrow widths lacks, before it answers', async () => {
    const dataDir = temporaryFolder();
    const environment = await databaseEnvironment();
    const mediaDir = path.join(dataDir, 'media');
    const database = await openDatabase(
      environment.DATABASE_URL ? { kind: 'postgres', url: environment.DATABASE_URL } : { kind: 'sqlite', file: path.join(dataDir, 'dateline.sqlite') },
    );
    await migrateToLatest(database.db, database.dialect);
    await insertImage(database.db, { key: 'before-avif', width: 1200, height: 800, alt: 'A quay', createdAt: new Date() });
    await database.close();
    await writeImageRenditions({
      source: await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#30608a' } })
        .jpeg()
        .toBuffer(),
      key: 'before-avif',
      mediaDir,
    });
    for (const file of readdirSync(mediaDir).filter((name) => name.endsWith('.avif') || /-(240|320|640)\./.test(name))) rmSync(path.join(mediaDir, file));
    assert.equal(await hasAllRenditions({ key: 'before-avif', width: 1200, mediaDir }), false);

    const serverPort = port();
    const server = startServer({
      DATA_DIR: dataDir,
      PORT: serverPort,
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_test_startup',
      STRIPE_WEBHOOK_SECRET: 'whsec_startup',
      ...environment,
    });
    after(() => server.child.kill('SIGTERM'));
    await waitUntilServing(serverPort, 60_000);
    assert.equal(await hasAllRenditions({ key: 'before-avif', width: 1200, mediaDir }), true);
    const made = await fetch(`http://127.0.0.1:${serverPort}/media/before-avif-640.avif`);
    assert.deepEqual([made.status, made.headers.get('content-type')], [200, 'image/avif']);
  });

  it('does not load the demo in production', async () => {
    const dataDir = temporaryFolder();
    const serverPort = port();
    const server = startServer({
      DATA_DIR: dataDir,
      PORT: serverPort,
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_test_startup',
      STRIPE_WEBHOOK_SECRET: 'whsec_startup',
      ...(await databaseEnvironment()),
    });
    after(() => server.child.kill('SIGTERM'));
    await waitUntilServing(serverPort, 30_000);
    const sitemap = await (await fetch(`http://127.0.0.1:${serverPort}/sitemap.xml`)).text();
    assert.equal([...sitemap.matchAll(/<loc>/g)].length, 1);
  });
});
