import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProblem, parseArchiveLine, type ArchiveProblem } from './archive-line.ts';

const published = {
  section: 'world',
  slug: 'ceasefire-holds',
  headline: 'Ceasefire  holds\nin Corvana',
  standfirst: 'Both sides  kept to the line overnight.',
  dateline: ' Geneva ',
  authors: ['Ada Reporter', ' Old   Hand '],
  body: 'First paragraph.\r\n\r\nSecond paragraph.',
  access: 'premium',
  publishedAt: '2019-03-14T09:30:00+01:00',
  previewBlockCount: 1,
};
const lineOf = (fields: Record<string, unknown>) => JSON.stringify(fields);
const problemsOf = (text: string, line = 7): ArchiveProblem[] => {
  const parsed = parseArchiveLine(text, line);
  assert.ok(Array.isArray(parsed), 'the line is refused');
  return parsed;
};
const withoutField = (name: string) => Object.fromEntries(Object.entries(published).filter(([key]) => key !== name));

describe('a line of an archive', () => {
  it('is one article in Dateline’s terms, tidied as the editor tidies a form', () => {
    assert.deepEqual(parseArchiveLine(lineOf(published), 3), {
      line: 3,
      sectionSlug: 'world',
      slug: 'ceasefire-holds',
      headline: 'Ceasefire holds in Corvana',
      standfirst: 'Both sides kept to the line overnight.',
      dateline: 'Geneva',
      bylines: ['Ada Reporter', 'Old Hand'],
      bodyMarkdown: 'First paragraph.\n\nSecond paragraph.',
      access: 'premium',
      previewBlockCount: 1,
      publishedAt: new Date('2019-03-14T08:30:00Z'),
    });
  });

  it('may leave out the standfirst, the dateline, the access (metered) and the preview length (the publication’s)', () => {
    const parsed = parseArchiveLine(lineOf({ section: 'world', slug: 'brief', headline: 'Brief', authors: ['Ada Reporter'], body: '', status: 'draft' }), 1);
    assert.ok(!Array.isArray(parsed));
    assert.equal(parsed.standfirst, '');
    assert.equal(parsed.dateline, '');
    assert.equal(parsed.access, 'metered');
    assert.equal(parsed.previewBlockCount, null);
    assert.equal(parsed.publishedAt, null, 'a draft has no publication time');
  });

  it('that is not JSON is reported with its line', () => {
    const [problem, ...rest] = problemsOf('{"section": "world",', 12);
    assert.equal(rest.length, 0);
    assert.ok(problem);
    assert.match(describeProblem(problem), /^line 12: is not JSON: /);
  });

  it('that is JSON but not an object says one article a line', () => {
    assert.deepEqual(problemsOf('[1, 2]'), [{ line: 7, field: null, message: 'must be a JSON object, one article a line' }]);
  });

  it('names every field that is missing, of the wrong type, or unknown', () => {
    const problems = problemsOf(
      lineOf({ ...withoutField('headline'), authors: ['Ada Reporter', 7], previewBlockCount: 1.5, access: 'gold', publishedat: 'yesterday' }),
    );
    assert.deepEqual(problems.map(describeProblem).sort(), [
      'line 7, access: must be one of free, metered, registered, premium',
      'line 7, authors[1]: must be a string',
      'line 7, headline: is missing',
      'line 7, previewBlockCount: must be a whole number',
      'line 7, publishedat: is not a field of an archive article (the fields are section, slug, headline, standfirst, dateline, authors, body, access, publishedAt, status, previewBlockCount)',
    ]);
  });

  it('gives its publication time with an offset from UTC, so it means one moment', () => {
    assert.deepEqual(problemsOf(lineOf({ ...published, publishedAt: '2019-03-14 09:30' })), [
      { line: 7, field: 'publishedAt', message: 'must be a date and time with its offset from UTC, such as 2019-03-14T09:30:00Z' },
    ]);
  });

  it('is published at a time, or a draft, never both nor neither', () => {
    assert.deepEqual(problemsOf(lineOf(withoutField('publishedAt'))), [
      { line: 7, field: 'publishedAt', message: 'is missing: give the time it was published, or "status": "draft"' },
    ]);
    assert.deepEqual(problemsOf(lineOf({ ...published, status: 'draft' })), [{ line: 7, field: 'publishedAt', message: 'cannot be given for a draft' }]);
    assert.deepEqual(problemsOf(lineOf({ ...withoutField('publishedAt'), status: 'published' })), [{ line: 7, field: 'status', message: 'must be "draft"' }]);
  });

  it('meets the newsroom’s own rules for a save: a slug, a headline, an author', () => {
    assert.deepEqual(
      problemsOf(lineOf({ ...published, slug: 'Ceasefire Holds' })).map((problem) => problem.message),
      ['"Ceasefire Holds" is not a valid slug: use lower-case words joined by hyphens'],
    );
    assert.deepEqual(
      problemsOf(lineOf({ ...published, headline: '  ' })).map((problem) => problem.message),
      ['An article needs a headline'],
    );
    assert.deepEqual(
      problemsOf(lineOf({ ...published, authors: [] })).map((problem) => problem.message),
      ['An article needs at least one author'],
    );
    assert.deepEqual(problemsOf(lineOf({ ...published, authors: ['Ada Reporter', ' '] })), [{ line: 7, field: 'authors[1]', message: 'is empty' }]);
  });

  it('holds no null character, which the database could not store', () => {
    assert.deepEqual(problemsOf(lineOf({ ...published, body: 'a\u0000b', authors: ['Ada\u0000'] })), [
      { line: 7, field: 'authors[0]', message: 'holds a null character, which cannot be stored' },
      { line: 7, field: 'body', message: 'holds a null character, which cannot be stored' },
    ]);
  });

  it('is no longer than the editor allows', () => {
    const [problem] = problemsOf(lineOf({ ...published, body: 'x'.repeat(200_001) }));
    assert.equal(problem?.field, 'body');
  });
});
