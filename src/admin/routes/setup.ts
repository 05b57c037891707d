import { Type } from 'typebox';
import { checkNewPassword } from '../../accounts/register.ts';
import { createStaffAccount } from '../../accounts/staff.ts';
import { setPassword } from '../../accounts/update-account.ts';
import { signIn } from '../../http/sign-in.ts';
import type { App } from '../../http/site-deps.ts';
import type { SetupPageView } from '../admin-views.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { clearSetupToken, isSetupTokenValid } from '../first-admin.ts';
import { sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { DomainError } from '../../errors/domain-error.ts';

export const setupPath = '/admin/setup';
const expired =
  'This set-up link has expired or has been used. Restart the server to print a new one, or log in if the publication already has an administrator.';

/** The first-run page: the printed one-time link lands here and creates the first administrator. */
export function registerSetupRoutes(app: App, deps: NewsroomDeps): void {
  const page = (csrfToken: string, token: string, fields: Partial<SetupPageView> = {}): SetupPageView => ({
    actionUrl: setupPath,
    token,
    csrfToken,
    error: null,
    isLinkUsable: true,
    ...fields,
  });

  app.get(
    setupPath,
    { schema: { querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const token = request.query.token ?? '';
      const isUsable = await isSetupTokenValid(deps.db, token, deps.now());
      const view = page(reply.generateCsrf(), isUsable ? token : '', isUsable ? {} : { isLinkUsable: false, error: expired });
      return sendAdminPage(reply, deps, { template: 'setup', admin: null, page: view, status: isUsable ? 200 : 400 });
    },
  );

  app.post(
    setupPath,
    {
      schema: {
        body: Type.Object({
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          token: Type.String({ maxLength: 200 }),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          email: Type.String({ maxLength: 320 }),
          password: Type.String({ maxLength: 1000 }),
        }),
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const { token, name = '', email, password } = request.body;
      const now = deps.now();
      if (!(await isSetupTokenValid(deps.db, token, now))) {
        return sendAdminPage(reply, deps, {
          template: 'setup',
          admin: null,
          page: page(reply.generateCsrf(), '', { isLinkUsable: false, error: expired }),
          status: 400,
        });
      }
      try {
        checkNewPassword(password);
        const admin = await deps.db.transaction().execute(async (trx) => {
          const account = await createStaffAccount(trx, { email, name, role: 'admin' }, now);
          await setPassword(trx, account.id, password, now);
          await clearSetupToken(trx);
          await recordAudit(trx, { actor: account, action: 'created the first administrator', subject: account.email, now });
          return { ...account, hasPassword: true };
        });
        await signIn(request, reply, deps, admin);
        return reply.redirect('/admin/articles', 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return sendAdminPage(reply, deps, { template: 'setup', admin: null, page: page(reply.generateCsrf(), token, { error: error.message }), status: 400 });
      }
    },
  );
}
