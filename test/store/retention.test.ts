import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backup, purge } from '../../src/cli/commands/data.js';
import { communityCaseRepository } from '../../src/store/community-cases.js';
import { openStore } from '../../src/store/open.js';
import { purgeOlderThan, purgeOlderThanInBackground } from '../../src/store/retention.js';
import type { NewCommunityCase } from '../../src/thread/learn.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const DAY = 24 * 60 * 60 * 1000;

function seed(db: Database.Database, now: number) {
	const old = now - 100 * DAY;
	const insertThread = db.prepare(
		`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, state, created_at, updated_at) VALUES (?, 'g', 'f', 'o', ?, ?, ?)`,
	);
	insertThread.run('old-solved', 'solved', old, old);
	insertThread.run('recent', 'answered', now, now);
	const message = db.prepare(
		`INSERT INTO processed_messages (message_id, thread_id, author_id, outcome, processed_at) VALUES (?, ?, 'o', 'ask', ?)`,
	);
	message.run('m-old', 'recent', old);
	message.run('m-new', 'recent', now);
	db.prepare(
		`INSERT INTO bot_replies (thread_id, in_reply_to, kind, nonce, content, status, created_at) VALUES ('recent', 'm-old', 'ask', 'n1', 'old text', 'sent', ?)`,
	).run(old);
	db.prepare(
		`INSERT INTO bot_replies (thread_id, in_reply_to, kind, nonce, content, status, created_at) VALUES ('recent', 'm-p', 'ask', 'n2', 'pending text', 'pending', ?)`,
	).run(old);
}

describe('retention', () => {
	it('purges old records and reply texts, keeps recent ones and pending replies', () => {
		const { db } = openStore(path.join(tmp(), 'r.db'));
		const now = Date.now();
		seed(db, now);
		const cases = communityCaseRepository(db);
		const aCase = (threadId: string): NewCommunityCase => ({
			threadId,
			escalationId: null,
			source: `https://discord.com/channels/1/${threadId}`,
			lang: 'en',
			route: 'openai',
			status: 403,
			cause: 'ip_allowlist',
			isNewCause: false,
			entry: null,
			confirmedBy: 'poster',
			actor: { id: 'o', name: 'o' },
			note: null,
			report: 'report',
			error: '',
			learned: true,
		});
		cases.save(aCase('old'), now - 100 * DAY);
		cases.save(aCase('recent'), now);
		const report = purgeOlderThan(db, now - 90 * DAY);
		expect(report).toMatchObject({ processedMessages: 1, botReplies: 1, threads: 1, communityCases: 1 });
		expect(cases.listLearned().map((c) => c.threadId)).toEqual(['recent']);
		expect(db.prepare('SELECT message_id FROM processed_messages').pluck().all()).toEqual(['m-new']);
		expect(db.prepare('SELECT content FROM bot_replies').pluck().all()).toEqual(['pending text']);
		expect(db.prepare('SELECT thread_id FROM threads').pluck().all()).toEqual(['recent']);
		db.close();
	});

	it('doorman purge runs it now; doorman backup writes a consistent copy while the database is open', async () => {
		const dir = tmp();
		const file = path.join(dir, 'live.db');
		const live = openStore(file).db;
		seed(live, Date.now());
		const out = captureIo(dir);
		expect(await backup.run(['copy.db', '--db', file], out)).toBe(0);
		const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
		expect(copy.prepare('SELECT count(*) FROM threads').pluck().get()).toBe(2);
		copy.close();
		const purged = captureIo(dir);
		expect(await purge.run(['--days', '30', '--db', file], purged)).toBe(0);
		expect(purged.out()).toMatch(/processedMessages 1/);
		expect(await purge.run(['--days', 'soon'], captureIo(dir))).toBe(2);
		expect(await backup.run([], captureIo(dir))).toBe(2);
		live.close();
	});
});

/** `count` solved threads last updated at `at`, each with a handled message, a sent reply and a stored owner post. */
function seedSolved(db: Database.Database, count: number, at: number) {
	const thread = db.prepare(
		`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, state, created_at, updated_at) VALUES (?, 'g', 'f', 'o', 'solved', ?, ?)`,
	);
	const message = db.prepare(
		`INSERT INTO processed_messages (message_id, thread_id, author_id, outcome, processed_at) VALUES (?, ?, 'o', 'answer', ?)`,
	);
	const reply = db.prepare(
		`INSERT INTO bot_replies (thread_id, in_reply_to, kind, nonce, content, status, created_at) VALUES (?, ?, 'answer', ?, 'text', 'sent', ?)`,
	);
	const post = db.prepare(
		`INSERT INTO owner_posts (message_id, thread_id, content, created_at) VALUES (?, ?, 'my post', ?)`,
	);
	db.transaction(() => {
		for (let i = 0; i < count; i += 1) {
			const id = `t${i}`;
			thread.run(id, at, at);
			message.run(`m${i}`, id, at);
			reply.run(id, `m${i}`, `n${i}`, at);
			post.run(`m${i}`, id, at);
		}
	})();
}

const count = (db: Database.Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('retention purge in batches', () => {
	it('deletes everything old in batches of at most the batch size per table', () => {
		const { db } = openStore(path.join(tmp(), 'batches.db'));
		const now = Date.now();
		seedSolved(db, 1_200, now - 100 * DAY);
		const report = purgeOlderThan(db, now - 90 * DAY, 500);
		expect(report).toMatchObject({ threads: 1_200, processedMessages: 1_200, botReplies: 1_200, ownerPosts: 1_200 });
		for (const table of ['threads', 'processed_messages', 'bot_replies', 'owner_posts'])
			expect(count(db, table)).toBe(0);
		db.close();
	});

	it('in the bot, yields to the event loop between batches, so other work runs before the purge is done', async () => {
		const { db } = openStore(path.join(tmp(), 'yield.db'));
		const now = Date.now();
		seedSolved(db, 1_200, now - 100 * DAY);
		const order: string[] = [];
		const purging = purgeOlderThanInBackground(db, now - 90 * DAY, { batchRows: 500 }).then((report) => {
			order.push('purge done');
			return report;
		});
		setImmediate(() => order.push(`event handled with ${count(db, 'threads')} threads left`));
		const report = await purging;
		expect(report.batches).toBe(3);
		expect(order[0]).toMatch(/^event handled with \d+ threads left$/);
		expect(order[0]).not.toBe('event handled with 0 threads left');
		expect(order[1]).toBe('purge done');
		expect(count(db, 'threads')).toBe(0);
		db.close();
	});

	it('stops after the current batch when the bot stops; the next purge finishes the rest', async () => {
		const { db } = openStore(path.join(tmp(), 'stop.db'));
		const now = Date.now();
		seedSolved(db, 1_200, now - 100 * DAY);
		const stop = new AbortController();
		stop.abort();
		const first = await purgeOlderThanInBackground(db, now - 90 * DAY, { batchRows: 500, signal: stop.signal });
		expect(first).toMatchObject({ batches: 1, threads: 500 });
		expect(count(db, 'threads')).toBe(700);
		await purgeOlderThanInBackground(db, now - 90 * DAY, { batchRows: 500 });
		expect(count(db, 'threads')).toBe(0);
		db.close();
	});
});
