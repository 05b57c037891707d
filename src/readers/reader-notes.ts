import type { Account } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../errors/domain-error.ts';
import { recordAudit } from '../newsroom/audit-log.ts';

/** A desk note on a reader, with who wrote it. */
export type ReaderNote = {
  id: number;
  accountId: number;
  text: string;
  createdAt: Date;
  /** The writer's name (or address); null for a note imported with the reader or whose writer has left. */
  authorName: string | null;
};

export const maximumNoteLength = 5_000;

export class InvalidReaderNoteError extends DomainError {
  override name = 'InvalidReaderNoteError';
  constructor(message: string) {
    super(message, { kind: 'invalid', field: 'text' });
  }
}

/** A note as the desk typed it: trimmed, not blank, not longer than a page. */
export function parseNoteText(raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw new InvalidReaderNoteError('Write the note before adding it.');
  if (text.length > maximumNoteLength)
    throw new InvalidReaderNoteError(
      `A note may be at most ${maximumNoteLength.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`,
    );
  return text;
}

/**
 * Adds a note to a reader's page, and to the audit log (who wrote on whose page, when). The audit
 * names the reader by id, not address, so erasing a reader leaves no trace of them there.
 */
export async function addReaderNote(
  db: Database,
  { readerId, author, text, now }: { readerId: number; author: Account; text: string; now: Date },
): Promise<number> {
  const noteText = parseNoteText(text);
  return db.transaction().execute(async (trx) => {
    const reader = await trx.selectFrom('accounts').select('id').where('id', '=', readerId).where('role', '=', 'reader').executeTakeFirst();
    if (!reader) throw new DomainError('There is no such reader.', { kind: 'not-found' });
    const { id } = await trx
      .insertInto('reader_notes')
      .values({ account_id: readerId, author_id: author.id, text: noteText, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: author, action: 'added a desk note', subject: `reader #${readerId}`, now });
    return id;
  });
}

/** The notes on a reader's page, newest first. */
export async function listReaderNotes(db: Database, readerId: number): Promise<ReaderNote[]> {
  const rows = await db
    .selectFrom('reader_notes')
    .leftJoin('accounts as author', 'author.id', 'reader_notes.author_id')
    .select([
      'reader_notes.id',
      'reader_notes.account_id',
      'reader_notes.text',
      'reader_notes.created_at',
      'author.name as author_name',
      'author.email as author_email',
    ])
    .where('reader_notes.account_id', '=', readerId)
    .orderBy('reader_notes.created_at', 'desc')
    .orderBy('reader_notes.id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    text: row.text,
    createdAt: new Date(row.created_at),
    authorName: row.author_name || row.author_email || null,
  }));
}
