-- Moderation: staff accounts and their sessions, the one-time setup link, private queue feeds,
-- and the audit log. Nothing here holds a reader's address, user agent or key.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- The name folded for comparison (case, spaces and punctuation ignored): unique.
  name_key TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('editor', 'moderator')),
  password_hash TEXT NOT NULL,
  -- SHA-256 of the secret of the account's private queue feed; NULL when it has none.
  feed_token_hash TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A session token is "<id>.<secret>": only the SHA-256 of the secret is stored.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- One-time links that create the first editor; only the SHA-256 of the token is stored.
CREATE TABLE setup_tokens (
  token_hash TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- Every moderation decision. The account's name is copied so the record outlives the account.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  account_id INTEGER,
  account_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  reason TEXT,
  detail TEXT
);

CREATE INDEX audit_by_time ON audit_log (at);

CREATE INDEX audit_by_target ON audit_log (target_type, target_id);

-- When a moderator removed or rejected a comment: its text stays for moderators (to restore it)
-- until the retention window has passed, then it is erased.
ALTER TABLE comments ADD COLUMN moderated_at INTEGER;

ALTER TABLE comments ADD COLUMN moderation_reason TEXT;

CREATE INDEX comments_by_moderation ON comments (status, moderated_at);

ALTER TABLE removal_requests ADD COLUMN decided_by TEXT;

ALTER TABLE reports ADD COLUMN decided_by TEXT;
