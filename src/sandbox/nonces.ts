import type { APIMessage } from 'discord-api-types/v10';

/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes"). */
const NONCE_TTL_MS = 5 * 60_000;

/**
 * `enforce_nonce` dedup: a repeat nonce from the same author within the TTL returns the first
 * message instead of creating a new one.
 *
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export class NonceStore {
	readonly #seen = new Map<string, { readonly message: APIMessage; readonly at: number }>();

	find(authorId: string, nonce: string | number): APIMessage | undefined {
		const key = `${authorId}:${nonce}`;
		const entry = this.#seen.get(key);
		if (!entry) return undefined;
		if (Date.now() - entry.at > NONCE_TTL_MS) {
			this.#seen.delete(key);
			return undefined;
		}
		return entry.message;
	}

	remember(authorId: string, nonce: string | number, message: APIMessage): void {
		this.#seen.set(`${authorId}:${nonce}`, { message, at: Date.now() });
	}
}
