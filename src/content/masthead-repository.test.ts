import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { listAuthors, listSponsors, saveAuthor, saveSponsor } from './masthead-repository.ts';

const now = new Date('2026-11-20T12:00:00Z');
const { db, dialect } = await openTestDatabase();

describe(`the masthead's lists (${dialect})`, () => {
  it('give authors and sponsors by name, for the editor to pick from', async () => {
    await saveAuthor(db, { slug: 'zoe', name: 'Zoë Writer', bio: '' }, now);
    await saveAuthor(db, { slug: 'ada', name: 'Ada Reporter', bio: 'Diplomacy.' }, now);
    await saveSponsor(db, { slug: 'zenith', name: 'Zenith Bank', disclosure: 'Paid for by Zenith.', url: 'https://zenith.example' }, now);
    await saveSponsor(db, { slug: 'acme', name: 'Acme Energy', disclosure: 'Paid for by Acme.', url: 'https://acme.example' }, now);
    assert.deepEqual(
      (await listAuthors(db)).map((author) => author.name),
      ['Ada Reporter', 'Zoë Writer'],
    );
    assert.deepEqual(
      (await listSponsors(db)).map((sponsor) => sponsor.name),
      ['Acme Energy', 'Zenith Bank'],
    );
  });
});
