// What the comment scripts share: building elements, calling the comment API, its refusals in words.
import { apiUrl } from './api-url.ts';

export interface ApiErrorBody {
  error?: { code: string; message: string; field?: string };
}

export interface ApiAnswer<T> {
  /** 0 when the server could not be reached. */
  status: number;
  data: T & ApiErrorBody;
  retryAfter: string | null;
  formToken: string | null;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

export async function api<T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>> {
  const res = await fetch(apiUrl(path), { ...init, headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) } });
  const data = (res.status === 204 ? {} : await res.json().catch(() => ({}))) as T & ApiErrorBody;
  return { status: res.status, data, retryAfter: res.headers.get('Retry-After'), formToken: res.headers.get('Form-Token') };
}

/** The same, answering status 0 when the server cannot be reached. */
export function apiOrOffline<T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>> {
  return api<T>(path, init).catch(() => ({ status: 0, data: {} as T & ApiErrorBody, retryAfter: null, formToken: null }));
}

export function errorText(status: number, data: ApiErrorBody, retryAfter: string | null): string {
  const message = data.error?.message ?? 'Something went wrong. Please try again.';
  return status === 429 && retryAfter ? `${message} (Try again in ${retryAfter} s.)` : message;
}
