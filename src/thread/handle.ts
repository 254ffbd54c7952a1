import { saysStillFailing } from '../escalation/follow-up.js';
import { type EscalationFacts, firedTriggers, isHumanRequest } from '../escalation/policy.js';
import type { QueueMessage } from '../escalation/queue-message.js';
import { threadLanguage } from '../i18n/detect.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT } from '../message-text.js';
import type { IncomingMessage } from '../model.js';
import { type Advisor, type Assessment, phrased } from './advice.js';
import { attachmentNotices, newsworthySkips, partialReadsOf } from './attachment-notice.js';
import { followUp, mayPostAnswer, openConversation } from './conversation.js';
import { decide, decisionFromAdvice, type ThreadEffects } from './decide.js';
import type { Decision } from './decision.js';
import { escalateThread, readingOf, readThread, repeatsLastAnswer, triedTheFix } from './escalate.js';
import type { ReplyIntent, ThreadPorts, ThreadStore } from './ports.js';
import { assessThread, keepOwnerPost, priorReplies, readConversation } from './read-conversation.js';
import { saveThreadEvent } from './save-state.js';
import type { ThreadEvent, ThreadState, ThreadStatus } from './state.js';
import type { OwnerThread } from './thread-text.js';

/** A reply the Discord layer must send (with `nonce` and enforce_nonce), then confirm. */
export interface PlannedReply {
	/** One message, or two when an answer also hands the thread to the vendor (answer, then email draft). */
	readonly intents: readonly ReplyIntent[];
	readonly threadId: string;
	readonly replyTo: string;
	/** The thread's state after this reply, so the Discord layer can set the forum tag. */
	readonly state: ThreadState;
	/** Set when the message escalated the thread: the moderators' queue message to post. */
	readonly escalation: { readonly id: number; readonly queue: QueueMessage } | null;
	/** An open escalation the owner's "it works now" resolved: its queue message is refreshed. */
	readonly resolved?: { readonly id: number; readonly queue: QueueMessage };
}

export interface HandleResult {
	readonly decision: Decision | { kind: 'silent'; reason: 'ALREADY_HANDLED' };
	readonly reply: PlannedReply | null;
	readonly assessment: Assessment | null;
}

export interface HandleOptions {
	/** The language of replies when the owner's posts do not tell (DEFAULT_LANGUAGE; English when absent). */
	readonly defaultLanguage?: PosterLanguage;
}

/**
 * The thread's language, from what its owner wrote (kept by `keepOwnerPost`, oldest first, the first with the title):
 * see `threadLanguage`.
 */
export function threadLanguageOf(
	ports: Pick<ThreadPorts, 'ownerPosts'>,
	thread: { readonly threadId: string; readonly title: string },
	fallback: PosterLanguage,
): PosterLanguage {
	const posts = (ports.ownerPosts?.list(thread.threadId) ?? []).map((p) => p.post.content);
	const [first = '', ...later] = posts;
	return threadLanguage([`${thread.title}\n${first}`, ...later], fallback);
}

/**
 * The use case for one message: load state, decide, persist, plan the reply. The message is
 * recorded as processed in the same transaction as the reply intent, the state change and any
 * escalation, so a crash either leaves the message unprocessed (it is handled again) or leaves a
 * pending reply (it is sent again).
 */
