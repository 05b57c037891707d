import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMeterRuleDraft } from '../src/access/meter-rule-draft.ts';
import { saveFromEditor } from '../src/admin/edit-article.ts';
import { insertMeterRule } from '../src/settings/meter-rule-repository.ts';
import { deskReaderOf } from './desk-readers.ts';
import { newsletterWithScheduledDigest } from './newsletter-readers.ts';
import { startMeterExperiment } from '../test/experiment-fixtures.ts';
import { plantOrganisation } from '../test/organisation-fixtures.ts';
import { plantGiftSubscription } from '../test/gift-subscription-fixtures.ts';
import { recordFigure } from './figures.ts';
import { actorFor, now, openPage, openWorld, send, unique, type Actor, type FormValue } from './role-fixtures.ts';

/**
 * Every form of the newsroom saves as it is shown: each admin page the app serves (its own route
 * list, so a page added tomorrow is checked tomorrow) is opened as an administrator, and each of its
 * POST forms is sent back with exactly the values it renders, as a browser would send it unchanged.
 * A form whose page leaves out a field its save needs (the Settings form without its preview length,
 * issue 13) answers 4xx here.
 */
const world = await openWorld();
const { dialect } = world.database;
// Two meter rules, so the list shows its reordering, pausing and retiring forms and a rule has its own page.
const meterRuleIds = [
  await insertMeterRule(
    world.db,
    parseMeterRuleDraft({ name: 'Newsletter readers get 2 more', source: 'newsletter', effect: 'more', articles: '2' }, { sectionIds: [] }),
    now,
  ),
  await insertMeterRule(
    world.db,
    parseMeterRuleDraft({ name: 'Readers from search get 5', source: 'search', effect: 'set', articles: '5' }, { sectionIds: [] }),
    now,
  ),
];
const harbourTalks = await world.db.selectFrom('articles').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
const { newsletterId, sendId } = await newsletterWithScheduledDigest(
  world.db,
  {
    slug: 'forms-briefing',
    name: 'Forms check briefing',
    articleIds: [harbourTalks.id],
  },
  now,
);
// A running experiment, so its page shows the forms to ship a variant and to stop it.
const experimentId = await startMeterExperiment(
  world.db,
  {
    name: 'Forms check: a fourth free article',
    reader: 'anonymous',
    variants: [
      { name: 'Three', limit: 3 },
      { name: 'Four', limit: 4 },
    ],
  },
  now,
);

// An organisation open by invitation, domain and IP range, so its page shows every form it has.
const organisationId = await plantOrganisation(world.db, now, {
  name: 'Forms check university',
  byIpRange: true,
  domains: 'forms-check.example.edu',
  ipRanges: '192.0.2.0/24',
});

// A paid gift subscription, so its revocation page shows its form.
const giftPlan = await world.db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();
const giftId = await plantGiftSubscription(world.db, { planId: giftPlan.id, now, state: 'paid', recipientEmail: 'forms-gift@example.org' });

/** Forms that are not saves: sending them ends the session the rest of the check runs in. */
const notSaves = new Set([
  '/logout', // the log-out button in every page's header
]);

/** Pages under /admin that are not the newsroom's pages: the first-run page and the admin's own files. */
const notNewsroomPages = new Set(['/admin/setup', '/admin/assets/*']);

const day = 24 * 60 * 60 * 1000;

