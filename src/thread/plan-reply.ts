import { saysStillFailing } from '../escalation/follow-up.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT } from '../message-text.js';
import type { IncomingMessage } from '../model.js';
import { attachmentNotices, newsworthySkips, partialReadsOf } from './attachment-notice.js';
import { followUp } from './conversation.js';
import { decisionFromAdvice, type NeedsAdvice } from './decide.js';
import type { Decision } from './decision.js';
import { escalateThread } from './escalate.js';
import type { PlannedReply } from './planned-reply.js';
import type { EscalationPort, ThreadPorts } from './ports.js';
import { priorReplies } from './read-conversation.js';
import type { MessageReading } from './read-message.js';
import type { ThreadSnapshot } from './state.js';

/** What the bot will say about a message, before anything is recorded: the decide step of `handleMessage`. */
export interface ReplyPlan {
	readonly decision: Decision;
	/** Set when the message escalated the thread. */
	readonly escalation: PlannedReply['escalation'];
	/** An answer posted before the hand-off message; null when there is none. */
	readonly answerFirst: string | null;
}

const only = (decision: Decision): ReplyPlan => ({ decision, escalation: null, answerFirst: null });

/**
 * The decision for a message: `decide`'s own when it did not need the thread read (`reading` null), else the
 * reading's, handed off when the policy says so, followed up in the conversation, with notices of skipped or partly
 * read attachments. A hand-off is created here (in the caller's transaction).
 */
export function planReply(
	ports: Pick<ThreadPorts, 'escalations' | 'replies'>,
	thread: ThreadSnapshot,
	message: IncomingMessage,
	first: Decision | NeedsAdvice,
	reading: MessageReading | null,
	lang: PosterLanguage,
): ReplyPlan {
	// `decide` leaves `advise` only for the reading to settle.
	const handedOff =
		reading === null ? only(first as Decision) : handOff(ports.escalations, thread, message, reading, lang);
	const talk = reading?.talk ?? null;
	const followed =
		talk !== null && reading?.opening?.kind === 'triage' && handedOff.escalation === null
			? { ...handedOff, decision: followUp(talk, handedOff.decision, saysStillFailing(message.content)) }
			: handedOff;
	return reading === null ? followed : withAttachmentNotices(ports, reading, followed, lang);
}

/** The reading's decision, or the hand-off the escalation policy calls for (and what an escalated thread still hears). */
function handOff(
	escalations: EscalationPort,
	thread: ThreadSnapshot,
	message: IncomingMessage,
	{ assessment, opening, repeat, facts, reading }: MessageReading,
	lang: PosterLanguage,
): ReplyPlan {
	if (opening?.kind === 'reply') return only(opening.decision);
	const decision = decisionFromAdvice(assessment.advice);
	const isOwner = message.author.id === thread.ownerId;
	const escalated = escalateThread(
		escalations,
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
	if (escalated.kind === 'escalated')
		return {
			decision: {
				kind: 'reply',
				replyKind: 'escalate',
				content: escalated.userDraft,
				nextState: 'escalated',
				reason: `ESCALATED:${escalated.triggers.join(',')}`,
			},
			escalation: { id: escalated.escalation.id, queue: escalated.queue },
			// A new answer is still posted, followed by the hand-off; one the poster already tried is not repeated.
			answerFirst: assessment.advice.kind === 'answer' && !repeat ? assessment.advice.content : null,
		};
	if (escalated.kind === 'duplicate' && escalated.reason === 'EPISODE_CLOSED' && repeat) {
		// Moderators closed the hand-off: the same answer and draft are not posted again; say how to ask again.
		return only({
			kind: 'reply',
			replyKind: 'ack',
			content: t(lang, 'thread.episodeClosed'),
			reason: 'EPISODE_CLOSED',
		});
	}
	if (thread.state === 'escalated') {
		// With the team already: only a new answer (a new error) is worth a message; the tag stays Escalated.
		return only(
			decision.kind === 'reply' && decision.replyKind === 'answer' && !repeat
				? { ...decision, nextState: 'escalated' }
				: { kind: 'silent', reason: 'ALREADY_ESCALATED' },
		);
	}
	return only(decision);
}

/** Which attachments were skipped or read only in part, on the reply; beside an answer posted before a hand-off, on it. */
function withAttachmentNotices(
	ports: Pick<ThreadPorts, 'replies'>,
	{ message, assessment }: MessageReading,
	plan: ReplyPlan,
	lang: PosterLanguage,
): ReplyPlan {
	const { decision, answerFirst } = plan;
	if (decision.kind !== 'reply') return plan;
	const notices = attachmentNotices(
		newsworthySkips(message.skippedAttachments, priorReplies(ports, message.threadId)),
		partialReadsOf(message.attachments, assessment.triage?.partialAttachments),
		{ asking: decision.replyKind === 'ask' || decision.replyKind === 'abstain', lang },
	);
	if (['answer', 'ask', 'abstain'].includes(decision.replyKind))
		return { ...plan, decision: { ...decision, content: appendWithinLimit(decision.content, notices) } };
	if (answerFirst !== null) return { ...plan, answerFirst: appendWithinLimit(answerFirst, notices) };
	return plan;
}

/** Discord's message limit: the first notice that fits is kept (full, then short); none rather than cutting the answer. */
function appendWithinLimit(content: string, notices: readonly string[]): string {
	for (const line of notices) {
		const joined = `${content}\n${line}`;
		if (joined.length <= DISCORD_MESSAGE_LIMIT) return joined;
	}
	return content;
}
