-- The optional LLM: model lists fetched from the endpoint, tokens spent per day, and which path produced each answer.

CREATE TABLE llm_models_cache (
	-- the endpoint's base URL without a trailing slash; one row per model id it listed
	base_url   TEXT NOT NULL,
	model_id   TEXT NOT NULL,
	fetched_at INTEGER NOT NULL,
	PRIMARY KEY (base_url, model_id)
) STRICT;

CREATE TABLE llm_token_usage (
	-- UTC calendar day, YYYY-MM-DD
	day    TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	tokens INTEGER NOT NULL CHECK (tokens >= 0)
) STRICT;

CREATE TABLE llm_paths (
	-- the message the bot answered; a later correction for the same message replaces the row
	message_id TEXT PRIMARY KEY,
	path       TEXT NOT NULL CHECK (path IN ('kb', 'llm-phrased', 'llm-assisted')),
	at         INTEGER NOT NULL
) STRICT;

CREATE INDEX llm_paths_by_at ON llm_paths (at);
