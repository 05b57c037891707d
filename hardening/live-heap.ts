/**
 * What a server process's JavaScript heap holds once everything unreachable is collected, read
 * through the inspector the process was started with (`--inspect=127.0.0.1:PORT`). Resident memory
 * also counts garbage V8 has not yet collected, and V8 collects late when it has room: two runs of
 * the same check grew one server 41 MB and the next 88 MB. A leak is what survives a full collection.
 */
export type LiveHeap = { megabytes: () => Promise<number>; close: () => void };

type InspectorAnswer = { id: number; result?: { result?: { value?: unknown } }; error?: { message: string } };

export async function openLiveHeap(inspectorPort: number): Promise<LiveHeap> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const address = targets[0]?.webSocketDebuggerUrl;
  if (address === undefined) throw new Error(`no inspector target on port ${inspectorPort}`);
  const socket = new WebSocket(address);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`could not reach the inspector at ${address}`)), { once: true });
  });
  let nextId = 0;
  const waiting = new Map<number, (answer: InspectorAnswer) => void>();
  socket.addEventListener('message', (message) => {
    const answer = JSON.parse(String(message.data)) as InspectorAnswer;
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  const ask = (method: string, params: Record<string, unknown> = {}): Promise<InspectorAnswer> => {
    nextId += 1;
    const id = nextId;
    const answered = new Promise<InspectorAnswer>((resolve) => waiting.set(id, resolve));
    socket.send(JSON.stringify({ id, method, params }));
    return answered.then((answer) => {
      if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
      return answer;
    });
  };
  return {
    async megabytes() {
      // Twice: objects with finalizers or weak references are freed only by a second collection.
      await ask('HeapProfiler.collectGarbage');
      await ask('HeapProfiler.collectGarbage');
      // The heap and what lives outside it (buffers, a driver's native memory), as the process itself counts them.
      const answer = await ask('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      const { heapUsed, external } = JSON.parse(String(answer.result?.result?.value)) as { heapUsed: number; external: number };
      return Math.round((heapUsed + external) / 1024 / 1024);
    },
    close: () => socket.close(),
  };
}
