import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { parseMeterRuleDraft, type MeterRuleDraft, type MeterRuleFields } from '../../access/meter-rule-draft.ts';
import { meterRuleStates } from '../../access/meter-rules.ts';
import { listSections } from '../../content/masthead-repository.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { changeMeterRuleState, findMeterRule, insertMeterRule, listMeterRules, moveMeterRule, updateMeterRule } from '../../settings/meter-rule-repository.ts';
import {
  blankFields,
  describeForAudit,
  fieldsOf,
  meterRulesPath,
  toRuleForm,
  toRuleRows,
  type MeterRulePageView,
  type MeterRulesPageView,
} from '../meter-rule-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { audienceStaffOf, type Staff } from './staff-guard.ts';

const ruleParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }) });
const field = Type.Optional(Type.String({ maxLength: 400 }));
const ruleForm = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  name: field,
  source: field,
  reader: field,
  campaign: field,
  section: field,
  effect: field,
  articles: field,
});
const stateForm = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  state: Type.Union(meterRuleStates.map((state) => Type.Literal(state))),
});
const moveForm = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  direction: Type.Union([Type.Literal('earlier'), Type.Literal('later')]),
});

/** What the list says after each change, by the `done` its redirect carries. */
const doneMessages = {
  added: 'Rule added. It applies from the next read.',
  saved: 'Rule saved. It applies from the next read.',
  paused: 'Rule paused. Reads are judged as if it were not there until it is resumed.',
  resumed: 'Rule resumed. It applies from the next read.',
  retired: 'Rule retired. Reads counted under it keep its name.',
  moved: 'Order saved. Each read gets the first rule that holds for it.',
} as const;
const doneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });

function messageOf(done: string | undefined): string | null {
  const entry = Object.entries(doneMessages).find(([key]) => key === done);
  return entry === undefined ? null : entry[1];
}

function fieldsFrom(body: MeterRuleFields): Required<MeterRuleFields> {
  const { name = '', source = '', reader = '', campaign = '', section = '', effect = '', articles = '' } = body;
  return { name, source, reader, campaign, section, effect, articles };
}

async function sendRuleList(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  {
    error = null,
    message = null,
    fields = blankFields,
    status = 200,
  }: { error?: string | null; message?: string | null; fields?: Required<MeterRuleFields>; status?: number },
) {
  const [rules, sections, settings] = await Promise.all([listMeterRules(deps.db), listSections(deps.db), readAccessSettings(deps.db)]);
  const rows = toRuleRows(rules, sections, settings);
  const page: MeterRulesPageView = {
    error,
    message,
    limitsLabel: `${settings.meterLimits.anonymous} free articles a month for anonymous readers, ${settings.meterLimits.registered} for signed-in readers`,
    rules: rows.filter((row) => row.state !== 'retired'),
    retired: rows.filter((row) => row.state === 'retired'),
    form: toRuleForm(meterRulesPath, fields, sections),
  };
  return sendAdminPage(reply, deps, { template: 'meter-rules', admin: await adminChrome(deps, staff, reply, 'meter-rules'), page, status });
}

async function sendRulePage(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { id, error = null, fields, status = 200 }: { id: number; error?: string | null; fields?: Required<MeterRuleFields>; status?: number },
) {
  const [rule, sections] = await Promise.all([findMeterRule(deps.db, id), listSections(deps.db)]);
  if (rule === undefined) throw new NotFoundError('There is no such meter rule.');
  const page: MeterRulePageView = {
    error,
    name: rule.name,
    state: rule.state,
    listUrl: meterRulesPath,
    form: toRuleForm(`${meterRulesPath}/${rule.id}`, fields ?? fieldsOf(rule), sections),
  };
  return sendAdminPage(reply, deps, { template: 'meter-rule', admin: await adminChrome(deps, staff, reply, 'meter-rules'), page, status });
}

