import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EditorFormError, parseEditorForm, type EditorForm } from './editor-form.ts';
import { formatLocalDateTime, parseLocalDateTime } from '../settings/local-date-time.ts';

const form: EditorForm = {
  headline: ' Ceasefire agreed ',
  standfirst: 'Monitors from Monday.',
  slug: '',
  sectionId: '2',
  authorIds: ['3', '3', '4'],
  dateline: 'Geneva',
  access: 'metered',
  previewBlockCount: '2',
  sponsorId: '',
  bodyMarkdown: 'Body.',
  publishAt: '2026-11-28T09:00',
};

describe("the editor's form", () => {
  it('turns the fields into an article, the slug from the headline when left empty', () => {
    const fields = parseEditorForm(form, { timeZone: 'America/New_York' });
    assert.equal(fields.slug, 'ceasefire-agreed');
    assert.deepEqual(fields.authorIds, [3, 4]);
    assert.equal(fields.sponsorId, null);
    assert.deepEqual(fields.publishAt, new Date('2026-11-28T14:00:00Z'));
  });

  it("makes the headline one line and the body's line endings plain", () => {
    const fields = parseEditorForm({ ...form, headline: 'Two\r\nlines', bodyMarkdown: 'One.\r\n\r\nTwo.' }, { timeZone: 'UTC' });
    assert.equal(fields.headline, 'Two lines');
    assert.equal(fields.bodyMarkdown, 'One.\n\nTwo.');
  });

  it('names every field that is wrong', () => {
    assert.throws(
      () =>
        parseEditorForm(
          { ...form, headline: '', slug: 'Bad Slug', sectionId: 'x', authorIds: [], access: 'secret', previewBlockCount: '-1', publishAt: 'tomorrow' },
          { timeZone: 'UTC' },
        ),
      (error) =>
        error instanceof EditorFormError &&
        ['headline', 'slug', 'sectionId', 'access', 'previewBlockCount', 'publishAt'].every((field) => field in error.problems),
    );
  });

  it("takes a form with no author chosen, leaving the byline to the save (the writer's own)", () => {
    assert.deepEqual(parseEditorForm({ ...form, authorIds: [] }, { timeZone: 'UTC' }).authorIds, []);
  });

  it("reads and writes publication times on the publication's clock, across daylight saving", () => {
    assert.deepEqual(parseLocalDateTime('2026-07-01T09:00', 'Europe/London'), new Date('2026-07-01T08:00:00Z'));
    assert.deepEqual(parseLocalDateTime('2026-12-01T09:00', 'Europe/London'), new Date('2026-12-01T09:00:00Z'));
    assert.equal(formatLocalDateTime(new Date('2026-07-01T08:00:00Z'), 'Europe/London'), '2026-07-01T09:00');
    assert.equal(parseLocalDateTime('2026-13-01T09:00', 'UTC'), null);
    assert.equal(parseLocalDateTime('2026-02-30T09:00', 'UTC'), null);
  });
});
