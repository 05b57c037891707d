import type { Kysely } from 'kysely';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Dialect } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';
import { signNewsletterToken, type NewsletterLinkKey } from '../newsletter-link.ts';
import type { DeliveryVariant, NewsletterAudience } from '../newsletter-tables.ts';
import { listUnsubscribeHeaders, signPreferencesToken, signUnsubscribeToken, type PreferencesLinkKey } from '../preferences-link.ts';
import { claimDeliveries, recordFailure, recordNotMailed, recordSent, releaseClaims, type ClaimedDelivery } from './delivery-queue.ts';
import { decideAfterFailure, newsletterLinkLifetimeMs } from './delivery-rules.ts';
import type { NewsletterTransport } from './smtp-transport.ts';
import { finishSends } from './queue-send.ts';

/** One recipient's links, as the edition's personalising fills them in. */
export type RecipientLinks = { newsletterToken: (articleId: number) => string; unsubscribeUrl: string; preferencesUrl: string };

/** One recipient's message, before it is composed as MIME. */
export type NewsletterCopy = { subject: string; html: string; text: string; from: { name: string; address: string } };

/**
 * A send made ready to mail: rendered once per variant (on first use), so each recipient costs a
 * string substitution, not a rendering.
 */
export type PreparedSend = {
  newsletterId: number;
  audience: NewsletterAudience;
  copyFor: (variant: DeliveryVariant, links: RecipientLinks) => NewsletterCopy;
};

/** Where a sender gets its sends' editions and its recipients' entitlement: the edition part, or a stand-in in tests. */
export type EditionSource = {
  /** Null when the send's edition can no longer be made (the send or an article is gone). */
  prepare: (sendId: number, now: Date) => Promise<PreparedSend | null>;
  entitled: (accountIds: readonly number[], now: Date) => Promise<Set<number>>;
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
 * A sender's state between batches: its prepared sends. Several senders (processes, instances)
 * each have their own; they share only the queue.
 */
export function createSenderState(): { prepared: Map<number, Promise<PreparedSend | null>> } {
  return { prepared: new Map() };
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
      const outcome = await sendOne(sender, state, delivery, entitled.has(delivery.accountId));
      result[outcome] += 1;
    }
  };
  // Every worker finishes before the batch answers, even when one fails: the next batch must not overlap this one.
  const settled = await Promise.allSettled(Array.from({ length: Math.min(concurrency, claimed.length) }, work));
  if (pending.length > 0) await releaseClaims(sender.db, pending.splice(0));
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
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
  isEntitled: boolean,
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
  if (send.audience === 'subscribers' && !isEntitled) {
    await recordNotMailed(sender.db, delivery, 'not a subscriber when the edition went out');
    return 'notMailed';
  }
  const variant: DeliveryVariant = isEntitled ? 'full' : 'preview';
  const expiresAt = new Date(now.getTime() + newsletterLinkLifetimeMs);
  const leave = sender.pages.unsubscribeUrl(
    sender.siteUrl,
    signUnsubscribeToken({ accountId: delivery.accountId, newsletterId: send.newsletterId }, sender.preferencesLinkKey),
  );
  const copy = send.copyFor(variant, {
    newsletterToken: (articleId) => signNewsletterToken({ articleId, deliveryId: delivery.id, expiresAt }, sender.newsletterLinkKey),
    unsubscribeUrl: leave.href,
    preferencesUrl: sender.pages.preferencesUrl(sender.siteUrl, signPreferencesToken({ accountId: delivery.accountId }, sender.preferencesLinkKey)).href,
  });
  const raw = await new MailComposer({
    from: copy.from,
    to: delivery.email,
    subject: copy.subject,
    html: copy.html,
    text: copy.text,
    // One Message-ID per delivery, the same on every try: a receiving system that drops repeats of an id drops ours.
    messageId: `<newsletter-delivery-${delivery.id}@${sender.siteUrl.hostname || 'localhost'}>`,
    headers: listUnsubscribeHeaders(leave),
  })
    .compile()
    .build();
  const outcome = await sender.transport.send({ from: copy.from.address, to: delivery.email, raw }, () =>
    recordSent(sender.db, delivery, { variant, now: new Date() }),
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
