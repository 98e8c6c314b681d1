// The browser's side of the comment API: every call the thread makes, with the shapes it answers
// (the public comment contract of site/lib/comments.ts), and its refusals in words.
import type { PublicComment, ReportReason, WrittenComment } from '../lib/comments.ts';
import { apiUrl } from './api-url.ts';

export interface ApiErrorBody {
  error?: { code: string; message: string; field?: string; details?: { kind: string; text: string }[]; ifSentAnyway?: 'held' | 'published' };
}

export interface ApiAnswer<T> {
  /** 0 when the server could not be reached. */
  status: number;
  data: T & ApiErrorBody;
  retryAfter: string | null;
  formToken: string | null;
  /** The next browser check to solve (the board asks for one when its limits are on). */
  powChallenge: string | null;
}

/** A post's public thread, as GET /api/posts/:id/comments answers it. */
export interface Thread {
  post: { id: string; commentPolicy: 'open' | 'moderated' | 'closed' };
  count: number;
  comments: PublicComment[];
}

/** What the comment form sends: `name` and `parentId` only when given, `website` is the honeypot. */
export interface NewComment {
  body: string;
  formToken: string;
  name?: string;
  website?: string;
  parentId?: number;
  /** Sent anyway after the warning that something in it could identify someone. */
  confirmIdentifying?: boolean;
  /** The solved browser check. */
  pow?: string;
}

async function api<T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>> {
  const res = await fetch(apiUrl(path), { ...init, headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) } });
  const data = (res.status === 204 ? {} : await res.json().catch(() => ({}))) as T & ApiErrorBody;
  return { status: res.status, data, retryAfter: res.headers.get('Retry-After'), formToken: res.headers.get('Form-Token'), powChallenge: res.headers.get('Pow-Challenge') };
}

/** The same, answering status 0 when the server cannot be reached. */
function apiOrOffline<T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>> {
  return api<T>(path, init).catch(() => ({ status: 0, data: {} as T & ApiErrorBody, retryAfter: null, formToken: null, powChallenge: null }));
}

export function errorText(status: number, data: ApiErrorBody, retryAfter: string | null): string {
  const message = data.error?.message ?? 'Something went wrong. Please try again.';
  return status === 429 && retryAfter ? `${message} (Try again in ${retryAfter} s.)` : message;
}

/** The thread, with a fresh form token (signed when fetched: comments sent within seconds of it are refused). */
export function fetchThread(postId: string): Promise<ApiAnswer<Thread>> {
  return apiOrOffline<Thread>(`/api/posts/${encodeURIComponent(postId)}/comments`);
}

/** A moderator signed in on this site comments under their account's name (asked only when the sign-in left its hint). */
export function staffName(): Promise<string | undefined> {
  if (!/(?:^|;\s*)befriend_staff=/.test(document.cookie)) return Promise.resolve(undefined);
  return api<{ account: { name: string } }>('/moderation/me')
    .then(({ status, data }) => (status === 200 ? data.account.name : undefined))
    .catch(() => undefined);
}

export function postComment(postId: string, comment: NewComment): Promise<ApiAnswer<{ comment: WrittenComment; removalKey: string }>> {
  return apiOrOffline(`/api/posts/${encodeURIComponent(postId)}/comments`, { method: 'POST', body: JSON.stringify(comment) });
}

/** The comment as it would be, rendered by the board itself; nothing is stored. */
export function previewComment(postId: string, body: string): Promise<ApiAnswer<{ preview: { html: string; identifying: { kind: string; text: string }[] } }>> {
  return apiOrOffline(`/api/posts/${encodeURIComponent(postId)}/comments/preview`, { method: 'POST', body: JSON.stringify({ body }) });
}

/** New text for one's own comment, with its key, in its first minutes. */
export function editComment(commentId: number, change: { removalKey: string; body: string; confirmIdentifying?: boolean }): Promise<ApiAnswer<{ comment: WrittenComment }>> {
  return apiOrOffline(`/api/comments/${commentId}/edit`, { method: 'POST', body: JSON.stringify(change) });
}

/** A private address to follow replies to one's own comment, with its key. */
export function followComment(commentId: number, removalKey: string): Promise<ApiAnswer<{ follow: { page: string; feed: string } }>> {
  return apiOrOffline(`/api/comments/${commentId}/follow`, { method: 'POST', body: JSON.stringify({ removalKey }) });
}

export function sendReport(commentId: number, reason: ReportReason, note: string, pow?: string): Promise<ApiAnswer<{ report: { id: string } }>> {
  return api(`/api/comments/${commentId}/reports`, { method: 'POST', body: JSON.stringify({ reason, ...(note.trim() ? { note } : {}), ...(pow ? { pow } : {}) }) });
}

export function removeComment(commentId: number, removalKey: string): Promise<ApiAnswer<object>> {
  return api(`/api/comments/${commentId}`, { method: 'DELETE', body: JSON.stringify({ removalKey }) });
}

export function requestRemoval(commentId: number, note: string): Promise<ApiAnswer<{ removalRequest: { id: string } }>> {
  return api(`/api/comments/${commentId}/removal-requests`, { method: 'POST', body: JSON.stringify({ note }) });
}

/** Where a report or removal request's outcome can be checked, by its reference. */
export function outcomeUrl(reference: string): string {
  return apiUrl(`/reports/${encodeURIComponent(reference)}`);
}
