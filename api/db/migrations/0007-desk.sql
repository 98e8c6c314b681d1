-- The editor's desk: every saved version of a post (who, when, the whole file), to view, compare and
-- restore, and each editor's unsaved work (autosaved), so that closing a tab loses nothing.
-- Removing a post at its author's request erases its rows here (with secure_delete on).
CREATE TABLE post_versions (
  id INTEGER PRIMARY KEY,
  post_id TEXT NOT NULL,
  saved_at INTEGER NOT NULL,
  -- NULL when the version was found on disk (written by hand), not saved from the desk.
  account_id INTEGER,
  account_name TEXT NOT NULL,
  action TEXT NOT NULL,
  source TEXT NOT NULL
);

CREATE INDEX post_versions_by_post ON post_versions (post_id, id);

CREATE TABLE post_autosaves (
  -- A post's id, or "new:<random>" for a post not saved yet.
  draft_key TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  saved_at INTEGER NOT NULL,
  base_version TEXT,
  fields TEXT NOT NULL,
  PRIMARY KEY (draft_key, account_id)
);
