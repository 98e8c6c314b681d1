-- An author may change their comment with its removal key for a short while after writing it.
-- The old text is overwritten (and erased from the file); only the fact of a change is kept, for
-- the "edited" mark, and how many changes were made, which are limited.
ALTER TABLE comments ADD COLUMN edited_at INTEGER;

ALTER TABLE comments ADD COLUMN edit_count INTEGER NOT NULL DEFAULT 0;
