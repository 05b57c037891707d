import type { Database } from '../db/database.ts';
import { slugify } from './slug.ts';

/**
 * The author a writer's own byline names, when they saved a draft without choosing one: the author
 * of their name (authors are the newsroom's bylines, not its accounts, so the name is the link), else
 * the author whose slug that name makes, else a new author made for them. Safe against two saves at
 * once: the slug is unique, and the loser of the race takes the winner's row.
 */
export async function findOrCreateWriterAuthor(db: Database, { name, fallbackSlug }: { name: string; fallbackSlug: string }): Promise<number> {
  const byName = await db.selectFrom('authors').select('id').where('name', '=', name).orderBy('id').executeTakeFirst();
  if (byName) return byName.id;
  const slug = slugify(name) || fallbackSlug;
  await db
    .insertInto('authors')
    .values({ slug, name, bio: '' })
    .onConflict((conflict) => conflict.column('slug').doNothing())
    .execute();
  const bySlug = await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return bySlug.id;
}

/** The byline name of a staff member: their name, or the part of their address before the @. */
export function writerNameOf({ name, email }: { name: string; email: string }): string {
  return name.trim() || email.split('@')[0] || email;
}
