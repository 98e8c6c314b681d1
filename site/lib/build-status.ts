// What the server says of its builds (the staff's build-status endpoint, which the desk shows):
// the contract between the publishing server and the pages that show it.

/** The outcome of PUBLISH_COMMAND (an upload to a static host) after a build. */
export interface PublishOutcome {
  ok: boolean;
  /** The exit code, or the signal that stopped it. */
  exit: string;
  finished: string;
  seconds: number;
  /** Its last lines of output (stdout and stderr). */
  output: string;
}

/** The site being served. */
export interface ServedSummary {
  builtAt: string;
  /** The instant the build was for: posts dated up to it are in. */
  publishedBy?: string;
  posts: number;
  pages: number;
}

export interface BuildStatus {
  /** building: a build is running; failed: the last one failed, the site before it is serving. */
  state: 'idle' | 'building' | 'failed';
  /** Why the running (or last) build ran: what changed, a scheduled post, a request. */
  reason?: string;
  started?: string;
  finished?: string;
  /** Seconds the last build took. */
  seconds?: number;
  /** Why the last build failed, in the build's words (file, line, field); gone once one succeeds. */
  error?: { message: string; details: string } | undefined;
  /** A build is waiting for the running one to finish. */
  queued: boolean;
  served?: ServedSummary | undefined;
  /** The pages are live and their search index is being made (search finds the site as it was). */
  searchBehind?: boolean;
  /** When the next scheduled post is due. */
  nextScheduled?: string | undefined;
  /** After the last successful build, when PUBLISH_COMMAND is set. */
  publish?: PublishOutcome;
}

/** What the server tells staff of its builds, and how they ask for one. */
export interface Publishing {
  status(): BuildStatus;
  /**
   * Asks for a build. `erase`: text was erased from the sources (a post removed at its author's
   * request): the build indexes search afresh instead of borrowing the old index, and once it is
   * live the older builds, which still hold the text, are deleted.
   */
  request(reason: string, options?: { erase?: boolean }): void;
}
