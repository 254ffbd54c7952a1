import { askForRest, missingList, pointToAsk } from '../answer/ask-for-info.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT } from '../message-text.js';
import { isErrorBodyMissing } from '../triage/missing-info.js';
import type { ErrorBody, MissingInfo, SecretKind } from '../triage/types.js';
import type { Advice } from './advice.js';
import type { Decision } from './decision.js';
import type { PostKind } from './post-kind.js';
import type { ThreadState } from './state.js';

/** What the bot decided for an earlier message of the thread (the processed ledger's outcome), oldest first. */
export interface PastOutcome {
	readonly authorId: string;
	/** `answer: MATCHED:cause@0.91`, `ask: MISSING:…`, or a silent reason such as `NO_NEW_DETAILS`. */
	readonly outcome: string;
}

/** What the conversation knows when a message arrives: the thread so far, and this message on its own. */
export interface ConversationInput {
	readonly state: ThreadState;
	readonly ownerId: string;
	readonly isStarter: boolean;
	readonly kind: PostKind;
	/** The error of this message read on its own (null: none). */
	readonly latestError: ErrorBody | null;
	/** The status of the error the whole thread was triaged to (for the outage note). */
	readonly threadError: ErrorBody | null;
	readonly advice: Advice;
	/** Outcomes of the thread's earlier messages, oldest first (this message excluded). */
	readonly history: readonly PastOutcome[];
	/** The text of every reply the bot already posted in the thread. */
	readonly priorReplies: readonly string[];
	/** The distinct HTTP error statuses this message shows (two or more: several errors in one post). */
	readonly statuses?: readonly number[];
	/** What the thread's triage still misses, and the kinds of keys it found (for a shorter second ask). */
	readonly missing?: readonly MissingInfo[];
	readonly secrets?: readonly SecretKind[];
	/** The message asks something ("what do you need?"). */
	readonly isQuestion?: boolean;
	/** The thread's language: every reply below is in it (English when absent). */
	readonly lang?: PosterLanguage;
}

/**
 * Before any hand-off: a message that is not an error report gets its own short reply (or none), never the
 * triage ask. `stalled`: the poster has replied twice without the details the bot asked for, so the caller
 * hands off once instead of asking again.
 */
export type Opening =
	| { readonly kind: 'reply'; readonly decision: Decision }
	| { readonly kind: 'triage'; readonly stalled: boolean };

export const SOLVED_OFFER = t('en', 'thread.solvedOffer');

export const OFF_TOPIC_NOTE = t('en', 'thread.offTopic');

/** A question after the bot's answer ("where do I add the key?"): the answer is all it knows; people take the rest. */
export const FOLLOW_UP_QUESTION_NOTE = t('en', 'thread.followUpQuestion');

export const OUTAGE_NOTE = (status: number | null, lang: PosterLanguage = 'en'): string =>
	t(lang, 'thread.outage', { status: status === null ? 'none' : status });

export const STILL_FAILING_NOTE = t('en', 'thread.stillFailing');

const isAsk = (kind: string): boolean => kind === 'ask' || kind === 'abstain';
const outcomeKind = (outcome: string): string => outcome.split(':', 1)[0] ?? '';
/** The cause id in an answer's reason or ledger outcome (`answer: MATCHED:cause@0.91`); null when none. */
export const causeOf = (text: string): string | null => /MATCHED:([^@\s]+)@/.exec(text)?.[1] ?? null;

/** How many of the owner's messages since the bot's last ask went without the missing details. */
export function vagueRepliesSinceAsk(history: readonly PastOutcome[], ownerId: string): number {
	let count = 0;
	for (let i = history.length - 1; i >= 0; i--) {
		const entry = history[i] as PastOutcome;
		const kind = outcomeKind(entry.outcome);
		if (kind === 'ask' || kind === 'abstain') return count;
		if (kind === 'answer' || kind === 'escalate') return 0;
		// An acknowledgement after an ask ("ok I'll look for it") is a reply without the details too.
		if (entry.authorId === ownerId && (entry.outcome === 'NO_NEW_DETAILS' || entry.outcome === 'NOTHING_NEW')) count++;
	}
	return 0;
}

