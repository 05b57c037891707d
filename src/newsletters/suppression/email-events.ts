import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { normalizeEmail } from '../../accounts/email-address.ts';
import { readCsvRecords } from '../../readers/reader-csv.ts';
import type { SuppressionReason } from '../newsletter-tables.ts';

/**
 * What an e-mail service reports about a message it carried, in one generic shape (no one
 * service's format): the address and what happened. Hard bounces and complaints stop every
 * newsletter to the address; a soft bounce (a full mailbox, a server down) does not, since the
 * next message may well arrive; deliveries, opens and the like change nothing.
 */
export const emailEventKinds = ['hard-bounce', 'soft-bounce', 'complaint', 'delivered', 'opened', 'deferred'] as const;
export type EmailEventKind = (typeof emailEventKinds)[number];

export const EmailEventSchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    kind: Type.Union(emailEventKinds.map((kind) => Type.Literal(kind))),
    detail: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: true },
);
/** A list, so a service can post a batch; bounded, so one request cannot hold the writer for long. */
export const EmailEventsSchema = Type.Array(EmailEventSchema, { minItems: 1, maxItems: 1000 });
const checkEmailEvents = Compile(EmailEventsSchema);

export type EmailEvent = { email: string; kind: EmailEventKind; detail: string | null };

/** The suppression an event calls for, or null for one that leaves the address mailable. */
export function suppressionReasonOf(kind: EmailEventKind): SuppressionReason | null {
  if (kind === 'hard-bounce') return 'hard-bounce';
  if (kind === 'complaint') return 'complaint';
  return null;
}

/** The events of a parsed body, with addresses normalized as accounts keep them; an address that is no address is a problem. */
export function parseEmailEvents(body: unknown): { events: EmailEvent[] } | { problem: string } {
  if (!checkEmailEvents.Check(body)) {
    const [first] = checkEmailEvents.Errors(body);
    return { problem: first ? `${first.instancePath || 'the body'}: ${first.message}` : 'the body is not a list of events' };
  }
  const events: EmailEvent[] = [];
  for (const [index, event] of body.entries()) {
    const email = normalizeEmail(event.email);
    if (email === null) return { problem: `/${index}/email: not an e-mail address` };
    events.push({ email, kind: event.kind, detail: event.detail ?? null });
  }
  return { events };
}

/**
 * A file of events for the command line: JSON (the webhook's body) or CSV with a header naming
 * `email`, `kind` and optionally `detail`, in any order.
 */
export async function parseEmailEventFile(text: string): Promise<{ events: EmailEvent[] } | { problem: string }> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let body: unknown;
    try {
      body = JSON.parse(trimmed);
    } catch {
      return { problem: 'the file starts like JSON but is not JSON' };
    }
    return parseEmailEvents(body);
  }
  const rows: Record<string, string>[] = [];
  let header: string[] | null = null;
  for await (const record of readCsvRecords([text])) {
    if ('message' in record) return { problem: `line ${record.line}: ${record.message}` };
    if (header === null) {
      header = record.fields.map((field) => field.trim().toLowerCase());
      if (!header.includes('email') || !header.includes('kind')) return { problem: 'the CSV header must name the columns email and kind' };
      continue;
    }
    const names = header;
    if (record.fields.every((field) => field.trim() === '')) continue;
    rows.push(Object.fromEntries(record.fields.map((field, index) => [names[index] ?? `column ${index + 1}`, field.trim()])));
  }
  if (rows.length === 0) return { problem: 'the file holds no events' };
  const events: EmailEvent[] = [];
  for (let start = 0; start < rows.length; start += 1000) {
    const parsed = parseEmailEvents(rows.slice(start, start + 1000).map((row) => (row.detail === '' ? { ...row, detail: undefined } : row)));
    if ('problem' in parsed) return { problem: `rows from ${start + 2}: ${parsed.problem}` };
    events.push(...parsed.events);
  }
  return { events };
}
