import { saysStillFailing } from '../escalation/follow-up.js';
import type { EscalationFacts } from '../escalation/policy.js';
import type { EscalateResult } from '../escalation/service.js';
import type { Actor } from '../escalation/types.js';
import type { PosterLanguage } from '../i18n/messages.js';
import { triagePost } from '../triage/index.js';
import type { ErrorBody } from '../triage/types.js';
import { type Advisor, type Assessment, UNPHRASED } from './advice.js';
import type { EscalationPort } from './ports.js';
import { answeredText, eachOwnerPost, type OwnerPost, type OwnerThread, ownerText } from './thread-text.js';

export interface EscalationContext {
	readonly guildId: string;
	readonly threadId: string;
	readonly title: string;
	readonly ownerId: string;
	readonly ownerName: string;
	readonly eventAt: number;
	readonly actor: Actor;
	/** The thread's language, for the hand-off message the poster reads. */
	readonly lang?: PosterLanguage;
}

/** What an escalation reads of a thread: every owner message up to the hand-off, and the bot's last answer. */
export interface ThreadReading {
	/** The owner's messages (and their readable attachments) up to the hand-off, read together. */
	readonly assessment: Assessment | null;
	/** The assessment the bot's last answer came from; null when the bot has not answered in this thread. */
	readonly answered: Assessment | null;
	/** The error of each owner message read on its own, oldest first (the real error, not the thread's title). */
	readonly errors: readonly (ErrorBody | null)[];
	/** The owner's first post as written, for the people who act (redacted when the summary is built). */
	readonly posterWords?: string | null;
}

/** A reading with nothing but one assessment (no owner messages at hand). */
export const readingOf = (assessment: Assessment | null): ThreadReading => ({
	assessment,
	answered: assessment?.advice.kind === 'answer' ? assessment : null,
	errors: [],
});

/**
 * Reads a thread for an escalation. `current` is the assessment already made of the whole of `owner` (the message
 * being handled); without it the owner's messages are assessed here. The answered assessment is `current` when the
 * bot answers now, else the assessment of the posts the bot's last answer was based on (the same text gives the
 * same cause), so the escalation names the cause the bot actually answered, not a re-match of some other text.
 */
export async function readThread(
	advisor: Advisor,
	owner: OwnerThread,
	current: Assessment | null = null,
): Promise<ThreadReading> {
	const assessment = current ?? (owner.posts.length === 0 ? null : await advisor(ownerText(owner), UNPHRASED));
	const errors = eachOwnerPost(owner).map((post) => triagePost(post).error);
	const posterWords = owner.posts[0]?.content ?? null;
	if (current !== null && current.advice.kind === 'answer')
		return { assessment, answered: current, errors, posterWords };
	if (owner.answeredThrough === null) return { assessment, answered: null, errors, posterWords };
	const earlier = answeredText(owner);
	const answered = earlier === null ? assessment : await advisor(earlier, UNPHRASED);
	return { assessment, answered, errors, posterWords };
}

/**
 * The owner tried the bot's answer: the bot answered earlier in the thread, and this message (after that answer)
 * says it still fails or carries an error again. Only then does a vendor-needed cause escalate.
 */
export function triedTheFix(owner: OwnerThread, message: OwnerPost): boolean {
	const answered = owner.answeredThrough;
	if (answered === null || answered >= owner.posts.length) return false;
	if (saysStillFailing(message.content)) return true;
	return triagePost({ title: '', body: message.content, attachments: message.attachments }).error !== null;
}

/**
 * Whether `current` (an answer) repeats the bot's last answer in the thread: same KB entry as the posts that answer
 * was based on. False when the bot has not answered yet or `current` is not an answer.
 */
export async function repeatsLastAnswer(advisor: Advisor, owner: OwnerThread, current: Assessment): Promise<boolean> {
	if (current.advice.kind !== 'answer' || owner.answeredThrough === null) return false;
	const earlier = answeredText(owner);
	if (earlier === null) return true;
	const before = await advisor(earlier, UNPHRASED);
	return before.advice.kind === 'answer' && before.match?.entryId === current.match?.entryId;
}

/**
 * Hands a thread to the escalation service with what the reading knows (all redacted by triage): the thread's
 * triage, the cause of the bot's last answer (else the matcher's best guess), and each message's error.
 */
export function escalateThread(
	port: EscalationPort,
	context: EscalationContext,
	reading: ThreadReading,
	facts: EscalationFacts,
): EscalateResult {
	const { assessment, answered } = reading;
	const match = answered?.match ?? assessment?.match ?? null;
	const didAnswer = answered !== null && answered.advice.kind === 'answer';
	return port.escalate({
		thread: {
			guildId: context.guildId,
			threadId: context.threadId,
			title: context.title,
			ownerId: context.ownerId,
			ownerName: context.ownerName,
		},
		facts,
		eventAt: context.eventAt,
		triage: assessment?.triage ?? answered?.triage ?? null,
		cause:
			match === null
				? null
				: {
						id: match.cause,
						title: match.title,
						...(match.titles === undefined ? {} : { titles: match.titles }),
						confidence: match.confidence,
					},
		providers: match?.providers ?? [],
		errors: reading.errors,
		...(reading.posterWords === undefined || reading.posterWords === null ? {} : { posterWords: reading.posterWords }),
		tried: didAnswer ? [`Doorman suggested: ${match?.title ?? 'a fix'}`] : [],
		actor: context.actor,
		...(context.lang === undefined ? {} : { posterLanguage: context.lang }),
	});
}
