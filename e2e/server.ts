import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The demo's pictures, drawn by the pass's first server and copied into the data folders of the
 * servers after it (test/run-e2e.ts names the folder): drawing 25 images in every width and format
 * takes most of a minute, and a server that finds them drawn goes on as a restarted one would.
 */
const drawnDemoMedia = process.env.E2E_DEMO_MEDIA;

export type RunningServer = { url: string; dataDir: string; output: () => string; stop: () => Promise<void> };

/** A port nothing listens on or connects from at this moment: the system's choice for a listener on port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port was given'))));
    });
  });
}

/** Starts the real server with the demo publication in a fresh data folder, as `npm start` does. */
export async function startDemoServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-e2e-'));
  const mediaDir = path.join(dataDir, 'media');
  if (drawnDemoMedia !== undefined && existsSync(drawnDemoMedia)) cpSync(drawnDemoMedia, mediaDir, { recursive: true });
  // A port of the caller's own, or one the system has free now (a random pick could be an outgoing connection's).
  const port = env.PORT ?? String(await freePort());
  const child: ChildProcess = spawn(process.execPath, ['src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: port, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Drawing the demo's 25 lead images in every width and format (AVIF most of it) takes about a minute of processor time.
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not start within 240 seconds');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (drawnDemoMedia !== undefined && !existsSync(drawnDemoMedia)) {
    cpSync(mediaDir, `${drawnDemoMedia}.partial`, { recursive: true });
    renameSync(`${drawnDemoMedia}.partial`, drawnDemoMedia);
  }
  return {
    url,
    dataDir,
    output: () => output,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
