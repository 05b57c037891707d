import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { parseAccessSettings } from '../../access/access-settings.ts';
import { InvalidPaywallSettingsError, parsePaywallSettings } from '../../access/paywall-settings.ts';
import { listOffers } from '../../commerce/catalogue-repository.ts';
import type { Offer } from '../../commerce/plan.ts';
import { defaultAccessMessages } from '../../access/messages.ts';
import { parseCommerceSettings, readCommerceSettings, writeCommerceSettings } from '../../commerce/commerce-settings.ts';
import { readAccessSettings, writeAccessSettings } from '../../settings/access-settings-repository.ts';
import { readPaywallSettings, writePaywallSettings } from '../../settings/paywall-settings-repository.ts';
import { accessMessageKeys, parseMessageOverrides } from '../../settings/message-overrides.ts';
import { parsePublicationSettings } from '../../settings/publication-settings.ts';
import { readAccessMessages, readPublicationSettings, writeAccessMessages, writePublicationSettings } from '../../settings/settings-repository.ts';
import type { App } from '../../http/site-deps.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { SettingsPageView } from '../admin-views.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';

const settingsPath = '/admin/settings';

async function sendSettings(reply: FastifyReply, deps: NewsroomDeps, staff: Staff, view: Omit<SettingsPageView, 'saveUrl'>, status = 200) {
  return sendAdminPage(reply, deps, {
    template: 'settings',
    admin: await adminChrome(deps, staff, reply, 'settings'),
    page: { saveUrl: settingsPath, ...view },
    status,
  });
}

function requireAdmin(staff: Staff): void {
  if (!can(staff.role, 'manage-settings')) throw new HttpError(403, "Only administrators change the publication's settings.");
}

const wholeNumber = (text: string | undefined) => (text !== undefined && /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

const paywallOfferField = (offerId: number) => `paywallOffer.${offerId}`;

/** The offers the paywall may be set to show: the live ones, checked where chosen. */
async function paywallOfferChoices(deps: NewsroomDeps, isChosen: (offer: Offer) => boolean) {
  const offers = (await listOffers(deps.db)).filter((offer) => !offer.isRetired);
  return offers.map((offer) => ({ offerId: offer.id, field: paywallOfferField(offer.id), headline: offer.headline, isChecked: isChosen(offer) }));
}

/** The paywall's settings as the form gives them: an empty wall is no wall; no offer checked leaves the choice to the ranking. */
function paywallSettingsOf(body: Readonly<Record<string, string>>, choices: readonly { offerId: number; field: string; isChecked: boolean }[]) {
  const wall = (body.registrationWallAfter ?? '').trim();
  const chosen = choices.filter(({ isChecked }) => isChecked).map(({ offerId }) => offerId);
  const unknown = Object.keys(body).filter((name) => name.startsWith('paywallOffer.') && !choices.some(({ field }) => field === name));
  if (unknown.length > 0) throw new InvalidPaywallSettingsError('The paywall can show only live offers; reload the page to see them.', 'offerIds');
  return parsePaywallSettings({ registrationWallAfter: wall === '' ? null : wholeNumber(wall), offerIds: chosen.length === 0 ? null : chosen });
}

export function registerSettingsRoutes(app: App, deps: NewsroomDeps): void {
  app.get(
    settingsPath,
    { schema: { querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const staff = staffOf(request);
      requireAdmin(staff);
      const [publication, access, commerce, messages, paywall] = await Promise.all([
        readPublicationSettings(deps.db),
        readAccessSettings(deps.db),
        readCommerceSettings(deps.db),
        readAccessMessages(deps.db),
        readPaywallSettings(deps.db),
      ]);
      const paywallOffers = await paywallOfferChoices(deps, (offer) => paywall.offerIds?.includes(offer.id) ?? false);
      return sendSettings(reply, deps, staff, {
        error: null,
        message: request.query.saved ? 'Settings saved. Readers see them on their next page.' : null,
        fields: {
          ...publication,
          anonymousLimit: String(access.meterLimits.anonymous),
          registeredLimit: String(access.meterLimits.registered),
          defaultPreviewBlocks: String(access.defaultPreviewBlocks),
          giftsPerMonth: String(access.giftsPerMonth),
          gracePeriodDays: String(commerce.gracePeriodDays),
          trialReminderDays: String(commerce.trialReminderDays),
          registrationWallAfter: paywall.registrationWallAfter === null ? '' : String(paywall.registrationWallAfter),
        },
        paywallOffers,
        messages: accessMessageKeys().map((key) => ({ key, value: messages[key], defaultValue: defaultAccessMessages[key] })),
      });
    },
  );

  app.post(
    settingsPath,
    {
      schema: { body: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }), { maxProperties: 100 }) },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const staff = staffOf(request);
      requireAdmin(staff);
      const body = request.body;
      const field = (name: string) => body[name] ?? '';
      const choices = await paywallOfferChoices(deps, (offer) => body[paywallOfferField(offer.id)] !== undefined);
      const submitted = {
        error: null,
        message: null,
        fields: {
          name: field('name'),
          tagline: field('tagline'),
          locale: field('locale'),
          timeZone: field('timeZone'),
          anonymousLimit: field('anonymousLimit'),
          registeredLimit: field('registeredLimit'),
          defaultPreviewBlocks: field('defaultPreviewBlocks'),
          giftsPerMonth: body.giftsPerMonth ?? String((await readAccessSettings(deps.db)).giftsPerMonth),
          gracePeriodDays: field('gracePeriodDays'),
          trialReminderDays: field('trialReminderDays'),
          registrationWallAfter: field('registrationWallAfter'),
        },
        paywallOffers: choices,
        messages: accessMessageKeys().map((key) => ({ key, value: field(`message.${key}`), defaultValue: defaultAccessMessages[key] })),
      };
      const now = deps.now();
      try {
        // Everything is checked before anything is saved: a bad value anywhere saves nothing.
        const publication = parsePublicationSettings({ name: field('name'), tagline: field('tagline'), locale: field('locale'), timeZone: field('timeZone') });
        const access = parseAccessSettings({
          meterLimits: { anonymous: wholeNumber(body.anonymousLimit), registered: wholeNumber(body.registeredLimit) },
          defaultPreviewBlocks: wholeNumber(body.defaultPreviewBlocks),
          giftsPerMonth: wholeNumber(submitted.fields.giftsPerMonth),
        });
        const paywall = paywallSettingsOf(body, choices);
        const commerce = parseCommerceSettings({ gracePeriodDays: wholeNumber(body.gracePeriodDays), trialReminderDays: wholeNumber(body.trialReminderDays) });
        const messages = parseMessageOverrides(Object.fromEntries(accessMessageKeys().map((key) => [key, field(`message.${key}`)])), publication.locale);
        await deps.db.transaction().execute(async (trx) => {
          await writePublicationSettings(trx, publication, now);
          await writeAccessSettings(trx, access, now);
          await writeCommerceSettings(trx, commerce, now);
          await writeAccessMessages(trx, messages, now);
          await writePaywallSettings(trx, paywall, now);
          await recordAudit(trx, {
            actor: staff,
            action: 'changed settings',
            subject: 'the publication',
            detail: `meter ${access.meterLimits.anonymous}/${access.meterLimits.registered}, registration wall ${paywall.registrationWallAfter ?? 'none'}, paywall offers ${paywall.offerIds?.join(' and ') ?? 'ranked'}`,
            now,
          });
        });
        return reply.redirect(`${settingsPath}?saved=1`, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return sendSettings(reply, deps, staff, { ...submitted, error: error.message }, statusOf(error));
      }
    },
  );
}
