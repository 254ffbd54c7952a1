/**
 * A Discord-style REST error: HTTP status plus the JSON `{ message, code, errors? }` body that
 * @discordjs/rest turns into a `DiscordAPIError` with `.code` and `.status`.
 *
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export class ApiError extends Error {
	override readonly name = 'ApiError';

	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly errors?: unknown,
	) {
		super(message);
	}

	toBody(): { message: string; code: number; errors?: unknown } {
		return this.errors === undefined
			? { message: this.message, code: this.code }
			: { message: this.message, code: this.code, errors: this.errors };
	}
}

/** The JSON error codes the sandbox uses, named as in Discord's docs. */
export const ErrorCodes = {
	General: 0,
	UnknownChannel: 10003,
	UnknownMember: 10007,
	UnknownMessage: 10008,
	UnknownUser: 10013,
	UnknownWebhook: 10015,
	UnknownInteraction: 10062,
	CannotEditOtherUsersMessage: 50005,
	CannotSendEmptyMessage: 50006,
	MissingPermissions: 50013,
	InvalidFormBody: 50035,
	InteractionAlreadyAcknowledged: 40060,
	ThreadArchived: 50083,
} as const;

/** 400 Invalid Form Body with Discord's nested `errors` shape for one field. */
export function invalidFormBody(field: string, code: string, message: string): ApiError {
	return new ApiError(400, ErrorCodes.InvalidFormBody, 'Invalid Form Body', {
		[field]: { _errors: [{ code, message }] },
	});
}
