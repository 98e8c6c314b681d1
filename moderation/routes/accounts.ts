// Accounts, for editors only: the list, adding one, changing a role, setting a password, removing
// one. Each change is recorded in the audit log; a refused form comes back with the reason.
import { Hono, type Context } from 'hono';
import { ApiError } from '../../api/errors.ts';
import { readFields } from '../../api/request-body.ts';
import { createAccount, getAccount, listAccounts, removeAccount, resetPassword, roles, setRole, type Role } from '../auth/accounts.ts';
import { accountsPage } from '../pages/accounts.ts';
import { auditStatement } from '../queue.ts';
import type { RouteDeps } from './deps.ts';
import { editorOnly, type SignedInEnv } from './middleware.ts';
import { actorOf, done, wantsJson } from './respond.ts';

const roleOf = (value: unknown): Role => {
  if (typeof value !== 'string' || !(roles as readonly string[]).includes(value)) throw new ApiError('validation_failed', 'The role is editor or moderator.', { field: 'role' });
  return value as Role;
};

const accountId = (c: Context) => {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError('not_found', 'There is no such account.');
  return id;
};

export function accountRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { db, writes, clock, signedIn, page, pageContext } = deps;
  const app = new Hono<SignedInEnv>();

  const accountsPageWithError = async (c: Context<SignedInEnv>, error: unknown) => {
    if (wantsJson(c) || !(error instanceof ApiError)) throw error;
    const ctx = { ...(await pageContext(c, c.var.account)), error: `Not done. ${error.message}` };
    return page(c, 'Accounts', String(await accountsPage(ctx, await listAccounts(db))), error.status === 409 ? 409 : 422);
  };

  app.get('/', signedIn, editorOnly, async (c) => {
    const accounts = await listAccounts(db);
    if (wantsJson(c)) return c.json({ accounts });
    return page(c, 'Accounts', String(await accountsPage(await pageContext(c, c.var.account), accounts)));
  });

  app.post('/', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    try {
      const account = await createAccount(db, { name: String(fields['name'] ?? ''), role: roleOf(fields['role'] ?? 'moderator'), password: String(fields['password'] ?? '') }, clock());
      await writes.write([auditStatement(actorOf(c), { action: 'account.create', targetType: 'account', targetId: account.id, detail: { name: account.name, role: account.role } }, clock(), false)]);
      return wantsJson(c) ? c.json({ account }, 201) : c.redirect('/moderation/accounts?done=account', 303);
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  app.post('/:id/role', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    try {
      const account = await setRole(db, accountId(c), roleOf(fields['role']), clock());
      await writes.write([auditStatement(actorOf(c), { action: 'account.role', targetType: 'account', targetId: account.id, detail: { name: account.name, role: account.role } }, clock(), false)]);
      return done(c, '/moderation/accounts', 'account', { account });
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  app.post('/:id/password', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    try {
      const id = accountId(c);
      if (!(await getAccount(db, id))) throw new ApiError('not_found', 'There is no such account.');
      await resetPassword(db, id, String(fields['password'] ?? ''), clock());
      await writes.write([auditStatement(actorOf(c), { action: 'account.password', targetType: 'account', targetId: id }, clock(), false)]);
      return done(c, '/moderation/accounts', 'account');
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  app.post('/:id/remove', signedIn, editorOnly, async (c) => {
    try {
      const account = await removeAccount(db, accountId(c));
      await writes.write([auditStatement(actorOf(c), { action: 'account.remove', targetType: 'account', targetId: account.id, detail: { name: account.name } }, clock(), false)]);
      return done(c, '/moderation/accounts', 'removed');
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  return app;
}
