import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { readPublicationSettings } from '../settings/settings-repository.ts';
import { parseLocalDateTime } from '../settings/local-date-time.ts';
import { createSend } from './sends/sends.ts';

/** The publication's calendar day ("YYYY-MM-DD") an instant falls on. */
export function publicationDayOf(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export type DigestDue = { day: string; dayStart: Date; sendAt: Date };

/**
 * Is a section's daily digest due: the publication's day it would cover, from the day's start to its
 * send time, once that time has come; null before it. A newsletter that did not exist at the day's
 * send time gets its first digest the next day rather than a late one.
 */
export function dailyDigestDue({ sendTime, createdAt }: { sendTime: string; createdAt: Date }, now: Date, timeZone: string): DigestDue | null {
  const day = publicationDayOf(now, timeZone);
  const dayStart = parseLocalDateTime(`${day}T00:00`, timeZone);
  const sendAt = parseLocalDateTime(`${day}T${sendTime}`, timeZone);
  if (dayStart === null || sendAt === null || sendAt > now || sendAt < createdAt) return null;
  return { day, dayStart, sendAt };
}

/** "Wednesday 2 December": the day as the subject line gives it. */
export function digestDayLabel(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(`${day}T12:00:00Z`));
}

/**
 * The job loop's part: each active newsletter with a daily digest whose time has come today gets one
 * send of its section's articles published that day by its time, at most one a day however many
 * instances look (the unique index on the newsletter and day decides), and none on a day without
 * articles. Returns the sends created.
 */
export async function createDueDailyDigests(db: Database, now: Date): Promise<number> {
  const { timeZone } = await readPublicationSettings(db);
  const newsletters = await db
    .selectFrom('newsletters')
    .select(['id', 'name', 'daily_section_id', 'daily_send_time', 'created_at'])
    .where('status', '=', 'active')
    .where('daily_section_id', 'is not', null)
    .where('daily_send_time', 'is not', null)
    .execute();
  let created = 0;
  for (const newsletter of newsletters) {
    if (newsletter.daily_section_id === null || newsletter.daily_send_time === null) continue;
    const due = dailyDigestDue({ sendTime: newsletter.daily_send_time, createdAt: new Date(newsletter.created_at) }, now, timeZone);
    if (due === null) continue;
    const already = await db
      .selectFrom('newsletter_sends')
      .select('id')
      .where('newsletter_id', '=', newsletter.id)
      .where('digest_day', '=', due.day)
      .executeTakeFirst();
    if (already) continue;
    const articles = await db
      .selectFrom('articles')
      .select('id')
      .where('section_id', '=', newsletter.daily_section_id)
      .where('status', '=', 'published')
      .where('published_at', '>=', due.dayStart.toISOString())
      .where('published_at', '<=', due.sendAt.toISOString())
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(30)
      .execute();
    if (articles.length === 0) continue;
    try {
      await createSend(
        db,
        {
          newsletterId: newsletter.id,
          kind: 'section-digest',
          subject: `${newsletter.name}: ${digestDayLabel(due.day)}`,
          intro: null,
          articleIds: articles.map((article) => article.id),
          scheduledFor: now,
          createdBy: null,
          digestDay: due.day,
        },
        now,
      );
      created += 1;
    } catch (error) {
      // Another instance made the day's digest first.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return created;
}
