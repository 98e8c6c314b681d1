// What the queue pages show of sources: beside an item, that others in the queue came from the
// same source today (its tag, linking to them); above those items, holding or refusing the source
// until the day ends; on the overview, the sources held or refused now, each with its way back.
import { html } from 'hono/html';
import { endOfDay } from '../../api/comments/held-sources.ts';
import { actionButton, formatTime, type Html, type PageContext } from './frame.ts';

export type SourceList = 'held' | 'reports';

/** A list narrowed to the items of one source. */
export const sourcePath = (list: SourceList, tag: string) => `/moderation/${list}?source=${tag}`;

const tagLink = (list: SourceList, tag: string) => html`<a class="mod-tag" href="${sourcePath(list, tag)}">${tag}</a>`;

/** "Same source as 2 other items today · K7QM2", and whether moderators hold or refuse it. */
function sameSource(ctx: PageContext, tag: string, list: SourceList, whose?: string): Html {
  const others = (ctx.sources?.entries.get(tag)?.size ?? 1) - 1;
  const held = ctx.sources?.held.get(tag);
  const words = `ame source as ${others} other item${others === 1 ? '' : 's'} today`;
  return html`<p class="mod-source">${whose ? `${whose}: s${words}` : `S${words}`} · ${tagLink(list, tag)}${held ? html` · <strong>${held.action === 'hold' ? 'held' : 'refused'} until the day ends</strong>` : ''}</p>`;
}

/** Under an item's reason: the sources it shares with others in the queue (none: nothing). */
export function sourceLines(ctx: PageContext, commentId: number, list: SourceList): Html {
  const shared = ctx.sources?.shared.get(commentId);
  if (!shared) return html``;
  if (list === 'held') return shared.writer ? sameSource(ctx, shared.writer, list) : html``;
  return html`${shared.writer ? sameSource(ctx, shared.writer, list, 'Its writer') : ''}${shared.reporters.map((tag) => sameSource(ctx, tag, list, 'A reporter'))}`;
}

/** Above a list narrowed to one source: what came from it, and holding or refusing it until the day ends. */
export function sourcePanel(ctx: PageContext, tag: string, list: SourceList): Html {
  const back = sourcePath(list, tag);
  const items = ctx.sources?.entries.get(tag)?.size ?? 0;
  const held = ctx.sources?.held.get(tag);
  const until = html`<time datetime="${new Date(held?.until ?? endOfDay(ctx.now)).toISOString()}">${formatTime(held?.until ?? endOfDay(ctx.now), ctx.timeZone)}</time>`;
  const act = (action: 'hold' | 'refuse' | 'lift', label: string, danger = false) =>
    actionButton(`/moderation/sources/${tag}/${action}`, label, {
      back,
      danger,
      ...(action === 'refuse' ? { confirm: 'Refuse every comment and report from this source until the day ends? They are told their connection is paused, and nothing they send is kept.' } : {}),
    });
  if (items === 0 && !held) return html`<p class="mod-source-panel">Nothing in the queue came from source <strong class="mod-tag">${tag}</strong> today. <a href="/moderation/${list}">The whole list</a></p>`;
  const hold = act('hold', held ? 'Hold instead' : 'Hold everything new from this source until the day ends');
  const refuse = act('refuse', held ? 'Refuse instead' : 'Refuse everything new from this source until the day ends', true);
  return html`<section class="mod-source-panel" aria-label="Source ${tag}">
<p>${
    items === 0
      ? html`Nothing in the queue is from source <strong class="mod-tag">${tag}</strong> now: see <a href="/moderation/${list}">the whole list</a>.`
      : html`${items === 1 ? 'One item' : `${items} items`} in the queue came from source <strong class="mod-tag">${tag}</strong> today: see them among the ${list === 'held' ? html`<a href="${sourcePath('reports', tag)}">reported comments</a>` : html`<a href="${sourcePath('held', tag)}">held comments</a>`} too, or <a href="/moderation/${list}">the whole list</a>.`
  }</p>
<p class="small">The tag stands for where they were sent from today, not for who sent them. It means nothing after midnight UTC, when a hold on it ends too.</p>
${held ? html`<p><strong>${held.action === 'hold' ? 'Held' : 'Refused'}:</strong> ${held.action === 'hold' ? 'its new comments wait for a moderator, and its reports count toward hiding nothing,' : 'its new comments and reports are turned away, and nothing of them is kept,'} until ${until}.</p>` : ''}
<div class="mod-actions">${held?.action === 'hold' ? '' : hold}${held?.action === 'refuse' ? '' : refuse}${held ? act('lift', held.action === 'hold' ? 'Stop holding' : 'Stop refusing') : ''}</div>
</section>`;
}

/** On the overview: the sources held or refused now, each with its way back. */
export function heldSourcesSection(ctx: PageContext): Html {
  const held = [...(ctx.sources?.held.values() ?? [])];
  if (held.length === 0) return html``;
  return html`<h2>Sources held or refused until the day ends: ${held.length}</h2>
<ul class="mod-sources">${held.map(
    (source) =>
      html`<li>${tagLink('held', source.tag)}: ${source.action === 'hold' ? 'new comments held' : 'new comments and reports refused'} until <time datetime="${new Date(source.until).toISOString()}">${formatTime(source.until, ctx.timeZone)}</time> ${actionButton(`/moderation/sources/${source.tag}/lift`, source.action === 'hold' ? 'Stop holding' : 'Stop refusing', { back: '/moderation' })}</li>`,
  )}</ul>`;
}
