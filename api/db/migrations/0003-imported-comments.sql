-- Comments brought in from another platform keep their original id there, so importing the same
-- export again changes nothing.
ALTER TABLE comments ADD COLUMN source_id TEXT;

CREATE UNIQUE INDEX comments_by_source ON comments (source_id) WHERE source_id IS NOT NULL;
