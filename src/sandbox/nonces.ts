import type { APIMessage } from 'discord-api-types/v10';
import type { SandboxClock } from './clock.js';

/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes"). */
export const NONCE_TTL_MS = 5 * 60_000;

/**
 * `enforce_nonce` dedup: a repeat nonce from the same author within the TTL returns the first
 * message instead of creating a new one. The TTL runs on the sandbox clock, so a test can let it lapse.
 *
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export class NonceStore {
	readonly #seen = new Map<string, { readonly message: APIMessage; readonly at: number }>();

	constructor(private readonly clock: SandboxClock) {}

	find(authorId: string, nonce: string | number): APIMessage | undefined {
		const key = `${authorId}:${nonce}`;
		const entry = this.#seen.get(key);
		if (!entry) return undefined;
		if (this.clock.now() - entry.at > NONCE_TTL_MS) {
			this.#seen.delete(key);
			return undefined;
		}
		return entry.message;
	}

	remember(authorId: string, nonce: string | number, message: APIMessage): void {
		this.#seen.set(`${authorId}:${nonce}`, { message, at: this.clock.now() });
	}
}
