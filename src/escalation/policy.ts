import type { MissingInfo } from '../triage/types.js';
import { type EscalationStatus, type EscalationTrigger, isClosedStatus } from './types.js';

/**
 * Phrases that mean "let me talk to a person", matched as whole words, case-insensitively, outside
 * code. Kept short and explicit on purpose: a false positive pulls a moderator in for nothing.
 */
export const HUMAN_REQUEST_PHRASES: readonly string[] = [
	'talk to a human',
	'talk with a human',
	'speak to a human',
	'speak with a human',
	'talk to a person',
	'speak to a person',
	'talk to a real person',
	'speak to a real person',
	'a real person',
	'a real human',
	'an actual human',
	'an actual person',
	'need a human',
	'want a human',
	'get a human',
	'human please',
	'need support',
	'need human support',
	'need human help',
	'contact support',
	'talk to support',
	'speak to support',
	'talk to someone',
	'speak to someone',
	'speak with someone',
	'talk to staff',
	'talk to a moderator',
	'talk to a mod',
	'escalate this',
];

/** Words that, just before a phrase, turn the request around ("I don't need support"). */
const NEGATIONS = new Set(["don't", 'dont', 'do not', 'not', 'no need to', 'never', "doesn't", "didn't"]);

const stripCode = (text: string): string => text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');

const normalise = (text: string): string =>
	` ${text
		.toLowerCase()
		.replace(/[\u2018\u2019\u02bc]/g, "'")
		.replace(/[^a-z0-9'\s]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()} `;

/**
 * True when the text asks for a person: the `!human` command anywhere as a word, or one of
 * HUMAN_REQUEST_PHRASES not directly negated. Code blocks and inline code are ignored.
 */
export function isHumanRequest(text: string): boolean {
	const prose = stripCode(text);
	if (/(^|\s)!human(?![\w-])/i.test(prose)) return true;
	const t = normalise(prose);
	for (const phrase of HUMAN_REQUEST_PHRASES) {
		let from = 0;
		for (;;) {
			const at = t.indexOf(` ${phrase} `, from);
			if (at < 0) break;
			const before = t.slice(0, at).trim().split(' ').slice(-3);
			const negated = [1, 2, 3].some((n) => NEGATIONS.has(before.slice(-n).join(' ')));
			if (!negated) return true;
			from = at + 1;
		}
	}
	return false;
}

/** What the matcher found for the owner's latest post. */
export interface MatchFacts {
	readonly entryId: string;
	/** 0..1 */
	readonly score: number;
	/** The entry says the fix needs the vendor (a false-positive content block, a suspended account …). */
	readonly escalate: boolean;
	/** The entry's cause id (what an escalation records as its cause). */
	readonly cause?: string;
	/** The matcher would not answer with it (unsure, ambiguous, only weak hints), whatever its confidence. */
	readonly abstained?: boolean;
	/** The match clears the configured threshold and was not abstained on (the advisor's verdict). */
	readonly confident: boolean;
}

/**
 * The facts an escalation may be triggered by. Fill in what the event carries; leave the rest out.
 * - `didntHelp`: the owner (or a moderator for them) pressed "Didn't help".
 * - `byModerator`: a moderator escalated with the slash command.
 * - `ownerText`: the text of the owner's latest message.
 * - `match`, `missing`: the matcher's best result (null: nothing matched; `confident` says whether it clears the
 *   configured threshold) and what triage says is still missing from the owner's post.
 * - `triedFix`: the bot already answered in this thread and the owner came back saying it still fails (or with the
 *   error again). A vendor-needed cause escalates only then: the first answer may be enough (turn off the VPN).
 */
export interface EscalationFacts {
	readonly didntHelp?: boolean;
	readonly byModerator?: boolean;
	readonly ownerText?: string;
	readonly match?: MatchFacts | null;
	readonly missing?: readonly MissingInfo[];
	readonly triedFix?: boolean;
	/**
	 * The owner wrote that the answer did not help ("still 403 after that") and the bot has nothing new to say. Fires
	 * `didnt_help` like the button, but, unlike the button, does not start a new episode after a Dismiss or Resolve.
	 */
	readonly saidNoHelp?: boolean;
}

/** The thread's newest escalation, as the policy needs it for de-duplication. */
export interface LatestEscalation {
	readonly id: number;
	readonly episode: number;
	readonly status: EscalationStatus;
	readonly closedAt: number | null;
	/** The KB entry the closed escalation was about; a vendor-needed trigger with another cause is a new episode. */
	readonly cause?: string | null;
}

