import { Type, type Static } from 'typebox';
import { accessLevels } from '../content/access-level.ts';
import { bodyBlockKinds } from '../content/body-blocks.ts';
import { maximumDeviceNameLength } from '../devices/api-tokens.ts';

/**
 * The API's shapes at its boundary: what requests may carry (anything else is refused with 400
 * naming the field) and what answers hold. They also type the routes and are what the OpenAPI
 * document is generated from.
 */
export const maximumPageSize = 50;
export const defaultPageSize = 20;

const closed = { additionalProperties: false } as const;
const slug = Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-z0-9][a-z0-9-]*$' });
const dateTime = Type.String({ format: 'date-time' });
const nullable = <Schema extends Parameters<typeof Type.Union>[0][number]>(schema: Schema) => Type.Union([schema, Type.Null()]);

export const errorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'Stable, for apps to act on: invalid-request, unauthorized, not-found, too-many-requests…' }),
        message: Type.String({ description: 'Words for a person.' }),
        field: Type.Optional(Type.String({ description: 'The request field at fault, for a 400.' })),
      },
      closed,
    ),
  },
  { ...closed, description: 'Every 4xx and 5xx answer of the API.' },
);

const pageQueryFields = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: maximumPageSize, default: defaultPageSize, description: `Items per page, at most ${maximumPageSize}.` }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Where the previous page ended: its `nextCursor`, as given.' })),
};

export const articleListQuery = Type.Object({ section: Type.Optional(slug), author: Type.Optional(slug), ...pageQueryFields }, closed);
export const searchQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 200, description: 'Words to look for.' }), ...pageQueryFields }, closed);
export const articleParams = Type.Object({ section: slug, slug }, closed);
export const noQuery = Type.Object({}, closed);

export const newSessionBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    device: Type.String({
      minLength: 1,
      maxLength: maximumDeviceNameLength,
      description: 'What the reader calls this device ("Ana\'s iPhone"); listed on their account page.',
    }),
  },
  closed,
);

export const sessionBody = Type.Object(
  {
    token: Type.String({ description: 'Send it as `Authorization: Bearer <token>`. Shown once; only its hash is kept.' }),
    device: Type.String(),
    createdAt: dateTime,
  },
  closed,
);

export const sectionBody = Type.Object({ slug: Type.String(), name: Type.String(), description: Type.String(), url: Type.String({ format: 'uri' }) }, closed);
export const sectionsBody = Type.Object({ sections: Type.Array(sectionBody) }, closed);

const leadImage = Type.Object(
  {
    alt: Type.String(),
    caption: Type.String(),
    credit: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    renditions: Type.Array(Type.Object({ url: Type.String({ format: 'uri' }), width: Type.Integer(), format: Type.Enum(['avif', 'webp', 'jpeg']) }, closed)),
  },
  closed,
);

const articleSummaryFields = {
  id: Type.Integer(),
  slug: Type.String(),
  section: Type.Object({ slug: Type.String(), name: Type.String() }, closed),
  headline: Type.String(),
  standfirst: Type.String(),
  dateline: Type.String(),
  authors: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }, closed)),
  accessLevel: Type.Enum(accessLevels, { description: 'What the article asks of its reader.' }),
  sponsor: nullable(Type.Object({ name: Type.String(), disclosure: Type.String(), url: Type.String() }, closed)),
  leadImage: nullable(leadImage),
  publishedAt: dateTime,
  updatedAt: dateTime,
  url: Type.String({ format: 'uri', description: 'The article on the web.' }),
};

export const articleSummaryBody = Type.Object(articleSummaryFields, closed);

export const articleListBody = Type.Object(
  {
    articles: Type.Array(articleSummaryBody),
    nextCursor: nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
  },
  closed,
);

export const searchResultsBody = Type.Object(
  {
    query: Type.String(),
    total: Type.Integer({ description: 'How many articles match, counted up to a thousand.' }),
    isTotalCapped: Type.Boolean(),
    results: Type.Array(
      Type.Object({ article: articleSummaryBody, snippet: Type.String({ description: 'Safe HTML: escaped text, the matched words in <mark>.' }) }, closed),
    ),
    nextCursor: nullable(Type.String()),
  },
  closed,
);

export const accessReasons = [
  'meter-exhausted',
  'registration-required',
  'subscription-required',
  'tier-required',
  'upgrade-required',
  'trial-expired',
  'subscription-expired',
  'organisation-ended',
] as const;

const offerBody = Type.Object(
  {
    slug: Type.String(),
    headline: Type.String(),
    copy: Type.String(),
    planName: Type.String(),
    terms: Type.String({ description: 'As the paywall words them: "$3.00 a month for 3 months, then $15.00 a month".' }),
    price: Type.Object({ amountMinor: Type.Integer(), currency: Type.String(), interval: Type.Enum(['month', 'year']) }, closed),
    endsAt: nullable(dateTime),
    benefits: Type.Array(Type.String()),
    url: Type.String({ format: 'uri', description: 'Where the reader subscribes on the web.' }),
  },
  closed,
);

export const accessBody = Type.Object(
  {
    state: Type.Enum(['full', 'preview'], { description: '"preview": only the open blocks were sent.' }),
    reason: nullable(Type.Enum(accessReasons, { description: 'Why the article stops after its preview.' })),
    meter: nullable(
      Type.Object(
        { limit: Type.Integer(), used: Type.Integer(), remaining: Type.Integer() },
        {
          ...closed,
          description:
            "This month's free articles, when the article is metered for this reader, against the limit this read was decided on: the meter's setting, or the meter rule that applied.",
        },
      ),
    ),
    offers: Type.Array(offerBody, { description: 'The offers the paywall shows; empty when the article is open.' }),
  },
  closed,
);

export const articleBody = Type.Object(
  {
    ...articleSummaryFields,
    blocks: Type.Array(Type.Object({ kind: Type.Enum(bodyBlockKinds), html: Type.String({ description: 'Sanitized HTML.' }) }, closed)),
    access: accessBody,
  },
  closed,
);

export const meBody = Type.Object(
  {
    account: Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String(), role: Type.String() }, closed),
    subscription: nullable(
      Type.Object(
        {
          status: Type.Enum(['trialing', 'active', 'past_due', 'canceled', 'expired']),
          planName: Type.String(),
          currentPeriodEnd: dateTime,
          detail: Type.String({ description: 'As the account page tells it.' }),
        },
        closed,
      ),
    ),
    complimentary: nullable(
      Type.Object(
        { until: nullable(dateTime) },
        {
          ...closed,
          description: 'Access the publication gave, free: it reads everything like a subscription and bills nothing; `until` null for open-ended.',
        },
      ),
    ),
    entitlements: Type.Object(
      {
        readsEverything: Type.Boolean({ description: 'Staff, subscribers in good standing and readers with complimentary access.' }),
        meter: nullable(Type.Object({ limit: Type.Integer(), used: Type.Integer(), remaining: Type.Integer() }, closed)),
      },
      closed,
    ),
  },
  closed,
);

export type ArticleSummaryBody = Static<typeof articleSummaryBody>;
export type ArticleBody = Static<typeof articleBody>;
export type AccessBody = Static<typeof accessBody>;
export type SectionBody = Static<typeof sectionBody>;
export type MeBody = Static<typeof meBody>;
