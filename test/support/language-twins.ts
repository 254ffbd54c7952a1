import { processedMessageRepository } from '../../src/store/processed-messages.js';
import type { BotHarness } from './bot-harness.js';
import { botMessages } from './transcript.js';

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
