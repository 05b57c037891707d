import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { Account } from '../../accounts/account.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { eraseReader, findErasableReader } from '../../readers/erase-reader.ts';
import { composeErasureMail } from '../../readers/erasure-mail.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { can } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';

/** The desk's "Delete reader": what will happen, the reason asked for, and, once done, what was kept. */
export type ReaderDeletePageView = {
  state: 'confirm' | 'deleted';
  reader: { email: string; name: string; subscriptionLabel: string; paymentCount: number };
  formUrl: string;
  readerUrl: string;
  listUrl: string;
  reason: string;
  error: string | null;
  message: string | null;
};

const readerParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const deleteForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), reason: Type.Optional(Type.String({ maxLength: 1000 })) });

function requireDesk(staff: Staff): void {
  if (!can(staff.role, 'serve-readers')) throw new HttpError(403, "Only the readers' desk deletes readers.");
}

async function describeReader(deps: NewsroomDeps, reader: Account): Promise<ReaderDeletePageView['reader']> {
  const [subscription, payments] = await Promise.all([
    deps.db.selectFrom('subscriptions').select('status').where('account_id', '=', reader.id).orderBy('id', 'desc').executeTakeFirst(),
    deps.db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('account_id', '=', reader.id)
      .executeTakeFirstOrThrow(),
  ]);
  const live = subscription !== undefined && subscription.status !== 'expired';
  return {
    email: reader.email,
    name: reader.name,
    subscriptionLabel: live
      ? `A ${subscription.status.replace('_', ' ')} subscription: it is canceled at once at the payment provider.`
      : 'No live subscription.',
    paymentCount: Number(payments.count),
  };
}

async function sendDeletePage(reply: FastifyReply, deps: NewsroomDeps, staff: Staff, page: ReaderDeletePageView, status = 200) {
  return sendAdminPage(reply, deps, { template: 'reader-delete', admin: await adminChrome(deps, staff, reply, 'readers'), page, status });
}

/** The desk's delete: the same erasure as a reader's own "Delete my account", asked with a reason and audited. */
export function registerReaderDeleteRoutes(app: App, deps: NewsroomDeps): void {
  app.get('/admin/readers/:id/delete', { schema: { params: readerParams } }, async (request, reply) => {
    const staff = staffOf(request);
    requireDesk(staff);
    const reader = await findErasableReader(deps.db, request.params.id);
    const page = confirmPage(request.params.id, await describeReader(deps, reader), { reason: '', error: null });
    return sendDeletePage(reply, deps, staff, page);
  });

  app.post('/admin/readers/:id/delete', { schema: { params: readerParams, body: deleteForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = staffOf(request);
    requireDesk(staff);
    const id = request.params.id;
    const reader = await findErasableReader(deps.db, id);
    const reason = (request.body.reason ?? '').trim();
    if (reason === '') {
      const page = confirmPage(id, await describeReader(deps, reader), { reason, error: 'Say why the reader is deleted: the audit log keeps it.' });
      return sendDeletePage(reply, deps, staff, page, 400);
    }
    const described = await describeReader(deps, reader);
    try {
      const erased = await eraseReader(
        { db: deps.db, provider: deps.paymentProvider },
        { accountId: id, requester: { kind: 'desk', staff, reason }, now: deps.now() },
      );
      const { name: publication } = await readPublicationSettings(deps.db);
      await deps.mailer.send(composeErasureMail({ to: erased.email, publication, requester: 'desk' }));
      const message = `The reader is deleted. ${erased.keptPayments} ${erased.keptPayments === 1 ? 'payment stays' : 'payments stay'} in the ledger without their identity.`;
      return sendDeletePage(reply, deps, staff, { ...confirmPage(id, described, { reason: '', error: null }), state: 'deleted', message });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendDeletePage(reply, deps, staff, confirmPage(id, described, { reason, error: error.message }), 400);
    }
  });
}

function confirmPage(id: number, reader: ReaderDeletePageView['reader'], { reason, error }: { reason: string; error: string | null }): ReaderDeletePageView {
  return {
    state: 'confirm',
    reader,
    formUrl: `/admin/readers/${id}/delete`,
    readerUrl: `/admin/readers/${id}`,
    listUrl: '/admin/readers',
    reason,
    error,
    message: null,
  };
}