/** An article of the administrator's in each state the editor shows differently. */
async function articlesInEveryState(actor: Actor): Promise<number[]> {
  const staff = actor.account;
  if (staff === null) throw new Error('the administrator has no account');
  const ids: number[] = [];
  for (const intent of ['save', 'schedule', 'publish'] as const) {
    const n = unique();
    const saved = await saveFromEditor(world.db, {
      staff,
      role: 'admin',
      articleId: null,
      fields: {
        headline: `Form check story ${n}`,
        standfirst: 'A standfirst with “quotes” & an ampersand.',
        slug: `form-check-story-${n}`,
        sectionId: world.seeded.sectionIds.world,
        authorIds: [world.seeded.authorIds.reporter, world.seeded.authorIds.critic],
        dateline: 'Geneva',
        access: 'premium',
        requiredTierSlug: null,
        previewBlockCount: 1,
        sponsorId: world.seeded.sponsorId,
        bodyMarkdown: 'First paragraph.\n\n> A quote <with> markup.\n\nThird paragraph.',
        publishAt: intent === 'schedule' ? new Date(now.getTime() + day) : null,
      },
      intent,
      expectedRevision: 0,
      now,
    });
    ids.push(saved.articleId);
  }
  return ids;
}

/** The addresses each admin page is opened at: its parameters filled from real fixtures. */
function addressesOf(url: string, articleIds: readonly number[], readerId: number): string[] {
  // A chart's numbers: the address names the chart.
  if (url === '/admin/insights.csv') return ['/admin/insights.csv?chart=funnel'];
  if (!url.includes(':')) return [url];
  // The readers' desk's pages, for a reader every desk action applies to.
  if (url.startsWith('/admin/readers/:id')) return [url.replace(':id', String(readerId))];
  if (url === '/admin/articles/:id') return ['/admin/articles/new', ...articleIds.map((id) => `/admin/articles/${id}`)];
  if (url === '/admin/articles/:id/revisions') return articleIds.map((id) => `/admin/articles/${id}/revisions`);
  if (url === '/admin/readers/:id') return [`/admin/readers/${world.otherReader.id}`];
  if (url === '/admin/meter-rules/:id') return meterRuleIds.map((id) => `/admin/meter-rules/${id}`);
  if (url === '/admin/organisations/:id') return [`/admin/organisations/${organisationId}`];
  if (url === '/admin/gift-subscriptions/:id/revoke') return [`/admin/gift-subscriptions/${giftId}/revoke`];
  if (url === '/admin/experiments/:id') return [`/admin/experiments/${experimentId}`];
  if (url === '/admin/newsletters/:id') return [`/admin/newsletters/${newsletterId}`];
  if (url === '/admin/newsletters/sends/:id') return [`/admin/newsletters/sends/${sendId}`];
  if (url === '/admin/newsletters/sends/:id/preview/:variant') return [`/admin/newsletters/sends/${sendId}/preview/preview`];
  throw new Error(`${url}: say in addressesOf how to fill its parameters, so its forms are checked too`);
}

// ---------------------------------------------------------------------------------------------
// Reading a page's forms as a browser would submit them

type Control = { tag: 'input' | 'select' | 'textarea' | 'button'; attributes: Map<string, string>; inner: string; offset: number };
type Form = { action: string; method: string; enctype: string; id: string | null; start: number; end: number };
type ShownForm = { action: string; isMultipart: boolean; fields: [string, string][]; emptyRequired: string[] };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos|nbsp);/gi, (_match, entity: string) => {
    const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: '\u00a0' };
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()] ?? '';
  });
}

function attributesOf(tagText: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name = '', doubleQuoted, singleQuoted, bare] of tagText.matchAll(
    /\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g,
  )) {
    attributes.set(name.toLowerCase(), decodeEntities(doubleQuoted ?? singleQuoted ?? bare ?? ''));
  }
  return attributes;
}

function formsOf(html: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>/gi)].map((match) => {
    const attributes = attributesOf(match[1] ?? '');
    const start = match.index;
    const close = html.indexOf('</form>', start);
    return {
      action: attributes.get('action') ?? '',
      method: (attributes.get('method') ?? 'get').toLowerCase(),
      enctype: attributes.get('enctype') ?? '',
      id: attributes.get('id') ?? null,
      start,
      end: close === -1 ? html.length : close,
    };
  });
}

