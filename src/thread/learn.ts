import { oneLine } from '../escalation/text.js';
import type { Actor } from '../escalation/types.js';
import { type ConfirmedCause, guessLanguage } from '../kb/community-case.js';
import { truncate } from '../message-text.js';
import { triagePost } from '../triage/index.js';
import { redactString } from '../triage/redact-secrets.js';
import type { Route } from '../triage/types.js';
import { type OwnerThread, ownerText } from './thread-text.js';

/** A thread's report with the cause a person confirmed, ready to store. Every text field is redacted. */
export interface NewCommunityCase {
	readonly threadId: string;
	readonly escalationId: number | null;
	readonly source: string;
	readonly lang: string;
	readonly route: Route;
	readonly status: number | null;
	readonly cause: string;
	readonly isNewCause: boolean;
	readonly entry: string | null;
	/** `review`: a reviewed case added from a file (`doorman cases import`). */
	readonly confirmedBy: 'moderator' | 'poster' | 'review';
	readonly actor: Actor;
	readonly note: string | null;
	readonly report: string;
	readonly error: string;
	/** Whether the matcher uses it: learning was on (LEARN_FROM_RESOLVED) and there is a report to compare with. */
	readonly learned: boolean;
}

/** Stores community cases; implemented by `store/community-cases.ts`. A thread keeps one case, the latest. */
export interface CommunityCaseStore {
	save(c: NewCommunityCase, now: number): { readonly id: number };
	/** Takes a case out of matching (it stays for the report); false when unknown or already withdrawn. */
	withdraw(id: number, by: string, now: number): boolean;
}

/** Longest report kept per case: the matcher compares words, and a whole log adds noise, not evidence. */
export const REPORT_MAX_CHARS = 8000;
const ERROR_MAX_CHARS = 2000;

export interface ConfirmationInput {
	/** The thread's link (`https://discord.com/channels/<guild>/<thread>`), the case's source. */
	readonly source: string;
	readonly threadId: string;
	readonly escalationId: number | null;
	readonly confirmed: ConfirmedCause;
	/** The KB entry whose answer the poster accepted; null when a moderator named the cause. */
	readonly entry: string | null;
	readonly confirmedBy: 'moderator' | 'poster';
	readonly actor: Actor;
	readonly note: string | null;
	/** The owner's messages and readable attachments; null when they are no longer at hand. */
	readonly owner: OwnerThread | null;
	/** LEARN_FROM_RESOLVED: off, the cause is still recorded (for the report) but no report text is kept. */
	readonly learning: boolean;
}

/** The owner's side of the thread as one text: the title, each message, then each readable attachment. */
function reportText(owner: OwnerThread): string {
	const parts = [owner.title.trim()];
	for (const post of owner.posts) {
		if (post.content.trim() !== '') parts.push(post.content.trim());
		for (const a of post.attachments) if (a.text.trim() !== '') parts.push(`[${a.name}]\n${a.text.trim()}`);
	}
	return parts.filter((p) => p !== '').join('\n\n');
}

/**
 * The case a confirmation makes of a thread (pure): its source link, language, route, status and the error as printed
 * come from the owner's messages read together, as the bot reads them; every text passes the one redaction engine.
 */
export function buildCommunityCase(input: ConfirmationInput): NewCommunityCase {
	const owner = input.owner;
	const triage = owner === null || owner.posts.length === 0 ? null : triagePost(ownerText(owner));
	const report = owner === null ? '' : truncate(redactString(reportText(owner)), REPORT_MAX_CHARS);
	const note =
		input.note === null || input.note.trim() === '' ? null : truncate(oneLine(redactString(input.note)), 500);
	return {
		threadId: input.threadId,
		escalationId: input.escalationId,
		source: input.source,
		lang: guessLanguage(report),
		route: triage?.route ?? 'unknown',
		status: triage?.error?.status ?? null,
		cause: input.confirmed.cause,
		isNewCause: input.confirmed.isNew,
		entry: input.entry,
		confirmedBy: input.confirmedBy,
		actor: { id: input.actor.id, name: truncate(oneLine(input.actor.name), 100) },
		note,
		report: input.learning ? report : '',
		error: input.learning ? truncate(redactString(triage?.error?.excerpt ?? ''), ERROR_MAX_CHARS) : '',
		learned: input.learning && report.trim() !== '',
	};
}

/** What the bot composes to learn from a confirmation: the store, the clock and the setting. */
export interface CauseLearning {
	readonly store: CommunityCaseStore;
	readonly now: () => number;
	readonly enabled: boolean;
}

/** Records a confirmed cause and the thread's report as a community case. Returns the case id. */
export function learnFromConfirmation(
	learning: CauseLearning,
	input: Omit<ConfirmationInput, 'learning'>,
): { readonly id: number; readonly learned: boolean } {
	const built = buildCommunityCase({ ...input, learning: learning.enabled });
	const saved = learning.store.save(built, learning.now());
	return { id: saved.id, learned: built.learned };
}
