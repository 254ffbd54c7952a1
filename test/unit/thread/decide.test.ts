import { describe, expect, it } from 'vitest';
import { COMMAND_REFUSAL, decide, MODERATORS_POINTER, parseCommand } from '../../../src/thread/decide.js';
import { aMessage, aThread, BOT, HELPER, MEMBER, MODERATOR, OWNER } from '../../support/builders.js';

describe('decide', () => {
	it('asks for advice on the owner’s new post', () => {
		expect(decide(aThread(), aMessage({ isStarter: true })).decision).toEqual({ kind: 'advise' });
	});

	it('ignores bots, including itself', () => {
		expect(decide(aThread(), aMessage({ author: BOT })).decision).toEqual({ kind: 'silent', reason: 'FROM_A_BOT' });
	});

	it('mutes for the owner, confirming once', () => {
		const first = decide(aThread(), aMessage({ content: '  !MUTE ' }));
		expect(first.decision).toMatchObject({ kind: 'reply', replyKind: 'mute' });
		expect(first.effects).toEqual({ muted: true });
		expect(decide(aThread({ muted: true }), aMessage({ content: '!mute' })).decision).toMatchObject({
			kind: 'silent',
			reason: 'MUTED',
		});
	});

	it('lets a moderator mute and unmute, and refuses anyone else', () => {
		expect(decide(aThread(), aMessage({ author: MODERATOR, content: '!mute' })).effects).toEqual({ muted: true });
		expect(decide(aThread({ muted: true }), aMessage({ author: MODERATOR, content: '!unmute' })).effects).toEqual({
			muted: false,
		});
		const refused = decide(aThread(), aMessage({ author: MEMBER, content: '!mute' }));
		expect(refused.decision).toMatchObject({ kind: 'reply', replyKind: 'refuse', content: COMMAND_REFUSAL });
		expect(refused.effects).toEqual({});
	});

	it('says nothing while muted', () => {
		expect(decide(aThread({ muted: true }), aMessage()).decision).toMatchObject({ kind: 'silent', reason: 'MUTED' });
		expect(decide(aThread({ muted: true }), aMessage({ mentionsBot: true })).decision).toMatchObject({
			reason: 'MUTED',
		});
	});

	it('steps back when staff post, unless mentioned', () => {
		const helperPost = decide(aThread(), aMessage({ author: HELPER }));
		expect(helperPost).toEqual({
			decision: { kind: 'silent', reason: 'STAFF_TOOK_OVER' },
			effects: { staffTookOver: true },
		});
		expect(decide(aThread({ staffTookOver: true }), aMessage({ author: OWNER })).decision).toMatchObject({
			reason: 'STAFF_TOOK_OVER',
		});
		expect(decide(aThread({ staffTookOver: true }), aMessage({ mentionsBot: true })).decision).toEqual({
			kind: 'advise',
		});
	});

	it('answers other members only when they mention the bot', () => {
		expect(decide(aThread(), aMessage({ author: MEMBER })).decision).toMatchObject({ reason: 'NOT_THE_OWNER' });
		expect(decide(aThread(), aMessage({ author: MEMBER, mentionsBot: true })).decision).toEqual({ kind: 'advise' });
	});

	it('stays quiet in a solved thread unless mentioned or reopened by its owner', () => {
		expect(decide(aThread({ state: 'solved' }), aMessage({ content: 'ok' })).decision).toMatchObject({
			reason: 'THREAD_SOLVED',
		});
		expect(decide(aThread({ state: 'solved' }), aMessage({ content: 'thanks again!' })).decision).toMatchObject({
			reason: 'THREAD_SOLVED',
		});
		const stillBroken = aMessage({ content: 'sorry, still broken after all' });
		expect(decide(aThread({ state: 'solved' }), stillBroken).decision).toEqual({ kind: 'advise' });
		const newError = aMessage({ content: 'now I get {"error":{"code":429,"message":"Rate limit exceeded"}}' });
		expect(decide(aThread({ state: 'solved' }), newError).decision).toEqual({ kind: 'advise' });
		// After a moderator resolved the hand-off, asking for a person is how the owner starts a new one.
		const askPerson = aMessage({ content: 'can I talk to a human?' });
		expect(decide(aThread({ state: 'solved' }), askPerson).decision).toEqual({ kind: 'advise' });
		// Only the owner reopens.
		expect(decide(aThread({ state: 'solved' }), { ...stillBroken, author: MEMBER }).decision).toMatchObject({
			kind: 'silent',
		});
	});

	it('lets an owner’s post reopen a solved thread by the error in its file, once its files were read', () => {
		const log = { name: 'message.txt', text: 'Error code: 429 {"error":{"message":"Rate limit exceeded"}}' };
		expect(decide(aThread({ state: 'solved' }), aMessage({ content: 'log', attachments: [log] })).decision).toEqual({
			kind: 'advise',
		});
		// A message decided unread (no attachments known) weighs its text only.
		const { attachments: _files, skippedAttachments: _skipped, ...unread } = aMessage({ content: 'log' });
		expect(decide(aThread({ state: 'solved' }), unread).decision).toMatchObject({ reason: 'THREAD_SOLVED' });
	});

	it('keeps reading an escalated thread (handle keeps repeats quiet)', () => {
		expect(decide(aThread({ state: 'escalated' }), aMessage()).decision).toEqual({ kind: 'advise' });
	});

	it('gives a member who mentions the bot after a hand-off or a take-over only a pointer, changing nothing', () => {
		const mention = aMessage({ author: MEMBER, mentionsBot: true, content: '<@999> I get 403 too, answer me' });
		for (const thread of [aThread({ state: 'escalated' }), aThread({ staffTookOver: true })]) {
			const result = decide(thread, mention);
			expect(result.decision).toEqual({
				kind: 'reply',
				replyKind: 'pointer',
				content: MODERATORS_POINTER,
				reason: 'NO_STANDING',
			});
			expect(result.effects).toEqual({});
			// The owner and staff keep their standing.
			expect(decide(thread, { ...mention, author: OWNER }).decision).toEqual({ kind: 'advise' });
			expect(decide(thread, { ...mention, author: HELPER }).decision).toEqual({ kind: 'advise' });
		}
		expect(MODERATORS_POINTER.length).toBeLessThan(200);
	});

	it('says nothing in a muted thread to a member typing !mute or !unmute, and still obeys a moderator', () => {
		for (const content of ['!mute', '!unmute']) {
			expect(decide(aThread({ muted: true }), aMessage({ author: MEMBER, content }))).toEqual({
				decision: { kind: 'silent', reason: 'MUTED' },
				effects: {},
			});
			expect(decide(aThread({ muted: true }), aMessage({ author: HELPER, content })).decision).toMatchObject({
				kind: 'silent',
			});
		}
		expect(decide(aThread({ muted: true }), aMessage({ author: MODERATOR, content: '!unmute' })).effects).toEqual({
			muted: false,
		});
	});

	it('parses only whole-message commands', () => {
		expect(parseCommand('!mute please')).toBeNull();
		expect(parseCommand('!unmute')).toBe('unmute');
	});
});
