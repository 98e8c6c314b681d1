// The accounts page (editors only): every account with its role, password and removal forms, and
// the form that adds one.
import { html, raw } from 'hono/html';
import type { Account } from '../auth/accounts.ts';
import { formatTime, frame, type Html, type PageContext } from './frame.ts';

export function accountsPage(ctx: PageContext, accounts: readonly Account[]): Html {
  return frame(
    ctx,
    '/moderation/accounts',
    'Accounts',
    html`<table class="mod-table"><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead>
<tbody>${accounts.map(
      (account) => html`<tr data-account-id="${account.id}"><td>${account.name}${account.id === ctx.account.id ? ' (you)' : ''}</td><td>${account.role}</td><td>${formatTime(account.createdAt, ctx.timeZone)}</td><td>
<form method="post" action="/moderation/accounts/${account.id}/role" class="mod-action"><label class="visually-hidden" for="role-${account.id}">Role of ${account.name}</label><select id="role-${account.id}" name="role">${(['moderator', 'editor'] as const).map((role) => html`<option value="${role}"${role === account.role ? raw(' selected') : ''}>${role}</option>`)}</select> <button type="submit">Change role</button></form>
<form method="post" action="/moderation/accounts/${account.id}/password" class="mod-action"><label class="visually-hidden" for="password-${account.id}">New password for ${account.name}</label><input id="password-${account.id}" name="password" type="password" minlength="12" maxlength="256" autocomplete="new-password" placeholder="New password" required> <button type="submit">Set password</button></form>
<form method="post" action="/moderation/accounts/${account.id}/remove" class="mod-action"><button type="submit" class="mod-danger">Remove</button></form>
</td></tr>`,
    )}</tbody></table>
<h2>Add an account</h2>
<form method="post" action="/moderation/accounts" class="mod-settings">
<div class="field"><label for="new-name">Name</label> <input id="new-name" name="name" maxlength="60" required autocomplete="off"><br><small>Shown on their comments, with a Staff badge.</small></div>
<div class="field"><label for="new-role">Role</label> <select id="new-role" name="role"><option value="moderator">moderator</option><option value="editor">editor (also accounts and settings)</option></select></div>
<div class="field"><label for="new-password">Password</label> <input id="new-password" name="password" type="password" minlength="12" maxlength="256" autocomplete="new-password" required><br><small>At least 12 characters and hard to guess: four or more words picked at random, or 16 characters from a password manager. Tell it to them in person or over a channel you trust.</small></div>
<button type="submit">Add account</button>
</form>`,
  );
}
