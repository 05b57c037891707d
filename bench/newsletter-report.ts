import { type Check, formatChecks, markdownTable } from './report.ts';

/** What issue 19 asks of a send to 100,000 readers, each judged in the run's own terms. */
export const newsletterTargets = { minRatio: 0.5, maxPeakRssMb: 250, rssJudgedFromRecipients: 100_000 } as const;

/** One sending as measured: the sender process's own figures and what the sink took meanwhile. */
export type SendingPhase = {
  label: string;
  /** Recipients the phase set out to mail. */
  recipients: number;
  /** Messages, and their bytes, the sink took between the phase's start and end. */
  received: number;
  receivedBytes: number;
  /** From the first message given to the pool (the bound) or from queueing the send (Dateline) to the last one taken. */
  wallMs: number;
  /** Dateline's queueing of the send (queueSend), part of wallMs; null for the bound, which has no queue. */
  queueMs: number | null;
  /** CPU time (user + system) over the phase, in microseconds, of the sender process and of the sink's. */
  senderCpuMicroseconds: number;
  sinkCpuMicroseconds: number;
  /** The sender process's peak resident set (VmHWM); null when not measured (the bound). */
  senderPeakRssMb: number | null;
};

export type NewsletterRow = {
  label: string;
  received: number;
  seconds: number;
  messagesPerSecond: number;
  /** The same without the queueing: how fast the senders drained the queue. */
  sendingPerSecond: number | null;
  queueSeconds: number | null;
  ratioToBound: number | null;
  senderCores: number;
  sinkCores: number;
  peakRssMb: number | null;
  meanMessageKb: number;
  checks: Check[];
};

const roundTo = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** CPU time over a wall time, in cores: near 1 means that process was the limit. */
export function coresOf(cpuMicroseconds: number, wallMs: number): number {
  return wallMs > 0 ? roundTo(cpuMicroseconds / (wallMs * 1000), 2) : 0;
}

export function messagesPerSecondOf(messages: number, ms: number): number {
  return ms > 0 ? Math.round((messages * 1000) / ms) : 0;
}

/**
 * Judges one phase: every recipient's message arrived; Dateline's end-to-end rate (queueing
 * included) is at least half the bound's; its sender held at most 250 MB, judged at 100,000 recipients.
 */
export function newsletterRowOf(phase: SendingPhase, { bound }: { bound: number | null }): NewsletterRow {
  const messagesPerSecond = messagesPerSecondOf(phase.received, phase.wallMs);
  const isDateline = phase.queueMs !== null;
  const ratio = isDateline && bound !== null && bound > 0 ? roundTo(messagesPerSecond / bound, 2) : null;
  const checks: Check[] = [{ label: `${phase.recipients} received`, isMet: phase.received === phase.recipients }];
  if (isDateline) {
    checks.push({ label: `≥ ${newsletterTargets.minRatio}`, isMet: ratio !== null && ratio >= newsletterTargets.minRatio });
    const isJudged = phase.recipients >= newsletterTargets.rssJudgedFromRecipients;
    const limit = `RSS ≤ ${newsletterTargets.maxPeakRssMb} MB`;
    checks.push({
      label: isJudged ? limit : `${limit} at ${newsletterTargets.rssJudgedFromRecipients.toLocaleString('en-US')} recipients`,
      isMet: isJudged ? phase.senderPeakRssMb !== null && phase.senderPeakRssMb <= newsletterTargets.maxPeakRssMb : null,
    });
  }
  const sendingMs = phase.queueMs === null ? null : phase.wallMs - phase.queueMs;
  return {
    label: phase.label,
    received: phase.received,
    seconds: roundTo(phase.wallMs / 1000, 1),
    messagesPerSecond,
    sendingPerSecond: sendingMs === null ? null : messagesPerSecondOf(phase.received, sendingMs),
    queueSeconds: phase.queueMs === null ? null : roundTo(phase.queueMs / 1000, 2),
    ratioToBound: ratio,
    senderCores: coresOf(phase.senderCpuMicroseconds, phase.wallMs),
    sinkCores: coresOf(phase.sinkCpuMicroseconds, phase.wallMs),
    peakRssMb: phase.senderPeakRssMb,
    meanMessageKb: phase.received > 0 ? roundTo(phase.receivedBytes / phase.received / 1024, 1) : 0,
    checks,
  };
}

const shown = (value: number | null) => (value === null ? '' : String(value));

/** One Markdown row a phase: the bound's runs and Dateline's on each database. */
export function formatNewsletterTable(rows: readonly NewsletterRow[]): string {
  return markdownTable(
    [
      'run',
      'messages',
      'wall s',
      'msg/s',
      'ratio to bound',
      'queueing s',
      'msg/s after queueing',
      'sender CPU (cores)',
      'sink CPU (cores)',
      'peak RSS MB',
      'message KB',
      'target',
    ],
    [false, true, true, true, true, true, true, true, true, true, true, false],
    rows.map((row) => [
      row.label,
      String(row.received),
      String(row.seconds),
      String(row.messagesPerSecond),
      shown(row.ratioToBound),
      shown(row.queueSeconds),
      shown(row.sendingPerSecond),
      String(row.senderCores),
      String(row.sinkCores),
      shown(row.peakRssMb),
      String(row.meanMessageKb),
      formatChecks(row.checks),
    ]),
  );
}
