import { z } from 'zod';
import { truncate } from '../message-text.js';
import { redactString } from '../triage/redact-secrets.js';
import type { ErrorBody, Triage } from '../triage/types.js';
import { SupportContactSchema } from './contact.js';
import { pickError } from './pick-error.js';
import { oneLine } from './text.js';

/** Bounds on what a summary keeps, so every rendering of it fits its medium. */
export const SUMMARY_LIMITS = {
	title: 120,
	message: 300,
	errorExcerpt: 1200,
	codeExcerpt: 1200,
	triedItems: 5,
	triedItem: 200,
	conversation: 4000,
	conversationLine: 600,
	posterWords: 800,
} as const;

/** The thread being escalated, as the caller knows it. */
export interface ThreadInfo {
	readonly guildId: string;
	readonly threadId: string;
	readonly title: string;
	readonly ownerId: string;
	readonly ownerName: string;
}

/** The knowledge-base entry the matcher guessed, with its confidence (0..1). */
export interface CauseGuess {
	readonly id: string;
	readonly title: string;
	/** The entry's title in the languages it is translated into (`kb/i18n`), keyed by language code. */
	readonly titles?: Readonly<Record<string, string>>;
	readonly confidence: number;
}

export const EscalationSummarySchema = z.object({
	version: z.literal(1),
	threadLink: z.string(),
	threadTitle: z.string(),
	ownerId: z.string(),
	ownerName: z.string(),
	cause: z
		.object({
			id: z.string(),
			title: z.string(),
			/** The title in each translated language, for MODERATOR_LANGUAGE (absent on older escalations: English then). */
			titles: z.record(z.string(), z.string()).optional(),
			confidence: z.number().min(0).max(1),
		})
		.nullable(),
	error: z
		.object({
			status: z.number().int().nullable(),
			code: z.string().nullable(),
			type: z.string().nullable(),
			message: z.string().nullable(),
			provider: z.string().nullable(),
			requestId: z.string().nullable(),
			layer: z.string(),
			excerpt: z.string(),
		})
		.nullable(),
	model: z.string().nullable(),
	route: z.string(),
	sdk: z.string().nullable(),
	baseUrl: z.string().nullable(),
	codeExcerpt: z.string().nullable(),
	missing: z.array(z.string()),
	/** Kinds of secret the poster pasted (already removed); worth telling them to rotate. */
	secretKinds: z.array(z.string()),
	/** What the bot (or people) already tried, one short line each. */
	tried: z.array(z.string()),
	/** The poster's first post as they wrote it (redacted); absent on escalations stored before it was kept. */
	posterWords: z.string().nullable().optional(),
	/** Who the escalation is addressed to (absent on escalations stored before contacts were recorded). */
	contact: SupportContactSchema.optional(),
});

/** The redacted facts of an escalation: what moderators see, what the email says, what is stored. */
export type EscalationSummary = z.infer<typeof EscalationSummarySchema>;

export interface SummaryInput {
	readonly thread: ThreadInfo;
	/** The triage of the owner's post(s); null when there was none (e.g. a moderator escalated early). */
	readonly triage: Triage | null;
	readonly cause: CauseGuess | null;
	readonly tried?: readonly string[];
	/**
	 * The error triage found in each of the owner's messages on its own, oldest first. The most informative of
	 * these and the whole thread's error is the summary's error (the real error, not a title like "403 Forbidden").
	 */
	readonly errors?: readonly (ErrorBody | null)[];
	/** The poster's own first post, quoted as written (redacted and bounded here) for the people who act. */
	readonly posterWords?: string | null;
}

/** `https://discord.com/channels/<guild>/<thread>`: opens the thread for anyone in the server. */
export const threadLink = (guildId: string, threadId: string): string =>
	`https://discord.com/channels/${guildId}/${threadId}`;

const line = (text: string | null, max: number): string | null => {
	if (text === null) return null;
	const clean = oneLine(redactString(text));
	return clean === '' ? null : truncate(clean, max);
};

const block = (text: string | null | undefined, max: number): string | null => {
	if (text === null || text === undefined) return null;
	const clean = redactString(text).replace(/\r\n?/g, '\n').trim();
	return clean === '' ? null : truncate(clean, max);
};

