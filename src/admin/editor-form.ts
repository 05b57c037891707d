import { accessLevels, type AccessLevel } from '../content/access-level.ts';
import { slugify, isSlug } from '../content/slug.ts';
import { parseLocalDateTime } from '../settings/local-date-time.ts';
import { DomainError } from '../errors/domain-error.ts';

/** The editor's fields as the browser sends them. */
export type EditorForm = {
  headline: string;
  standfirst: string;
  slug: string;
  sectionId: string;
  authorIds: readonly string[];
  dateline: string;
  access: string;
  previewBlockCount: string;
  sponsorId: string;
  bodyMarkdown: string;
  publishAt: string;
};

export type EditorFields = {
  headline: string;
  standfirst: string;
  slug: string;
  sectionId: number;
  /** Empty when the writer chose none: the save then bylines the writer. */
  authorIds: number[];
  dateline: string;
  access: AccessLevel;
  /** For a subscribers-only article, the tier (slug) it requires; null: any subscription, or its section's. */
  requiredTierSlug: string | null;
  previewBlockCount: number;
  sponsorId: number | null;
  bodyMarkdown: string;
  /** A publication time the editor chose, or null. */
  publishAt: Date | null;
};

/** What is wrong with a submitted form, field by field, in words for the writer. */
export class EditorFormError extends DomainError {
  readonly problems: Readonly<Record<string, string>>;
  constructor(problems: Record<string, string>) {
    super(Object.values(problems).join(' '), { kind: 'invalid', field: Object.keys(problems)[0] ?? null });
    this.name = 'EditorFormError';
    this.problems = problems;
  }
}

const positiveInteger = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : null);

export function parseEditorForm(form: EditorForm, { timeZone }: { timeZone: string }): EditorFields {
  const problems: Record<string, string> = {};
  // Browsers send textarea lines with \r\n; the headline is one line however it was typed.
  const headline = form.headline.replace(/\s+/g, ' ').trim();
  if (headline === '') problems.headline = 'Give the article a headline.';
  if (headline.length > 200) problems.headline = 'Keep the headline under 200 characters.';
  const slug = form.slug.trim() === '' ? slugify(headline) : form.slug.trim();
  if (!isSlug(slug)) problems.slug = 'The slug may hold only lower-case letters, digits and single hyphens.';
  const sectionId = positiveInteger(form.sectionId);
  if (sectionId === null) problems.sectionId = 'Choose a section.';
  const authorIds = form.authorIds.map(positiveInteger).filter((id): id is number => id !== null);
  // "premium:archive": subscribers-only, for the subscribers of the tier whose slug follows.
  const [level = '', requiredTierSlug = null] = form.access.split(':', 2);
  const access = accessLevels.find((known) => known === level);
  if (!access || (requiredTierSlug !== null && (access !== 'premium' || !isSlug(requiredTierSlug)))) problems.access = 'Choose who can read it from the list.';
  const previewBlockCount = positiveInteger(form.previewBlockCount);
  if (previewBlockCount === null || previewBlockCount > 50) problems.previewBlockCount = 'The preview length is a number of paragraphs from 0 to 50.';
  const sponsorId = form.sponsorId === '' ? null : positiveInteger(form.sponsorId);
  if (form.sponsorId !== '' && sponsorId === null) problems.sponsorId = 'Choose a sponsor from the list.';
  const publishAt = form.publishAt.trim() === '' ? null : parseLocalDateTime(form.publishAt.trim(), timeZone);
  if (form.publishAt.trim() !== '' && publishAt === null) problems.publishAt = 'Give the publication time as a date and a time.';
  if (form.bodyMarkdown.length > 200_000) problems.bodyMarkdown = 'The body is longer than 200,000 characters.';
  if (Object.keys(problems).length > 0 || sectionId === null || !access || previewBlockCount === null) throw new EditorFormError(problems);
  return {
    headline,
    standfirst: form.standfirst.replace(/\s+/g, ' ').trim(),
    slug,
    sectionId,
    authorIds: [...new Set(authorIds)],
    dateline: form.dateline.trim(),
    access,
    requiredTierSlug,
    previewBlockCount,
    sponsorId,
    bodyMarkdown: form.bodyMarkdown.replace(/\r\n?/g, '\n'),
    publishAt,
  };
}
