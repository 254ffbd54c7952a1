-- Facts about the bot's own life, one row per key. `first_started_at` (ms since the epoch, as text) bounds the
-- catch-up on first start: threads created before it (less CATCH_UP_WINDOW_HOURS) are left to people.
CREATE TABLE bot_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
