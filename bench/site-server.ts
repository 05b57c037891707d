import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { memoryOfTree } from './process-cpu.ts';
import { spawnNode, startScriptArgs, waitUntilServing } from './server-process.ts';

export type SiteServer = {
  child: ChildProcess;
  pid: number;
  url: string;
  /** From spawning to the first article page served. */
  startupMs: number;
  /** Each server process's RSS a second after the first page was served, in MB. */
  restingRssMb: number[];
};

/** A port nothing listens on now, from the kernel: a random one could be a client's, with wrk's many connections about. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/**
 * Starts the real server as `npm start` runs it, in production mode, with WEB_CONCURRENCY server
 * processes (given always: in production its default is one per core), and waits for a first page.
 */
export async function startSiteServer({
  dataDir,
  processes,
  secret,
  firstPage,
  databaseUrl,
  profileDir,
  root,
}: {
  dataDir: string;
  processes: number;
  secret: string;
  firstPage: string;
  databaseUrl?: string;
  profileDir?: string;
  /** The checkout whose server is started (bench/compare.ts starts an earlier revision's); this one's unless given. */
  root?: string;
}): Promise<SiteServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // --profile DIR writes a V8 CPU profile of each server process to DIR, to see where the time goes.
  const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const logFile = path.join(dataDir, `server-${processes}.log`);
  const started = performance.now();
  const { child } = spawnNode(
    [...profileArgs, ...startScriptArgs(root)],
    {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SECRET: secret,
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_WEBHOOK_SECRET: 'whsec_bench',
      WEB_CONCURRENCY: String(processes),
      // Every search comes from this one address: lift the per-address limit so search is measured, not refused.
      SEARCH_RATE_LIMIT: '1000000',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    logFile,
    root,
  );
  if (child.pid === undefined) throw new Error('the server did not start');
  let isServing = false;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => {
      if (isServing) return;
      const logTail = readFileSync(logFile, 'utf8').split('\n').slice(-5).join('\n');
      reject(new Error(`the server exited with ${code} before serving a page; its log ends:\n${logTail}`));
    }),
  );
  const startupMs = await Promise.race([waitUntilServing(`${url}${firstPage}`, { since: started }), exited]);
  isServing = true;
  // A second before reading memory at rest: with several processes the others may still be starting.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { child, pid: child.pid, url, startupMs, restingRssMb: memoryOfTree(child.pid).map((entry) => entry.rssMb) };
}
