// Request bodies for the API and the moderation app: JSON objects or HTML forms, nothing else.
import type { Context } from 'hono';
import { ApiError } from './errors.ts';

/** True for an HTML form post (answered with pages and redirects rather than JSON). */
export function isForm(c: Context): boolean {
  const type = c.req.header('Content-Type') ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/**
 * Reads a JSON or form body into plain fields; anything else is refused before it is parsed.
 * Form fields named in `repeated` come as arrays.
 */
export async function readFields(c: Context, options: { repeated?: readonly string[] } = {}): Promise<Record<string, unknown>> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let data: unknown;
    try {
      data = JSON.parse(await c.req.text());
    } catch {
      throw new ApiError('invalid_json', 'The request body is not valid JSON.');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ApiError('invalid_request', 'The request body must be a JSON object.');
    return data as Record<string, unknown>;
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    const form = await c.req.parseBody({ all: true }).catch(() => Promise.reject(new ApiError('invalid_request', 'The form could not be read.')));
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(form)) {
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v !== 'string')) throw new ApiError('invalid_request', 'Files cannot be attached.', { field: key });
      // A field sent twice is an error unless it is meant to repeat (checkboxes).
      if (options.repeated?.includes(key)) fields[key] = values;
      else if (values.length > 1) throw new ApiError('invalid_request', `${key} was sent more than once.`, { field: key });
      else fields[key] = values[0];
    }
    return fields;
  }
  throw new ApiError('unsupported_media_type', 'Send JSON (application/json) or a form.');
}
