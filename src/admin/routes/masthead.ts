import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { listSectionTiers, listSections, saveAuthor, saveSection, saveSponsor } from '../../content/masthead-repository.ts';
import { isSlug, slugify } from '../../content/slug.ts';
import type { App } from '../../http/site-deps.ts';
import { reservedPaths } from '../../http/urls.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { MastheadField, MastheadPageView } from '../admin-views.ts';
import { listTiers } from '../../commerce/tier-repository.ts';
import type { Tier } from '../../commerce/tier.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';

type Kind = 'sections' | 'authors' | 'sponsors';

/** A masthead form that breaks a rule; the message is shown above the form, as it was typed. */
class MastheadError extends DomainError {
  constructor(message: string) {
    super(message, { kind: 'invalid', field: null });
  }
}

type Definition = {
  title: string;
  intro: string;
  fields: (deps: NewsroomDeps) => Promise<MastheadPageView['fields']>;
  list: (deps: NewsroomDeps) => Promise<MastheadPageView['items']>;
  save: (deps: NewsroomDeps, slug: string, values: Record<string, string>, now: Date) => Promise<void>;
};

const required = (value: string | undefined, label: string) => {
  const text = (value ?? '').trim();
  if (text === '') throw new MastheadError(`${label} cannot be empty.`);
  return text;
};

/** Where the publication has tiers, a section may require one of its subscribers-only articles. */
function tierField(tiers: readonly Tier[]): MastheadField[] {
  if (tiers.length === 0) return [];
  const options = [{ value: '', label: 'Any subscription' }, ...tiers.map((tier) => ({ value: tier.slug, label: `${tier.name} subscribers` }))];
  return [{ name: 'requiredTier', label: 'Its subscribers-only articles are for', kind: 'select', isRequired: false, options }];
}

const definitions: Record<Kind, Definition> = {
  sections: {
    title: 'Sections',
    intro: "The site's menu, in this order. A section's address comes from its name when it is created and does not change.",
    fields: async (deps) => [
      { name: 'name', label: 'Name', kind: 'text', isRequired: true },
      { name: 'description', label: 'Description', kind: 'textarea', isRequired: false },
      { name: 'position', label: 'Position in the menu', kind: 'number', isRequired: false },
      ...tierField(await listTiers(deps.db)),
    ],
    list: async (deps) => {
      const [sections, tiers] = await Promise.all([listSections(deps.db), listSectionTiers(deps.db)]);
      return sections.map((section) => ({
        slug: section.slug,
        values: { name: section.name, description: section.description, position: String(section.position), requiredTier: tiers.get(section.id) ?? '' },
        siteUrl: `/${section.slug}`,
        articles: [],
      }));
    },
    save: async (deps, slug, values, now) => {
      if (reservedPaths.has(slug)) throw new MastheadError(`"${slug}" is an address the site already uses; name the section differently.`);
      const position = Number(values.position ?? '0');
      if (!Number.isInteger(position) || position < 0 || position > 1000) throw new MastheadError('The position is a whole number from 0 to 1000.');
      const tierSlug = (values.requiredTier ?? '').trim();
      const tierId = tierSlug === '' ? null : ((await listTiers(deps.db)).find((tier) => tier.slug === tierSlug)?.id ?? null);
      if (tierSlug !== '' && tierId === null) throw new MastheadError(`There is no tier "${tierSlug}"; choose one of the list.`);
      await saveSection(
        deps.db,
        { slug, name: required(values.name, 'The name'), description: (values.description ?? '').trim(), position, requiredTierId: tierId },
        now,
      );
    },
  },
  authors: {
    title: 'Authors',
    intro: 'The names in bylines, with the short biography on their pages.',
    fields: async () => [
      { name: 'name', label: 'Name', kind: 'text', isRequired: true },
      { name: 'bio', label: 'Biography', kind: 'textarea', isRequired: false },
    ],
    list: async (deps) =>
      (await deps.db.selectFrom('authors').selectAll().orderBy('name').execute()).map((author) => ({
        slug: author.slug,
        values: { name: author.name, bio: author.bio },
        siteUrl: `/authors/${author.slug}`,
        articles: [],
      })),
    save: async (deps, slug, values, now) => {
      await saveAuthor(deps.db, { slug, name: required(values.name, 'The name'), bio: (values.bio ?? '').trim() }, now);
    },
  },
  sponsors: {
    title: 'Sponsors',
    intro: 'Who commissions sponsored content, and the disclosure printed on every piece they paid for.',
    fields: async () => [
      { name: 'name', label: 'Name', kind: 'text', isRequired: true },
      { name: 'disclosure', label: 'Disclosure', kind: 'textarea', isRequired: true },
      { name: 'url', label: 'Link', kind: 'url', isRequired: false },
    ],
    list: async (deps) => {
      const sponsors = await deps.db.selectFrom('sponsors').selectAll().orderBy('name').execute();
      const pieces = await deps.db
        .selectFrom('articles')
        .select(['id', 'headline', 'sponsor_id'])
        .where('sponsor_id', 'is not', null)
        .orderBy('updated_at', 'desc')
        .execute();
      return sponsors.map((sponsor) => ({
        slug: sponsor.slug,
        values: { name: sponsor.name, disclosure: sponsor.disclosure, url: sponsor.url },
        siteUrl: null,
        articles: pieces
          .filter((piece) => piece.sponsor_id === sponsor.id)
          .map((piece) => ({ headline: piece.headline, editUrl: `/admin/articles/${piece.id}` })),
      }));
    },
    save: async (deps, slug, values, now) => {
      const url = (values.url ?? '').trim();
      if (url !== '' && !/^https?:\/\/[^\s]+$/.test(url)) throw new MastheadError('The link must start with http:// or https://.');
      await saveSponsor(deps.db, { slug, name: required(values.name, 'The name'), disclosure: required(values.disclosure, 'The disclosure'), url }, now);
    },
  },
};

