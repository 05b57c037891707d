import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

/**
 * `npm start` with two server processes on one SQLite file, as an operator runs it: the processes
 * serve, one killed is replaced, and SIGTERM drains them all. Processes, not data, are under test,
 * so both passes run it on SQLite.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-supervise-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

type Line = { pid: number; msg: string; worker?: number; runsJobLoop?: boolean };

function startPrimary(port: number) {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '2',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SECRET: 'supervision-test-secret-long-enough-to-pass',
      STRIPE_SECRET_KEY: 'sk_test_supervision',
      STRIPE_WEBHOOK_SECRET: 'whsec_supervision',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as Line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  after(() => child.kill('SIGKILL'));
  return { child, lines, exited };
}

async function waitFor<Found>(find: () => Found | undefined, what: string): Promise<Found> {
  for (let waited = 0; waited < 120_000; waited += 50) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`waited two minutes for ${what}`);
}

describe('npm start with two server processes', () => {
  it('serves from both, replaces one killed (the job loop with it), and drains them all on SIGTERM', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const primary = startPrimary(port);
    const serving = () => primary.lines.filter((line) => line.pid === primary.child.pid && line.msg.includes(' serving on port '));
    const [first, second] = await waitFor(() => (serving().length >= 2 ? serving() : undefined), 'two server processes');
    assert.ok(first && second);
    assert.notEqual(first.worker, second.worker);
    assert.deepEqual([first, second].map((line) => line.runsJobLoop).sort(), [false, true], 'one of them runs the job loop');

    const answeredBy = new Set<number>();
    for (let request = 0; request < 20; request += 1) {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    }
    for (const line of primary.lines) if (line.msg === 'answered' && line.pid !== primary.child.pid) answeredBy.add(line.pid);
    assert.equal(answeredBy.size, 2, 'both processes answered');

    const jobLoopRunner = [first, second].find((line) => line.runsJobLoop);
    assert.ok(jobLoopRunner?.worker);
    process.kill(jobLoopRunner.worker, 'SIGKILL');
    const replacement = await waitFor(() => serving()[2], 'a replacement');
    assert.ok(replacement.worker !== first.worker && replacement.worker !== second.worker);
    assert.equal(replacement.runsJobLoop, true, 'the replacement takes the job loop over');
    assert.ok(primary.lines.some((line) => line.msg === `Server process ${jobLoopRunner.worker} died (SIGKILL); starting another`));

    primary.child.kill('SIGTERM');
    assert.equal(await primary.exited, 0);
    const drained = primary.lines.filter((line) => line.msg === 'Drained and stopped').map((line) => line.pid);
    assert.deepEqual(drained.sort(), [replacement.worker, first.worker === jobLoopRunner.worker ? second.worker : first.worker].sort());
    assert.equal(primary.lines.at(-1)?.msg, 'Every server process has stopped');
  });
});
