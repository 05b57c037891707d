import type { Database } from '../db/database.ts';
import type { Image } from './article.ts';

export async function findImageByKey(db: Database, key: string): Promise<Image | undefined> {
  return db.selectFrom('images').select(['id', 'key', 'width', 'height', 'alt']).where('key', '=', key).executeTakeFirst();
}

export async function insertImage(db: Database, image: Omit<Image, 'id'> & { createdAt: Date }): Promise<number> {
  const row = await db
    .insertInto('images')
    .values({ key: image.key, width: image.width, height: image.height, alt: image.alt, created_at: image.createdAt.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
