-- "I'm on it": a moderator's claim on an item of the queue for a few minutes, so that two
-- volunteers do not act on one item unawares. An item is 'comment:<id>' (held, reported or removed)
-- or 'request:<id>' (a removal request). Expired rows are simply ignored, and replaced.
CREATE TABLE claims (
  item TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  account_name TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
