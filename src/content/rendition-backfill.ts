import type { Database } from '../db/database.ts';
import { findMissingRenditions, writeMissingRenditions } from './image-renditions.ts';

export type BackfillReport = { checked: number; completed: number; unrecoverable: string[] };

const pageSize = 200;
// Images checked at once: the checks are file lookups, the making is sharp's own threads; two
// cores stay busy without the whole library's files opened together.
const concurrency = 4;

/**
 * Makes every rendition the library's images lack, such as the widths and formats added since an
 * image was stored (240, 320 and 640 px, AVIF). Run before the server listens, as migrations are, so no
 * page ever names a file that is not there; on a library where nothing is missing it only looks
 * files up. A large library can be brought up to date ahead of an upgrade with
 * `npm run dateline -- media:renditions` while the previous version serves, which never names the
 * new files. Images are read a page at a time, by id, so memory stays flat whatever the library's size.
 * An image with no file at all to make them from is reported, not fatal: its pages show a
 * broken image today and will after, and refusing to start would take every other page down with it.
 * (docs/decisions/0015)
 */
export async function backfillRenditions(
  db: Database,
  { mediaDir, onProgress }: { mediaDir: string; onProgress?: (report: BackfillReport) => void },
): Promise<BackfillReport> {
  const report: BackfillReport = { checked: 0, completed: 0, unrecoverable: [] };
  let afterId = 0;
  for (;;) {
    const images = await db.selectFrom('images').select(['id', 'key', 'width']).where('id', '>', afterId).orderBy('id').limit(pageSize).execute();
    if (images.length === 0) return report;
    afterId = images[images.length - 1]?.id ?? afterId;
    const pending = [...images];
    const work = async (): Promise<void> => {
      for (let image = pending.shift(); image; image = pending.shift()) {
        const missing = await findMissingRenditions({ key: image.key, width: image.width, mediaDir });
        report.checked += 1;
        if (missing.length === 0) continue;
        if (await writeMissingRenditions({ key: image.key, width: image.width, mediaDir, missing })) report.completed += 1;
        else report.unrecoverable.push(image.key);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, work));
    onProgress?.(report);
  }
}
