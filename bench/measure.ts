import path from 'node:path';
import { cpuMicrosecondsOfTree, sampleLargestRss } from './process-cpu.ts';
import type { LoadRequest } from './lua-plan.ts';
import type { Measurement } from './report.ts';
import type { Scenario } from './scenarios.ts';
import { runWrk } from './wrk-load.ts';

export type ServerUnderLoad = {
  url: string;
  /** The server's first process; its workers are found through /proc at each reading. */
  pid: number;
  seconds: number;
  connections: number;
  planDir: string;
  countStatuses: boolean;
};

/**
 * Runs one scenario with wrk (two at once when it has load alongside) and reads the server's CPU
 * time (every process of it) before and after, and its processes' memory throughout.
 */
export async function measureScenario(scenario: Scenario, server: ServerUnderLoad): Promise<Measurement[]> {
  const load = (requests: Scenario['requests'], connections: number, plan: string) =>
    runWrk({
      url: server.url,
      connections,
      durationSeconds: server.seconds,
      requests,
      planFile: path.join(server.planDir, `${plan}.lua`),
      countStatuses: server.countStatuses,
    });
  const rss = sampleLargestRss(server.pid);
  const cpuBefore = cpuMicrosecondsOfTree(server.pid);
  const [main, alongside] = await Promise.all([
    load(scenario.requests, scenario.connections ?? server.connections, 'plan'),
    scenario.alongside ? load(scenario.alongside.requests, server.connections, 'plan-alongside') : undefined,
  ]);
  const cpu = cpuMicrosecondsOfTree(server.pid) - cpuBefore;
  const peakRssMb = rss.stop();
  // With load alongside, the CPU is shared over every request served in the window.
  const served = main.requests + (alongside?.requests ?? 0);
  const serverCpuMicrosecondsPerRequest = served > 0 ? cpu / served : 0;
  const measured: Measurement[] = [
    {
      scenario: scenario.name,
      summary: main,
      serverCpuMicrosecondsPerRequest,
      peakRssMb,
      targets: scenario.targets,
      isComparedWithBound: scenario.kind === 'page',
    },
  ];
  if (scenario.alongside && alongside)
    measured.push({
      scenario: scenario.alongside.name,
      summary: alongside,
      serverCpuMicrosecondsPerRequest,
      peakRssMb,
      targets: {},
      isComparedWithBound: false,
    });
  return measured;
}

/**
 * A run that is not measured: the first render of each article, V8's compiling of the hot paths and
 * the database's page cache belong to start-up, not to the scenario that happens to come first.
 */
export async function warmUp(requests: readonly LoadRequest[], server: ServerUnderLoad): Promise<void> {
  if (requests.length === 0) return;
  await runWrk({
    url: server.url,
    connections: server.connections,
    durationSeconds: server.seconds,
    requests,
    planFile: path.join(server.planDir, 'plan-warm-up.lua'),
  });
  await waitUntilIdle(server.url);
}

/** Waits until the server has finished what the last scenario left queued, so each scenario starts from rest. */
export async function waitUntilIdle(url: string): Promise<void> {
  const settleBy = performance.now() + 60_000;
  while (performance.now() < settleBy) {
    const isHealthy = await fetch(`${url}/healthz`)
      .then(async (response) => {
        await response.arrayBuffer();
        return response.ok;
      })
      .catch(() => false);
    if (isHealthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
