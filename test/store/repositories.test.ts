import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { botReplyRepository, replyNonce } from '../../src/store/bot-replies.js';
import { openStore } from '../../src/store/open.js';
import { sqliteThreadPorts } from '../../src/store/ports.js';
import { processedMessageRepository } from '../../src/store/processed-messages.js';
import { threadRepository } from '../../src/store/threads.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const thread = { threadId: '1100000000000000001', guildId: '1', forumId: '2', ownerId: '3', title: '403 on o3' };

function open() {
	const { db } = openStore(path.join(tmp(), 'repo.db'));
	return {
		db,
		threads: threadRepository(db),
		processed: processedMessageRepository(db),
		replies: botReplyRepository(db),
	};
}

describe('thread repository', () => {
	it('creates a thread once and keeps its state across reopen', () => {
		const file = path.join(tmp(), 'persist.db');
		const first = openStore(file).db;
		const threads = threadRepository(first);
		expect(threads.ensure(thread, 10).state).toBe('new');
		threads.setState(thread.threadId, 'answered', 20);
		threads.setMuted(thread.threadId, true, '3', 30);
		expect(threads.ensure(thread, 40).createdAt).toBe(10);
		first.close();
		const reopened = threadRepository(openStore(file).db).get(thread.threadId);
		expect(reopened).toMatchObject({ state: 'answered', muted: true, mutedBy: '3', updatedAt: 30 });
	});

	it('only moves the last message id forward, comparing snowflakes numerically', () => {
		const { threads } = open();
		threads.ensure(thread, 0);
		threads.advanceLastMessage(thread.threadId, '1100000000000000099', 1);
		threads.advanceLastMessage(thread.threadId, '999000000000000000', 2);
		expect(threads.get(thread.threadId)?.lastMessageId).toBe('1100000000000000099');
	});

	it('lists unsolved threads touched since a time', () => {
		const { threads } = open();
		threads.ensure(thread, 100);
		threads.ensure({ ...thread, threadId: '1100000000000000002' }, 100);
		threads.setState('1100000000000000002', 'solved', 100);
		expect(threads.listActive(50, 10).map((t) => t.threadId)).toEqual([thread.threadId]);
		expect(threads.get('404')).toBeNull();
	});
});

describe('processed message ledger', () => {
	it('records a message once and reports duplicates', () => {
		const { threads, processed } = open();
		threads.ensure(thread, 0);
		expect(processed.markProcessed('m1', thread.threadId, '3', 'reply', 1)).toBe(true);
		expect(processed.markProcessed('m1', thread.threadId, '3', 'reply', 2)).toBe(false);
		expect(processed.isProcessed('m1')).toBe(true);
		expect(processed.countInThread(thread.threadId)).toBe(1);
	});
});

describe('bot reply ledger', () => {
	it('returns the same intent (and nonce) when asked twice for the same message', () => {
		const { threads, replies } = open();
		threads.ensure(thread, 0);
		const a = replies.recordIntent(thread.threadId, 'm1', 'answer', 'hello', 1);
		const b = replies.recordIntent(thread.threadId, 'm1', 'answer', 'different text', 2);
		expect(b).toEqual(a);
		expect(a.nonce.length).toBeLessThanOrEqual(25);
		expect(replies.listPending()).toHaveLength(1);
		replies.markSent(a.id, 'd1', 3);
		expect(replies.listPending()).toHaveLength(0);
		expect(replies.listInThread(thread.threadId)[0]).toMatchObject({ status: 'sent', discordMessageId: 'd1' });
	});

	it('derives the nonce from the message answered and the kind of reply, the same in any database', () => {
		const first = open();
		first.threads.ensure(thread, 0);
		const answer = first.replies.recordIntent(thread.threadId, 'm1', 'answer', 'hello', 1);
		const escalate = first.replies.recordIntent(thread.threadId, 'm1', 'escalate', 'draft', 1);
		expect(answer.nonce).toBe(replyNonce('m1', 'answer'));
		expect(escalate.nonce).not.toBe(answer.nonce);
		expect(replyNonce('m1', 'answer')).toMatch(/^d[0-9a-f]{24}$/);
		const { db } = openStore(path.join(tmp(), 'other.db'));
		threadRepository(db).ensure(thread, 0);
		expect(botReplyRepository(db).recordIntent(thread.threadId, 'm1', 'answer', 'hello', 9).nonce).toBe(answer.nonce);
	});

	it('is committed with synchronous=FULL by the decision transaction, the rest of the connection staying NORMAL', () => {
		const { db } = open();
		const ports = sqliteThreadPorts(db, { escalate: () => ({ kind: 'none', reason: 'NO_TRIGGER' }) });
		expect(db.pragma('synchronous', { simple: true })).toBe(1);
		const inside = ports.atomically(() => {
			ports.threads.ensure(thread, 0);
			ports.replies.recordIntent(thread.threadId, 'm1', 'answer', 'hello', 1);
			return db.pragma('synchronous', { simple: true });
		});
		expect(inside).toBe(2);
		expect(db.pragma('synchronous', { simple: true })).toBe(1);
		expect(() => ports.atomically(() => ports.atomically(() => 'nested'))).not.toThrow();
	});
});