/** The cause of the bot's last answer in the thread, from the ledger (null: it has not answered). */
export function lastAnsweredCause(history: readonly PastOutcome[]): string | null {
	for (let i = history.length - 1; i >= 0; i--) {
		const outcome = (history[i] as PastOutcome).outcome;
		if (outcomeKind(outcome) === 'answer') return causeOf(outcome);
	}
	return null;
}

const reply = (
	replyKind: 'offer_solved' | 'redirect' | 'ack',
	content: string,
	reason: string,
	nextState?: ThreadState,
): Opening => ({
	kind: 'reply',
	decision: { kind: 'reply', replyKind, content, reason, ...(nextState === undefined ? {} : { nextState }) },
});
const quiet = (reason: 'NOTHING_NEW' | 'NO_NEW_DETAILS'): Opening => ({
	kind: 'reply',
	decision: { kind: 'silent', reason },
});

/**
 * The first half of the conversation rules, before triage's advice is used: what kind of post this is.
 * Self-solved: offer Solved (no re-ask). Acknowledgement: silence. How-to, billing or an outage: one honest note,
 * tagged for people, never a request for the error body.
 */
export function openConversation(input: ConversationInput): Opening {
	const { kind, priorReplies } = input;
	const lang = input.lang ?? 'en';
	const said = (text: string) => priorReplies.includes(text);
	const solvedOffer = t(lang, 'thread.solvedOffer');
	const offTopic = t(lang, 'thread.offTopic');
	const followUpQuestion = t(lang, 'thread.followUpQuestion');
	if (kind === 'self_solved') {
		return said(solvedOffer) ? quiet('NOTHING_NEW') : reply('offer_solved', solvedOffer, 'SELF_SOLVED');
	}
	if (kind === 'ack' && !input.isStarter) return quiet('NOTHING_NEW');
	// The team is already on it: a question or an outage note adds nothing they would not see.
	if ((kind === 'how_to' || kind === 'billing' || kind === 'outage') && input.state === 'escalated') {
		return quiet('NOTHING_NEW');
	}
	if (kind === 'outage') {
		const note = OUTAGE_NOTE(input.latestError?.status ?? input.threadError?.status ?? null, lang);
		return said(note) ? quiet('NOTHING_NEW') : reply('redirect', note, 'OUTAGE', 'escalated');
	}
	if (kind === 'how_to' || kind === 'billing') {
		if (said(offTopic) || said(followUpQuestion)) return quiet('NOTHING_NEW');
		// After an answer, a question is about that answer: not "outside what I can answer" as if nothing was said.
		if (!input.isStarter && lastAnsweredCause(input.history) !== null)
			return reply('redirect', followUpQuestion, 'FOLLOW_UP_QUESTION', 'escalated');
		return reply('redirect', offTopic, kind === 'billing' ? 'BILLING_QUESTION' : 'HOW_TO_QUESTION', 'escalated');
	}
	const stalled =
		!input.isStarter &&
		isAsk(input.advice.kind) &&
		askedAlready(input) &&
		vagueRepliesSinceAsk(input.history, input.ownerId) >= 1;
	return { kind: 'triage', stalled };
}

/**
 * Whether `followUp` could post the advice's answer: the post itself, or an answer of another cause than the bot's
 * last one (the same cause again stays quiet). Lets the caller skip phrasing an answer that will not be posted.
 */
export function mayPostAnswer(input: ConversationInput): boolean {
	if (input.advice.kind !== 'answer') return false;
	return input.isStarter || causeOf(input.advice.reason) !== lastAnsweredCause(input.history);
}

/**
 * The second half, when no hand-off happened: a reply only when it adds something. The same answer again, an ask
 * after nothing new, or a regression from an answer to "I'm not sure" without a new error stays quiet.
 */
export function followUp(input: ConversationInput, decision: Decision, stillFailing: boolean): Decision {
	return withSeveralErrorsNote(input, quietUnlessNew(input, decision, stillFailing));
}

