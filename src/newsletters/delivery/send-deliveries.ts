import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';
import { signNewsletterToken, type NewsletterLinkKey } from '../newsletter-link.ts';
import type { DeliveryVariant, NewsletterAudience } from '../newsletter-tables.ts';
import { listUnsubscribeHeaders, signPreferencesToken, signUnsubscribeToken, type PreferencesLinkKey } from '../preferences-link.ts';
import type { MimeRecipient } from './edition-mime.ts';
import { claimDeliveries, type HandedOver, recordFailure, recordNotMailed, recordSent, releaseClaims, type ClaimedDelivery } from './delivery-queue.ts';
import { decideAfterFailure, newsletterLinkLifetimeMs } from './delivery-rules.ts';
import type { NewsletterTransport } from './smtp-transport.ts';
import { finishSends } from './queue-send.ts';
import type { Reader } from '../../access/reader.ts';
import { variantOf } from '../edition/entitlement.ts';

/**
 * A send made ready to mail: rendered and composed as MIME once per variant (on first use), so each
 * recipient costs their headers and the encoding of their links, not a rendering or a composition.
 */
export type PreparedSend = {
  newsletterId: number;
  audience: NewsletterAudience;
  /** The tiers (slugs) the send's articles require: only a reader holding them all gets the full copy. */
  requiredTiers: readonly string[];
  messageFor: (variant: DeliveryVariant, recipient: MimeRecipient) => { envelopeFrom: string; raw: Buffer };
};

/** Where a sender gets its sends' editions and its recipients' entitlement: the edition part, or a stand-in in tests. */
export type EditionSource = {
  /** Null when the send's edition can no longer be made (the send or an article is gone). */
  prepare: (sendId: number, now: Date) => Promise<PreparedSend | null>;
  /** The entitled among these accounts, as the readers they are (with their tiers). */
  entitled: (accountIds: readonly number[], now: Date) => Promise<ReadonlyMap<number, Reader>>;
};

/**
 * The addresses of the session-less pages a message links to, for a token: the one-click
 * unsubscribe and the preferences. The site's paths are the shell's to know (src/http/newsletter-paths.ts),
 * so the start-up hands them in.
 */
export type NewsletterPages = { unsubscribeUrl: (siteUrl: URL, token: string) => URL; preferencesUrl: (siteUrl: URL, token: string) => URL };

export type Sender = {
  db: Kysely<Tables>;
  dialect: Dialect;
  transport: NewsletterTransport;
  editions: EditionSource;
  siteUrl: URL;
  pages: NewsletterPages;
  newsletterLinkKey: NewsletterLinkKey;
  preferencesLinkKey: PreferencesLinkKey;
  leaseMs: number;
};

export type BatchResult = { claimed: number; sent: number; failed: number; retrying: number; notMailed: number };

/** Prepared sends a sender keeps between batches; a send being mailed is almost always the one the next batch holds too. */
const preparedKept = 8;

/**
 * Records hand-overs as sent and lets their dots go (docs/decisions/0036). The hand-overs that arrive
 * in one turn of the event loop, or while a group is being recorded, go together: one transaction,
 * one UPDATE guarded by each claim's lease. Once the UPDATE has answered, the COMMIT is sent to the
 * database and each recorded message's final dot to its SMTP server in the same turn, with nothing
 * between them that waits. A kill before both are written leaves the transaction uncommitted (the
 * database rolls it back when the connection drops) and the messages incomplete; once both are
 * written the kernel delivers them though the process is gone. Committing first and only then
 * writing the dot left, on PostgreSQL, the commit's round trip between the two, where a kill lost the
 * message while its row said sent; it also kept each message waiting for the commit's flush to disk.
 * SQLite commits in-process, so there the UPDATE commits on its own and the dots follow it.
 */
