-- Every message of a thread's owner, stored (redacted) as it arrives: a follow-up is triaged together with
-- everything the owner posted, however long the thread, and an edited message replaces its text.
CREATE TABLE owner_posts (
	message_id  TEXT PRIMARY KEY,
	thread_id   TEXT NOT NULL REFERENCES threads (thread_id) ON DELETE CASCADE,
	content     TEXT NOT NULL,
	-- JSON array of {"name", "text"}: the attachments the bot could read, redacted
	attachments TEXT NOT NULL DEFAULT '[]',
	created_at  INTEGER NOT NULL,
	edited_at   INTEGER
) STRICT;

CREATE INDEX owner_posts_by_thread ON owner_posts (thread_id, created_at);