function controlsOf(html: string): Control[] {
  const controls: Control[] = [];
  for (const match of html.matchAll(/<(input|select|textarea|button)\b([^>]*)>/gi)) {
    const tag = (match[1] ?? '').toLowerCase();
    if (tag !== 'input' && tag !== 'select' && tag !== 'textarea' && tag !== 'button') continue;
    const afterTag = match.index + match[0].length;
    const close = tag === 'input' ? afterTag : html.indexOf(`</${tag}>`, afterTag);
    controls.push({
      tag,
      attributes: attributesOf(match[2] ?? ''),
      inner: tag === 'input' ? '' : html.slice(afterTag, close === -1 ? afterTag : close),
      offset: match.index,
    });
  }
  return controls;
}

/** What a select sends: its selected option, or its first one, as a browser does. */
function selectedValue(inner: string): string | null {
  const options = [...inner.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((match) => {
    const attributes = attributesOf(match[1] ?? '');
    return { value: attributes.get('value') ?? decodeEntities(match[2] ?? '').trim(), isSelected: attributes.has('selected') };
  });
  return (options.find((option) => option.isSelected) ?? options[0])?.value ?? null;
}

/**
 * The POST forms of a page, each with the name/value pairs a browser sends when its first submit
 * button is pressed without changing anything, and the required controls it shows empty (a browser
 * refuses to send such a form, so it is a blank form to fill, not a save).
 */
function shownForms(html: string): ShownForm[] {
  const forms = formsOf(html);
  const controls = controlsOf(html);
  return forms
    .filter((form) => form.method === 'post')
    .map((form) => {
      const owned = controls.filter((control) => {
        const owner = control.attributes.get('form');
        return owner === undefined ? control.offset > form.start && control.offset < form.end : owner === form.id;
      });
      const fields: [string, string][] = [];
      const emptyRequired: string[] = [];
      let hasPressedButton = false;
      for (const control of owned) {
        const name = control.attributes.get('name');
        const type = (control.attributes.get('type') ?? (control.tag === 'button' ? 'submit' : 'text')).toLowerCase();
        if (control.attributes.has('disabled')) continue;
        if (control.tag === 'button' || type === 'submit' || type === 'image') {
          if (type !== 'submit' || hasPressedButton) continue;
          hasPressedButton = true;
          if (name) fields.push([name, control.attributes.get('value') ?? '']);
          continue;
        }
        if (type === 'reset' || type === 'button') continue;
        let value: string | null;
        if (control.tag === 'textarea') value = decodeEntities(control.inner.replace(/^\r?\n/, ''));
        else if (control.tag === 'select') value = selectedValue(control.inner);
        else if (type === 'checkbox' || type === 'radio') value = control.attributes.has('checked') ? (control.attributes.get('value') ?? 'on') : null;
        else if (type === 'file') value = null;
        else value = control.attributes.get('value') ?? '';
        if (control.attributes.has('required') && (value === null || value === '') && type !== 'checkbox' && type !== 'radio') emptyRequired.push(name ?? type);
        if (name && value !== null) fields.push([name, value]);
      }
      return { action: form.action, isMultipart: form.enctype === 'multipart/form-data', fields, emptyRequired };
    });
}

function formOf(fields: readonly [string, string][]): Record<string, FormValue> {
  const form: Record<string, string[]> = {};
  for (const [name, value] of fields) form[name] = [...(form[name] ?? []), value];
  return Object.fromEntries(Object.entries(form).map(([name, values]) => [name, values.length === 1 ? (values[0] ?? '') : values]));
}

/** The reason an answer tells the administrator, from the page's alert, for the failure message. */
function alertOf(html: string): string {
  return decodeEntities(/role="alert">[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '').trim();
}

// ---------------------------------------------------------------------------------------------

describe(`every newsroom form saves as it is shown (${dialect})`, () => {
  it('answers no 4xx or 5xx to any POST form of any admin page, sent back unchanged by an administrator', async () => {
    const admin = await actorFor(world, 'admin');
    const articleIds = await articlesInEveryState(admin);
    const deskReader = await deskReaderOf(world.db, 'forms-desk-reader@example.org', now);
    const pages = world.routes
      .filter((route) => route.method === 'GET' && route.url.startsWith('/admin') && !notNewsroomPages.has(route.url))
      .flatMap((route) => addressesOf(route.url, articleIds, deskReader.id).map((address) => ({ route, address })));
    const problems: string[] = [];
    const blank: string[] = [];
    let saved = 0;
    for (const { route, address } of pages) {
      const first = await openPage(route.app, admin, address);
      if (first.statusCode >= 400) {
        problems.push(`GET ${address}: ${first.statusCode}`);
        continue;
      }
      const count = shownForms(first.body).length;
      for (let index = 0; index < count; index += 1) {
        // Opened afresh for each form: a save changes the revision and token the next form must carry.
        const page = await openPage(route.app, admin, address);
        const form = shownForms(page.body)[index];
        if (!form || notSaves.has(form.action)) continue;
        const where = `${address}, form ${index + 1} (POST ${form.action})`;
        if (form.emptyRequired.length > 0) {
          blank.push(`${where}: ${form.emptyRequired.join(', ')}`);
          continue;
        }
        const values = formOf(form.fields.filter(([name]) => name !== '_csrf'));
        assert.ok(
          form.fields.some(([name]) => name === '_csrf'),
          `${where} carries no CSRF token`,
        );
        if (form.isMultipart) {
          problems.push(`${where}: a multipart form with every required field filled; teach this check to send it`);
          continue;
        }
        const response = await send(route.app, admin, { method: 'POST', url: form.action, form: values });
        if (response.statusCode >= 400) problems.push(`${where}: ${response.statusCode} ${alertOf(response.body)}`);
        else saved += 1;
      }
    }
    recordFigure('Admin forms', 'forms saved as shown', saved);
    recordFigure('Admin forms', 'blank forms left to fill', blank.length);
    assert.deepEqual(problems, [], `forms that do not save as shown:\n${problems.join('\n')}`);
    assert.ok(saved >= 20, `only ${saved} forms were saved; the check is not reaching the newsroom's pages`);
  });

  it('reads a form as a browser sends it: selected options, checked boxes, textareas, the first submit button, controls tied by form=', () => {
    const html = `
      <form method="post" action="/a" id="main">
        <input type="hidden" name="_csrf" value="t&amp;k">
        <input name="plain" value="&quot;x&quot;">
        <textarea name="body">
Line &lt;one&gt;</textarea>
        <select name="pick"><option value="1">One</option><option value="2" selected>Two</option></select>
        <select name="first"><option value="a">A</option><option value="b">B</option></select>
        <input type="checkbox" name="ids" value="3" checked><input type="checkbox" name="ids" value="4"><input type="checkbox" name="ids" value="5" checked>
        <input type="checkbox" name="flag" checked>
        <button type="submit" name="intent" value="save">Save</button><button type="submit" name="intent" value="publish">Publish</button>
        <input type="text" name="elsewhere" form="other" value="no">
      </form>
      <form method="get" action="/search"><input name="q"></form>
      <form method="post" action="/b" id="other"><input type="email" name="email" required></form>
      <input name="late" form="main" value="yes">`;
    const [main, other] = shownForms(html);
    assert.deepEqual(main?.fields, [
      ['_csrf', 't&k'],
      ['plain', '"x"'],
      ['body', 'Line <one>'],
      ['pick', '2'],
      ['first', 'a'],
      ['ids', '3'],
      ['ids', '5'],
      ['flag', 'on'],
      ['intent', 'save'],
      ['late', 'yes'],
    ]);
    assert.deepEqual(other, {
      action: '/b',
      isMultipart: false,
      fields: [
        ['elsewhere', 'no'],
        ['email', ''],
      ],
      emptyRequired: ['email'],
    });
  });
});
