-- Comments, stored flat (threads are built from parent_id), with explicit moderation state.
-- Nothing here can identify a commenter: no address, no user agent, no cross-comment link.
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id TEXT NOT NULL,
  parent_id INTEGER REFERENCES comments (id),
  author_name TEXT,
  author_kind TEXT NOT NULL CHECK (author_kind IN ('anonymous', 'named', 'staff')),
  body_source TEXT,
  body_html TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected', 'hidden', 'removed_by_author', 'removed_by_moderator')),
  held_reason TEXT,
  removal_key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE INDEX comments_by_post ON comments (post_id, created_at, id);

CREATE INDEX comments_by_status ON comments (status, created_at);

-- Bumped by every write to a post's thread: readers' caches in any process compare against it.
CREATE TABLE thread_versions (
  post_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL
);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments (id),
  reason TEXT NOT NULL CHECK (reason IN ('racism', 'abuse', 'identifying', 'spam', 'other')),
  note TEXT,
  -- HMAC of (address, comment) under a salt forgotten daily: counts a reader once per comment,
  -- and cannot link one reader's reports to each other.
  source_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  UNIQUE (comment_id, source_key)
);

CREATE INDEX reports_by_comment ON reports (comment_id, status);

CREATE TABLE removal_requests (
  id TEXT PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments (id),
  note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'granted', 'declined')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER
);

-- Counters for rate limits, shared by every process. Keys are HMACs, never addresses.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE INDEX rate_limits_by_expiry ON rate_limits (expires_at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
