import type { Database } from '../src/db/database.ts';
import type { NewsletterAudience } from '../src/newsletters/newsletter-tables.ts';

/** A newsletter as the newsroom would set one up, for tests: weekly, open to the audience given. */
export async function insertNewsletter(
  db: Database,
  { slug, name = slug, audience = 'anyone', status = 'active' }: { slug: string; name?: string; audience?: NewsletterAudience; status?: 'active' | 'archived' },
  now = new Date('2026-05-01T08:00:00Z'),
): Promise<number> {
  const row = await db
    .insertInto('newsletters')
    .values({
      slug,
      name,
      description: `What ${name} brings.`,
      cadence: 'weekly',
      sender_name: 'The desk',
      sender_email: 'desk@news.example',
      audience,
      template: 'edition',
      daily_section_id: null,
      daily_send_time: null,
      status,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
