import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EditorForm } from './editor-form.ts';
import { describeChanges } from './revisions.ts';

const form = (changes: Partial<EditorForm>): EditorForm => ({
  headline: 'Headline',
  standfirst: 'Standfirst.',
  slug: 's',
  sectionId: '1',
  authorIds: ['1'],
  dateline: '',
  access: 'free',
  previewBlockCount: '2',
  sponsorId: '',
  bodyMarkdown: 'First.\n\nSecond.',
  publishAt: '',
  ...changes,
});

describe('the changes between two versions', () => {
  it('marks the lines removed and added, and keeps the rest as context', () => {
    const changes = describeChanges(form({}), form({ headline: 'Better headline', bodyMarkdown: 'First.\n\nSecond, revised.' }));
    assert.deepEqual(
      changes.filter((change) => change.kind === 'removed').map((change) => change.text),
      ['Headline', 'Second.'],
    );
    assert.deepEqual(
      changes.filter((change) => change.kind === 'added').map((change) => change.text),
      ['Better headline', 'Second, revised.'],
    );
    assert.ok(changes.some((change) => change.kind === 'same' && change.text === 'First.'));
  });

  it('shows the first version as all added', () => {
    assert.ok(describeChanges(null, form({})).every((change) => change.kind === 'added'));
  });
});
