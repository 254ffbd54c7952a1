import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { ownerPostRepository } from '../../src/store/owner-posts.js';
import { threadRepository } from '../../src/store/threads.js';
import { storedPostOf } from '../../src/thread/read-conversation.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const thread = { threadId: '1100000000000000001', guildId: '1', forumId: '2', ownerId: '3', title: '403 on o3' };

describe('owner posts (migration 0005)', () => {
	it('keeps every owner message in snowflake order, and an edit replaces the text', () => {
		const { db } = openStore(path.join(tmp(), 'owner.db'));
		threadRepository(db).ensure(thread, 1);
		const posts = ownerPostRepository(db);
		posts.save(thread.threadId, '1100000000000000001', { content: 'first', attachments: [] }, 1, 1);
		posts.save(thread.threadId, '999000000000000002', { content: 'older id, shorter', attachments: [] }, 2, 2);
		posts.save(
			thread.threadId,
			'1100000000000000009',
			{ content: 'log', attachments: [{ name: 'message.txt', text: 'x' }] },
			3,
			3,
		);
		posts.save(thread.threadId, '1100000000000000001', { content: 'first, edited', attachments: [] }, 1, 4);
		const list = posts.list(thread.threadId);
		expect(list.map((p) => p.messageId)).toEqual(['999000000000000002', '1100000000000000001', '1100000000000000009']);
		expect(list[1]?.post.content).toBe('first, edited');
		expect(list[2]?.post.attachments).toEqual([{ name: 'message.txt', text: 'x' }]);
		db.prepare('DELETE FROM threads WHERE thread_id = ?').run(thread.threadId);
		expect(posts.list(thread.threadId)).toEqual([]);
		db.close();
	});

	it('keeps the mark on text read from a screenshot', () => {
		const { db } = openStore(path.join(tmp(), 'ocr.db'));
		threadRepository(db).ensure(thread, 1);
		const posts = ownerPostRepository(db);
		const shot = { name: 'error.png', text: 'Error code: 403', source: 'ocr' as const };
		posts.save(thread.threadId, '1100000000000000001', { content: 'see image', attachments: [shot] }, 1, 1);
		expect(posts.list(thread.threadId)[0]?.post.attachments).toEqual([shot]);
		db.close();
	});

	it('stores text with keys redacted', () => {
		const key = `sk-proj-${'Ab3dEf6hIj9lMn2pQr5tUv8x'.repeat(3)}`;
		const stored = storedPostOf({
			content: `my key ${key}`,
			attachments: [{ name: 'message.txt', text: `KEY=${key}` }],
		});
		expect(JSON.stringify(stored)).not.toContain(key);
	});
});
