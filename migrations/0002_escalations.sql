-- Hand-offs to people: one escalation per thread episode, and an audit trail of who did what.

CREATE TABLE escalations (
	id                    INTEGER PRIMARY KEY,
	thread_id             TEXT NOT NULL REFERENCES threads (thread_id) ON DELETE CASCADE,
	-- 1, 2, …: a new episode starts when the last escalation was closed and the owner posts again
	episode               INTEGER NOT NULL CHECK (episode >= 1),
	trigger               TEXT NOT NULL
	                      CHECK (trigger IN ('didnt_help', 'asked_for_human', 'low_confidence', 'vendor_needed', 'moderator')),
	-- open → claimed → emailed → resolved | dismissed (reopen goes back)
	status                TEXT NOT NULL DEFAULT 'open'
	                      CHECK (status IN ('open', 'claimed', 'emailed', 'resolved', 'dismissed')),
	claimed_by            TEXT,
	claimed_by_name       TEXT,
	-- the knowledge-base entry guessed as the cause, if any, and the matcher's confidence in it
	cause                 TEXT,
	confidence            REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
	-- the redacted EscalationSummary as JSON, and the redacted conversation so far
	summary_json          TEXT NOT NULL CHECK (json_valid(summary_json)),
	conversation          TEXT NOT NULL DEFAULT '',
	support_to            TEXT,
	email_subject         TEXT NOT NULL,
	email_body            TEXT NOT NULL,
	-- set once the email is accepted by the SMTP server; an escalation with one is never emailed again
	email_message_id      TEXT,
	email_sent_at         INTEGER,
	email_attempts        INTEGER NOT NULL DEFAULT 0 CHECK (email_attempts >= 0),
	email_last_error      TEXT,
	email_failure_code    TEXT,
	-- set while a send is under way, so a second press (or process) does not send in parallel
	email_in_flight_since INTEGER,
	next_email_attempt_at INTEGER,
	-- the message in the moderators' channel that shows this escalation
	mod_message_id        TEXT,
	note                  TEXT,
	closed_by             TEXT,
	closed_by_name        TEXT,
	closed_at             INTEGER,
	-- bumped on every update; writers compare it so concurrent moderators cannot overwrite each other
	revision              INTEGER NOT NULL DEFAULT 0,
	created_at            INTEGER NOT NULL,
	updated_at            INTEGER NOT NULL,
	UNIQUE (thread_id, episode)
) STRICT;

CREATE INDEX escalations_by_status ON escalations (status, id);

CREATE INDEX escalations_email_due ON escalations (next_email_attempt_at)
	WHERE email_message_id IS NULL AND next_email_attempt_at IS NOT NULL;

CREATE TABLE escalation_audit (
	id            INTEGER PRIMARY KEY,
	escalation_id INTEGER NOT NULL REFERENCES escalations (id) ON DELETE CASCADE,
	-- a Discord user id, `cli:<name>` or `doorman`
	actor_id      TEXT NOT NULL,
	actor_name    TEXT NOT NULL,
	action        TEXT NOT NULL,
	detail        TEXT,
	at            INTEGER NOT NULL
) STRICT;

CREATE INDEX escalation_audit_by_escalation ON escalation_audit (escalation_id, id);
