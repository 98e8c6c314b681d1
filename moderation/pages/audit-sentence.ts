// An audit record as a sentence a volunteer reads at a glance ("Mo rejected comment 302 on
// “Losing the plot”: off topic"), with links to what it is about: the comment in its thread, the
// post, every record about the same thing. Codes stay in the database and the filter.
import { html } from 'hono/html';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import type { AuditEntry } from '../queue.ts';
import type { Html } from './frame.ts';

const commentVerbs: Record<string, string> = {
  'comment.approve': 'approved',
  'comment.reject': 'rejected',
  'comment.remove': 'removed',
  'comment.restore': 'restored',
  'comment.redact': 'edited',
  'reports.uphold': 'upheld the reports on, and removed,',
  'reports.dismiss': 'dismissed the reports on',
  'removal.grant': 'granted the author’s request and erased',
  'removal.decline': 'declined the author’s request to erase',
};

/** An undo, by the decision it took back (only the moderator who took it may). */
const undoVerbs: Record<string, string> = {
  'comment.reject': 'undid their rejection of',
  'comment.remove': 'undid their removal of',
  'reports.uphold': 'undid their upholding of the reports on',
};

const postVerbs: Record<string, string> = {
  'post.publish': 'published',
  'post.schedule': 'scheduled',
  'post.unpublish': 'unpublished',
  'post.restore': 'restored an earlier version of',
  'post.remove': 'removed at its author’s request',
};

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** How many queue items had come from a source a record is about (never which source). */
const itemsFrom = (detail: Record<string, unknown>): string => {
  const items = Number(detail['items'] ?? 0);
  return `${items === 0 ? 'no' : items} item${items === 1 ? '' : 's'} in the queue had come from it`;
};

/** What the record says was done, and to what, linked. */
export function auditSentence(entry: AuditEntry, posts: ReadonlyMap<string, PostsManifestEntry>): Html {
  const detail = entry.detail ?? {};
  const related = html` <a class="mod-related" href="/moderation/audit?target=${encodeURIComponent(entry.targetId)}" aria-label="Every record about ${entry.targetType} ${entry.targetId}">(all)</a>`;
  const commentVerb = entry.action === 'undo' ? undoVerbs[text(detail['action'])] : commentVerbs[entry.action];
  if (commentVerb) {
    const post = posts.get(text(detail['post']));
    const comment = post ? html`<a href="${post.url}#c${entry.targetId}">comment ${entry.targetId}</a> on <a href="${post.url}">${post.title}</a>` : html`comment ${entry.targetId}`;
    return html`${commentVerb} ${comment}${related}`;
  }
  const postVerb = postVerbs[entry.action];
  if (postVerb) {
    const title = text(detail['title']) || entry.targetId;
    return html`${postVerb} the post <a href="/desk/posts/${encodeURIComponent(entry.targetId)}">“${title}”</a>${related}`;
  }
  switch (entry.action) {
    case 'retention.erase':
      return html`erased the kept text of comments moderators removed, rejected or edited more than ${text(detail['retentionDays'])} days ago`;
    case 'account.create':
      return html`created the account ${text(detail['name']) || entry.targetId}${detail['role'] ? ` (${text(detail['role'])})` : ''}${detail['via'] ? ' through its setup link' : ''}`;
    case 'account.role':
      return html`made ${text(detail['name']) || 'an account'} ${text(detail['role']) === 'editor' ? 'an editor' : 'a moderator'}`;
    case 'account.password':
      return html`set a new password for account ${entry.targetId}`;
    case 'account.remove':
      return html`removed the account ${text(detail['name']) || entry.targetId}`;
    case 'feed.create':
      return html`made a private address for their queue feed`;
    case 'feed.revoke':
      return html`stopped their queue feed’s private address`;
    case 'settings.change':
      return html`changed the settings: ${entry.targetId.split(',').join(', ')}`;
    case 'source.hold':
    case 'source.refuse': {
      const what = entry.action === 'source.hold' ? 'held every new comment from one source' : 'refused every new comment and report from one source';
      return html`${what} until the day ended (${itemsFrom(detail)})${related}`;
    }
    case 'source.lift':
      return html`stopped ${text(detail['was']) === 'refuse' ? 'refusing' : 'holding'} one source (${itemsFrom(detail)})${related}`;
    case 'image.upload':
      return html`uploaded a picture (${entry.targetId})`;
    default:
      return html`${entry.action} ${entry.targetType} ${entry.targetId}${related}`;
  }
}