/** The draft a form describes, checked against the sections there are now. */
async function draftFrom(deps: NewsroomDeps, body: MeterRuleFields): Promise<MeterRuleDraft> {
  const sections = await listSections(deps.db);
  return parseMeterRuleDraft(body, { sectionIds: sections.map((section) => section.id) });
}

/** What the audit line says of a rule, with the sections and limits as they stand. */
async function auditDetailOf(deps: NewsroomDeps, rule: Pick<MeterRuleDraft, 'condition' | 'effect'>): Promise<string> {
  const [sections, settings] = await Promise.all([listSections(deps.db), readAccessSettings(deps.db)]);
  return describeForAudit(rule, sections, settings);
}

/**
 * The meter rules, for editors and administrators: the list in the order rules are tried, a form
 * for a new one, each rule's own page to change it, and pause, resume, retire and reorder. Every
 * change is audited and raises the content version with it, so every instance decides on it at once.
 */
export function registerMeterRuleRoutes(app: App, deps: NewsroomDeps): void {
  app.get(meterRulesPath, { schema: { querystring: doneQuery } }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    return sendRuleList(reply, deps, staff, { message: messageOf(request.query.done) });
  });

  app.post(meterRulesPath, { schema: { body: ruleForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const fields = fieldsFrom(request.body);
    try {
      const draft = await draftFrom(deps, fields);
      const detail = await auditDetailOf(deps, draft);
      const now = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        await insertMeterRule(trx, draft, now);
        await recordAudit(trx, { actor: staff, action: 'added meter rule', subject: draft.name, detail, now });
      });
      return reply.redirect(`${meterRulesPath}?done=added`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendRuleList(reply, deps, staff, { error: error.message, fields, status: statusOf(error) });
    }
  });

  app.get(`${meterRulesPath}/:id`, { schema: { params: ruleParams } }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    return sendRulePage(reply, deps, staff, { id: Number(request.params.id) });
  });

  app.post(`${meterRulesPath}/:id`, { schema: { params: ruleParams, body: ruleForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const id = Number(request.params.id);
    const fields = fieldsFrom(request.body);
    try {
      const draft = await draftFrom(deps, fields);
      const detail = await auditDetailOf(deps, draft);
      const now = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        const before = await updateMeterRule(trx, id, draft, now);
        const renamed = before.name === draft.name ? '' : ` (was “${before.name}”)`;
        await recordAudit(trx, { actor: staff, action: 'changed meter rule', subject: draft.name, detail: `${detail}${renamed}`, now });
      });
      return reply.redirect(`${meterRulesPath}?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendRulePage(reply, deps, staff, { id, error: error.message, fields, status: statusOf(error) });
    }
  });

  app.post(`${meterRulesPath}/:id/state`, { schema: { params: ruleParams, body: stateForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const { state } = request.body;
    try {
      const now = deps.now();
      const done = state === 'active' ? 'resumed' : state;
      await deps.db.transaction().execute(async (trx) => {
        const rule = await changeMeterRuleState(trx, Number(request.params.id), state, now);
        await recordAudit(trx, { actor: staff, action: `${done} meter rule`, subject: rule.name, now });
      });
      return reply.redirect(`${meterRulesPath}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendRuleList(reply, deps, staff, { error: error.message, status: statusOf(error) });
    }
  });

  app.post(`${meterRulesPath}/:id/move`, { schema: { params: ruleParams, body: moveForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const { direction } = request.body;
    try {
      const now = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        const { rule, hasMoved } = await moveMeterRule(trx, Number(request.params.id), direction, now);
        if (hasMoved)
          await recordAudit(trx, { actor: staff, action: 'reordered meter rules', subject: rule.name, detail: `moved one place ${direction}`, now });
      });
      return reply.redirect(`${meterRulesPath}?done=moved`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendRuleList(reply, deps, staff, { error: error.message, status: statusOf(error) });
    }
  });
}
