import type { Database } from '../db/database.ts';
import { matchAuthor, newAuthorOf, type KnownAuthor } from './archive-article.ts';

/** Long lists are looked up a slice at a time, well inside either database's limit on parameters. */
const lookupSize = 500;

function slicesOf<T>(list: readonly T[]): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < list.length; start += lookupSize) slices.push(list.slice(start, start + lookupSize));
  return slices;
}

/** The section slug of each article the site has under one of these slugs. */
export async function findSectionsOfSlugs(db: Database, slugs: readonly string[]): Promise<Map<string, string>> {
  const sectionOf = new Map<string, string>();
  for (const slice of slicesOf([...new Set(slugs)])) {
    const rows = await db
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .select(['a.slug', 's.slug as section_slug'])
      .where('a.slug', 'in', slice)
      .execute();
    for (const row of rows) sectionOf.set(row.slug, row.section_slug);
  }
  return sectionOf;
}

/** Those of these slugs that are an earlier address of some article. */
export async function findRedirectedSlugs(db: Database, slugs: readonly string[]): Promise<Set<string>> {
  const redirected = new Set<string>();
  for (const slice of slicesOf([...new Set(slugs)])) {
    const rows = await db.selectFrom('slug_redirects').select('old_slug').where('old_slug', 'in', slice).execute();
    for (const row of rows) redirected.add(row.old_slug);
  }
  return redirected;
}

/** Those of these names that some author of the site has. */
export async function findAuthorNames(db: Database, names: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const slice of slicesOf([...new Set(names)])) {
    const rows = await db.selectFrom('authors').select('name').where('name', 'in', slice).execute();
    for (const row of rows) found.add(row.name);
  }
  return found;
}

/**
 * The author id of each byline: the site's author it names, or one created for it. Archives carry
 * the bylines of people long gone, who are authors of the site from now on (with no bio yet).
 */
export async function findOrCreateAuthors(db: Database, bylines: readonly string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(bylines)];
  const idOf = new Map<string, number>();
  if (wanted.length === 0) return idOf;
  const known: KnownAuthor[] = await db
    .selectFrom('authors')
    .select(['id', 'slug', 'name'])
    .where((eb) => eb.or([eb('slug', 'in', [...wanted, ...wanted.map((byline) => newAuthorOf(byline).slug)]), eb('name', 'in', wanted)]))
    .execute();
  for (const byline of wanted) {
    let author = matchAuthor(byline, known);
    if (author === undefined) {
      const created = newAuthorOf(byline);
      // Someone in the newsroom may add the same author at this moment; theirs is as good as ours.
      await db
        .insertInto('authors')
        .values({ ...created, bio: '' })
        .onConflict((conflict) => conflict.column('slug').doNothing())
        .execute();
      author = await db.selectFrom('authors').select(['id', 'slug', 'name']).where('slug', '=', created.slug).executeTakeFirstOrThrow();
      // Two bylines may make one slug ("Jane Doe", "jane doe"): the second finds the author the first made.
      known.push(author);
    }
    idOf.set(byline, author.id);
  }
  return idOf;
}
