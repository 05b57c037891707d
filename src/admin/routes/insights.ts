import { Type } from 'typebox';
import { HttpError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { chartsOf } from '../../insights/insight-charts.ts';
import { dayOf } from '../../insights/insight-days.ts';
import { parsePeriod, InvalidPeriodError, type InsightPeriod } from '../../insights/insight-period.ts';
import { readInsights } from '../../insights/read-insights.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { chartCsv, chartViewOf } from '../insight-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { audienceStaffOf } from './staff-guard.ts';

const insightsPath = '/admin/insights';
const csvPath = '/admin/insights.csv';

const periodQuery = {
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
};

const csvUrlOf = (key: string, period: InsightPeriod) => `${csvPath}?chart=${key}&from=${period.first}&to=${period.last}`;

/** The audience's view of what sells: the funnel, what brings subscriptions, revenue and retention, over a period beside the one before. */
export function registerInsightRoutes(app: App, deps: NewsroomDeps): void {
  app.get(insightsPath, { schema: { querystring: Type.Object(periodQuery) } }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const now = deps.now();
    const today = dayOf(now);
    const admin = await adminChrome(deps, staff, reply, 'insights');
    let period: InsightPeriod;
    try {
      period = parsePeriod({ from: request.query.from, to: request.query.to, today });
    } catch (error) {
      if (!(error instanceof InvalidPeriodError)) throw error;
      return sendAdminPage(reply, deps, {
        template: 'insights',
        admin,
        page: { error: error.message, fields: { from: request.query.from ?? '', to: request.query.to ?? '' }, today, report: null, charts: [] },
        status: 400,
      });
    }
    const [report, { locale }] = await Promise.all([readInsights(deps.db, { period, now }), readPublicationSettings(deps.db)]);
    return sendAdminPage(reply, deps, {
      template: 'insights',
      admin,
      page: {
        error: null,
        fields: { from: period.first, to: period.last },
        today,
        report: { period, rolledAt: report.rolledAt?.toISOString().slice(0, 16).replace('T', ' ') ?? null },
        charts: chartsOf(report).map((chart) => chartViewOf(chart, { locale, csvUrl: csvUrlOf(chart.key, period) })),
      },
    });
  });

  app.get(
    csvPath,
    { schema: { querystring: Type.Object({ chart: Type.String({ maxLength: 60, pattern: '^[a-z-]+$' }), ...periodQuery }) } },
    async (request, reply) => {
      audienceStaffOf(request);
      const now = deps.now();
      const period = parsePeriod({ from: request.query.from, to: request.query.to, today: dayOf(now) });
      const chart = chartsOf(await readInsights(deps.db, { period, now })).find((candidate) => candidate.key === request.query.chart);
      if (chart === undefined) throw new HttpError(404, 'There is no such chart.');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${chart.key}-${period.first}-to-${period.last}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(chartCsv(chart));
    },
  );
}
