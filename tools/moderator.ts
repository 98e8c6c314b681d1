// npm run moderator -- add|list|remove|reset-password ...: manages staff accounts from the server's
// shell, on the database the server uses (DATABASE_URL). Works before the first sign-in.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../api/db/database.ts';
import { parseEnv, resolveDatabaseUrl } from '../server/env.ts';
import { ApiError } from '../api/errors.ts';
import { checkAccountName, createAccount, findAccount, listAccounts, removeAccount, resetPassword, roles, type Account, type Role } from '../moderation/auth/accounts.ts';
import { passwordProblem } from '../moderation/auth/passwords.ts';
import { resolveTimeZone } from '../site/lib/time-zone.ts';
import { pad2, zonedDate } from '../site/lib/dates.ts';

export const usage = `Manage the staff accounts of the moderation app.

  npm run moderator -- add <name> [--role editor|moderator] [--password-stdin]
  npm run moderator -- list
  npm run moderator -- remove <name>
  npm run moderator -- reset-password <name> [--password-stdin]

Editors manage accounts and settings; moderators (the default role) work the queue.
The password is asked twice on a terminal; with --password-stdin it is the one line
on standard input (its line ending is not part of it), for scripts.
The database is DATABASE_URL (default file:data/befriend.db, relative to the project).`;

/** A mistake in how the command was called: its message is all the user needs. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The password in what was written to standard input: one line, without its line ending. */
export function passwordFromStdin(text: string): string {
  const password = text.replace(/\r?\n$/, '');
  if (/[\r\n]/.test(password)) throw new UsageError('With --password-stdin, standard input must hold one line: the password.');
  return password;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || (char === '\u0004' && value === '')) return finish(new UsageError('Cancelled.'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char === '\u0015') value = '';
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

async function readPassword(name: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) return passwordFromStdin(await readStdin());
  if (!process.stdin.isTTY) {
    throw new UsageError('No password: run this on a terminal to be asked for it, or add --password-stdin and write it to standard input.');
  }
  const password = await readHidden(`New password for ${name}: `);
  const problem = passwordProblem(password, [name]);
  if (problem) throw new ApiError('weak_password', problem);
  if ((await readHidden('The same password again: ')) !== password) throw new UsageError('The two passwords differ: nothing was changed.');
  return password;
}

function createdDate(createdAt: number): string {
  const { year, month, day } = zonedDate(new Date(createdAt), resolveTimeZone(process.env));
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** The accounts as a plain-text table: name, role, date created (in the blog's time zone). */
export function accountTable(accounts: readonly Account[]): string {
  const rows = [['Name', 'Role', 'Created'], ...accounts.map((a) => [a.name, a.role, createdDate(a.createdAt)])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  return rows.map((row) => row.map((cell, i) => (i < widths.length ? cell + ' '.repeat(widths[i]! - [...cell].length) : cell)).join('  ')).join('\n');
}

async function existingAccount(db: Database, name: string): Promise<Account> {
  const account = await findAccount(db, name);
  if (!account) throw new ApiError('account_not_found', `There is no account named "${name}". See them with: npm run moderator -- list`);
  return account;
}

function parseCommand(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...words] = positionals;
    return { command, name: words.join(' '), role: values.role, passwordStdin: values['password-stdin'], help: values.help };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

async function open(): Promise<Database> {
  const env = process.env;
  try {
    const parsed = parseEnv({ DATABASE_URL: env['DATABASE_URL'], DATABASE_AUTH_TOKEN: env['DATABASE_AUTH_TOKEN'], DATABASE_SYNC_URL: env['DATABASE_SYNC_URL'] });
    return await openDatabase({ url: resolveDatabaseUrl(parsed.databaseUrl), authToken: parsed.databaseAuthToken, syncUrl: parsed.databaseSyncUrl });
  } catch (error) {
    throw new UsageError(`Cannot open the database: ${(error as Error).message}`);
  }
}

async function run(argv: string[]): Promise<void> {
  const { command, name, role, passwordStdin, help } = parseCommand(argv);
  if (help || command === 'help') {
    console.log(usage);
    return;
  }
  if (!command || !['add', 'list', 'remove', 'reset-password'].includes(command)) {
    throw new UsageError(`${command ? `Unknown command "${command}".` : 'Which command?'}\n\n${usage}`);
  }
  if (command === 'list' ? name !== '' : name === '') throw new UsageError(command === 'list' ? 'list takes no name.' : `Which account? npm run moderator -- ${command} <name>`);
  if (role !== undefined && command !== 'add') throw new UsageError('--role goes with add only.');
  if (passwordStdin && command !== 'add' && command !== 'reset-password') throw new UsageError('--password-stdin goes with add and reset-password only.');
  if (role !== undefined && !roles.includes(role as Role)) throw new UsageError(`--role is editor or moderator, not "${role}".`);

  const db = await open();
  try {
    if (command === 'list') {
      const accounts = await listAccounts(db);
      console.log(accounts.length ? accountTable(accounts) : 'No accounts yet. Add the first editor with: npm run moderator -- add <name> --role editor');
    } else if (command === 'add') {
      const checked = checkAccountName(name);
      if (await findAccount(db, checked.name)) throw new ApiError('account_exists', `There is already an account named "${checked.name}" (or a name too like it).`);
      const noEditorYet = !(await listAccounts(db)).some((a) => a.role === 'editor');
      const password = await readPassword(checked.name, passwordStdin);
      const account = await createAccount(db, { name: checked.name, role: (role ?? 'moderator') as Role, password }, Date.now());
      console.log(`Added ${account.name} (${account.role}).`);
      if (noEditorYet && account.role !== 'editor') console.error('There is no editor yet, so nobody can manage accounts in the moderation app: add one with --role editor.');
    } else if (command === 'remove') {
      const removed = await removeAccount(db, (await existingAccount(db, name)).id);
      console.log(`Removed ${removed.name} (${removed.role}); their sessions have ended.`);
    } else {
      const account = await existingAccount(db, name);
      await resetPassword(db, account.id, await readPassword(account.name, passwordStdin), Date.now());
      console.log(`Set a new password for ${account.name}; their sessions have ended.`);
    }
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  try {
    await run(process.argv.slice(2));
  } catch (error) {
    // A stack trace only for what is not the user's doing.
    console.error(error instanceof ApiError || error instanceof UsageError ? error.message : error);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
