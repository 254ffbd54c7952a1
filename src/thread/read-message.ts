import { saysStillFailing } from '../escalation/follow-up.js';
import { type EscalationFacts, firedTriggers, isHumanRequest } from '../escalation/policy.js';
import type { PosterLanguage } from '../i18n/messages.js';
import type { OpenedMessage } from '../model.js';
import { type Advisor, type Assessment, type MatchSummary, phrased } from './advice.js';
import { type ConversationInput, mayPostAnswer, type Opening, openConversation } from './conversation.js';
import { readingOf, readThread, repeatsLastAnswer, type ThreadReading, triedTheFix } from './escalate.js';
import type { ThreadPorts } from './ports.js';
import { assessThread, readConversation } from './read-conversation.js';
import type { ThreadSnapshot } from './state.js';
import type { OwnerThread } from './thread-text.js';

/** What the bot made of a message it may speak to (`decide` said `advise`): the read step of `handleMessage`. */
export interface MessageReading {
	/** The thread's assessment; phrased when its answer may be posted. */
	readonly assessment: Assessment;
	/** What kind of post the owner's message is, before any hand-off; null for anyone else's. */
	readonly opening: Opening | null;
	/** The conversation so far with the assessment's advice, for the follow-up; null for anyone else's message. */
	readonly talk: ConversationInput | null;
	/** The answer is the bot's last one again, and the poster tried it, asked for a human or is with the team. */
	readonly repeat: boolean;
	/** What the escalation policy weighs. */
	readonly facts: EscalationFacts;
	/** What a hand-off reads of the thread (all of it only when a hand-off is in view). */
	readonly reading: ThreadReading;
	/** The message read, with its attachments (for the notes on files skipped or read in part). */
	readonly message: OpenedMessage;
}

/**
 * Reads the thread for a message the bot may speak to: assesses it, tells what kind of post it is, and gathers what
 * a hand-off would weigh. Reads the advisor (and the LLM) but writes nothing.
 */
export async function readMessage(
	ports: Pick<ThreadPorts, 'processed' | 'replies'>,
	advisor: Advisor,
	thread: ThreadSnapshot,
	message: OpenedMessage,
	owner: OwnerThread,
	lang: PosterLanguage,
): Promise<MessageReading> {
	// Not phrased yet: the LLM phrases an answer only once it is known that it may be posted (below).
	const read = await assessThread(advisor, owner, message);
	const isOwner = message.author.id === thread.ownerId;
	const triedFix = isOwner && triedTheFix(owner, message);
	// What kind of post this is and what the thread already said: reply only when the message adds something.
	const heard = isOwner ? { ...readConversation(ports, thread, message, read), lang } : null;
	const opening = heard === null ? null : openConversation(heard);
	// An answer the bot already gave is not posted again after the poster tried it, beside a hand-off the poster
	// asked for, or in an escalated thread.
	const repeat =
		(triedFix || thread.state === 'escalated' || isHumanRequest(message.content)) &&
		(await repeatsLastAnswer(advisor, owner, read));
	const mayPost =
		read.advice.kind === 'answer' && !repeat && opening?.kind !== 'reply' && (heard === null || mayPostAnswer(heard));
	const assessment = mayPost ? await phrased(read) : read;
	const facts = escalationFacts(message, {
		isOwner,
		match: read.match,
		assessment,
		stalled: opening?.kind === 'triage' && opening.stalled,
		triedFix,
		repeat,
	});
	// Only a hand-off reads the rest of the thread (each message's error, the last answer's cause).
	const reading =
		firedTriggers(facts).length > 0 ? await readThread(advisor, owner, assessment) : readingOf(assessment);
	return {
		assessment,
		opening,
		talk: heard === null ? null : { ...heard, advice: assessment.advice },
		repeat,
		facts,
		reading,
		message,
	};
}

/** What the escalation policy weighs about this message, from what was read of it. */
function escalationFacts(
	message: OpenedMessage,
	seen: {
		readonly isOwner: boolean;
		/** The match before phrasing. */
		readonly match: MatchSummary | null;
		readonly assessment: Assessment;
		readonly stalled: boolean;
		readonly triedFix: boolean;
		readonly repeat: boolean;
	},
): EscalationFacts {
	const { match, assessment } = seen;
	return {
		...(seen.isOwner ? { ownerText: message.content } : {}),
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
		...(assessment.triage === null ? {} : { missing: assessment.triage.missing }),
		// Asked twice without getting the details: nothing more to ask, so an unsure match hands off once.
		...(seen.stalled ? { missing: [] } : {}),
		...(seen.triedFix ? { triedFix: true } : {}),
		// "Still broken" and the same answer again: the poster said the answer did not help (a vendor fix escalates as such).
		...(seen.triedFix && seen.repeat && saysStillFailing(message.content) && match?.vendorNeeded !== true
			? { saidNoHelp: true }
			: {}),
	};
}
