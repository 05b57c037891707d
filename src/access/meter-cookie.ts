import { createHmac, createSecretKey, randomFillSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { maximumMeterLimit } from './access-settings.ts';
import { isPeriod, type Meter } from './meter.ts';

/**
 * The anonymous reader's meter lives in their browser: the period and the ids read, signed with a
 * key derived from the server secret, so a read costs no database write and no reader can grant
 * themselves more. Anything that does not verify exactly reads as no meter at all.
 *
 * The cookie also names the browser: a random visitor id (the insights ledger's anonymous reader,
 * never linked to a person) and the experiment variants it was assigned, signed with the meter so
 * that no reader can choose their variant. The visitor id is outside the signature: it grants
 * nothing (a reader who changes it is a new browser to the ledger, as one who clears their cookies
 * is), and leaving it out lets every new reader of an article share one signature, worked out once,
 * where signing each new browser's cookie cost a page several per cent.
 *
 * Format: m3.<YYYY-MM>.<ids in base 36, ascending, joined by "-">.<visitor id>.<assignments>.<signature>,
 * an assignment being <experiment id in base 36>_<variant key>, ascending by experiment, joined by
 * "-", and the signature the HMAC-SHA256 (base64url) of the cookie without the visitor id and the
 * signature: m3.<YYYY-MM>.<ids>.<assignments>. Cookies of the earlier formats are still read, so a
 * meter set before a change keeps counting: m2 (the same, signed with the visitor id) and m1 (no visitor).
 */
export const meterCookieName = 'dl_meter';

/** One experiment's variant for this browser. */
export type VariantAssignment = { experimentId: number; variant: string };

/** Who the browser is to the insights ledger and the experiments: a random id and its assignments. */
export type Visitor = { id: string; assignments: readonly VariantAssignment[] };

export type MeterCookie = { meter: Meter; visitor: Visitor | null };

export const maximumAssignments = 20;
const variantKeyPattern = /^[a-z0-9]{1,12}$/;
const maximumCookieLength = 20 + maximumMeterLimit * 8 + 24 + maximumAssignments * 21 + 44;
const m1Pattern = /^m1\.(\d{4}-\d{2})\.([0-9a-z]{1,11}(?:-[0-9a-z]{1,11})*)?\.([A-Za-z0-9_-]{43})$/;
const visitorPattern =
  /^(m[23])\.(\d{4}-\d{2})\.([0-9a-z]{1,11}(?:-[0-9a-z]{1,11})*)?\.([A-Za-z0-9_-]{22})\.([0-9a-z]{1,11}_[a-z0-9]{1,12}(?:-[0-9a-z]{1,11}_[a-z0-9]{1,12})*)?\.([A-Za-z0-9_-]{43})$/;

export type MeterCookieKey = {
  // A KeyObject rather than bytes: an HMAC keyed with one is several times cheaper to start.
  secret: KeyObject;
  /**
   * Signatures of recent payloads. When a story spreads, thousands of new readers carry the same
   * first-read meter; its signature is worked out once.
   */
  signatures: LRUCache<string, string>;
};

/** A key for meter cookies alone, derived from the server secret. */
export function deriveMeterCookieKey(secret: string): MeterCookieKey {
  return {
    secret: createSecretKey(createHmac('sha256', secret).update('dateline/meter-cookie/v1').digest()),
    signatures: new LRUCache({ max: 10_000 }),
  };
}

const visitorIdBytes = 16;
/**
 * Random bytes for visitor ids, drawn 4 KiB at a time: every new reader's first page needs an id,
 * and a draw from the system's generator for each cost more than the rest of the id's work. Each
 * byte is handed out once.
 */
const entropy = { pool: Buffer.alloc(visitorIdBytes * 256), used: visitorIdBytes * 256 };

/** A browser seen for the first time: a random id, 128 bits, and no assignments yet. */
export function newVisitor(): Visitor {
  if (entropy.used + visitorIdBytes > entropy.pool.length) {
    randomFillSync(entropy.pool);
    entropy.used = 0;
  }
  const id = entropy.pool.toString('base64url', entropy.used, entropy.used + visitorIdBytes);
  entropy.used += visitorIdBytes;
  return { id, assignments: [] };
}

/** Whether a visitor can be written into the cookie as it is: a well-formed id and variant keys, experiments ascending. */
export function isWritableVisitor(visitor: Visitor): boolean {
  if (!/^[A-Za-z0-9_-]{22}$/.test(visitor.id) || visitor.assignments.length > maximumAssignments) return false;
  return visitor.assignments.every(
    ({ experimentId, variant }, index) =>
      Number.isSafeInteger(experimentId) &&
      experimentId > 0 &&
      variantKeyPattern.test(variant) &&
      experimentId > (visitor.assignments[index - 1]?.experimentId ?? 0),
  );
}

function sign(key: MeterCookieKey, payload: string): string {
  let signature = key.signatures.get(payload);
  if (signature === undefined) {
    signature = createHmac('sha256', key.secret).update(payload).digest('base64url');
    key.signatures.set(payload, signature);
  }
  return signature;
}

function isSignedBy(key: MeterCookieKey, payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function encodeMeterCookie({ meter, visitor }: { meter: Meter; visitor: Visitor }, key: MeterCookieKey): string {
  if (!isWritableVisitor(visitor)) throw new Error('A visitor with a malformed id or assignments cannot be written into the meter cookie');
  const ids = meter.articleIds.map((id) => id.toString(36)).join('-');
  const assignments = visitor.assignments.map(({ experimentId, variant }) => `${experimentId.toString(36)}_${variant}`).join('-');
  return `m3.${meter.period}.${ids}.${visitor.id}.${assignments}.${sign(key, `m3.${meter.period}.${ids}.${assignments}`)}`;
}

function articleIdsOf(ids: string): number[] | null {
  const articleIds = ids === '' ? [] : ids.split('-').map((id) => Number.parseInt(id, 36));
  if (articleIds.length > maximumMeterLimit) return null;
  for (const [index, id] of articleIds.entries()) {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const previous = articleIds[index - 1];
    if (previous !== undefined && previous >= id) return null;
  }
  return articleIds;
}

function assignmentsOf(text: string): VariantAssignment[] | null {
  if (text === '') return [];
  const assignments = text.split('-').map((part) => {
    const [id = '', variant = ''] = part.split('_');
    return { experimentId: Number.parseInt(id, 36), variant };
  });
  return assignments.length <= maximumAssignments ? assignments : null;
}

/** What a cookie carries, or null for a cookie that is missing, forged, reordered or malformed. */
export function decodeMeterCookie(value: string | undefined, key: MeterCookieKey): MeterCookie | null {
  if (value === undefined || value.length > maximumCookieLength) return null;
  const withVisitor = visitorPattern.exec(value);
  if (withVisitor) {
    const [, format = '', period = '', ids = '', visitorId = '', assignmentText = '', signature = ''] = withVisitor;
    const signed = format === 'm3' ? `m3.${period}.${ids}.${assignmentText}` : `m2.${period}.${ids}.${visitorId}.${assignmentText}`;
    if (!isSignedBy(key, signed, signature) || !isPeriod(period)) return null;
    const articleIds = articleIdsOf(ids);
    const assignments = assignmentsOf(assignmentText);
    if (articleIds === null || assignments === null) return null;
    const visitor = { id: visitorId, assignments };
    return isWritableVisitor(visitor) ? { meter: { period, articleIds }, visitor } : null;
  }
  const m1 = m1Pattern.exec(value);
  if (!m1) return null;
  const [, period = '', ids = '', signature = ''] = m1;
  if (!isSignedBy(key, `m1.${period}.${ids}`, signature) || !isPeriod(period)) return null;
  const articleIds = articleIdsOf(ids);
  return articleIds === null ? null : { meter: { period, articleIds }, visitor: null };
}
