import type { Database } from '../db/database.ts';
import { recordAudit } from '../newsroom/audit-log.ts';
import { bumpContentVersion } from '../settings/content-version.ts';

/** The job loop's part: articles whose scheduled time has come go live. Safe on every instance. */
export async function publishDueArticles(db: Database, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .updateTable('articles')
      .set({ status: 'published' })
      .where('status', '=', 'scheduled')
      .where('published_at', '<=', now.toISOString())
      .returning(['id', 'headline'])
      .execute();
    for (const article of due) await recordAudit(trx, { actor: null, action: 'published (scheduled)', subject: `“${article.headline}”`, now });
    if (due.length > 0) await bumpContentVersion(trx, now);
    return due.length;
  });
}
