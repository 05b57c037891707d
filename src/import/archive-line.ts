import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { accessLevels } from '../content/access-level.ts';
import { checkDraft, InvalidArticleError } from '../content/save-article.ts';
import { draftOf, type ArchiveArticle } from './archive-article.ts';

/** Something wrong with one line of an archive, in words for whoever exported it. */
export type ArchiveProblem = { line: number; field: string | null; message: string };

/**
 * One article a line, in Dateline's own terms. Lengths are the newsroom editor's; unknown fields are
 * refused, so a misspelt "publishedat" is reported rather than the article quietly made a draft.
 */
const archiveLine = Type.Object(
  {
    section: Type.String({ maxLength: 120 }),
    slug: Type.String({ maxLength: 200 }),
    headline: Type.String({ maxLength: 200 }),
    standfirst: Type.Optional(Type.String({ maxLength: 2000 })),
    dateline: Type.Optional(Type.String({ maxLength: 200 })),
    authors: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 }),
    body: Type.String({ maxLength: 200_000 }),
    access: Type.Optional(Type.Enum(accessLevels)),
    publishedAt: Type.Optional(Type.String({ format: 'date-time' })),
    status: Type.Optional(Type.Literal('draft')),
    previewBlockCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
  },
  { additionalProperties: false },
);
const archiveLineFields = Object.keys(archiveLine.properties);
const checkArchiveLine = Compile(archiveLine);

/** "/authors/1" is authors[1]. */
function fieldOf(instancePath: string): string | null {
  if (instancePath === '') return null;
  return instancePath
    .slice(1)
    .split('/')
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : `${index === 0 ? '' : '.'}${part}`))
    .join('');
}

function describeSchemaError(line: number, error: TLocalizedValidationError): ArchiveProblem[] {
  const field = fieldOf(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return error.params.requiredProperties.map((name) => ({ line, field: name, message: 'is missing' }));
    case 'additionalProperties':
      return error.params.additionalProperties.map((name) => ({
        line,
        field: name,
        message: `is not a field of an archive article (the fields are ${archiveLineFields.join(', ')})`,
      }));
    case 'boolean':
      // The same unknown field again, as the schema "false" it met; reported once above.
      return [];
    case 'type': {
      const kind = error.params.type;
      const expected = kind === 'integer' ? 'a whole number' : kind === 'array' ? 'a list' : kind === 'object' ? 'a JSON object' : `a ${String(kind)}`;
      return [{ line, field, message: field === null ? 'must be a JSON object, one article a line' : `must be ${expected}` }];
    }
    case 'enum':
      return [{ line, field, message: `must be one of ${error.params.allowedValues.join(', ')}` }];
    case 'const':
      return [{ line, field, message: `must be "${String(error.params.allowedValue)}"` }];
    case 'format':
      return [{ line, field, message: 'must be a date and time with its offset from UTC, such as 2019-03-14T09:30:00Z' }];
    default:
      return [{ line, field, message: error.message }];
  }
}

/** One line as parsed JSON and checked against the schema. */
type LineFields = Static<typeof archiveLine>;

/** PostgreSQL cannot store a null character; found here it is a problem of the line, not a failed write. */
function nullCharacterProblems(line: number, fields: LineFields): ArchiveProblem[] {
  const texts: [string, string][] = Object.entries(fields).flatMap(([name, value]): [string, string][] =>
    typeof value === 'string' ? [[name, value]] : Array.isArray(value) ? value.map((text, index): [string, string] => [`${name}[${index}]`, text]) : [],
  );
  return texts.filter(([, text]) => text.includes('\u0000')).map(([field]) => ({ line, field, message: 'holds a null character, which cannot be stored' }));
}

function articleOf(line: number, fields: LineFields): ArchiveArticle | ArchiveProblem[] {
  if (fields.publishedAt === undefined && fields.status === undefined) {
    return [{ line, field: 'publishedAt', message: 'is missing: give the time it was published, or "status": "draft"' }];
  }
  if (fields.publishedAt !== undefined && fields.status === 'draft') {
    return [{ line, field: 'publishedAt', message: 'cannot be given for a draft' }];
  }
  const publishedAt = fields.publishedAt === undefined ? null : new Date(fields.publishedAt);
  if (publishedAt !== null && Number.isNaN(publishedAt.getTime())) {
    return [{ line, field: 'publishedAt', message: 'is not a date and time that exists' }];
  }
  // The editor's own clean-up: a headline and a standfirst are one line, however they were typed.
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  return {
    line,
    sectionSlug: fields.section.trim(),
    slug: fields.slug.trim(),
    headline: oneLine(fields.headline),
    standfirst: oneLine(fields.standfirst ?? ''),
    dateline: (fields.dateline ?? '').trim(),
    bylines: fields.authors.map(oneLine),
    bodyMarkdown: fields.body.replace(/\r\n?/g, '\n'),
    access: fields.access ?? 'metered',
    previewBlockCount: fields.previewBlockCount ?? null,
    publishedAt,
  };
}

/**
 * One line of an archive, parsed: its article, or everything wrong with it. Beyond the schema, the
 * article meets the newsroom's own rules for a save (slug, headline, byline), so that an import
 * checked here does not stop half-way on a line the save refuses.
 */
export function parseArchiveLine(text: string, line: number): ArchiveArticle | ArchiveProblem[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [{ line, field: null, message: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (!checkArchiveLine.Check(json)) return checkArchiveLine.Errors(json).flatMap((error) => describeSchemaError(line, error));
  const nulls = nullCharacterProblems(line, json);
  if (nulls.length > 0) return nulls;
  const article = articleOf(line, json);
  if (Array.isArray(article)) return article;
  const problems: ArchiveProblem[] = article.bylines.flatMap((byline, index) =>
    byline === '' ? [{ line, field: `authors[${index}]`, message: 'is empty' }] : [],
  );
  try {
    // The section and the authors have no ids until the import writes; the rules look only at how
    // many authors there are, so stand-ins do.
    checkDraft(draftOf(article, { sectionId: 0, authorIds: article.bylines.map((_, index) => index), defaultPreviewBlocks: 0, now: new Date(0) }));
  } catch (error) {
    if (!(error instanceof InvalidArticleError)) throw error;
    problems.push({ line, field: null, message: error.message });
  }
  return problems.length > 0 ? problems : article;
}

export function describeProblem({ line, field, message }: ArchiveProblem): string {
  return `line ${line}${field === null ? '' : `, ${field}`}: ${message}`;
}
