import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escalationService } from '../../src/escalation/service.js';
import { escalationRepository } from '../../src/store/escalations.js';
import { openStore } from '../../src/store/open.js';
import { sqliteThreadPorts } from '../../src/store/ports.js';
import type { Advisor } from '../../src/thread/advice.js';
import { handleMessage } from '../../src/thread/handle.js';
import { aMessage, HELPER } from '../support/builders.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const advisor: Advisor = async (post) => ({
	triage: null,
	match: null,
	advice: {
		kind: 'ask',
		content: `need more about ${post.title}`,
		nextState: 'needs_info',
		reason: 'MISSING:error_body',
	},
});
const text = async () => ({ title: 'T', posts: [{ content: 'b', attachments: [] }], answeredThrough: null });

function ports() {
	let t = 1_000;
	const clock = { now: () => ++t };
	const { db } = openStore(path.join(tmp(), 'h.db'));
	return sqliteThreadPorts(db, escalationService({ store: escalationRepository(db), clock }), clock);
}

describe('handleMessage over SQLite', () => {
	it('plans one reply, moves the state, and records the message once', async () => {
		const p = ports();
		const message = aMessage({ isStarter: true });
		const first = await handleMessage(p, advisor, message, text);
		expect(first.reply?.intents[0]).toMatchObject({ kind: 'ask', content: 'need more about T', status: 'pending' });
		expect(first.reply?.state).toBe('needs_info');
		expect(p.threads.get(message.threadId)?.state).toBe('needs_info');
		const again = await handleMessage(p, advisor, message, text);
		expect(again).toMatchObject({ decision: { kind: 'silent', reason: 'ALREADY_HANDLED' }, reply: null });
		expect(p.replies.listPending()).toHaveLength(1);
	});

	it('persists mute and staff takeover', async () => {
		const p = ports();
		await handleMessage(p, advisor, aMessage({ content: '!mute' }), text);
		expect(p.threads.get('500')?.muted).toBe(true);
		const muted = await handleMessage(p, advisor, aMessage(), text);
		expect(muted.reply).toBeNull();
		await handleMessage(p, advisor, aMessage({ content: '!unmute' }), text);
		await handleMessage(p, advisor, aMessage({ author: HELPER }), text);
		expect(p.threads.get('500')).toMatchObject({ muted: false, staffTookOver: true });
	});

	it('only loads thread history when the bot will speak', async () => {
		const p = ports();
		let loads = 0;
		await handleMessage(p, advisor, aMessage({ author: HELPER }), async () => {
			loads += 1;
			return text();
		});
		expect(loads).toBe(0);
	});
});
