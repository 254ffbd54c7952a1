import type { PosterLanguage } from '../i18n/messages.js';
import { type IncomingMessage, type OpenedMessage, openAttachments } from '../model.js';
import { triagePost } from '../triage/index.js';
import { isErrorBodyMissing } from '../triage/missing-info.js';
import { type Advisor, type Assessment, phrased, UNPHRASED } from './advice.js';
import { causeOf } from './conversation.js';
import type { ReplyIntent, ThreadPorts } from './ports.js';
import { keepOwnerPost } from './read-conversation.js';
import { saveThreadEvent } from './save-state.js';
import { type ThreadState, transitionThread } from './state.js';
import { speakingThreadLanguage } from './thread-language.js';
import { type OwnerThread, ownerText } from './thread-text.js';

/** Reply kinds that are a reading of the post, so an edit of the post may change them. */
const READING_KINDS = new Set(['answer', 'ask', 'abstain']);

/** What an edit asks of the Discord layer: edit the bot's earlier reply in place (never a new message). */
export interface PlannedEdit {
	readonly threadId: string;
	/** The bot's Discord message to edit. */
	readonly discordMessageId: string;
	readonly content: string;
	/** What the reply is now (an ask that became an answer gets the feedback buttons). */
	readonly kind: 'answer' | 'ask' | 'abstain';
	/** The thread's state after the edit, for the forum tag. */
	readonly state: ThreadState;
}

export type EditReason =
	| 'NOT_HANDLED_YET'
	| 'NOT_THE_OWNER'
	| 'THREAD_CLOSED'
	| 'NO_REPLY_TO_EDIT'
	| 'EDIT_UNCHANGED'
	| 'EDITED';

export interface EditResult {
	readonly reason: EditReason;
	readonly edit: PlannedEdit | null;
	readonly assessment: Assessment | null;
}

/**
 * The bot's reply to `messageId` that reads the post (answer, ask or abstain), sent, newest first; null when the bot
 * did not reply to that message or the reply never reached Discord.
 */
export function replyToEdit(
	replies: readonly (ReplyIntent & { readonly discordMessageId: string | null })[],
	messageId: string,
): (ReplyIntent & { readonly discordMessageId: string }) | null {
	for (let i = replies.length - 1; i >= 0; i--) {
		const r = replies[i];
		if (r === undefined || r.inReplyTo !== messageId || !READING_KINDS.has(r.kind)) continue;
		if (r.status === 'sent' && r.discordMessageId !== null) return { ...r, discordMessageId: r.discordMessageId };
	}
	return null;
}

/** The bot's newest sent reading reply (answer, ask, abstain) in the thread, or null. */
function latestReading(
	replies: readonly (ReplyIntent & { readonly discordMessageId: string | null })[],
): (ReplyIntent & { readonly discordMessageId: string }) | null {
	const last = replies.filter((r) => READING_KINDS.has(r.kind) && r.status === 'sent').at(-1);
	return last === undefined ? null : replyToEdit([last], last.inReplyTo);
}

/**
 * An owner edited a message the bot already handled: read the thread again (with the edited text) and, when that
 * changes what the bot said in reply to the message (or, when it got no reply of its own, the bot's latest reading of
 * the thread), plan an edit of that reply. Nothing is posted anew; a thread that is muted, taken over by staff,
 * escalated or solved is left alone.
 */
export async function handleEdit(
	ports: ThreadPorts,
	englishAdvisor: Advisor,
	message: IncomingMessage,
	/** The owner's thread with the edited message (opened) in it. */
	loadOwnerThread: (edited: OpenedMessage) => Promise<OwnerThread>,
	options: { readonly defaultLanguage?: PosterLanguage } = {},
): Promise<EditResult> {
	const { threads, processed, replies, clock, atomically } = ports;
	const none = (reason: EditReason, assessment: Assessment | null = null): EditResult => ({
		reason,
		edit: null,
		assessment,
	});
	if (!processed.isProcessed(message.messageId)) return none('NOT_HANDLED_YET');
	const thread = threads.get(message.threadId);
	if (thread === null || message.author.id !== thread.ownerId) return none('NOT_THE_OWNER');
	// An edit cannot add files: the edge's reader gives the ones kept when the message arrived, without downloading.
	const opened = await openAttachments(message);
	keepOwnerPost(ports, opened, clock.now());
	const { advisor } = speakingThreadLanguage(ports, englishAdvisor, message, options.defaultLanguage);
	if (!transitionThread(thread, { kind: 'edit_reread' }).ok) return none('THREAD_CLOSED');
	const inThread = replies.listInThread(message.threadId);
	// The reply to that message; else (the message got no reply of its own) the bot's latest reading of the thread.
	const earlier = replyToEdit(inThread, message.messageId) ?? latestReading(inThread);
	if (earlier === null) return none('NO_REPLY_TO_EDIT');
	const reading = await advisor(ownerText(await loadOwnerThread(opened)), UNPHRASED);
	// With the LLM phrasing answers, the same cause again is left as it was: phrasing it anew would only reword it.
	const answeredBefore = processed.listInThread(message.threadId).find((h) => h.messageId === earlier.inReplyTo);
	const cause = causeOf(reading.advice.reason);
	if (
		reading.phrase !== undefined &&
		earlier.kind === 'answer' &&
		cause !== null &&
		answeredBefore !== undefined &&
		causeOf(answeredBefore.outcome) === cause
	) {
		return none('EDIT_UNCHANGED', reading);
	}
	const assessment = await phrased(reading);
	const { advice } = assessment;
	if (advice.content === earlier.content) return none('EDIT_UNCHANGED', assessment);
	// An answer is not taken back for "I'm not sure" unless the edit brought an error of its own to read.
	const ownError = triagePost({ title: '', body: opened.content, attachments: opened.attachments }).error;
	if (earlier.kind === 'answer' && advice.kind !== 'answer' && isErrorBodyMissing(ownError)) {
		return none('EDIT_UNCHANGED', assessment);
	}
	return atomically((): EditResult => {
		replies.updateContent(earlier.id, advice.content);
		const moved = saveThreadEvent(
			threads,
			message.threadId,
			thread,
			{ kind: 'edit_reread', nextState: advice.nextState },
			message.author.id,
			clock.now(),
		);
		return {
			reason: 'EDITED',
			assessment,
			edit: {
				threadId: message.threadId,
				discordMessageId: earlier.discordMessageId,
				content: advice.content,
				kind: advice.kind,
				state: moved.ok ? moved.next.state : thread.state,
			},
		};
	});
}
