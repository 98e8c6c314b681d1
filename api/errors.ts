// One error path: domain code throws ApiError with a stable code; the root onError turns it into
// { "error": { "code", "message", "field"? } } with the status the code implies.

export const errorStatus = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_follow_address: 400,
  unauthorized: 401,
  forbidden: 403,
  wrong_removal_key: 403,
  cross_site: 403,
  not_found: 404,
  post_not_found: 404,
  comment_not_found: 404,
  report_not_found: 404,
  request_not_found: 404,
  follow_not_found: 404,
  account_not_found: 404,
  method_not_allowed: 405,
  comments_closed: 409,
  already_removed: 409,
  account_exists: 409,
  last_editor: 409,
  state_changed: 409,
  builds_off: 409,
  // The post was saved by someone else (or changed on disk) since the editor opened it.
  stale_version: 409,
  setup_link_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  body_too_complex: 422,
  reserved_name: 422,
  parent_not_visible: 422,
  invalid_name: 422,
  weak_password: 422,
  duplicate_comment: 429,
  rate_limited: 429,
  too_fast: 429,
  overloaded: 503,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** Seconds, for 429 and 503. */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; retryAfter?: number } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
  }

  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }

  toJSON(): { error: { code: ErrorCode; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}
