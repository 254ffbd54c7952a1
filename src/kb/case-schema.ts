import { z } from 'zod';
import { RouteSchema } from '../triage/types.js';

const Text = z.string().trim().min(1);

/**
 * One real report with its resolved cause (a line of `kb/cases/*.jsonl`, documented in `kb/cases/README.md`).
 * `error` keeps the printed error exactly; `situation` and `evidence` are in our own words.
 */
export const CaseSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)'),
	source: z.url({ protocol: /^https$/ }),
	lang: z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en, zh, ja'),
	vendor: Text,
	route: RouteSchema,
	status: z.number().int().min(100).max(599).nullable(),
	/** Today's taxonomy: one of the 24 ids, `rate_limited` or `other`. */
	cause: z.string().regex(/^[a-z0-9_]+$/),
	/** A refined id whose parent is `cause`. */
	subcause: z
		.string()
		.regex(/^[a-z0-9_]+$/)
		.optional(),
	/** The KB entry that answers it, where one fits. */
	entry: z.string().optional(),
	underdetermined: z.boolean(),
	error: z.string(),
	situation: Text.min(20),
	evidence: Text,
	confidence: z.enum(['high', 'medium']),
});
export type KbCase = z.infer<typeof CaseSchema>;

/** Discord's web hosts: a thread link is `https://discord.com/channels/<guild>/<thread>[/<message>]`. */
const DISCORD_HOSTS: ReadonlySet<string> = new Set([
	'discord.com',
	'www.discord.com',
	'ptb.discord.com',
	'canary.discord.com',
	'discordapp.com',
	'www.discordapp.com',
]);

/**
 * The cross-validation group of a case: a GitHub repository (`owner/name`), a Discord server (`discord:<guild id>`,
 * so each community that contributes its resolved threads is its own forum), or the host of any other source.
 */
export function caseGroup(source: string): string {
	const url = new URL(source);
	const parts = url.pathname.split('/').filter((p) => p.length > 0);
	const host = url.hostname.toLowerCase();
	if ((host === 'github.com' || host === 'www.github.com') && parts.length >= 2)
		return `${parts[0]}/${parts[1]}`.toLowerCase();
	if (DISCORD_HOSTS.has(host) && parts[0] === 'channels' && parts[1] !== undefined) return `discord:${parts[1]}`;
	return host;
}

/** The text a case stands for when it is matched or evaluated: what the poster said, then what was printed. */
export const caseText = (c: Pick<KbCase, 'situation' | 'error'>): string =>
	c.error.trim().length === 0 ? c.situation : `${c.situation}\n\n${c.error}`;
