import type { OpenedMessage } from '../model.js';
import { redactSecrets, triagePost } from '../triage/index.js';
import { isErrorBodyMissing } from '../triage/missing-info.js';
import { type Advisor, type Assessment, UNPHRASED } from './advice.js';
import { type ConversationInput, errorStatuses } from './conversation.js';
import type { ThreadPorts } from './ports.js';
import { classifyPost } from './post-kind.js';
import type { ThreadSnapshot } from './state.js';
import { type OwnerPost, type OwnerThread, ownerText } from './thread-text.js';

/**
 * The conversation so far, from the ledgers (what the bot decided for each earlier message, what it posted), and
 * the message on its own: its error and what kind of post it is. The starter is read with the thread's title.
 */
export function readConversation(
	ports: Pick<ThreadPorts, 'processed' | 'replies'>,
	thread: ThreadSnapshot,
	message: OpenedMessage,
	assessment: Assessment,
): ConversationInput {
	const title = message.isStarter ? message.threadTitle : '';
	const latestError = triagePost({ title, body: message.content, attachments: message.attachments }).error;
	const prose = message.isStarter ? `${message.threadTitle}\n${message.content}` : message.content;
	return {
		state: thread.state,
		ownerId: thread.ownerId,
		isStarter: message.isStarter,
		kind: classifyPost(prose, latestError),
		latestError,
		threadError: assessment.triage?.error ?? null,
		advice: assessment.advice,
		history: ports.processed.listInThread(thread.threadId).filter((h) => h.messageId !== message.messageId),
		statuses: errorStatuses([message.content, ...message.attachments.map((a) => a.text)].join('\n')),
		missing: assessment.triage?.missing ?? [],
		secrets: assessment.triage?.secrets ?? [],
		isQuestion: /\?\s*$/.test(message.content.replace(/```[\s\S]*?(```|$)/g, ' ')),
		priorReplies: priorReplies(ports, thread.threadId),
	};
}

/** What the bot has said in a thread (replies it dropped never reached the poster). */
export const priorReplies = (ports: Pick<ThreadPorts, 'replies'>, threadId: string): string[] =>
	ports.replies
		.listInThread(threadId)
		.filter((r) => r.status !== 'dropped')
		.map((r) => r.content);

/** A message as it is stored for later re-triage: its text and readable attachments, keys redacted. */
export function storedPostOf(message: Pick<OpenedMessage, 'content' | 'attachments'>): OwnerPost {
	return {
		content: redactSecrets(message.content).text,
		attachments: message.attachments.map((a) => ({
			name: redactSecrets(a.name).text,
			text: redactSecrets(a.text).text,
			...(a.source === undefined ? {} : { source: a.source }),
		})),
	};
}

/** Keeps an owner's message (a new one, or the new text of an edited one) for re-triage of the whole thread. */
export function keepOwnerPost(ports: Pick<ThreadPorts, 'ownerPosts'>, message: OpenedMessage, now: number): void {
	ports.ownerPosts?.save(message.threadId, message.messageId, storedPostOf(message), message.createdAt, now);
}

/**
 * Triage over everything the owner posted, where a later, more specific error supersedes an earlier guess: when the
 * newest post carries its own error body and the thread read oldest-first lands on another error, the thread is read
 * again with the newest post first (triage takes the first specific error it finds). The assessment is not phrased yet
 * (see `phrased`): whether it is posted at all is decided after.
 */
export async function assessThread(advisor: Advisor, owner: OwnerThread, message: OpenedMessage): Promise<Assessment> {
	const whole = await severalErrors(advisor, owner, await advisor(ownerText(owner), UNPHRASED));
	const newest = owner.posts.at(-1);
	if (message.isStarter || owner.posts.length < 2 || newest === undefined) return whole;
	const latest = triagePost({ title: '', body: message.content, attachments: message.attachments }).error;
	if (latest === null || isErrorBodyMissing(latest)) return whole;
	const current = whole.triage?.error ?? null;
	if (current !== null && current.message === latest.message && current.status === latest.status) return whole;
	const reread = await advisor(ownerText({ ...owner, posts: [newest, ...owner.posts.slice(0, -1)] }), UNPHRASED);
	if (reread.advice.kind === 'answer') return reread;
	// The earlier posts' errors still pull the match elsewhere (two causes, no answer): the new error on its own.
	const alone = await advisor({ title: '', body: newest.content, attachments: newest.attachments }, UNPHRASED);
	return alone.advice.kind === 'answer' ? alone : reread;
}

/** At most this many errors of one post are read one by one. */
const MAX_ERRORS_PER_POST = 3;

/** The newest post cut at each line that states an error status: one piece per error. */
export function splitErrors(text: string): string[] {
	const pieces: string[] = [];
	let current: string[] = [];
	for (const line of text.split('\n')) {
		if (errorStatuses(line).length > 0 && current.some((l) => errorStatuses(l).length > 0)) {
			pieces.push(current.join('\n'));
			current = [];
		}
		current.push(line);
	}
	pieces.push(current.join('\n'));
	return pieces;
}

/**
 * Several errors in one post can leave the matcher unsure of the whole: then each error (up to a small limit) is read
 * on its own, with the rest of the thread, and the first one the knowledge base answers is answered (the reply then
 * says which error it covers).
 */
async function severalErrors(advisor: Advisor, owner: OwnerThread, whole: Assessment): Promise<Assessment> {
	const newest = owner.posts.at(-1);
	if (whole.advice.kind === 'answer' || newest === undefined || errorStatuses(newest.content).length < 2) return whole;
	for (const piece of splitErrors(newest.content).slice(0, MAX_ERRORS_PER_POST)) {
		const posts = [...owner.posts.slice(0, -1), { content: piece, attachments: [] }];
		const one = await advisor(ownerText({ ...owner, posts }), UNPHRASED);
		if (one.advice.kind === 'answer') return one;
	}
	return whole;
}