export interface EscalationPolicyInput {
	readonly facts: EscalationFacts;
	readonly latest: LatestEscalation | null;
	/** When the triggering event happened (message time, button press), ms since the epoch. */
	readonly eventAt: number;
}

export type NoEscalationReason = 'NO_TRIGGER';
export type DuplicateReason = 'ALREADY_ESCALATED' | 'EPISODE_CLOSED';

export type EscalationDecision =
	| {
			readonly kind: 'escalate';
			/** The trigger recorded (the first that fired, in TRIGGER_PRIORITY order). */
			readonly trigger: EscalationTrigger;
			/** Every trigger that fired. */
			readonly triggers: readonly EscalationTrigger[];
			readonly episode: number;
	  }
	| { readonly kind: 'duplicate'; readonly reason: DuplicateReason; readonly escalationId: number }
	| { readonly kind: 'none'; readonly reason: NoEscalationReason };

/** When several triggers fire at once, the one recorded is the first of these. */
export const TRIGGER_PRIORITY: readonly EscalationTrigger[] = [
	'moderator',
	'didnt_help',
	'asked_for_human',
	'vendor_needed',
	'low_confidence',
];

/** Which triggers the facts fire, in TRIGGER_PRIORITY order. */
export function firedTriggers(facts: EscalationFacts): EscalationTrigger[] {
	const fired = new Set<EscalationTrigger>();
	if (facts.byModerator === true) fired.add('moderator');
	if (facts.didntHelp === true || facts.saidNoHelp === true) fired.add('didnt_help');
	if (facts.ownerText !== undefined && isHumanRequest(facts.ownerText)) fired.add('asked_for_human');
	if (facts.match !== undefined) {
		const above = facts.match?.confident === true;
		if (above && facts.match?.escalate === true && facts.triedFix === true) fired.add('vendor_needed');
		// Low confidence only counts once the owner has given everything we ask for.
		if (!above && facts.missing !== undefined && facts.missing.length === 0) fired.add('low_confidence');
	}
	return TRIGGER_PRIORITY.filter((t) => fired.has(t));
}

/**
 * Triggers that are someone asking for people: they may start a new episode after a Dismiss or Resolve
 * (`didnt_help` only from the button, not from `saidNoHelp`).
 */
export const EXPLICIT_TRIGGERS: readonly EscalationTrigger[] = ['moderator', 'didnt_help', 'asked_for_human'];

/**
 * Decides whether to escalate, once per thread episode. An escalation that is open, claimed or
 * emailed absorbs new triggers. A Dismiss or Resolve closes the episode: after it, only an explicit
 * request starts the next one (a moderator, "Didn't help", asking for a person, after `closedAt`), or a
 * vendor-needed cause other than the closed one. The poster's ordinary next message never does.
 */
export function decideEscalation(input: EscalationPolicyInput): EscalationDecision {
	const triggers = firedTriggers(input.facts);
	const trigger = triggers[0];
	if (trigger === undefined) return { kind: 'none', reason: 'NO_TRIGGER' };
	const { latest } = input;
	if (latest === null) return { kind: 'escalate', trigger, triggers, episode: 1 };
	if (!isClosedStatus(latest.status)) {
		return { kind: 'duplicate', reason: 'ALREADY_ESCALATED', escalationId: latest.id };
	}
	const after = latest.closedAt === null || input.eventAt > latest.closedAt;
	const asked = triggers.filter(
		(t) => EXPLICIT_TRIGGERS.includes(t) && (t !== 'didnt_help' || input.facts.didntHelp === true),
	);
	const cause = input.facts.match?.cause;
	const newCause =
		triggers.includes('vendor_needed') &&
		cause !== undefined &&
		latest.cause !== undefined &&
		latest.cause !== null &&
		cause !== latest.cause;
	if (trigger === 'moderator' || (after && (asked.length > 0 || newCause))) {
		const recorded = asked[0] ?? trigger;
		return { kind: 'escalate', trigger: recorded, triggers, episode: latest.episode + 1 };
	}
	return { kind: 'duplicate', reason: 'EPISODE_CLOSED', escalationId: latest.id };
}

/** Whether someone may use moderator buttons and commands; Discord role checks happen at the edge. */
export const canModerate = (author: { readonly isModerator: boolean }): boolean => author.isModerator;
