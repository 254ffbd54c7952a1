import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/store/audit.js';
import { openStore } from '../../src/store/open.js';
import { ownerPostRepository } from '../../src/store/owner-posts.js';
import { threadRepository } from '../../src/store/threads.js';
import { plantedKeys } from '../support/key-formats.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const KEYS = plantedKeys();

/** Every byte SQLite wrote for the store: the main file, the WAL and the shared-memory index. */
const filesOf = (dir: string): string =>
	readdirSync(dir)
		.map((f) => readFileSync(path.join(dir, f)).toString('latin1'))
		.join('\n');

describe('the connection redacts every string a write binds', () => {
	it('keeps all planted keys out of the file and the WAL, whichever repository or raw statement writes them', () => {
		const dir = tmp();
		const { db } = openStore(path.join(dir, 'doorman.db'));
		const threads = threadRepository(db);
		const posts = ownerPostRepository(db);
		const raw = db.prepare(
			`INSERT INTO owner_posts (message_id, thread_id, content, attachments, created_at) VALUES (?, ?, ?, ?, ?)`,
		);
		const named = db.prepare('UPDATE threads SET title = @title WHERE thread_id = @id');
		KEYS.forEach((key, i) => {
			const threadId = String(1_100_000_000_000_000_000n + BigInt(i));
			threads.ensure({ threadId, guildId: '1', forumId: '2', ownerId: '3', title: `403 ${key.text}` }, i);
			named.run({ id: threadId, title: `renamed ${key.text}` });
			posts.save(threadId, threadId, { content: key.text, attachments: [{ name: 'm.txt', text: key.text }] }, i, i);
			raw.run(`${threadId}9`, threadId, `raw ${key.text}`, JSON.stringify([{ name: 'a', text: key.text }]), i);
		});
		const stored = db.prepare('SELECT content FROM owner_posts ORDER BY rowid').all() as { content: string }[];
		expect(stored[0]?.content).toMatch(/\[REDACTED:/);
		const bytes = filesOf(dir);
		db.close();
		expect(KEYS.filter((k) => bytes.includes(k.secret)).map((k) => k.format)).toEqual([]);
	});

	it('redacts audit entries (a moderator note in the detail) and leaves lookups by id working', () => {
		const dir = tmp();
		const { db } = openStore(path.join(dir, 'doorman.db'));
		threadRepository(db).ensure({ threadId: '11', guildId: '1', forumId: '2', ownerId: '3', title: 't' }, 1);
		db.prepare(
			`INSERT INTO escalations (id, thread_id, episode, trigger, summary_json, email_subject, email_body, created_at, updated_at)
			 VALUES (1, '11', 1, 'moderator', '{}', 's', 'b', 1, 1)`,
		).run();
		const audit = auditRepository(db);
		const key = KEYS.find((k) => k.format.startsWith('stripe'));
		if (key === undefined) throw new Error('no stripe key');
		audit.append(1, { actor: { id: '9', name: 'mod' }, action: 'resolved', detail: `note: ${key.text}` }, 2);
		expect(audit.list(1)[0]?.detail).toBe('note: [REDACTED:stripe]');
		db.close();
		expect(filesOf(dir).includes(key.secret)).toBe(false);
	});
});
