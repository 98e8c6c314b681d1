// The pages seen before signing in: the sign-in form, and the one-time link that creates the
// first editor. They stand alone, outside the signed-in frame.
import { html } from 'hono/html';
import type { Html } from './frame.ts';

export function loginPage(state: { error?: string | undefined; username?: string | undefined; next?: string | undefined; notice?: string | undefined }): Html {
  return html`<div class="mod mod-narrow">
<h1>Sign in to moderate</h1>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
${state.error ? html`<p class="notice notice-error" role="alert">${state.error}</p>` : ''}
<form method="post" action="/moderation/login" class="mod-settings">
${state.next ? html`<input type="hidden" name="next" value="${state.next}">` : ''}
<div class="field"><label for="username">Name</label><br><input id="username" name="username" autocomplete="username" maxlength="60" required value="${state.username ?? ''}"></div>
<div class="field"><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required></div>
<button type="submit">Sign in</button>
</form>
</div>`;
}

export function setupPage(state: { token: string; usable: boolean; error?: string | undefined; name?: string | undefined }): Html {
  if (!state.usable) {
    return html`<div class="mod mod-narrow"><h1>This setup link no longer works</h1>
<p>It has been used, has expired (it lasts an hour), or an account already exists. Sign in at <a href="/moderation/login">the moderation page</a>, or create an editor from the command line: <code>npm run moderator -- add &lt;name&gt; --role editor</code>. Restarting the server with no account prints a new link.</p></div>`;
  }
  return html`<div class="mod mod-narrow">
<h1>Create the first editor</h1>
<p>The editor moderates, and manages accounts and settings. This link works once.</p>
${state.error ? html`<p class="notice notice-error" role="alert">${state.error}</p>` : ''}
<form method="post" action="/moderation/setup/${state.token}" class="mod-settings">
<div class="field"><label for="setup-name">Your name</label><br><input id="setup-name" name="name" maxlength="60" required autocomplete="username" value="${state.name ?? ''}"><br><small>Shown on your comments, with a Staff badge.</small></div>
<div class="field"><label for="setup-password">Password</label><br><input id="setup-password" name="password" type="password" minlength="12" maxlength="256" required autocomplete="new-password"><br><small>At least 12 characters and hard to guess: four or more words picked at random, or 16 characters from a password manager.</small></div>
<button type="submit">Create and sign in</button>
</form>
</div>`;
}
