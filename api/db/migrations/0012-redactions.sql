-- Redact, then approve: a moderator may edit a held or reported comment (to take out an office's
-- name, say); the thread marks it "edited by a moderator". The writer's own text is kept here for
-- moderators until the retention window is over, then erased; it goes at once with the comment's
-- text (its author removing it, a granted removal request, the retention erasure) or the comment.
ALTER TABLE comments ADD COLUMN redacted_at INTEGER;

CREATE TABLE redactions (
  comment_id INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
  body_source TEXT NOT NULL,
  body_html TEXT NOT NULL,
  redacted_at INTEGER NOT NULL,
  redacted_by TEXT NOT NULL
);

CREATE INDEX redactions_by_time ON redactions (redacted_at);

CREATE TRIGGER redactions_go_with_the_text AFTER UPDATE OF body_html ON comments WHEN NEW.body_html IS NULL BEGIN DELETE FROM redactions WHERE comment_id = NEW.id; END;

CREATE TRIGGER redactions_go_with_the_comment AFTER DELETE ON comments BEGIN DELETE FROM redactions WHERE comment_id = OLD.id; END;
