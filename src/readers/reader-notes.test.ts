import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import { DomainError } from '../errors/domain-error.ts';
import { openTestDatabase } from '../../test/database.ts';
import { addReaderNote, InvalidReaderNoteError, listReaderNotes, maximumNoteLength, parseNoteText } from './reader-notes.ts';

describe('a desk note as typed', () => {
  it('is trimmed, with its lines kept and Windows line ends made plain', () => {
    assert.equal(parseNoteText('  Called twice.\r\nRefunded.\n'), 'Called twice.\nRefunded.');
  });

  it('is refused blank or longer than a page', () => {
    assert.throws(() => parseNoteText(' \n '), InvalidReaderNoteError);
    assert.equal(parseNoteText('x'.repeat(maximumNoteLength)).length, maximumNoteLength);
    assert.throws(() => parseNoteText('x'.repeat(maximumNoteLength + 1)), /at most 5,000 characters; this one has 5,001/);
  });
});

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-01T12:00:00Z');
const readerId = await insertAccount(db, { email: 'ana@example.org', name: 'Ana', passwordHash: null, role: 'reader', now });
const staffId = await insertAccount(db, { email: 'sam@example.org', name: '', passwordHash: null, role: 'support', now });
const sam = { id: staffId, email: 'sam@example.org', name: '', role: 'support' as const, hasPassword: false };

describe(`desk notes (${dialect})`, () => {
  it('are kept newest first with who wrote them, and audited by reader id', async () => {
    await addReaderNote(db, { readerId, author: sam, text: 'First call.', now });
    await addReaderNote(db, { readerId, author: sam, text: 'Second call.', now: new Date(now.getTime() + 60_000) });
    const notes = await listReaderNotes(db, readerId);
    assert.deepEqual(
      notes.map((note) => [note.text, note.authorName]),
      [
        ['Second call.', 'sam@example.org'],
        ['First call.', 'sam@example.org'],
      ],
    );
    const audit = await db.selectFrom('audit_log').select(['action', 'subject']).execute();
    assert.deepEqual(
      audit.map((entry) => ({ ...entry })),
      [
        { action: 'added a desk note', subject: `reader #${readerId}` },
        { action: 'added a desk note', subject: `reader #${readerId}` },
      ],
    );
  });

  it('go on readers only, and a refused one writes nothing', async () => {
    await assert.rejects(
      addReaderNote(db, { readerId: staffId, author: sam, text: 'On a colleague.', now }),
      (error: unknown) => error instanceof DomainError && error.meaning.kind === 'not-found',
    );
    await assert.rejects(addReaderNote(db, { readerId, author: sam, text: '  ', now }), InvalidReaderNoteError);
    assert.equal((await db.selectFrom('reader_notes').select('id').execute()).length, 2);
    assert.equal((await db.selectFrom('audit_log').select('id').execute()).length, 2);
  });
});
