import type { Database } from '../db/database.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import type { Author, Section, Sponsor } from './article.ts';

/** Sections in menu order. */
export async function listSections(db: Database): Promise<Section[]> {
  return db.selectFrom('sections').selectAll().orderBy('position').orderBy('id').execute();
}

export async function findSectionBySlug(db: Database, slug: string): Promise<Section | undefined> {
  return db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
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

export type SectionInput = Omit<Section, 'id'>;
export type AuthorInput = Omit<Author, 'id'>;
export type SponsorInput = Omit<Sponsor, 'id'>;

/** Creates the section or updates the one with the same slug; returns its id. */
export async function saveSection(db: Database, section: SectionInput, now: Date): Promise<number> {
  await bumpContentVersion(db, now);
  const row = await db
    .insertInto('sections')
    .values(section)
    .onConflict((conflict) => conflict.column('slug').doUpdateSet({ name: section.name, description: section.description, position: section.position }))
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
