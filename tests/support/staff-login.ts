// Signing a staff member in to a running server, as the sign-in form does: the session cookie.
import { openDatabase } from '../../api/db/database.ts';
import { createAccount, type Role } from '../../moderation/auth/accounts.ts';

/** Adds an account to the database at `url` (the server's DATABASE_URL). */
export async function addStaff(url: string, account: { name: string; role: Role; password: string }): Promise<void> {
  const db = await openDatabase({ url });
  try {
    await createAccount(db, account, Date.now());
  } finally {
    db.close();
  }
}

/** Signs in through the form; returns the `name=value` of the session cookie. */
export async function signIn(origin: string, name: string, password: string): Promise<string> {
  const login = await fetch(`${origin}/moderation/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ username: name, password }).toString(),
    redirect: 'manual',
  });
  if (login.status !== 303) throw new Error(`Signing in as ${name} answered ${login.status}: ${await login.text()}`);
  return login.headers.getSetCookie()[0]!.split(';')[0]!;
}
