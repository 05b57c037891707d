import { formatMoney, type Money } from '../../commerce/money.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { readRecoveryLedger, tallyRecovery } from '../../readers/payment-recovery.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { RecoveryPageView } from '../admin-views.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf } from './staff-guard.ts';

/** How many months back the figures reach. */
const monthsShown = 12;

export function registerRecoveryRoute(app: App, deps: NewsroomDeps): void {
  app.get('/admin/readers/recovery', async (request, reply) => {
    const staff = staffOf(request);
    if (!can(staff.role, 'serve-readers')) throw new HttpError(403, "The readers' desk is for the desk and administrators.");
    const now = deps.now();
    const settings = await readPublicationSettings(deps.db);
    // The first of the month a year back, in UTC: a day either side of the time zone's month start
    // is inside the first month shown or before it, and the fold puts each failure in its own month.
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (monthsShown - 1), 1));
    const { charges, statusOf } = await readRecoveryLedger(deps.db, { since });
    const months = tallyRecovery(charges, { statusOf, timeZone: settings.timeZone });
    const money = (amounts: Money[]) => amounts.map((amount) => formatMoney(amount, settings.locale)).join(', ');
    const monthName = new Intl.DateTimeFormat(settings.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const labelOf = (month: string) => {
      const [year = 0, monthNumber = 1] = month.split('-').map(Number);
      return monthName.format(new Date(Date.UTC(year, monthNumber - 1, 1)));
    };
    const page: RecoveryPageView = {
      months: months.map((figures) => {
        const settled = figures.recovered + figures.lost;
        return {
          monthLabel: labelOf(figures.month),
          failed: figures.failed,
          recovered: figures.recovered,
          lost: figures.lost,
          open: figures.open,
          recoveredAmount: money(figures.recoveredAmounts),
          lostAmount: money(figures.lostAmounts),
          recoveryRate: settled === 0 ? '—' : `${Math.round((figures.recovered / settled) * 100)} %`,
        };
      }),
      periodLabel: `since ${labelOf(`${since.getUTCFullYear()}-${since.getUTCMonth() + 1}`)}`,
    };
    return sendAdminPage(reply, deps, { template: 'recovery', admin: await adminChrome(deps, staff, reply, 'readers'), page });
  });
}
