-- Forum threads the bot tracks, the messages it has processed, and its own replies.

CREATE TABLE threads (
	thread_id       TEXT PRIMARY KEY,
	guild_id        TEXT NOT NULL,
	forum_id        TEXT NOT NULL,
	owner_id        TEXT NOT NULL,
	title           TEXT NOT NULL DEFAULT '',
	-- new → needs_info → answered | escalated → solved
	state           TEXT NOT NULL DEFAULT 'new'
	                CHECK (state IN ('new', 'needs_info', 'answered', 'escalated', 'solved')),
	muted           INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
	muted_by        TEXT,
	staff_took_over INTEGER NOT NULL DEFAULT 0 CHECK (staff_took_over IN (0, 1)),
	-- newest message id handled, so catch-up after downtime can fetch only what came after it
	last_message_id TEXT,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX threads_by_state ON threads (state, updated_at);

CREATE TABLE processed_messages (
	message_id   TEXT PRIMARY KEY,
	thread_id    TEXT NOT NULL REFERENCES threads (thread_id) ON DELETE CASCADE,
	author_id    TEXT NOT NULL,
	-- what the bot decided for this message: reply, ask, escalate, silent, …
	outcome      TEXT NOT NULL,
	processed_at INTEGER NOT NULL
) STRICT;

CREATE INDEX processed_messages_by_thread ON processed_messages (thread_id, processed_at);

CREATE TABLE bot_replies (
	id                 INTEGER PRIMARY KEY,
	thread_id          TEXT NOT NULL REFERENCES threads (thread_id) ON DELETE CASCADE,
	-- the message this reply answers; one reply per (message, kind)
	in_reply_to        TEXT NOT NULL,
	kind               TEXT NOT NULL,
	-- sent to Discord with enforce_nonce, so a retry after a crash cannot post twice (max 25 chars)
	nonce              TEXT NOT NULL UNIQUE,
	content            TEXT NOT NULL,
	status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dropped')),
	discord_message_id TEXT,
	created_at         INTEGER NOT NULL,
	sent_at            INTEGER,
	UNIQUE (in_reply_to, kind)
) STRICT;

CREATE INDEX bot_replies_pending ON bot_replies (status) WHERE status = 'pending';
