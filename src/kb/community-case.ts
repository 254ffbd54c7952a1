import { z } from 'zod';
import { RouteSchema } from '../triage/types.js';
import type { KbCase } from './case-schema.js';
import { CAUSE_IDS, LOOKALIKE_CAUSE_IDS, OTHER_CAUSE, parentCause } from './causes.js';

/** The cause ids a person can confirm without naming a new one: the taxonomy, its look-alikes and `other`. */
export const CONFIRMABLE_CAUSES: readonly string[] = [...CAUSE_IDS, ...LOOKALIKE_CAUSE_IDS, OTHER_CAUSE];

/** A cause a person confirmed: one of `CONFIRMABLE_CAUSES`, or a new one they named (`isNew`, a snake_case id). */
export interface ConfirmedCause {
	readonly cause: string;
	readonly isNew: boolean;
}

const NewCauseNameSchema = z
	.string()
	.trim()
	.min(3, 'a new cause needs a name of at least 3 characters')
	.max(60, 'a cause name is at most 60 characters');

/**
 * Reads what a moderator typed or picked as the cause: a known id (any case, spaces or dashes for underscores) is
 * that cause; anything else is a new cause, kept as a snake_case id of its words. Null with a reason when unusable.
 */
export function parseConfirmedCause(
	input: string,
): { ok: true; value: ConfirmedCause } | { ok: false; problem: string } {
	const named = NewCauseNameSchema.safeParse(input);
	if (!named.success) return { ok: false, problem: named.error.issues[0]?.message ?? 'invalid cause' };
	const id = named.data
		.normalize('NFKD')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
	if (id.length < 3) return { ok: false, problem: 'a new cause needs a name in letters or digits (a-z, 0-9)' };
	const known = CONFIRMABLE_CAUSES.includes(parentCause(id));
	return { ok: true, value: { cause: known ? parentCause(id) : id.slice(0, 60), isNew: !known } };
}

/** A community case as stored: a thread's report with the cause a person confirmed. Text fields are redacted. */
export const CommunityCaseSchema = z.object({
	id: z.number().int().positive(),
	threadId: z.string(),
	escalationId: z.number().int().nullable(),
	source: z.string(),
	lang: z.string(),
	route: RouteSchema,
	status: z.number().int().nullable(),
	cause: z.string(),
	isNewCause: z.boolean(),
	entry: z.string().nullable(),
	confirmedBy: z.enum(['moderator', 'poster', 'review']),
	actorName: z.string(),
	note: z.string().nullable(),
	report: z.string(),
	error: z.string(),
	learned: z.boolean(),
	withdrawnAt: z.number().nullable(),
	createdAt: z.number(),
});
export type CommunityCase = z.infer<typeof CommunityCaseSchema>;

/** Case ids of community cases: `community-<n>` (kebab-case, as the case base requires). */
export const communityCaseId = (c: Pick<CommunityCase, 'id'>): string => `community-${c.id}`;
/** Whether a case id is a community case's (`community-<n>`), as opposed to a shipped case's. */
export const isCommunityCaseId = (id: string): boolean => /^community-\d+$/.test(id);

/** The vendor a route names (a relay or an unknown route says nothing about the vendor). */
const vendorOf = (route: string): string => (route === 'unknown' || route === 'relay' ? 'unknown' : route);

/**
 * The case as the matcher sees it: the owner's report (their words and the error) is the text it is compared by.
 * A new cause no KB entry answers votes for itself, so a post like it is not answered with a guess.
 */
export function matchableCase(c: CommunityCase): KbCase {
	return {
		id: communityCaseId(c),
		source: c.source,
		lang: c.lang,
		vendor: vendorOf(c.route),
		route: c.route,
		status: c.status,
		cause: c.cause,
		...(c.entry === null ? {} : { entry: c.entry }),
		underdetermined: false,
		error: c.error,
		situation: c.report,
		evidence: `Confirmed by the ${c.confirmedBy === 'review' ? 'reviewer' : c.confirmedBy} in the community.`,
		confidence: 'high',
	};
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The case in the format of `kb/cases/*.jsonl`, for review before it joins the shipped base. Never the poster's
 * prose: the error as printed, the route, status and language, the confirmed cause, and the moderator's note as the
 * situation (or a line saying a reviewer must write one). A new cause is exported as `other` with its name in the
 * evidence, since the taxonomy does not know it yet.
 */
export function exportedCase(c: CommunityCase): KbCase {
	const who =
		c.confirmedBy === 'moderator'
			? `a moderator (${c.actorName})`
			: c.confirmedBy === 'review'
				? `a reviewer (${c.actorName})`
				: 'the poster, who accepted the answer';
	const named = c.isNewCause ? ` They named a new cause: "${c.cause}".` : '';
	const note = c.note?.trim() ?? '';
	const situation =
		note.length >= 20
			? note
			: `Community report resolved on ${day(c.createdAt)}; a reviewer writes the situation here in their own words.${note === '' ? '' : ` Moderator's note: ${note}`}`;
	return {
		id: communityCaseId(c),
		source: c.source,
		lang: /^[a-z]{2}$/.test(c.lang) ? c.lang : 'en',
		vendor: vendorOf(c.route),
		route: c.route,
		status: c.status !== null && c.status >= 100 && c.status <= 599 ? c.status : null,
		cause: c.isNewCause ? OTHER_CAUSE : c.cause,
		...(c.entry === null ? {} : { entry: c.entry }),
		underdetermined: false,
		error: c.error,
		situation,
		evidence:
			c.confirmedBy === 'review'
				? `Reviewed case imported on ${day(c.createdAt)}; cause confirmed by ${who}.${named}`
				: `Cause confirmed by ${who} on ${day(c.createdAt)} in the community's support forum.${named}`,
		confidence: c.confirmedBy === 'poster' ? 'medium' : 'high',
	};
}

/**
 * The language of a report, by script: Han → zh, kana → ja, Hangul → ko, Cyrillic → ru, else en. A rough guess,
 * good enough for the report's "by language" and the exported case's `lang` (a reviewer checks it).
 */
export function guessLanguage(text: string): string {
	const count = (re: RegExp) => (text.match(re) ?? []).length;
	const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
	const han = count(/\p{Script=Han}/gu);
	const hangul = count(/\p{Script=Hangul}/gu);
	const cyrillic = count(/\p{Script=Cyrillic}/gu);
	const best = Math.max(kana, han, hangul, cyrillic);
	if (best < 2) return 'en';
	if (kana === best || (kana > 0 && kana * 4 >= han)) return 'ja';
	if (han === best) return 'zh';
	if (hangul === best) return 'ko';
	return 'ru';
}
