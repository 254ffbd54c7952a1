-- Indexes for the foreign keys and the purge and catch-up queries that lacked one. Without bot_replies_by_thread,
-- deleting a thread (ON DELETE CASCADE) scanned the whole bot_replies table: the daily purge of 10,000 threads took
-- 23 s. test/store/query-plans.test.ts fails on any full scan of a growing table.

-- ON DELETE CASCADE from threads.
CREATE INDEX bot_replies_by_thread ON bot_replies (thread_id);

-- Retention purge: each table is cut by age.
CREATE INDEX processed_messages_by_age ON processed_messages (processed_at);
CREATE INDEX bot_replies_by_age ON bot_replies (created_at);
CREATE INDEX owner_posts_by_age ON owner_posts (created_at);
CREATE INDEX escalations_by_closed ON escalations (closed_at);

-- Catch-up: the threads updated since a time, newest first.
CREATE INDEX threads_by_updated ON threads (updated_at);
