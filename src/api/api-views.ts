import type { AccessSettings } from '../access/access-settings.ts';
import type { AccessDecision } from '../access/decide-access.ts';
import { meterForPeriod, meterPeriodOf, type Meter } from '../access/meter.ts';
import type { Article, ArticleSummary, Section } from '../content/article.ts';
import { renditionFileName, renditionFormats, widthsFor } from '../content/image-renditions.ts';
import { formatOfferTerms } from '../commerce/offer-wording.ts';
import type { Offer, Plan } from '../commerce/plan.ts';
import type { CutBody } from '../reading/preview-cut.ts';
import type { PublicationSettings } from '../settings/publication-settings.ts';
import { absoluteUrl, articlePath, sectionPath } from '../http/urls.ts';
import type { AccessBody, ArticleBody, ArticleSummaryBody, SectionBody } from './api-schemas.ts';

/**
 * What the API answers, made from the domain's own types: pure, like the site's view models. An
 * article's blocks come from the body as readArticle cut it, so a locked part that was not given
 * cannot be sent.
 */
export function toSectionBody(section: Section, publicUrl: URL): SectionBody {
  return { slug: section.slug, name: section.name, description: section.description, url: absoluteUrl(publicUrl, sectionPath(section)) };
}

export function toArticleSummaryBody(article: ArticleSummary, publicUrl: URL): ArticleSummaryBody {
  const lead = article.leadImage;
  return {
    id: article.id,
    slug: article.slug,
    section: { slug: article.section.slug, name: article.section.name },
    headline: article.headline,
    standfirst: article.standfirst,
    dateline: article.dateline,
    authors: article.authors.map((author) => ({ slug: author.slug, name: author.name })),
    accessLevel: article.access,
    sponsor: article.sponsor === null ? null : { name: article.sponsor.name, disclosure: article.sponsor.disclosure, url: article.sponsor.url },
    leadImage:
      lead === null
        ? null
        : {
            alt: lead.image.alt,
            caption: lead.caption,
            credit: lead.credit,
            width: lead.image.width,
            height: lead.image.height,
            renditions: widthsFor(lead.image.width).flatMap((width) =>
              renditionFormats.map((format) => ({ url: absoluteUrl(publicUrl, `/media/${renditionFileName(lead.image.key, width, format)}`), width, format })),
            ),
          },
    // Lists and reads only ever hold published articles, which have a publication time.
    publishedAt: (article.publishedAt ?? article.updatedAt).toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    url: absoluteUrl(publicUrl, articlePath(article)),
  };
}

export type OfferBody = AccessBody['offers'][number];

export function toOfferBody(offer: Offer, plan: Plan, { settings, publicUrl }: { settings: Pick<PublicationSettings, 'locale'>; publicUrl: URL }): OfferBody {
  return {
    slug: offer.slug,
    headline: offer.headline,
    copy: offer.copy,
    planName: plan.name,
    terms: formatOfferTerms(offer, plan, settings.locale),
    price: { amountMinor: plan.priceMinor, currency: plan.currency, interval: plan.interval },
    endsAt: offer.endsAt?.toISOString() ?? null,
    benefits: [...plan.benefits],
    url: absoluteUrl(publicUrl, '/offers'),
  };
}

export type MeterState = { limit: number; used: number; remaining: number };

/** A metered reader's month so far, against their limit. */
export function toMeterState(meter: Meter | null, { limit, period }: { limit: number; period: string }): MeterState {
  const used = meterForPeriod(meter, period).articleIds.length;
  return { limit, used, remaining: Math.max(0, limit - used) };
}

/**
 * The meter a reader reads this article on, if any (anonymous and registered readers, on metered
 * articles), against the limit the read was decided on: the setting's, or a meter rule's.
 */
function meterOfRead(decision: AccessDecision, { timeZone, now }: { timeZone: string; now: Date }): MeterState | null {
  if (decision.meterLimit === null) return null;
  return toMeterState(decision.meter, { limit: decision.meterLimit, period: meterPeriodOf(now, timeZone) });
}

/** The article as this reader may have it: every block when they read in full, the open ones otherwise. */
export function toArticleBody(
  { article, body, decision, offers }: { article: Article; body: CutBody; decision: AccessDecision; offers: readonly OfferBody[] },
  context: { settings: AccessSettings; timeZone: string; now: Date; publicUrl: URL },
): ArticleBody {
  const access: AccessBody = {
    state: decision.access,
    reason: decision.access === 'preview' ? decision.wall.kind : null,
    meter: meterOfRead(decision, context),
    offers: decision.access === 'preview' ? [...offers] : [],
  };
  const blocks = [...body.open, ...body.locked].map((block) => ({ kind: block.kind, html: block.html }));
  return { ...toArticleSummaryBody(article, context.publicUrl), blocks, access };
}
