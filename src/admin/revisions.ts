import { diffLines } from 'diff';
import type { Database } from '../db/database.ts';
import type { EditorForm } from './editor-form.ts';

/** A saved version of an article, as the editor's form held it. */
export type Revision = { revision: number; savedAt: Date; savedBy: string; form: EditorForm };

function toForm(snapshot: string): EditorForm {
  const value = JSON.parse(snapshot) as Record<string, unknown>;
  const text = (key: string) => (typeof value[key] === 'string' ? String(value[key]) : typeof value[key] === 'number' ? String(value[key]) : '');
  // Kept as the instant it was; the editor shows it on the publication's clock.
  const publishAt = typeof value.publishAt === 'string' ? value.publishAt : '';
  return {
    headline: text('headline'),
    standfirst: text('standfirst'),
    slug: text('slug'),
    sectionId: text('sectionId'),
    authorIds: Array.isArray(value.authorIds) ? value.authorIds.map(String) : [],
    dateline: text('dateline'),
    access: text('access'),
    previewBlockCount: text('previewBlockCount'),
    sponsorId: value.sponsorId === null ? '' : text('sponsorId'),
    bodyMarkdown: text('bodyMarkdown'),
    publishAt,
  };
}

export async function listRevisions(db: Database, articleId: number): Promise<Revision[]> {
  const rows = await db
    .selectFrom('article_revisions as r')
    .leftJoin('accounts as a', 'a.id', 'r.saved_by')
    .select(['r.revision', 'r.saved_at', 'r.snapshot', 'a.name', 'a.email'])
    .where('r.article_id', '=', articleId)
    .orderBy('r.revision', 'desc')
    .execute();
  return rows.map((row) => ({
    revision: row.revision,
    savedAt: new Date(row.saved_at),
    savedBy: row.name || row.email || 'someone since removed',
    form: toForm(row.snapshot),
  }));
}

/** The text a reader of the history compares: the headline, the standfirst and the body. */
function comparable(form: EditorForm): string {
  return `${form.headline}\n${form.standfirst}\n\n${form.bodyMarkdown}\n`;
}

/** What changed from one version to the next, line by line. */
export function describeChanges(before: EditorForm | null, after: EditorForm): { kind: 'added' | 'removed' | 'same'; text: string }[] {
  return diffLines(before ? comparable(before) : '', comparable(after)).flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ kind: part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const), text })),
  );
}
