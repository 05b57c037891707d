import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findArchiveProblems, type ArchiveEntry, type SiteFacts } from './archive-check.ts';

const site: SiteFacts = {
  sectionSlugs: ['world', 'culture'],
  sectionOfSlug: new Map([
    ['imported-before', 'world'],
    ['a-review', 'culture'],
  ]),
  redirectedSlugs: new Set(['old-address']),
  authorNames: new Set(['李明']),
};
const entry = (line: number, slug: string, fields: Partial<ArchiveEntry> = {}): ArchiveEntry => ({
  line,
  slug,
  sectionSlug: 'world',
  bylines: ['Ada Reporter'],
  ...fields,
});

describe('an archive as a whole, against the site', () => {
  it('has no problem with new articles, nor with one already imported into its section (it is skipped)', () => {
    assert.deepEqual(findArchiveProblems([entry(1, 'new-story'), entry(2, 'imported-before')], site), []);
  });

  it('uses each slug once', () => {
    assert.deepEqual(findArchiveProblems([entry(1, 'twice'), entry(2, 'other'), entry(5, 'twice')], site), [
      { line: 5, field: 'slug', message: '"twice" is on line 1 too' },
    ]);
  });

  it('puts every article in a section the site has, and says which those are', () => {
    assert.deepEqual(findArchiveProblems([entry(3, 'match-report', { sectionSlug: 'sport' })], site), [
      { line: 3, field: 'section', message: 'there is no section "sport" (the sections are world, culture)' },
    ]);
    assert.deepEqual(
      findArchiveProblems([entry(3, 'match-report')], { ...site, sectionSlugs: [] }).map((problem) => problem.message),
      ['there is no section "world" (the site has none yet: add them in the newsroom first)'],
    );
  });

  it('takes no slug another article has or had', () => {
    assert.deepEqual(findArchiveProblems([entry(1, 'a-review'), entry(2, 'old-address')], site), [
      { line: 1, field: 'slug', message: '"a-review" is taken by an article in section "culture"' },
      { line: 2, field: 'slug', message: '"old-address" was the address of another article, and still leads to it' },
    ]);
  });

  it('names authors by something a slug can be made of, unless the site has them by name', () => {
    assert.deepEqual(findArchiveProblems([entry(4, 'story', { bylines: ['Ada Reporter', '王芳', '李明'] })], site), [
      {
        line: 4,
        field: 'authors[1]',
        message: '"王芳" makes no slug (letters a–z, digits); add the author in the newsroom first, and the import finds them by name',
      },
    ]);
  });
});