export async function handleMessage(
	ports: ThreadPorts,
	englishAdvisor: Advisor,
	message: IncomingMessage,
	loadOwnerThread: () => Promise<OwnerThread>,
	options: HandleOptions = {},
): Promise<HandleResult> {
	const { threads, processed, replies, clock, atomically } = ports;
	if (processed.isProcessed(message.messageId)) {
		return { decision: { kind: 'silent', reason: 'ALREADY_HANDLED' }, reply: null, assessment: null };
	}
	const thread = threads.ensure(
		{
			threadId: message.threadId,
			guildId: message.guildId,
			forumId: message.forumId,
			ownerId: message.threadOwnerId,
			title: message.threadTitle,
		},
		clock.now(),
	);
	if (message.author.id === thread.ownerId && !message.author.isBot) keepOwnerPost(ports, message, clock.now());
	const lang = threadLanguageOf(
		ports,
		{ threadId: message.threadId, title: message.threadTitle },
		options.defaultLanguage ?? 'en',
	);
	// Every reading below speaks the thread's language (the match and cause do not depend on it).
	const advisor: Advisor = (text, adviseOptions) => englishAdvisor(text, { ...adviseOptions, lang });
	const { decision: first, effects } = decide(thread, message, lang);
	const owner = first.kind === 'advise' ? await loadOwnerThread() : null;
	// Not phrased yet: the LLM phrases an answer only once it is known that it may be posted (below).
	const read = owner === null ? null : await assessThread(advisor, owner, message);
	const isOwner = message.author.id === thread.ownerId;
	const match = read?.match ?? null;
	const triedFix = isOwner && owner !== null && triedTheFix(owner, message);
	// What kind of post this is and what the thread already said: reply only when the message adds something.
	const heard = read !== null && isOwner ? { ...readConversation(ports, thread, message, read), lang } : null;
	const opening = heard === null ? null : openConversation(heard);
	const stalled = opening?.kind === 'triage' && opening.stalled;
	// An answer the bot already gave is not posted again after the poster tried it, beside a hand-off the poster
	// asked for, or in an escalated thread.
	const repeat =
		owner !== null &&
		read !== null &&
		(triedFix || thread.state === 'escalated' || isHumanRequest(message.content)) &&
		(await repeatsLastAnswer(advisor, owner, read));
	const mayPost =
		read !== null &&
		read.advice.kind === 'answer' &&
		!repeat &&
		opening?.kind !== 'reply' &&
		(heard === null || mayPostAnswer(heard));
	const assessment = read !== null && mayPost ? await phrased(read) : read;
	const talk = heard === null || assessment === null ? heard : { ...heard, advice: assessment.advice };
	const facts: EscalationFacts = {
		...(isOwner ? { ownerText: message.content } : {}),
		match:
			match === null
				? null
				: {
						entryId: match.entryId,
						cause: match.cause,
						score: match.confidence,
						escalate: match.vendorNeeded,
						abstained: match.abstained,
						confident: match.confident,
					},
		...(assessment === null || assessment.triage === null ? {} : { missing: assessment.triage.missing }),
		// Asked twice without getting the details: nothing more to ask, so an unsure match hands off once.
		...(stalled ? { missing: [] } : {}),
		...(triedFix ? { triedFix: true } : {}),
		// "Still broken" and the same answer again: the poster said the answer did not help (a vendor fix escalates as such).
		...(triedFix && repeat && saysStillFailing(message.content) && match?.vendorNeeded !== true
			? { saidNoHelp: true }
			: {}),
	};
	// Only a hand-off reads the rest of the thread (each message's error, the last answer's cause).
	const reading =
		owner !== null && firedTriggers(facts).length > 0
			? await readThread(advisor, owner, assessment)
			: readingOf(assessment);
	return atomically((): HandleResult => {
		const now = clock.now();
		let decision: Decision =
			opening?.kind === 'reply'
				? opening.decision
				: assessment === null
					? (first as Decision)
					: decisionFromAdvice(assessment.advice);
		let escalation: PlannedReply['escalation'] = null;
		let answerFirst: string | null = null;
		if (assessment !== null && opening?.kind !== 'reply') {
			const escalated = escalateThread(
				ports.escalations,
				{
					guildId: message.guildId,
					threadId: message.threadId,
					title: message.threadTitle,
					ownerId: thread.ownerId,
					ownerName: isOwner ? message.author.name : thread.ownerId,
					eventAt: message.createdAt,
					actor: { id: message.author.id, name: message.author.name },
					lang,
				},
				reading,
				facts,
			);
			if (escalated.kind === 'escalated') {
				// A new answer is still posted, followed by the hand-off; one the poster already tried is not repeated.
				if (assessment.advice.kind === 'answer' && !repeat) answerFirst = assessment.advice.content;
				decision = {
					kind: 'reply',
					replyKind: 'escalate',
					content: escalated.userDraft,
					nextState: 'escalated',
					reason: `ESCALATED:${escalated.triggers.join(',')}`,
				};
				escalation = { id: escalated.escalation.id, queue: escalated.queue };
			} else if (escalated.kind === 'duplicate' && escalated.reason === 'EPISODE_CLOSED' && repeat) {
				// Moderators closed the hand-off: the same answer and draft are not posted again; say how to ask again.
				decision = {
					kind: 'reply',
					replyKind: 'ack',
					content: t(lang, 'thread.episodeClosed'),
					reason: 'EPISODE_CLOSED',
				};
			} else if (thread.state === 'escalated') {
				// With the team already: only a new answer (a new error) is worth a message; the tag stays Escalated.
				decision =
					decision.kind === 'reply' && decision.replyKind === 'answer' && !repeat
						? { ...decision, nextState: 'escalated' }
						: { kind: 'silent', reason: 'ALREADY_ESCALATED' };
			}
		}
		if (talk !== null && opening?.kind === 'triage' && escalation === null) {
			decision = followUp(talk, decision, saysStillFailing(message.content));
		}
		if (decision.kind === 'reply') {
			// Which attachments were skipped or read only in part; beside an answer posted before an escalation, on it.
			const notices = attachmentNotices(
				newsworthySkips(message.skippedAttachments, priorReplies(ports, message.threadId)),
				partialReadsOf(message.attachments, assessment?.triage?.partialAttachments),
				{ asking: decision.replyKind === 'ask' || decision.replyKind === 'abstain', lang },
			);
			if (['answer', 'ask', 'abstain'].includes(decision.replyKind))
				decision = { ...decision, content: appendWithinLimit(decision.content, notices) };
			else if (answerFirst !== null) answerFirst = appendWithinLimit(answerFirst, notices);
		}
		const outcome = decision.kind === 'reply' ? `${decision.replyKind}: ${decision.reason}` : decision.reason;
		if (!processed.markProcessed(message.messageId, message.threadId, message.author.id, outcome, now)) {
			// Another delivery of the same message won the race while we were triaging.
			return { decision: { kind: 'silent', reason: 'ALREADY_HANDLED' }, reply: null, assessment };
		}
		threads.advanceLastMessage(message.threadId, message.messageId, now);
		const state = saveMessageEvents(threads, message, thread, effects, decision, now);
		if (decision.kind !== 'reply') return { decision, reply: null, assessment };
		// The owner says it is solved: an open escalation is resolved too, as with the "Solved it" button.
		const resolved =
			state === 'solved' && thread.state !== 'solved' && isOwner
				? (ports.escalations.resolveOpenForThread?.(
						message.threadId,
						{ id: message.author.id, name: message.author.name },
						'The poster said it is solved.',
					) ?? null)
				: null;
		const intents = [
			...(answerFirst === null
				? []
				: [replies.recordIntent(message.threadId, message.messageId, 'answer', answerFirst, now)]),
			replies.recordIntent(message.threadId, message.messageId, decision.replyKind, decision.content, now),
		];
		return {
			decision,
			reply: {
				intents,
				threadId: message.threadId,
				replyTo: message.messageId,
				state,
				escalation,
				...(resolved === null ? {} : { resolved }),
			},
			assessment,
		};
	});
}

