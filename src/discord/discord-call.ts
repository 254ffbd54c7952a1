import { DiscordAPIError } from 'discord.js';
import type { Logger } from '../log.js';

/** Discord error codes the bot reacts to (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const DiscordCode = {
	UnknownChannel: 10003,
	UnknownMember: 10007,
	UnknownMessage: 10008,
	UnknownInteraction: 10062,
	MissingAccess: 50001,
	MissingPermissions: 50013,
	ThreadArchived: 50083,
	InteractionAlreadyAcknowledged: 40060,
} as const;

export type CallFailure =
	| { kind: 'gone'; code: number }
	| { kind: 'forbidden'; code: number }
	| { kind: 'api'; code: number; status: number }
	| { kind: 'network'; message: string };

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

/**
 * The one wrapper for Discord API calls made by the bot: classifies failures by numeric code
 * (never by message text) and logs `{op, code, status, ref}` without message bodies. A failure whose code is in
 * `expected` (say Unknown Message when fetching a message that may have been deleted) is a normal outcome the
 * caller handles: it is logged at debug, every other one at warn, so a missing permission never reads as "gone".
 */
export async function discordCall<T>(
	logger: Logger,
	op: string,
	ref: string,
	call: () => Promise<T>,
	expected: readonly number[] = [],
): Promise<CallResult<T>> {
	try {
		return { ok: true, value: await call() };
	} catch (error) {
		const failure = classify(error);
		if ('code' in failure && expected.includes(failure.code))
			logger.debug({ op, ref, ...failure }, 'discord call: expected failure');
		else logger.warn({ op, ref, ...failure }, 'discord call failed');
		return { ok: false, failure };
	}
}

/** The Discord error code of a failure; null for a network failure. */
export const failureCode = (failure: CallFailure): number | null => ('code' in failure ? failure.code : null);

/** The call's value, or null when it failed (the failure is already logged by `discordCall`). */
export const valueOrNull = <T>(result: CallResult<T>): T | null => (result.ok ? result.value : null);

export function classify(error: unknown): CallFailure {
	if (error instanceof DiscordAPIError) {
		const code = typeof error.code === 'number' ? error.code : 0;
		if (code === DiscordCode.UnknownChannel || code === DiscordCode.UnknownMessage) return { kind: 'gone', code };
		if (
			code === DiscordCode.MissingAccess ||
			code === DiscordCode.MissingPermissions ||
			code === DiscordCode.ThreadArchived
		) {
			return { kind: 'forbidden', code };
		}
		return { kind: 'api', code, status: error.status };
	}
	return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
}
