import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { CatalogueFormError, parseOfferForm, parsePlanForm, parseTierForm } from '../../commerce/catalogue-form.ts';
import { listTiers, saveTier } from '../../commerce/tier-repository.ts';
import { listOffers, listPlans, saveOffer, savePlan } from '../../commerce/catalogue-repository.ts';
import { checkOffer } from '../../commerce/offer-rules.ts';
import { formatLocalDateTime } from '../../settings/local-date-time.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { App } from '../../http/site-deps.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { OffersAdminPageView } from '../admin-views.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';

const stateLabels = {
  retired: 'Retired',
  'plan-retired': 'Plan retired',
  'not-started': 'Not started',
  ended: 'Ended',
  'sold-out': 'Sold out',
  'trial-used': 'Shown now',
} as const;
const amount = (minor: number) => (minor / 100).toFixed(2);

async function sendOffers(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { error = null, message = null, status = 200 }: { error?: string | null; message?: string | null; status?: number },
) {
  const [plans, offers, tiers, { timeZone }] = await Promise.all([
    listPlans(deps.db),
    listOffers(deps.db),
    listTiers(deps.db),
    readPublicationSettings(deps.db),
  ]);
  const now = deps.now();
  const planById = new Map(plans.map((plan) => [plan.id, plan]));
  const local = (date: Date | null) => (date === null ? '' : formatLocalDateTime(date, timeZone));
  const page: OffersAdminPageView = {
    planSaveUrl: '/admin/plans',
    offerSaveUrl: '/admin/offers',
    tierSaveUrl: '/admin/tiers',
    timeZone,
    error,
    message,
    tiers: tiers.map((tier) => ({
      slug: tier.slug,
      name: tier.name,
      description: tier.description,
      planNames: plans
        .filter((plan) => plan.tiers.includes(tier.slug))
        .map((plan) => plan.name)
        .join(', '),
    })),
    tierChoices: tiers.map((tier) => ({ slug: tier.slug, name: tier.name, isChecked: false })),
    plans: plans.map((plan) => ({
      slug: plan.slug,
      name: plan.name,
      price: amount(plan.priceMinor),
      currency: plan.currency,
      interval: plan.interval,
      benefits: plan.benefits.join('\n'),
      isActive: plan.isActive,
      tierChoices: tiers.map((tier) => ({ slug: tier.slug, name: tier.name, isChecked: plan.tiers.includes(tier.slug) })),
    })),
    planOptions: plans.map((plan) => ({ value: plan.slug, label: plan.name, isSelected: false })),
    offers: offers.flatMap((offer) => {
      const plan = planById.get(offer.planId);
      if (!plan) return [];
      const unavailable = checkOffer({ offer, plan, now, hasUsedTrial: false });
      return [
        {
          slug: offer.slug,
          headline: offer.headline,
          copy: offer.copy,
          planSlug: plan.slug,
          termsKind: offer.terms.kind,
          introPrice: offer.terms.kind === 'introductory-price' ? amount(offer.terms.priceMinor) : '',
          introPeriods: offer.terms.kind === 'introductory-price' ? String(offer.terms.periods) : '',
          trialDays: offer.terms.kind === 'free-trial' ? String(offer.terms.days) : '',
          startsAt: local(offer.startsAt),
          endsAt: local(offer.endsAt),
          redemptionCap: offer.redemptionCap === null ? '' : String(offer.redemptionCap),
          redemptionCount: offer.redemptionCount,
          isRetired: offer.isRetired,
          stateLabel: unavailable === null ? 'Shown now' : stateLabels[unavailable],
        },
      ];
    }),
  };
  return sendAdminPage(reply, deps, { template: 'offers', admin: await adminChrome(deps, staff, reply, 'offers'), page, status });
}

function requireAdmin(staff: Staff): void {
  if (!can(staff.role, 'manage-settings')) throw new HttpError(403, 'Only administrators change plans and offers.');
}

// A plan's form carries a box for each tier ("tier-premium"), so a publication's tiers fit with room to spare.
const formBody = { body: Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 4000 }), { maxProperties: 60 }) };

/**
 * Plans, offers and tiers, which the paywall and /offers sell; an offer never changes what a reader
 * already pays. A plan's tiers say which tier-locked articles its subscribers read.
 */
export function registerOfferAdminRoutes(app: App, deps: NewsroomDeps): void {
  app.get('/admin/offers', async (request, reply) => {
    const staff = staffOf(request);
    requireAdmin(staff);
    return sendOffers(reply, deps, staff, {});
  });

  for (const [path, what] of [
    ['/admin/plans', 'plan'],
    ['/admin/offers', 'offer'],
    ['/admin/tiers', 'tier'],
  ] as const) {
    app.post(path, { schema: formBody, preHandler: app.csrfProtection }, async (request, reply) => {
      const staff = staffOf(request);
      requireAdmin(staff);
      const now = deps.now();
      try {
        const { timeZone } = await readPublicationSettings(deps.db);
        const saved = await deps.db.transaction().execute(async (trx) => {
          if (what === 'plan') {
            const plan = parsePlanForm(request.body);
            await savePlan(trx, plan, now);
            await recordAudit(trx, {
              actor: staff,
              action: 'saved plan',
              subject: plan.name,
              detail: `${amount(plan.priceMinor)} ${plan.currency} a ${plan.interval}`,
              now,
            });
            return plan.name;
          }
          if (what === 'tier') {
            const tier = parseTierForm(request.body);
            await saveTier(trx, tier, now);
            await recordAudit(trx, { actor: staff, action: 'saved tier', subject: tier.name, now });
            return tier.name;
          }
          const offer = parseOfferForm(request.body, timeZone);
          const plan = await trx.selectFrom('plans').select('id').where('slug', '=', offer.planSlug).executeTakeFirst();
          if (!plan) throw new CatalogueFormError('Choose the plan the offer is for.');
          await saveOffer(trx, offer, now);
          await recordAudit(trx, { actor: staff, action: offer.isRetired ? 'retired offer' : 'saved offer', subject: offer.headline, now });
          return offer.headline;
        });
        return sendOffers(reply, deps, staff, { message: `Saved “${saved}”.` });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return sendOffers(reply, deps, staff, { error: error.message, status: statusOf(error) });
      }
    });
  }
}