/**
 * What one message does to its thread (mute, unmute, staff take-over, the reply's next state), through the thread
 * state machine; returns the state after. A refused event leaves the thread as it was (the reply is still posted).
 */
function saveMessageEvents(
	threads: ThreadStore,
	message: IncomingMessage,
	thread: ThreadStatus,
	effects: ThreadEffects,
	decision: Decision,
	now: number,
): ThreadState {
	const events: ThreadEvent[] = [
		...(effects.muted === undefined ? [] : [{ kind: effects.muted ? 'mute' : 'unmute' } as const]),
		...(effects.staffTookOver === true ? [{ kind: 'staff_took_over' } as const] : []),
		...(decision.kind === 'reply'
			? [{ kind: 'replied', ...(decision.nextState === undefined ? {} : { nextState: decision.nextState }) } as const]
			: []),
	];
	let status = thread;
	for (const event of events) {
		const moved = saveThreadEvent(threads, message.threadId, status, event, message.author.id, now);
		if (moved.ok) status = moved.next;
	}
	return status.state;
}

/** After a Dismiss or Resolve, when the poster says the same answer still does not work. */
export const EPISODE_CLOSED_NOTE = t('en', 'thread.episodeClosed');

/** Discord's message limit: the first notice that fits is kept (full, then short); none rather than cutting the answer. */
function appendWithinLimit(content: string, notices: readonly string[]): string {
	for (const line of notices) {
		const joined = `${content}\n${line}`;
		if (joined.length <= DISCORD_MESSAGE_LIMIT) return joined;
	}
	return content;
}
