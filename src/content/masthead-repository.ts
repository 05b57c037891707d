import type { Database } from '../db/database.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import type { Author, Section, Sponsor } from './article.ts';

/** Sections in menu order. */
export async function listSections(db: Database): Promise<Section[]> {
  return db.selectFrom('sections').select(['id', 'slug', 'name', 'description', 'position']).orderBy('position').orderBy('id').execute();
}

/** The tier (slug) each section requires of its subscribers-only articles, by section id; sections requiring none are absent. */
export async function listSectionTiers(db: Database): Promise<Map<number, string>> {
  const rows = await db.selectFrom('sections as s').innerJoin('tiers as t', 't.id', 's.required_tier_id').select(['s.id', 't.slug']).execute();
  return new Map(rows.map((row) => [row.id, row.slug]));
}

export async function findSectionBySlug(db: Database, slug: string): Promise<Section | undefined> {
  return db.selectFrom('sections').select(['id', 'slug', 'name', 'description', 'position']).where('slug', '=', slug).executeTakeFirst();
}

/** Authors by name, as the editor's byline list shows them. */
export async function listAuthors(db: Database): Promise<Author[]> {
  return db.selectFrom('authors').selectAll().orderBy('name').execute();
}

/** Sponsors by name, as the editor's list shows them. */
export async function listSponsors(db: Database): Promise<Sponsor[]> {
  return db.selectFrom('sponsors').selectAll().orderBy('name').execute();
}

export async function findAuthorBySlug(db: Database, slug: string): Promise<Author | undefined> {
  return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** A section to save; without `requiredTierId` it keeps the tier it requires. */
export type SectionInput = Omit<Section, 'id'> & { requiredTierId?: number | null };
export type AuthorInput = Omit<Author, 'id'>;
export type SponsorInput = Omit<Sponsor, 'id'>;

/** Creates the section or updates the one with the same slug; returns its id. */
export async function saveSection(db: Database, section: SectionInput, now: Date): Promise<number> {
  await bumpContentVersion(db, now);
  const row = await db
    .insertInto('sections')
    .values({
      slug: section.slug,
      name: section.name,
      description: section.description,
      position: section.position,
      required_tier_id: section.requiredTierId ?? null,
    })
    .onConflict((conflict) =>
      conflict.column('slug').doUpdateSet({
        name: section.name,
        description: section.description,
        position: section.position,
        ...(section.requiredTierId === undefined ? {} : { required_tier_id: section.requiredTierId }),
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function saveAuthor(db: Database, author: AuthorInput, now: Date): Promise<number> {
  await bumpContentVersion(db, now);
  const row = await db
    .insertInto('authors')
    .values(author)
    .onConflict((conflict) => conflict.column('slug').doUpdateSet({ name: author.name, bio: author.bio }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function saveSponsor(db: Database, sponsor: SponsorInput, now: Date): Promise<number> {
  await bumpContentVersion(db, now);
  const row = await db
    .insertInto('sponsors')
    .values(sponsor)
    .onConflict((conflict) => conflict.column('slug').doUpdateSet({ name: sponsor.name, disclosure: sponsor.disclosure, url: sponsor.url }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
