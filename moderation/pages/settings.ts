// The settings page: the board's settings (editable by an editor, shown to every moderator) and
// the moderator's own private queue feed.
import { html, raw } from 'hono/html';
import { matchedBecause, type WordMatch } from '../../api/comments/word-lists.ts';
import type { Settings } from '../../api/settings.ts';
import { frame, type Html, type PageContext } from './frame.ts';

const lines = (list: readonly string[]) => list.join('\n');

/** Each word list with what a match does, as the settings page explains it. */
const wordLists = [
  ['refusedWords', 'Refused words', 'The comment is not accepted: its writer is told which of their words is not accepted here, and may edit it out. Nothing is stored.'],
  ['heldWords', 'Held words', 'The comment waits for a moderator.'],
  ['flaggedWords', 'Flagged words', 'The comment is published at once, and listed among the reported comments for a moderator to read: dismiss the report to clear the flag, or uphold it to remove the comment.'],
] as const;

function wordListFields(settings: Settings, disabled: Html | string): Html {
  return html`<p>Words and phrases, one per line, matched as whole words ignoring case, accents, look-alike letters and invisible characters. Staff comments are never refused, held or flagged.</p>
${wordLists.map(([name, label, hint]) => html`<div class="field"><label for="s-${name}">${label}</label><br><textarea id="s-${name}" name="${name}" rows="4" aria-describedby="h-${name}"${disabled}>${lines(settings[name])}</textarea><br><small id="h-${name}">${hint}</small></div>`)}`;
}

const listLabel = { refuse: 'Refused words', hold: 'Held words', flag: 'Flagged words' } as const;

/** The Test box, the lists as CSV and, for an editor, the import form. */
function wordListTools(editor: boolean, test: WordTest | undefined): Html {
  return html`<h2 id="word-test">Test the word lists</h2>
<form method="get" action="/moderation/settings#word-test" class="mod-settings"><div class="field"><label for="sample">Sample text</label><br><textarea id="sample" name="sample" rows="3">${test?.sample ?? ''}</textarea></div><button type="submit">Test</button></form>
${test ? (test.matches.length === 0 ? html`<p role="status" id="word-test-result">No entry matches.</p>` : html`<ul role="status" id="word-test-result">${test.matches.map((m) => html`<li><strong>${listLabel[m.action]}</strong>: ${matchedBecause(m)}</li>`)}</ul>`) : ''}
<h2 id="word-csv">The word lists as CSV</h2>
<p><a href="/moderation/settings/words.csv" download>Download the word lists</a> (a header <code>word,action</code>, then one entry a row; the action is refuse, hold or flag).</p>
${editor ? html`<form method="post" action="/moderation/settings/words" class="mod-settings"><div class="field"><label for="csv">Paste a CSV file</label><br><textarea id="csv" name="csv" rows="6"></textarea></div>
<div><input type="radio" id="import-replace" name="mode" value="replace" checked> <label for="import-replace">Replace the three lists with the file’s</label></div>
<div><input type="radio" id="import-merge" name="mode" value="merge"> <label for="import-merge">Add the file’s entries to the lists</label></div>
<button type="submit">Import</button></form>` : ''}`;
}

export interface WordTest {
  sample: string;
  matches: readonly WordMatch[];
}

