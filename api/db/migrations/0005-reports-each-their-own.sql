-- Every report has a reference of its own, but a source (one address, for the day) counts once
-- per comment toward hiding it: two readers behind one office address who report the same comment
-- each get their own reference and outcome, and only the first counts. A report that does not
-- count is stored with counted = 0 and a random source_key, which links it to nothing.
ALTER TABLE reports ADD COLUMN counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1));
