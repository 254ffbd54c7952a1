import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escalationService } from '../../src/escalation/service.js';
import type { AttachmentsRead, OpenedMessage } from '../../src/model.js';
import { escalationRepository } from '../../src/store/escalations.js';
import { openStore } from '../../src/store/open.js';
import { sqliteThreadPorts } from '../../src/store/ports.js';
import type { Advisor } from '../../src/thread/advice.js';
import { handleMessage } from '../../src/thread/handle.js';
import { aMessage, HELPER, MEMBER, OWNER } from '../support/builders.js';
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

	describe('reads attachments only once the bot will read the message', () => {
		const LOG = `Error code: 403 {"error":{"message":"Country, region, or territory not supported"}} sk-or-v1-${'0123456789abcdef'.repeat(4)}`;
		/** A message whose reader counts its calls. */
		function withFile(overrides: Partial<OpenedMessage> = {}): { message: OpenedMessage; reads: () => number } {
			let reads = 0;
			const read: AttachmentsRead = { attachments: [{ name: 'message.txt', text: LOG }], skipped: [] };
			const message = aMessage({
				...overrides,
				...read,
				skippedAttachments: [],
				readAttachments: async () => {
					reads += 1;
					return read;
				},
			});
			return { message, reads: () => reads };
		}

		it('never opens another member’s message it stays silent on (muted thread, staff, no mention)', async () => {
			const p = ports();
			await handleMessage(p, advisor, aMessage({ isStarter: true }), text);
			const member = withFile({ author: MEMBER });
			await handleMessage(p, advisor, member.message, text);
			await handleMessage(p, advisor, aMessage({ content: '!mute' }), text);
			const muted = withFile({ author: MEMBER, mentionsBot: true });
			await handleMessage(p, advisor, muted.message, text);
			const staff = withFile({ author: HELPER });
			await handleMessage(p, advisor, staff.message, text);
			expect([member.reads(), muted.reads(), staff.reads()]).toEqual([0, 0, 0]);
		});

		it('opens a member’s message that mentions the bot, and passes its files to the thread read', async () => {
			const p = ports();
			await handleMessage(p, advisor, aMessage({ isStarter: true }), text);
			const mention = withFile({ author: MEMBER, mentionsBot: true });
			let latest: OpenedMessage | null = null;
			await handleMessage(p, advisor, mention.message, async (opened) => {
				latest = opened;
				return text();
			});
			expect(mention.reads()).toBeGreaterThan(0);
			expect((latest as OpenedMessage | null)?.attachments.map((a) => a.name)).toEqual(['message.txt']);
		});

		it('keeps the owner’s post with its files (redacted) even in a muted thread, and reads nothing twice', async () => {
			const p = ports();
			await handleMessage(p, advisor, aMessage({ isStarter: true }), text);
			await handleMessage(p, advisor, aMessage({ content: '!mute' }), text);
			const owner = withFile({ author: OWNER });
			const result = await handleMessage(p, advisor, owner.message, text);
			expect(result.decision).toMatchObject({ reason: 'MUTED' });
			const kept = p.ownerPosts?.list('500').find((s) => s.messageId === owner.message.messageId);
			expect(kept?.post.attachments[0]?.text).toContain('Country, region, or territory not supported');
			expect(kept?.post.attachments[0]?.text).toContain('[REDACTED:openrouter]');
			expect(kept?.post.attachments[0]?.text).not.toContain('0123456789abcdef');
			await handleMessage(p, advisor, owner.message, text);
			expect(owner.reads()).toBe(1);
		});

		it('lets the owner’s file (not only the text) reopen a solved thread', async () => {
			const p = ports();
			await handleMessage(p, advisor, aMessage({ isStarter: true }), text);
			p.threads.setState('500', 'solved', 1);
			let reads = 0;
			const countingText = async () => {
				reads += 1;
				return text();
			};
			const quiet = await handleMessage(p, advisor, aMessage({ content: 'thanks' }), countingText);
			expect(quiet.decision).toMatchObject({ reason: 'THREAD_SOLVED' });
			expect(reads).toBe(0);
			// Read again (the thread's state is settled by the reading, not by THREAD_SOLVED).
			const reopened = await handleMessage(
				p,
				advisor,
				withFile({ content: 'again, log attached' }).message,
				countingText,
			);
			expect(reopened.decision).not.toMatchObject({ reason: 'THREAD_SOLVED' });
			expect(reads).toBe(1);
		});
	});
});