/** Translated titles, each on one line and bounded like the English one; an empty one is dropped. */
function boundedTitles(titles: Readonly<Record<string, string>>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [lang, title] of Object.entries(titles)) {
		const clean = line(title, SUMMARY_LIMITS.title);
		if (clean !== null && /^[a-z]{2}$/.test(lang)) out[lang] = clean;
	}
	return out;
}

const clamp01 = (n: number): number => Math.round(Math.min(1, Math.max(0, Number.isFinite(n) ? n : 0)) * 100) / 100;

/**
 * Builds the summary from a triage result and thread facts. Triage has already redacted every
 * string; each one is scrubbed again here and bounded (see SUMMARY_LIMITS). The contact is added by the caller.
 */
export function buildSummary(input: SummaryInput): EscalationSummary {
	const { thread, triage, cause } = input;
	const error = pickError([triage?.error ?? null, ...(input.errors ?? [])]);
	return {
		version: 1,
		threadLink: threadLink(thread.guildId, thread.threadId),
		threadTitle: line(thread.title, SUMMARY_LIMITS.title) ?? '(untitled)',
		ownerId: thread.ownerId,
		ownerName: line(thread.ownerName, 80) ?? thread.ownerId,
		cause:
			cause === null
				? null
				: {
						id: line(cause.id, 120) ?? 'unknown',
						title: line(cause.title, SUMMARY_LIMITS.title) ?? cause.id,
						...(cause.titles === undefined ? {} : { titles: boundedTitles(cause.titles) }),
						confidence: clamp01(cause.confidence),
					},
		error:
			error === null
				? null
				: {
						status: error.status,
						code: line(error.code, 80),
						type: line(error.type, 80),
						message: line(error.message, SUMMARY_LIMITS.message),
						provider: line(error.provider ?? error.providerError?.providerName ?? null, 80),
						requestId: line(error.requestId, 120),
						layer: error.layer,
						excerpt: block(error.excerpt, SUMMARY_LIMITS.errorExcerpt) ?? '',
					},
		model: line(triage?.model ?? null, 120),
		route: triage?.route ?? 'unknown',
		sdk: triage?.snippet?.sdk ?? null,
		baseUrl: line(triage?.snippet?.baseUrl ?? null, 200),
		codeExcerpt: block(triage?.snippet?.code, SUMMARY_LIMITS.codeExcerpt),
		missing: [...(triage?.missing ?? [])],
		secretKinds: [...new Set(triage?.secrets ?? [])],
		tried: (input.tried ?? [])
			.map((t) => line(t, SUMMARY_LIMITS.triedItem))
			.filter((t): t is string => t !== null)
			.slice(0, SUMMARY_LIMITS.triedItems),
		posterWords: block(input.posterWords, SUMMARY_LIMITS.posterWords),
	};
}

/** One message of the thread, for the stored conversation. Pass triage-redacted text when you have it. */
export interface ConversationLine {
	readonly author: string;
	readonly text: string;
	readonly isBot?: boolean;
}

/**
 * The conversation so far as plain text, scrubbed and bounded: each message on its own line(s),
 * the first (the post) always kept, then as many of the latest as fit.
 */
export function formatConversation(
	lines: readonly ConversationLine[],
	max: number = SUMMARY_LIMITS.conversation,
): string {
	const rendered = lines.map((l) => {
		const who = oneLine(l.author) || 'unknown';
		const text = truncate(redactString(l.text).replace(/\r\n?/g, '\n').trim(), SUMMARY_LIMITS.conversationLine);
		return `${l.isBot === true ? `${who} (bot)` : who}: ${text}`;
	});
	const all = rendered.join('\n');
	if (all.length <= max) return all;
	const [first, ...rest] = rendered;
	if (first === undefined) return '';
	const kept: string[] = [];
	let used = first.length + 40;
	for (let i = rest.length - 1; i >= 0; i -= 1) {
		const next = rest[i] ?? '';
		if (used + next.length + 1 > max) break;
		kept.unshift(next);
		used += next.length + 1;
	}
	const omitted = rest.length - kept.length;
	return truncate([first, `… (${omitted} message${omitted === 1 ? '' : 's'} omitted) …`, ...kept].join('\n'), max);
}

/** Parses a stored summary (the `summary_json` column). Throws on a row that does not fit the schema. */
export const parseSummary = (json: string): EscalationSummary => EscalationSummarySchema.parse(JSON.parse(json));
