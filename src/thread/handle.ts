import { type EscalationFacts, firedTriggers } from '../escalation/policy.js';
import type { QueueMessage } from '../escalation/queue-message.js';
import type { IncomingMessage } from '../model.js';
import type { Advisor, Assessment } from './advice.js';
import { attachmentNotices, partialReadsOf } from './attachment-notice.js';
import { decide, decisionFromAdvice } from './decide.js';
import type { Decision } from './decision.js';
import { escalateThread, readingOf, readThread } from './escalate.js';
import type { ReplyIntent, ThreadPorts } from './ports.js';
import type { ThreadState } from './state.js';
import { type OwnerThread, ownerText } from './thread-text.js';

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
}

export interface HandleResult {
	readonly decision: Decision | { kind: 'silent'; reason: 'ALREADY_HANDLED' };
	readonly reply: PlannedReply | null;
	readonly assessment: Assessment | null;
}

export interface HandleOptions {
	/** Below this confidence the matcher's guess does not count as an answer. */
	readonly threshold: number;
}

/**
 * The use case for one message: load state, decide, persist, plan the reply. The message is
 * recorded as processed in the same transaction as the reply intent, the state change and any
 * escalation, so a crash either leaves the message unprocessed (it is handled again) or leaves a
 * pending reply (it is sent again).
 */
export async function handleMessage(
	ports: ThreadPorts,
	advisor: Advisor,
	message: IncomingMessage,
	loadOwnerThread: () => Promise<OwnerThread>,
	options: HandleOptions,
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
	const { decision: first, effects } = decide(thread, message);
	const owner = first.kind === 'advise' ? await loadOwnerThread() : null;
	const assessment = owner === null ? null : await advisor(ownerText(owner));
	const isOwner = message.author.id === thread.ownerId;
	const match = assessment?.match ?? null;
	const facts: EscalationFacts = {
		...(isOwner ? { ownerText: message.content } : {}),
		match: match === null ? null : { entryId: match.entryId, score: match.confidence, escalate: match.vendorNeeded },
		threshold: options.threshold,
		...(assessment === null || assessment.triage === null ? {} : { missing: assessment.triage.missing }),
	};
	// Only a hand-off reads the rest of the thread (each message's error, the last answer's cause).
	const reading =
		owner !== null && firedTriggers(facts).length > 0
			? await readThread(advisor, owner, assessment)
			: readingOf(assessment);
	return atomically((): HandleResult => {
		const now = clock.now();
		let decision: Decision = assessment === null ? (first as Decision) : decisionFromAdvice(assessment.advice);
		let escalation: PlannedReply['escalation'] = null;
		let answerFirst: string | null = null;
		if (assessment !== null) {
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
				},
				reading,
				facts,
			);
			if (escalated.kind === 'escalated') {
				// An answer whose fix needs the vendor is still posted, followed by the ready-to-send email.
				if (assessment.advice.kind === 'answer') answerFirst = assessment.advice.content;
				decision = {
					kind: 'reply',
					replyKind: 'escalate',
					content: escalated.userDraft,
					nextState: 'escalated',
					reason: `ESCALATED:${escalated.triggers.join(',')}`,
				};
				escalation = { id: escalated.escalation.id, queue: escalated.queue };
			}
		}
		if (decision.kind === 'reply') {
			// Which attachments were skipped or read only in part; beside an answer posted before an escalation, on it.
			const notices = attachmentNotices(
				message.skippedAttachments,
				partialReadsOf(message.attachments, assessment?.triage?.partialAttachments),
				{ asking: decision.replyKind === 'ask' || decision.replyKind === 'abstain' },
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
		if (effects.muted !== undefined) threads.setMuted(message.threadId, effects.muted, message.author.id, now);
		if (effects.staffTookOver !== undefined) threads.setStaffTookOver(message.threadId, effects.staffTookOver, now);
		if (decision.kind !== 'reply') return { decision, reply: null, assessment };
		const state = decision.nextState ?? thread.state;
		if (state !== thread.state) threads.setState(message.threadId, state, now);
		const intents = [
			...(answerFirst === null
				? []
				: [replies.recordIntent(message.threadId, message.messageId, 'answer', answerFirst, now)]),
			replies.recordIntent(message.threadId, message.messageId, decision.replyKind, decision.content, now),
		];
		return {
			decision,
			reply: { intents, threadId: message.threadId, replyTo: message.messageId, state, escalation },
			assessment,
		};
	});
}

/** Discord's message limit: the first notice that fits is kept (full, then short); none rather than cutting the answer. */
function appendWithinLimit(content: string, notices: readonly string[]): string {
	for (const line of notices) {
		const joined = `${content}\n${line}`;
		if (joined.length <= 2000) return joined;
	}
	return content;
}
