-- What could identify a reader outlives its purpose no longer: a report's source key is cleared
-- once its day is over, and a removal request's note ("what would show it is mine") once it is
-- decided, so both columns may now be empty. SQLite cannot drop NOT NULL from a column: the two
-- tables are rebuilt with their rows and indexes. Notes already decided, and notes of reports on
-- comments whose text is gone, are not copied.
CREATE TABLE reports_new (
  id TEXT PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments (id),
  reason TEXT NOT NULL CHECK (reason IN ('racism', 'abuse', 'identifying', 'spam', 'other')),
  note TEXT,
  -- HMAC of (address, comment) under the day's salt: counts a reader once per comment that day,
  -- and cannot link one reader's reports to each other. NULL once the day is over.
  source_key TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT,
  UNIQUE (comment_id, source_key)
);

INSERT INTO reports_new (id, comment_id, reason, note, source_key, status, created_at, decided_at, decided_by)
  SELECT r.id, r.comment_id, r.reason,
         CASE WHEN r.status = 'open' AND EXISTS (SELECT 1 FROM comments c WHERE c.id = r.comment_id AND (c.body_source IS NOT NULL OR c.body_html IS NOT NULL)) THEN r.note END,
         r.source_key, r.status, r.created_at, r.decided_at, r.decided_by
  FROM reports r;

DROP TABLE reports;

ALTER TABLE reports_new RENAME TO reports;

CREATE INDEX reports_by_comment ON reports (comment_id, status);

CREATE TABLE removal_requests_new (
  id TEXT PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments (id),
  -- Erased (NULL) once the request is decided.
  note TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'granted', 'declined')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT
);

INSERT INTO removal_requests_new (id, comment_id, note, status, created_at, decided_at, decided_by)
  SELECT id, comment_id, CASE WHEN status = 'open' THEN note END, status, created_at, decided_at, decided_by
  FROM removal_requests;

DROP TABLE removal_requests;

ALTER TABLE removal_requests_new RENAME TO removal_requests;