function createSentRecorder(
  db: Kysely<Tables>,
  dialect: Dialect,
  reportError: (error: unknown) => void,
): { record: (delivery: HandedOver) => Promise<boolean>; committed: () => Promise<void> } {
  let waiting: { delivery: HandedOver; resolve: (isRecorded: boolean) => void; reject: (error: unknown) => void }[] = [];
  let isRecording = false;
  const committing = new Set<Promise<unknown>>();
  const recordWaiting = async () => {
    const group = waiting;
    waiting = [];
    const deliveries = group.map((entry) => entry.delivery);
    const now = new Date();
    try {
      if (dialect === 'sqlite') {
        // SQLite commits in this process, before the statement returns: the dots follow in the same turn.
        const recorded = await recordSent(db, deliveries, { now });
        for (const entry of group) entry.resolve(recorded.has(entry.delivery.id));
        return;
      }
      const transaction = await db.startTransaction().execute();
      const recorded = await recordSent(transaction, deliveries, { now }).catch(async (error: unknown) => {
        await transaction.rollback().execute();
        throw error;
      });
      const committed = transaction.commit().execute();
      for (const entry of group) entry.resolve(recorded.has(entry.delivery.id));
      // Those messages are complete now. A COMMIT that fails after its UPDATE succeeded (the database
      // going away at that moment) gets one more try on its own; failing that, they would be mailed
      // again when their lease runs out.
      const settled = committed.catch((error: unknown) =>
        recordSent(
          db,
          deliveries.filter((delivery) => recorded.has(delivery.id)),
          { now },
        ).catch(() => reportError(error)),
      );
      committing.add(settled);
      void settled.finally(() => committing.delete(settled));
    } catch (error) {
      for (const entry of group) entry.reject(error);
    } finally {
      if (waiting.length > 0) setImmediate(recordWaiting);
      else isRecording = false;
    }
  };
  return {
    record: (delivery) =>
      new Promise<boolean>((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        if (isRecording) return;
        isRecording = true;
        setImmediate(recordWaiting);
      }),
    committed: async () => {
      await Promise.all(committing);
    },
  };
}

/**
 * A sender's state between batches: its prepared sends and its recorder of hand-overs. Several
 * senders (processes, instances) each have their own; they share only the queue.
 */
export function createSenderState(
  db: Kysely<Tables>,
  { dialect, reportError }: { dialect: Dialect; reportError: (error: unknown) => void },
): {
  prepared: Map<number, Promise<PreparedSend | null>>;
  recorder: ReturnType<typeof createSentRecorder>;
} {
  return { prepared: new Map(), recorder: createSentRecorder(db, dialect, reportError) };
}

/**
 * Claims one batch and mails it, `concurrency` messages at a time. Each message is recorded sent
 * at its hand-over, before the SMTP transaction's final dot (docs/decisions/0036). When
 * `isStopping` turns true the deliveries not yet begun are handed back to the queue.
 */
export async function sendBatch(
  sender: Sender,
  state: ReturnType<typeof createSenderState>,
  { limit, concurrency, isStopping = () => false }: { limit: number; concurrency: number; isStopping?: () => boolean },
): Promise<BatchResult> {
  const claimedAt = new Date();
  const claimed = await claimDeliveries(sender.db, sender.dialect, { now: claimedAt, leaseMs: sender.leaseMs, limit });
  const result: BatchResult = { claimed: claimed.length, sent: 0, failed: 0, retrying: 0, notMailed: 0 };
  if (claimed.length === 0) return result;
  const entitled = await sender.editions.entitled(
    claimed.map((delivery) => delivery.accountId),
    claimedAt,
  );
  const pending = [...claimed];
  const work = async () => {
    for (let delivery = pending.shift(); delivery !== undefined; delivery = pending.shift()) {
      if (isStopping()) {
        pending.unshift(delivery);
        return;
      }
      const outcome = await sendOne(sender, state, delivery, entitled.get(delivery.accountId));
      result[outcome] += 1;
    }
  };
  // Every worker finishes before the batch answers, even when one fails: the next batch must not overlap this one.
  const settled = await Promise.allSettled(Array.from({ length: Math.min(concurrency, claimed.length) }, work));
  if (pending.length > 0) await releaseClaims(sender.db, pending.splice(0));
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  // A send is finished only when the last of its records is committed, not just its dot written.
  await state.recorder.committed();
  await finishSends(sender.db, new Date(), [...new Set(claimed.map((delivery) => delivery.sendId))]);
  if (state.prepared.size > preparedKept) {
    const [oldest] = state.prepared.keys();
    if (oldest !== undefined) state.prepared.delete(oldest);
  }
  return result;
}

