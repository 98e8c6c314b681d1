// The renderer's errors, in a module of their own so the main thread can name them without
// loading jsdom (markdown.ts creates a window as it loads).

/** A body that would take too long to render: deep nesting, too many marks or elements, a timeout. */
export class RenderRefusedError extends Error {
  readonly code = 'body_too_complex';
  override readonly name = 'RenderRefusedError';
}

/** Every render worker is busy and the queue is full. */
export class RenderOverloadedError extends Error {
  readonly code = 'overloaded';
  override readonly name = 'RenderOverloadedError';
}

/** The pool is closed (the server is stopping) or its workers could not start. */
export class RenderUnavailableError extends Error {
  readonly code = 'unavailable';
  override readonly name = 'RenderUnavailableError';
}
