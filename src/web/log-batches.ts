/** Where the server's log lines go: what Fastify's logger takes as its `stream`. */
export type LogBatches = {
  write: (line: string) => void;
  /** Writes out whatever lines are waiting. */
  flush: () => void;
  /** Writes out what waits; from then on each line is written as it comes, as the process is about to end. */
  stop: () => void;
};

/**
 * Log lines written in batches: one line a request, written on its own, costs a system call a
 * request on the page path. Lines wait at most `flushAfterMs`, or until
 * `largestBatch` characters have gathered, and go out together. Whatever waits is written when the
 * process exits (standard output is written synchronously to a file or a pipe on Linux, so the
 * lines reach it before the process ends), and when the app closes, after which lines go out one by one.
 */
export function createLogBatches({
  writeOut = (text: string) => void process.stdout.write(text),
  flushAfterMs = 50,
  largestBatch = 64 * 1024,
}: {
  writeOut?: (text: string) => void;
  flushAfterMs?: number;
  largestBatch?: number;
} = {}): LogBatches {
  let waiting = '';
  let timer: NodeJS.Timeout | null = null;
  let isStopped = false;
  const flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (waiting === '') return;
    const text = waiting;
    waiting = '';
    writeOut(text);
  };
  process.on('exit', flush);
  return {
    write(line) {
      if (isStopped) return writeOut(line);
      waiting += line;
      if (waiting.length >= largestBatch) flush();
      else timer ??= setTimeout(flush, flushAfterMs).unref();
    },
    flush,
    stop() {
      isStopped = true;
      flush();
      process.off('exit', flush);
    },
  };
}
