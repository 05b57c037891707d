import { isEntitled } from '../../access/reader.ts';
import { meterPeriodOf } from '../../access/meter.ts';
import { loadReaderMeter } from '../../accounts/reader-meter.ts';
import { findOfferById, findPlanById } from '../../commerce/catalogue-repository.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../../commerce/commerce-settings.ts';
import { describeSubscription } from '../../commerce/subscription-detail.ts';
import { findLatestSubscription } from '../../commerce/subscription-repository.ts';
import { readRegisteredMeterLimit } from '../../experiments/experiment-repository.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import type { SiteDeps } from '../../http/site-deps.ts';
import { requireTokenHolder } from '../api-identity.ts';
import { findLiveComplimentaryAccess } from '../../readers/complimentary-access-repository.ts';
import { errorBody, meBody, noQuery, type MeBody } from '../api-schemas.ts';
import type { ApiApp } from '../api-app.ts';
import { toMeterState } from '../api-views.ts';

export function registerMeRoute(api: ApiApp, deps: SiteDeps): void {
  api.get(
    '/me',
    {
      schema: {
        tags: ['Account'],
        summary: 'The signed-in reader: account, subscription and what they may read',
        security: [{ bearerToken: [] }],
        querystring: noQuery,
        response: { 200: meBody, 400: errorBody, 401: errorBody },
      },
    },
    async (request, reply) => {
      const { holder, reader } = await requireTokenHolder(request, deps);
      const { account } = holder;
      const now = deps.now();
      const [subscription, complimentary, chrome, accessSettings, commerce] = await Promise.all([
        findLatestSubscription(deps.db, account.id),
        findLiveComplimentaryAccess(deps.db, account.id, now),
        deps.chrome(),
        readAccessSettings(deps.db),
        readCommerceSettings(deps.db),
      ]);
      let subscriptionBody: MeBody['subscription'] = null;
      if (subscription) {
        const [plan, offer] = await Promise.all([
          findPlanById(deps.db, subscription.planId),
          subscription.offerId === null ? undefined : findOfferById(deps.db, subscription.offerId),
        ]);
        if (plan) {
          subscriptionBody = {
            status: subscription.state.status,
            planName: plan.name,
            currentPeriodEnd: subscription.state.currentPeriodEnd.toISOString(),
            detail: describeSubscription(subscription, {
              plan,
              offer: offer?.offer ?? null,
              settings: chrome.settings,
              gracePeriodMs: gracePeriodMsOf(commerce),
            }),
          };
        }
      }
      const period = meterPeriodOf(now, chrome.settings.timeZone);
      const meter =
        reader.kind === 'registered'
          ? toMeterState(await loadReaderMeter(deps.db, account.id, period), {
              limit: await readRegisteredMeterLimit(deps.db, account.id, accessSettings),
              period,
            })
          : null;
      reply.header('cache-control', 'private, no-store');
      return {
        account: { id: account.id, email: account.email, name: account.name, role: account.role },
        subscription: subscriptionBody,
        complimentary: complimentary ? { until: complimentary.endsAt?.toISOString() ?? null } : null,
        entitlements: { readsEverything: isEntitled(reader), meter },
      } satisfies MeBody;
    },
  );
}
