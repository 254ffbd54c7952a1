import { z } from 'zod';
import { MODERATOR_ACTIONS, type ModeratorAction } from './types.js';

/** The buttons on a moderators' queue message: every moderator action but reopen (a closed one has no buttons). */
export type QueueAction = Exclude<ModeratorAction, 'reopen'>;
export const QUEUE_ACTIONS: readonly QueueAction[] = MODERATOR_ACTIONS.filter((a): a is QueueAction => a !== 'reopen');

/** Discord's limit on a component's custom_id. */
export const CUSTOM_ID_MAX = 100;

const PREFIX = 'esc:v1';

/**
 * `esc:v1:<action>:<escalationId>`, parsed with zod; never JSON. A new shape gets a new version
 * (`esc:v2:…`) so buttons on old messages still parse as what they were.
 * @see https://discord.com/developers/docs/interactions/message-components#custom-id
 */
export const EscalationCustomIdSchema = z
	.string()
	.max(CUSTOM_ID_MAX)
	.regex(new RegExp(`^esc:v1:(${QUEUE_ACTIONS.join('|')}):[1-9]\\d{0,14}$`))
	.transform((s) => {
		const [, , action, id] = s.split(':');
		return { kind: 'escalation' as const, action: action as QueueAction, escalationId: Number(id) };
	});

export type EscalationCustomId = z.output<typeof EscalationCustomIdSchema>;

/** Encodes a queue button id. `escalationId` must be a positive safe integer. */
export function escalationCustomId(action: QueueAction, escalationId: number): string {
	if (!Number.isSafeInteger(escalationId) || escalationId < 1) {
		throw new RangeError(`escalation id must be a positive integer, got ${escalationId}`);
	}
	return `${PREFIX}:${action}:${escalationId}`;
}

/** Parses a queue button id; null for anything else (other prefixes, versions, garbage). */
export function parseEscalationCustomId(customId: string): EscalationCustomId | null {
	const result = EscalationCustomIdSchema.safeParse(customId);
	return result.success ? result.data : null;
}