async function sendMasthead(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  kind: Kind,
  { error = null, message = null, status = 200 }: { error?: string | null; message?: string | null; status?: number },
) {
  const definition = definitions[kind];
  const page: MastheadPageView = {
    title: definition.title,
    intro: definition.intro,
    saveUrl: `/admin/${kind}`,
    error,
    message,
    fields: await definition.fields(deps),
    items: await definition.list(deps),
  };
  return sendAdminPage(reply, deps, { template: 'masthead', admin: await adminChrome(deps, staff, reply, kind), page, status });
}

function requireEditor(staff: Staff): void {
  if (!can(staff.role, 'manage-sections-authors-sponsors'))
    throw new HttpError(403, 'Sections, authors and sponsors are managed by editors and administrators.');
}

export function registerMastheadRoutes(app: App, deps: NewsroomDeps): void {
  for (const kind of Object.keys(definitions) as Kind[]) {
    app.get(`/admin/${kind}`, async (request, reply) => {
      const staff = staffOf(request);
      requireEditor(staff);
      return sendMasthead(reply, deps, staff, kind, {});
    });

    app.post(
      `/admin/${kind}`,
      {
        schema: { body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 4000 }), { maxProperties: 10 }) },
        preHandler: app.csrfProtection,
      },
      async (request, reply) => {
        const staff = staffOf(request);
        requireEditor(staff);
        const values = request.body;
        const slug = values.slug?.trim() || slugify(values.name ?? '');
        try {
          if (!isSlug(slug)) throw new MastheadError('The name must contain letters or digits.');
          const now = deps.now();
          await deps.db.transaction().execute(async (trx) => {
            await definitions[kind].save({ ...deps, db: trx }, slug, values, now);
            await recordAudit(trx, { actor: staff, action: `saved ${kind.slice(0, -1)}`, subject: values.name ?? slug, now });
          });
          return sendMasthead(reply, deps, staff, kind, { message: `Saved ${values.name ?? slug}.` });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return sendMasthead(reply, deps, staff, kind, { error: error.message, status: statusOf(error) });
        }
      },
    );
  }
}
