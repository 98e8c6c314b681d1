-- The same source today, without an identity: a short tag (25 bits of an HMAC under the day's
-- salt) on the items that reach the moderators' queue, so they see several items that came from
-- one source today. Only a held comment, a published one flagged for them, and a report carry
-- one; a plainly published comment never does. Tags are cleared once their day is over (and in
-- a backup), so they link nothing tomorrow.
ALTER TABLE comments ADD COLUMN source_tag TEXT;

ALTER TABLE reports ADD COLUMN source_tag TEXT;

-- The day's end finds the tags to clear without reading every comment. These index the time
-- only, never the tag.
CREATE INDEX comments_with_source_tag ON comments (created_at) WHERE source_tag IS NOT NULL;

CREATE INDEX reports_with_source_tag ON reports (created_at) WHERE source_tag IS NOT NULL;

-- A source moderators hold (its new comments wait for them, its reports count toward nothing) or
-- refuse (its comments and reports are not taken) until `until`, the end of the UTC day. `id` is
-- what the audit log names: it links the records of one hold and nothing else once the row is gone.
CREATE TABLE held_sources (
  id TEXT PRIMARY KEY,
  tag TEXT NOT NULL UNIQUE,
  action TEXT NOT NULL CHECK (action IN ('hold', 'refuse')),
  until INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
