-- The time zone is the blog's, set where the server runs (BLOG_TIME_ZONE): no longer a moderation setting.
DELETE FROM settings WHERE key = 'timeZone';
