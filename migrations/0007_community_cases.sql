-- Causes confirmed by people (a moderator resolving a hand-off, or the poster marking an answer solved), and the
-- thread's report kept as a community case that the matcher uses beside the shipped case base (kb/cases).

CREATE TABLE community_cases (
	id              INTEGER PRIMARY KEY,
	-- one case per thread: a later confirmation for the same thread replaces the earlier one
	-- (`import:<case id>` for a reviewed case added with `doorman cases import`)
	thread_id       TEXT NOT NULL UNIQUE,
	escalation_id   INTEGER,
	-- https://discord.com/channels/<guild>/<thread>
	source          TEXT NOT NULL,
	lang            TEXT NOT NULL,
	route           TEXT NOT NULL,
	status          INTEGER CHECK (status IS NULL OR (status >= 100 AND status <= 599)),
	-- a cause id of the taxonomy, or a new cause a moderator named (is_new_cause = 1)
	cause           TEXT NOT NULL,
	is_new_cause    INTEGER NOT NULL CHECK (is_new_cause IN (0, 1)),
	-- the KB entry whose answer the poster accepted, when the poster confirmed it
	entry           TEXT,
	confirmed_by    TEXT NOT NULL CHECK (confirmed_by IN ('moderator', 'poster', 'review')),
	actor_id        TEXT NOT NULL,
	actor_name      TEXT NOT NULL,
	-- the moderator's note on the fix (redacted)
	note            TEXT,
	-- the owner's messages and readable attachments (redacted); empty when learning was off
	report          TEXT NOT NULL,
	-- the error as printed (redacted), '' when none was found
	error           TEXT NOT NULL,
	-- 1: the matcher uses it (learning was on when it was stored, and nobody withdrew it)
	learned         INTEGER NOT NULL CHECK (learned IN (0, 1)),
	withdrawn_at    INTEGER,
	withdrawn_by    TEXT,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX community_cases_by_age ON community_cases (created_at);
CREATE INDEX community_cases_learned ON community_cases (learned, id) WHERE learned = 1;

-- Bumped on every change, so a running bot (or another process) rebuilds its case index only when cases changed.
CREATE TABLE community_cases_revision (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	revision INTEGER NOT NULL
) STRICT;
INSERT INTO community_cases_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER community_cases_inserted AFTER INSERT ON community_cases
BEGIN UPDATE community_cases_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER community_cases_updated AFTER UPDATE ON community_cases
BEGIN UPDATE community_cases_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER community_cases_deleted AFTER DELETE ON community_cases
BEGIN UPDATE community_cases_revision SET revision = revision + 1 WHERE id = 1; END;

-- For the knowledge-gap report (`doorman report`): which KB entry each answer came from, and the posters' feedback.
CREATE TABLE answer_log (
	-- the message the bot answered; a later answer to the same message replaces the row
	message_id TEXT PRIMARY KEY,
	thread_id  TEXT NOT NULL,
	entry_id   TEXT NOT NULL,
	cause      TEXT NOT NULL,
	at         INTEGER NOT NULL
) STRICT;
CREATE INDEX answer_log_by_thread ON answer_log (thread_id, at);
CREATE INDEX answer_log_by_age ON answer_log (at);

CREATE TABLE feedback_log (
	id        INTEGER PRIMARY KEY,
	thread_id TEXT NOT NULL,
	action    TEXT NOT NULL CHECK (action IN ('solved', 'didnt_help')),
	at        INTEGER NOT NULL
) STRICT;
CREATE INDEX feedback_log_by_age ON feedback_log (at);

-- The report reads threads and escalations by when they were created.
CREATE INDEX threads_by_created ON threads (created_at);
CREATE INDEX escalations_by_created ON escalations (created_at);
