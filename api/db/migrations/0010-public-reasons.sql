-- The reason a moderator gives the writer when rejecting or removing their comment: one of a short
-- list (site/lib/comment-labels.ts, publicReasons), stored as its code, shown on the writer's
-- private follow page and feed. The moderators' own note stays in moderation_reason.
ALTER TABLE comments ADD COLUMN public_reason TEXT;