async function sendOne(
  sender: Sender,
  state: ReturnType<typeof createSenderState>,
  delivery: ClaimedDelivery,
  entitledReader: Reader | undefined,
): Promise<'sent' | 'failed' | 'retrying' | 'notMailed'> {
  const now = new Date();
  if (delivery.isSuppressed || delivery.email === '') {
    await recordNotMailed(sender.db, delivery, 'the address is suppressed');
    return 'notMailed';
  }
  let prepared = state.prepared.get(delivery.sendId);
  if (prepared === undefined) {
    prepared = sender.editions.prepare(delivery.sendId, now);
    state.prepared.set(delivery.sendId, prepared);
    // A failure to load (the database away for a moment) is not kept: the next batch tries again.
    prepared.catch(() => state.prepared.delete(delivery.sendId));
  }
  const send = await prepared;
  if (send === null) {
    await recordFailure(sender.db, delivery, {
      outcome: { status: 'failed', error: 'the edition could not be made: an article is no longer published' },
      wasRecordedSent: false,
    });
    return 'failed';
  }
  if (send.audience === 'subscribers' && entitledReader === undefined) {
    await recordNotMailed(sender.db, delivery, 'not a subscriber when the edition went out');
    return 'notMailed';
  }
  const variant = variantOf(entitledReader, send.requiredTiers);
  const expiresAt = new Date(now.getTime() + newsletterLinkLifetimeMs);
  const leave = sender.pages.unsubscribeUrl(
    sender.siteUrl,
    signUnsubscribeToken({ accountId: delivery.accountId, newsletterId: send.newsletterId }, sender.preferencesLinkKey),
  );
  const { envelopeFrom, raw } = send.messageFor(variant, {
    to: delivery.email,
    // One Message-ID per delivery, the same on every try: a receiving system that drops repeats of an id drops ours.
    messageId: `<newsletter-delivery-${delivery.id}@${sender.siteUrl.hostname || 'localhost'}>`,
    date: now,
    headers: listUnsubscribeHeaders(leave),
    links: {
      newsletterToken: (articleId) => signNewsletterToken({ articleId, deliveryId: delivery.id, expiresAt }, sender.newsletterLinkKey),
      unsubscribeUrl: leave.href,
      preferencesUrl: sender.pages.preferencesUrl(sender.siteUrl, signPreferencesToken({ accountId: delivery.accountId }, sender.preferencesLinkKey)).href,
    },
  });
  const outcome = await sender.transport.send({ from: envelopeFrom, to: delivery.email, raw }, () =>
    state.recorder.record({ id: delivery.id, leaseUntil: delivery.leaseUntil, variant }),
  );
  if (outcome.kind === 'sent') return 'sent';
  // Another sender holds the delivery now (this one's lease ran out): it is theirs to send.
  if (outcome.kind === 'abandoned') return 'retrying';
  // The dot was written and the connection broke before the reply: the server may well have the
  // message, and sending it again could mail the reader twice, so it stays sent.
  if (outcome.isHandedOver && outcome.failure.responseCode === null) return 'sent';
  const decided = decideAfterFailure(outcome.failure, { attempts: delivery.attempts, now: new Date() });
  await recordFailure(sender.db, delivery, { outcome: decided, wasRecordedSent: outcome.isHandedOver });
  return decided.status === 'failed' ? 'failed' : 'retrying';
}
