import { hostname } from 'node:os';

type Fields = Record<string, string | number | boolean | null>;

/** The supervisor's log: what it decides about the server processes, one line each. */
export type ProcessLog = {
  info: (message: string, fields?: Fields) => void;
  warn: (message: string, fields?: Fields) => void;
  error: (message: string, fields?: Fields) => void;
};

/**
 * Lines of the same shape as the server processes' (pino's JSON: level, time, pid, hostname, msg),
 * so an operator reads and filters one log; `pid` says which process wrote each line.
 */
export function createProcessLog(write: (line: string) => void = (line) => process.stdout.write(line)): ProcessLog {
  const host = hostname();
  const line =
    (level: number) =>
    (message: string, fields: Fields = {}) =>
      write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, hostname: host, ...fields, msg: message })}\n`);
  return { info: line(30), warn: line(40), error: line(50) };
}
