// One error path: domain code throws ApiError with a stable code; the root onError turns it into
// { "error": { "code", "message", "field"? } } with the status the code implies. A comment refused
// for an identifying detail also says what was found and what sending it anyway would do.

export const errorStatus = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_follow_address: 400,
  unauthorized: 401,
  forbidden: 403,
  wrong_removal_key: 403,
  cross_site: 403,
  // Moderators refused the sender's source (the day's tag) until the day ends: nothing is stored.
  source_paused: 403,
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
  not_editable: 409,
  edit_window_closed: 409,
  account_exists: 409,
  last_editor: 409,
  state_changed: 409,
  claimed: 409,
  // The few minutes in which a moderator may undo their decision are over.
  undo_expired: 409,
  builds_off: 409,
  // The post was saved by someone else (or changed on disk) since the editor opened it.
  stale_version: 409,
  setup_link_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  body_too_complex: 422,
  reserved_name: 422,
  // A word the moderators do not accept here: the writer is told which of theirs, and may edit it.
  refused_word: 422,
  parent_not_visible: 422,
  // The browser check (proof of work) is missing, wrong, expired or used already.
  pow_required: 422,
  pow_invalid: 422,
  invalid_name: 422,
  // A friendly stop, not a fault: the writer may edit, or send it again with confirmIdentifying.
  identifying_detail: 422,
  edit_needs_moderation: 422,
  weak_password: 422,
  duplicate_comment: 429,
  rate_limited: 429,
  too_fast: 429,
  overloaded: 503,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Something found in a comment that could identify someone, as the writer wrote it. */
export interface FoundDetail {
  kind: string;
  text: string;
}

interface ErrorOptions {
  field?: string;
  retryAfter?: number;
  details?: readonly FoundDetail[];
  ifSentAnyway?: 'held' | 'published';
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** Seconds, for 429 and 503. */
  readonly retryAfter: number | undefined;
  /** For identifying_detail: what was found, and what happens to the comment if sent anyway. */
  readonly details: readonly FoundDetail[] | undefined;
  readonly ifSentAnyway: 'held' | 'published' | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
    this.ifSentAnyway = options.ifSentAnyway;
  }

  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }

  toJSON(): { error: { code: ErrorCode; message: string; field?: string; details?: readonly FoundDetail[]; ifSentAnyway?: 'held' | 'published' } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.details ? { details: this.details } : {}),
        ...(this.ifSentAnyway ? { ifSentAnyway: this.ifSentAnyway } : {}),
      },
    };
  }
}
