import { slugify } from '../content/slug.ts';
import type { ArchiveArticle } from './archive-article.ts';
import type { ArchiveProblem } from './archive-line.ts';

/** What the check keeps of each article: enough to check the archive as a whole and against the site. */
export type ArchiveEntry = Pick<ArchiveArticle, 'line' | 'slug' | 'sectionSlug' | 'bylines'>;

/** What the site already holds that an archive's articles could run into. */
export type SiteFacts = {
  sectionSlugs: readonly string[];
  /** The section of each article the site has under a slug the archive uses. */
  sectionOfSlug: ReadonlyMap<string, string>;
  /** Slugs the archive uses that are earlier addresses of another article, which they still lead to. */
  redirectedSlugs: ReadonlySet<string>;
  /** Names of the site's authors, among the archive's bylines that make no slug. */
  authorNames: ReadonlySet<string>;
};

/**
 * The problems no single line shows: a slug used twice in the file, a section the site lacks, a slug
 * another article has. An article already there under its slug, in its section, is no problem: it
 * was imported before, and is skipped.
 */
export function findArchiveProblems(entries: readonly ArchiveEntry[], site: SiteFacts): ArchiveProblem[] {
  const problems: ArchiveProblem[] = [];
  const firstLineOf = new Map<string, number>();
  const sections = new Set(site.sectionSlugs);
  const sectionList =
    site.sectionSlugs.length === 0 ? 'the site has none yet: add them in the newsroom first' : `the sections are ${site.sectionSlugs.join(', ')}`;
  for (const { line, slug, sectionSlug, bylines } of entries) {
    const earlier = firstLineOf.get(slug);
    if (earlier === undefined) firstLineOf.set(slug, line);
    else problems.push({ line, field: 'slug', message: `"${slug}" is on line ${earlier} too` });
    if (!sections.has(sectionSlug)) problems.push({ line, field: 'section', message: `there is no section "${sectionSlug}" (${sectionList})` });
    const sectionOfExisting = site.sectionOfSlug.get(slug);
    if (sectionOfExisting !== undefined && sectionOfExisting !== sectionSlug) {
      problems.push({ line, field: 'slug', message: `"${slug}" is taken by an article in section "${sectionOfExisting}"` });
    }
    if (site.redirectedSlugs.has(slug)) problems.push({ line, field: 'slug', message: `"${slug}" was the address of another article, and still leads to it` });
    bylines.forEach((byline, index) => {
      if (slugify(byline) === '' && !site.authorNames.has(byline)) {
        problems.push({
          line,
          field: `authors[${index}]`,
          message: `"${byline}" makes no slug (letters a–z, digits); add the author in the newsroom first, and the import finds them by name`,
        });
      }
    });
  }
  return problems;
}
