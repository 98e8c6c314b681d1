-- A writer may follow replies to their comment through a private address: a random token per
-- comment, of which only the SHA-256 is kept here; NULL when nobody follows it (never taken,
-- stopped, or the comment's text erased). One writer's several comments get unrelated tokens, and
-- nothing records when a token was made, so nothing here links two comments of one writer: an
-- address that follows several exists only in the URL its holder keeps.
ALTER TABLE comments ADD COLUMN follow_hash TEXT;

CREATE UNIQUE INDEX comments_by_follow ON comments (follow_hash) WHERE follow_hash IS NOT NULL;
