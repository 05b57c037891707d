import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { isUnicode61WordCharacter, splitIntoUnicode61Words } from './unicode61-tokens.ts';

/** SQLite's own tokenizer, asked how it splits each text: the word count of `text` as FTS5 indexes it. */
function sqliteWordCounts(texts: readonly string[]): number[] {
  const db = new DatabaseSync(':memory:');
  db.exec(`create virtual table probe using fts5(t, tokenize = 'porter unicode61 remove_diacritics 2');
           create virtual table probe_words using fts5vocab(probe, instance);`);
  const insert = db.prepare('insert into probe(rowid, t) values (?, ?)');
  db.exec('begin');
  texts.forEach((text, index) => {
    insert.run(index + 1, text);
  });
  db.exec('commit');
  const counts = new Array<number>(texts.length).fill(0);
  for (const row of db.prepare('select doc, count(*) as words from probe_words group by doc').all()) counts[Number(row.doc) - 1] = Number(row.words);
  db.close();
  return counts;
}

const isSurrogate = (codePoint: number) => codePoint >= 0xd800 && codePoint <= 0xdfff;

describe('splitting text as the SQLite index does', () => {
  it('separates words at characters Unicode 6.1 did not count as letters, though JavaScript does', () => {
    assert.match('\u19b0', /\p{L}/u);
    assert.deepEqual(splitIntoUnicode61Words('lock\u19b0ed text'), ['lock', 'ed', 'text']);
    assert.deepEqual(splitIntoUnicode61Words('a\u1cf2b\u19c8c'), ['a', 'b', 'c']);
  });

  it('separates words at spaces, punctuation, quotes and query syntax', () => {
    assert.deepEqual(splitIntoUnicode61Words('"port" AND (tax* OR -levy) NEAR/3 ^x:y'), ['port', 'AND', 'tax', 'OR', 'levy', 'NEAR', '3', 'x', 'y']);
  });

  it('keeps a combining accent inside a word but never starts a word with one', () => {
    assert.deepEqual(splitIntoUnicode61Words('cafe\u0301 \u0301x'), ['cafe\u0301', 'x']);
  });

  it('agrees with the SQLite in use about every character of the first three planes', () => {
    const codePoints = Array.from({ length: 0x30000 }, (_, codePoint) => codePoint).filter((codePoint) => !isSurrogate(codePoint));
    assertAgreesWithSqlite(codePoints);
  });

  it('agrees with it on both sides of every range boundary above them', () => {
    const codePoints: number[] = [];
    for (let codePoint = 0x30000; codePoint <= 0x10ffff; codePoint += 1) {
      if (isUnicode61WordCharacter(codePoint) !== isUnicode61WordCharacter(codePoint - 1)) codePoints.push(codePoint - 1, codePoint);
    }
    codePoints.push(0x10ffff, 0x40000, 0xf0000);
    assertAgreesWithSqlite(codePoints);
  });
});

/** A character starts a word when the index finds three words in "a X b"; it continues one when "aXb" stays one word. */
function assertAgreesWithSqlite(codePoints: readonly number[]): void {
  const apart = sqliteWordCounts(codePoints.map((codePoint) => `a ${String.fromCodePoint(codePoint)} b`));
  const within = sqliteWordCounts(codePoints.map((codePoint) => `a${String.fromCodePoint(codePoint)}b`));
  const disagreements = codePoints.filter((codePoint, index) => {
    const text = String.fromCodePoint(codePoint);
    return (
      (apart[index] === 3) !== (splitIntoUnicode61Words(`a ${text} b`).length === 3) ||
      (within[index] === 1) !== (splitIntoUnicode61Words(`a${text}b`).length === 1)
    );
  });
  assert.deepEqual(
    disagreements.map((codePoint) => `U+${codePoint.toString(16).toUpperCase()}`),
    [],
  );
}
