-- Effects on Discord that are not messages (messages are on bot_replies): a post's state tag, and the removal of a
-- message holding a pasted key. Each is recorded (durably) before the bot calls Discord and deleted once done, so a
-- crash or a stop cut short in between leaves it here and the next start applies it again. Rows live only while
-- pending: the table does not grow with the forum.

CREATE TABLE discord_effects (
	id         INTEGER PRIMARY KEY,
	-- forum_tags: give the post the tag of `state`; key_removal: repost message `target` redacted and delete it
	kind       TEXT NOT NULL CHECK (kind IN ('forum_tags', 'key_removal')),
	thread_id  TEXT NOT NULL,
	-- the thread (forum_tags) or the message holding the key (key_removal)
	target     TEXT NOT NULL,
	state      TEXT CHECK ((kind = 'forum_tags') = (state IS NOT NULL)),
	created_at INTEGER NOT NULL,
	UNIQUE (kind, target)
) STRICT;