export function settingsPage(ctx: PageContext, settings: Settings, feed: { url?: string | undefined }, test?: WordTest): Html {
  const editor = ctx.account.role === 'editor';
  const disabled = editor ? '' : raw(' disabled');
  const number = (name: keyof Settings, label: string, hint: string, min: number, max: number) =>
    html`<div class="field"><label for="s-${name}">${label}</label> <input id="s-${name}" name="${name}" type="number" min="${min}" max="${max}" value="${String(settings[name])}" aria-describedby="h-${name}"${disabled}><br><small id="h-${name}">${hint}</small></div>`;
  return frame(
    ctx,
    '/moderation/settings',
    'Settings',
    html`<form method="post" action="/moderation/settings" class="mod-settings">
${editor ? '' : html`<p>Only an editor can change these.</p>`}
<fieldset><legend>Which new comments wait for a moderator</legend>
${(
  [
    ['none', 'None: publish at once (links and held words still hold)'],
    ['older_than', 'Those on posts older than the days below'],
    ['all', 'All of them'],
  ] as const
).map(([value, label]) => html`<div><input type="radio" id="hold-${value}" name="holdMode" value="${value}"${settings.holdMode === value ? raw(' checked') : ''}${disabled}> <label for="hold-${value}">${label}</label></div>`)}
${number('holdOlderThanDays', 'Days after which a post’s comments are held', 'Blogger’s usual value is 14.', 1, 36500)}
</fieldset>
<fieldset><legend>What holds a comment, and the word lists</legend>
${number('maxLinks', 'Most links a comment may carry', 'More links than this hold it.', 0, 100)}
${wordListFields(settings, disabled)}
</fieldset>
<fieldset><legend>Details that could identify someone</legend>
<p>A comment with an email address, a phone number, a postcode, a link to a social-media profile or one of the words below is stopped before it goes out: its writer is told it could identify them or a colleague, and may edit it or send it anyway.</p>
<div class="field"><label for="s-identifyingWords">Identifying words</label><br><textarea id="s-identifyingWords" name="identifyingWords" rows="4" aria-describedby="h-identifyingWords"${disabled}>${lines(settings.identifyingWords)}</textarea><br><small id="h-identifyingWords">One per line: local office names, teams, places (compared like held words).</small></div>
${(
  [
    ['hold', 'Sent anyway, it waits for a moderator'],
    ['publish', 'Sent anyway, it is published (unless something else holds it)'],
  ] as const
).map(([value, label]) => html`<div><input type="radio" id="identifying-${value}" name="identifyingDetails" value="${value}"${settings.identifyingDetails === value ? raw(' checked') : ''}${disabled}> <label for="identifying-${value}">${label}</label></div>`)}
</fieldset>
<fieldset><legend>Reports and names</legend>
${number('reportThreshold', 'Reports that hide a comment', 'Distinct readers; it stays hidden until a moderator decides. Once moderators have decided reports on a comment, reports alone never hide it again.', 1, 1000)}
<div class="field"><label for="s-reservedNames">Names kept for staff</label><br><textarea id="s-reservedNames" name="reservedNames" rows="4" aria-describedby="h-reservedNames"${disabled}>${lines(settings.reservedNames)}</textarea><br><small id="h-reservedNames">One per line; readers cannot comment under these (nor under staff accounts’ names).</small></div>
${number('removedRetentionDays', 'Days removed comments keep their text', 'For restoring a mistaken removal; then the text is erased.', 1, 3650)}
${number('responseTargetHours', 'Hours to answer reports of racism and abuse', 'Older ones are marked overdue on the reports page and the overview.', 1, 720)}
</fieldset>
<fieldset><legend>Rate limits (per reader, without storing who they are)</legend>
${number('commentsPerMinute', 'Comments a minute', '', 1, 10000)}
${number('commentsPerDay', 'Comments a day', '', 1, 100000)}
${number('reportsPerDay', 'Reports a day', 'Also removal requests.', 1, 100000)}
${number('duplicateWindowMinutes', 'Minutes in which the same text counts as a repeat', '0 switches this off.', 0, 1440)}
${number('minFormSeconds', 'Seconds before a form may be sent', 'Faster senders are refused as robots.', 0, 600)}
</fieldset>
<fieldset><legend>Comments sent without the browser check</legend>
<p>The comment script makes each reader’s browser do a moment’s work (a proof of work, checked here) before a comment or report goes out, so that a robot pays for every one. The page without JavaScript cannot do it: its comments</p>
${(
  [
    ['hold', 'wait for a moderator (“Sent without the browser check”)'],
    ['refuse', 'are refused: readers need JavaScript to comment'],
  ] as const
).map(([value, label]) => html`<div><input type="radio" id="without-check-${value}" name="withoutBrowserCheck" value="${value}"${settings.withoutBrowserCheck === value ? raw(' checked') : ''}${disabled}> <label for="without-check-${value}">${label}</label></div>`)}
</fieldset>
<fieldset><legend>Display</legend>
${number('maxDisplayDepth', 'Deepest reply level shown', 'Deeper replies are shown at this level.', 1, 20)}
<p class="field" id="s-timeZone">Time zone: <strong>${ctx.timeZone}</strong> <small>Set where the server runs (BLOG_TIME_ZONE), for the whole blog: post addresses, dates and the times in these pages.</small></p>
</fieldset>
${editor ? html`<button type="submit">Save settings</button>` : ''}
</form>
${wordListTools(editor, test)}
<h2 id="feed">Your private queue feed</h2>
<p>An Atom feed of new held comments, reports and removal requests, for your feed reader. Its address is a secret: anyone who has it can read the queue.</p>
${feed.url ? html`<p class="notice" role="status">Your feed address (shown once, copy it now): <code class="mod-secret">${feed.url}</code></p>` : ''}
<p>${ctx.account.hasFeed ? 'You have a feed address. Making a new one stops the old one.' : 'You have no feed address yet.'}</p>
<form method="post" action="/moderation/feed" class="mod-action"><button type="submit">${ctx.account.hasFeed ? 'Make a new feed address' : 'Make a feed address'}</button></form>
${ctx.account.hasFeed ? html`<form method="post" action="/moderation/feed/revoke" class="mod-action"><button type="submit" class="mod-danger">Stop my feed</button></form>` : ''}`,
  );
}
