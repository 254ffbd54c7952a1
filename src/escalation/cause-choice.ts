import { z } from 'zod';
import { CONFIRMABLE_CAUSES } from '../kb/community-case.js';
import { CUSTOM_ID_MAX } from './custom-id.js';

/** The select menu's value that opens the "new cause" form instead of confirming an id. */
export const NEW_CAUSE = 'new_cause';
/** Discord's limit on a select menu's options. */
const SELECT_MAX_OPTIONS = 25;

/**
 * The causes a moderator resolving an escalation picks from: the bot's guesses first (best first), then the rest
 * of the taxonomy, and "new cause" last; at most 25 options, as Discord allows.
 * @see https://discord.com/developers/docs/interactions/message-components#string-select
 */
export function causeOptions(
	guesses: readonly (string | null)[],
	newCauseLabel = 'New cause…',
): { value: string; label: string; guess: boolean }[] {
	const first = [...new Set(guesses.filter((g): g is string => g !== null && CONFIRMABLE_CAUSES.includes(g)))];
	const rest = CONFIRMABLE_CAUSES.filter((c) => !first.includes(c));
	const picked = [...first, ...rest].slice(0, SELECT_MAX_OPTIONS - 1);
	return [
		...picked.map((value) => ({ value, label: value, guess: first.includes(value) })),
		{ value: NEW_CAUSE, label: newCauseLabel, guess: false },
	];
}

/** Custom ids of the resolve-with-cause steps: `cause:v1:pick:<esc>` (select), `cause:v1:note:<esc>:<cause>` and
 * `cause:v1:new:<esc>` (the forms). Parsed with zod, never JSON. */
const CauseIdSchema = z
	.string()
	.max(CUSTOM_ID_MAX)
	.regex(/^cause:v1:(pick|new|note):[1-9]\d{0,14}(?::[a-z0-9_]{1,60})?$/)
	.transform((s) => {
		const [, , step, id, cause] = s.split(':');
		return { step: step as 'pick' | 'new' | 'note', escalationId: Number(id), cause: cause ?? null };
	})
	.refine((p) => (p.step === 'note') === (p.cause !== null), 'only the note form carries a cause');
export type CauseCustomId = z.output<typeof CauseIdSchema>;

export function causeCustomId(step: 'pick' | 'new', escalationId: number): string;
export function causeCustomId(step: 'note', escalationId: number, cause: string): string;
export function causeCustomId(step: 'pick' | 'new' | 'note', escalationId: number, cause?: string): string {
	return step === 'note' ? `cause:v1:note:${escalationId}:${cause}` : `cause:v1:${step}:${escalationId}`;
}

/** Parses a resolve-with-cause custom id; null for anything else. */
export function parseCauseCustomId(customId: string): CauseCustomId | null {
	const result = CauseIdSchema.safeParse(customId);
	return result.success ? result.data : null;
}

/** Text-input ids of the forms. */
export const FORM_FIELDS = { name: 'cause_name', note: 'cause_note' } as const;
