import { Readable } from 'node:stream';
import { HttpError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { exportReaders } from '../../readers/export-readers.ts';
import { readerFilterOf, readerFilterQuery } from '../../readers/reader-filter.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { can } from '../permissions.ts';
import type { NewsroomDeps } from './admin-page.ts';
import { staffOf } from './staff-guard.ts';

/**
 * The desk's list as Dateline's export, filtered as the list is, streamed a batch of readers at a
 * time so the whole readership downloads in bounded memory. Personal data leaving the site: the
 * download is audited, and never kept by a cache.
 */
export function registerReaderExportRoute(app: App, deps: NewsroomDeps): void {
  app.get('/admin/readers/export.csv', { schema: { querystring: readerFilterQuery } }, async (request, reply) => {
    const staff = staffOf(request);
    if (!can(staff.role, 'serve-readers')) throw new HttpError(403, 'Readers are for the readers’ desk.');
    const now = deps.now();
    const settings = await readPublicationSettings(deps.db);
    const filter = readerFilterOf(request.query, settings.timeZone);
    const { page: _page, ...asked } = request.query;
    await recordAudit(deps.db, {
      actor: staff,
      action: 'exported readers',
      subject: 'the readers’ list',
      detail: new URLSearchParams(Object.entries(asked).map(([key, value]): [string, string] => [key, String(value)])).toString(),
      now,
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="readers-${now.toISOString().slice(0, 10)}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportReaders(deps.db, { filter, now })));
  });
}
