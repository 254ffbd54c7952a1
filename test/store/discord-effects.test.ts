import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiscordEffectLog } from '../../src/discord/discord-effects.js';
import { discordEffectRepository } from '../../src/store/discord-effects.js';
import { openStore } from '../../src/store/open.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

describe('pending Discord effects (migration 0008)', () => {
	it('keeps a tag change and a key removal until done; a later tag for the same post replaces the earlier', () => {
		const { db } = openStore(path.join(tmp(), 'effects.db'));
		const effects: DiscordEffectLog = discordEffectRepository(db);
		effects.recordTags('10', 'answered', 100);
		effects.recordKeyRemoval('10', '11', 110);
		effects.recordTags('20', 'needs_info', 120);
		effects.recordTags('10', 'escalated', 130);
		expect(effects.listPending(200)).toEqual([
			{ kind: 'forum_tags', threadId: '10', state: 'escalated', createdAt: 130 },
			{ kind: 'key_removal', threadId: '10', messageId: '11', createdAt: 110 },
			{ kind: 'forum_tags', threadId: '20', state: 'needs_info', createdAt: 120 },
		]);
		// What this run recorded itself (at or after its start) is its handlers' to finish, not the start-up's.
		expect(effects.listPending(125).map((e) => e.threadId)).toEqual(['10', '20']);

		// The earlier state's apply finishing does not mark the newer one done.
		effects.tagsDone('10', 'answered');
		effects.keyRemovalDone('11');
		expect(effects.listPending(200)).toEqual([
			{ kind: 'forum_tags', threadId: '10', state: 'escalated', createdAt: 130 },
			{ kind: 'forum_tags', threadId: '20', state: 'needs_info', createdAt: 120 },
		]);
		effects.tagsDone('10', 'escalated');
		effects.tagsDone('20', 'needs_info');
		expect(effects.listPending(200)).toEqual([]);
		// Rows live only while pending.
		expect(db.prepare('SELECT count(*) FROM discord_effects').pluck().get()).toBe(0);
		db.close();
	});

	it('refuses a tag change without a state and a key removal with one', () => {
		const { db } = openStore(path.join(tmp(), 'effects.db'));
		const insert = db.prepare(
			'INSERT INTO discord_effects (kind, thread_id, target, state, created_at) VALUES (?, ?, ?, ?, 1)',
		);
		expect(() => insert.run('forum_tags', '1', '1', null)).toThrow(/CHECK/);
		expect(() => insert.run('key_removal', '1', '2', 'answered')).toThrow(/CHECK/);
		expect(() => insert.run('reaction', '1', '3', null)).toThrow(/CHECK/);
		db.close();
	});
});
