import { listSections } from '../content/masthead-repository.ts';
import { writeArticle } from '../content/save-article.ts';
import { slugify } from '../content/slug.ts';
import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { readAccessSettings } from '../settings/access-settings-repository.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import { draftOf, type ArchiveArticle } from './archive-article.ts';
import { findArchiveProblems, type ArchiveEntry } from './archive-check.ts';
import type { ArchiveSource } from './archive-file.ts';
import { parseArchiveLine, type ArchiveProblem } from './archive-line.ts';
import { findAuthorNames, findOrCreateAuthors, findRedirectedSlugs, findSectionsOfSlugs } from './archive-repository.ts';
import { ImportError } from './import-error.ts';

/** How many problems a refused archive reports; past these, the rest are only counted. */
const reportedProblemsLimit = 20;

/** Where an import has got to, after a batch is committed: the first `done` articles of the file are there. */
export type ImportProgress = { done: number; total: number; skipped: number };

export type ImportOutcome =
  | { kind: 'refused'; total: number; problems: readonly ArchiveProblem[]; problemCount: number }
  | { kind: 'imported'; total: number; written: number; skipped: number };

type CheckedArchive = Extract<ImportOutcome, { kind: 'refused' }> | { kind: 'checked'; entries: ArchiveEntry[]; sectionIds: ReadonlyMap<string, number> };

/** The whole file, line by line and then as a whole against the site, before anything is written. */
async function checkArchive(db: Database, archive: ArchiveSource): Promise<CheckedArchive> {
  const entries: ArchiveEntry[] = [];
  const problems: ArchiveProblem[] = [];
  let problemCount = 0;
  let total = 0;
  const note = (found: readonly ArchiveProblem[]) => {
    problems.push(...found.slice(0, reportedProblemsLimit - problems.length));
    problemCount += found.length;
  };
  for await (const { line, text } of archive.readLines()) {
    total += 1;
    const parsed = parseArchiveLine(text, line);
    if (Array.isArray(parsed)) note(parsed);
    else entries.push({ line, slug: parsed.slug, sectionSlug: parsed.sectionSlug, bylines: parsed.bylines });
  }
  if (total === 0) throw new ImportError(`${archive.name} holds no articles`);
  const slugs = entries.map((entry) => entry.slug);
  const sections = await listSections(db);
  note(
    findArchiveProblems(entries, {
      sectionSlugs: sections.map((section) => section.slug),
      sectionOfSlug: await findSectionsOfSlugs(db, slugs),
      redirectedSlugs: await findRedirectedSlugs(db, slugs),
      authorNames: await findAuthorNames(
        db,
        entries.flatMap((entry) => entry.bylines.filter((byline) => slugify(byline) === '')),
      ),
    }),
  );
  if (problemCount > 0) return { kind: 'refused', total, problems: problems.sort((a, b) => a.line - b.line), problemCount };
  return { kind: 'checked', entries, sectionIds: new Map(sections.map((section) => [section.slug, section.id])) };
}

/**
 * One batch in one transaction: its articles are all there after the commit, or none of them (with
 * the authors made for them). An article already there under its slug, in its section, is skipped,
 * so an import run again after an interruption writes each article exactly once.
 */
async function writeBatch(
  db: Database,
  batch: readonly ArchiveArticle[],
  { sectionIds, defaultPreviewBlocks, now }: { sectionIds: ReadonlyMap<string, number>; defaultPreviewBlocks: number; now: Date },
): Promise<{ written: number; skipped: number }> {
  return db.transaction().execute(async (trx) => {
    // A write before any read: on SQLite a transaction that reads and then writes fails at once if a
    // running server wrote in between, while one that writes first waits for its turn.
    await bumpContentVersion(trx, now);
    const sectionOfSlug = await findSectionsOfSlugs(
      trx,
      batch.map((article) => article.slug),
    );
    const fresh = batch.filter((article) => {
      const sectionOfExisting = sectionOfSlug.get(article.slug);
      if (sectionOfExisting !== undefined && sectionOfExisting !== article.sectionSlug) {
        throw new ImportError(
          `Line ${article.line}: "${article.slug}" has been taken by an article in section "${sectionOfExisting}" since the file was checked; nothing of this batch was written`,
        );
      }
      return sectionOfExisting === undefined;
    });
    const authorIdOf = await findOrCreateAuthors(
      trx,
      fresh.flatMap((article) => article.bylines),
    );
    for (const article of fresh) {
      const sectionId = sectionIds.get(article.sectionSlug);
      if (sectionId === undefined) throw new ImportError(`Line ${article.line}: there is no section "${article.sectionSlug}"`);
      // Every byline has its author by now: found, or made just above.
      const authorIds = article.bylines.flatMap((byline) => authorIdOf.get(byline) ?? []);
      try {
        await writeArticle(trx, draftOf(article, { sectionId, authorIds, defaultPreviewBlocks, now }), now);
      } catch (error) {
        // The newsroom saved an article under this slug after this batch looked for one.
        if (isUniqueViolation(error))
          throw new ImportError(`Line ${article.line}: "${article.slug}" was taken by another article while the import ran; nothing of this batch was written`);
        throw error;
      }
    }
    return { written: fresh.length, skipped: batch.length - fresh.length };
  });
}

/**
 * Imports an archive, one article a line. The whole file is checked first: if any line is
 * wrong, nothing is written and the problems are returned. Then the articles are written through the
 * newsroom's own save, a batch per transaction, and `onProgress` hears of each batch once committed.
 */
export async function importArchive(
  db: Database,
  { archive, now, batchSize = 50, onProgress }: { archive: ArchiveSource; now: Date; batchSize?: number; onProgress: (progress: ImportProgress) => void },
): Promise<ImportOutcome> {
  const checked = await checkArchive(db, archive);
  if (checked.kind === 'refused') return checked;
  const { entries, sectionIds } = checked;
  const { defaultPreviewBlocks } = await readAccessSettings(db);
  const total = entries.length;
  let done = 0;
  let written = 0;
  let skipped = 0;
  let batch: ArchiveArticle[] = [];
  const commit = async () => {
    const outcome = await writeBatch(db, batch, { sectionIds, defaultPreviewBlocks, now });
    done += batch.length;
    written += outcome.written;
    skipped += outcome.skipped;
    batch = [];
    onProgress({ done, total, skipped });
  };
  // Read a second time rather than kept from the check, so an archive of any size fits in memory;
  // each line must still be the one that was checked.
  for await (const { line, text } of archive.readLines()) {
    const parsed = parseArchiveLine(text, line);
    const entry = entries[done + batch.length];
    if (Array.isArray(parsed) || entry === undefined || entry.line !== line || entry.slug !== parsed.slug || entry.sectionSlug !== parsed.sectionSlug) {
      throw new ImportError(`${archive.name} changed at line ${line} while it was being imported; check it and run the import again`);
    }
    batch.push(parsed);
    if (batch.length === batchSize) await commit();
  }
  if (batch.length > 0) await commit();
  if (done !== total) throw new ImportError(`${archive.name} lost lines while it was being imported; check it and run the import again`);
  return { kind: 'imported', total, written, skipped };
}