function quietUnlessNew(input: ConversationInput, decision: Decision, stillFailing: boolean): Decision {
	if (decision.kind !== 'reply' || input.isStarter) return decision;
	const { advice, priorReplies } = input;
	const newError = !isErrorBodyMissing(input.latestError);
	const answeredCause = lastAnsweredCause(input.history);
	if (decision.replyKind === 'answer') {
		const cause = causeOf(advice.reason);
		const repeat = priorReplies.includes(decision.content) || (cause !== null && cause === answeredCause);
		if (!repeat) return decision;
		const stillFailingNote = t(input.lang ?? 'en', 'thread.stillFailing');
		if (stillFailing && !priorReplies.includes(stillFailingNote)) {
			return { kind: 'reply', replyKind: 'ack', content: stillFailingNote, reason: 'STILL_FAILING' };
		}
		return { kind: 'silent', reason: 'NOTHING_NEW' };
	}
	if (decision.replyKind === 'ask' || decision.replyKind === 'abstain') {
		// Answered before and nothing new to read: keep the answer rather than regress to "I'm not sure".
		if (answeredCause !== null && !newError) return { kind: 'silent', reason: 'NOTHING_NEW' };
		// The same ask again: the poster added none of what is missing (counted towards the hand-off).
		const rest = shorterAsk(input);
		if (askedAlready(input)) {
			// "What do you need?" after the ask: one line naming what is missing, rather than silence or the list again.
			const pointer = pointToAsk(input.missing ?? [], input.lang ?? 'en');
			if (input.isQuestion === true && (input.missing ?? []).length > 0 && !priorReplies.includes(pointer))
				return { ...decision, replyKind: 'ack', content: pointer, reason: 'POINT_TO_ASK' };
			return { kind: 'silent', reason: 'NO_NEW_DETAILS' };
		}
		if (rest !== null) return { ...decision, content: rest };
	}
	return decision;
}

/**
 * After a first ask, a narrower one lists only what is still missing. Not when keys were found: the full ask carries
 * the warning to rotate them.
 */
function shorterAsk(input: ConversationInput): string | null {
	const missing = input.missing ?? [];
	if (missing.length === 0 || (input.secrets ?? []).length > 0) return null;
	if (!input.history.some((h) => isAsk(outcomeKind(h.outcome)))) return null;
	return askForRest(missing, input.lang ?? 'en');
}

/** The ask this message would get was already posted (in full, or in its shorter form). */
function askedAlready(input: ConversationInput): boolean {
	const rest = shorterAsk(input);
	const missing = input.missing ?? [];
	// The same list already asked for, whether it came as an ask or inside an "I'm not sure" (the matcher's unsure
	// candidates may differ from one read to the next; what the poster was asked for does not).
	const list = missing.length === 0 ? null : missingList(missing, input.lang ?? 'en');
	return (
		input.priorReplies.includes(input.advice.content) ||
		(rest !== null && input.priorReplies.includes(rest)) ||
		(list !== null && input.priorReplies.some((r) => r.includes(list)))
	);
}

/** Error statuses said in a post ("Error code: 403", "HTTP/1.1 401", `"status": 429`), distinct, in order. */
export function errorStatuses(text: string): number[] {
	const found = new Set<number>();
	const re = /(?:error code|status(?: code)?|http\/\d(?:\.\d)?|"?code"?|\berror)["':\s=]{0,4}([45]\d\d)\b/gi;
	for (const m of text.matchAll(re)) found.add(Number(m[1]));
	return [...found];
}

/**
 * Several errors in one post: the answer says which one it covers, and how to get the others read (the matcher
 * answers one cause per reply). Only on a first answer to the post, and only when it fits Discord's limit.
 */
function withSeveralErrorsNote(input: ConversationInput, decision: Decision): Decision {
	const statuses = input.statuses ?? [];
	if (decision.kind !== 'reply' || decision.replyKind !== 'answer' || statuses.length < 2) return decision;
	const covered = input.threadError?.status ?? null;
	if (covered === null || !statuses.includes(covered)) return decision;
	const others = statuses.filter((s) => s !== covered);
	const note = t(input.lang ?? 'en', 'thread.severalErrors', {
		statuses: statuses.join(', '),
		covered,
		others: others.join(' / '),
	});
	const content = `${decision.content}\n${note}`;
	if (content.length > DISCORD_MESSAGE_LIMIT) return decision;
	const repeat = input.priorReplies.includes(decision.content);
	return repeat ? decision : { ...decision, content };
}
