import type { Locale } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { processedMessageRepository } from '../../src/store/processed-messages.js';
import type { BotHarness } from './bot-harness.js';
import { waitFor } from './eventually.js';
import { botMessages, lastButton } from './transcript.js';

/** Gemini's region refusal as the API prints it: the error the language-twin tests post. */
export const GEMINI_LOCATION_ERROR =
	'{"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}}';
/** A Google API key in the shape the redaction recognises (made up). */
export const GOOGLE_TEST_KEY = `AIzaSy${'Dq7Lm2Xv9Rt4Kp'.repeat(2)}Wb3Nc8`;

/** One poster's thread: the first post (no error body, a key in it), then the error body, as the same person writes. */
export async function askThenAnswer(h: BotHarness, post: { title: string; first: string; second: string }) {
	const { thread, message } = h.sandbox.createForumPost({ by: 'alice', title: post.title, content: post.first });
	await h.settle(message.id);
	const more = h.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: post.second });
	await h.settle(more.id);
	const said = botMessages(h.sandbox, thread.id).filter((m) => !m.content.startsWith('🔒'));
	return { threadId: thread.id, ask: said[0]?.content ?? '', answer: said[1]?.content ?? '' };
}

/** The pages an answer links to, in order. */
export const sourceLinks = (text: string) => [...text.matchAll(/\]\(<(https:[^>]+)>\)/g)].map((m) => m[1]);

/** The cause the bot last answered a thread with, from its ledger. */
export const answeredCause = (h: BotHarness, threadId: string) =>
	processedMessageRepository(h.app.db)
		.listInThread(threadId)
		.map((entry) => /MATCHED:([^@]+)/.exec(entry.outcome)?.[1])
		.at(-1);

/** A thread in another language and its English twin got the same cause (the region refusal) and the same pages. */
export function expectTwinsAgree(
	h: BotHarness,
	twin: { threadId: string; answer: string },
	en: { threadId: string; answer: string },
) {
	expect(sourceLinks(twin.answer)).toEqual(sourceLinks(en.answer));
	expect(sourceLinks(twin.answer).length).toBeGreaterThan(0);
	expect(answeredCause(h, twin.threadId)).toBe('unsupported_region');
	expect(answeredCause(h, en.threadId)).toBe('unsupported_region');
}

/**
 * The poster presses the answer's "didn't help" button (labelled in their language, from a client in `locale`); the
 * hand-off reaches the moderators' queue. Returns the draft posted in the thread, the vendor email inside it (checked
 * to be the English email about the region refusal, quoting the poster) and the queue message (its buttons checked).
 */
export async function handOffFromAnswer(h: BotHarness, threadId: string, button: { label: string; locale: Locale }) {
	const { sandbox } = h;
	await sandbox
		.clickButton({ by: 'alice', locale: button.locale, ...lastButton(sandbox, threadId, button.label) })
		.waitForCallback();
	const mods = sandbox.channelId('moderators');
	await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
	const draft = botMessages(sandbox, threadId).at(-1)?.content ?? '';
	const email = /```text\n([\s\S]*)\n```/.exec(draft)?.[1] ?? '';
	expect(email).toMatch(/^Hello/m);
	expect(email).toContain('User location is not supported for the API use.');
	expect(email).toContain("In the poster's words (quoted as written):");
	const queue = botMessages(sandbox, mods)[0];
	expect(queue?.buttons).toEqual(['Claim', 'Resolve', 'Dismiss', 'Unmute bot']);
	return { draft, email, queue };
}
