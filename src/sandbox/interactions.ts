import type { APIInteraction, APIModalInteractionResponseCallbackData, InteractionType } from 'discord-api-types/v10';

/** One callback the bot sent for an interaction. */
export interface InteractionCallback {
	readonly type: number;
	readonly data: unknown;
	readonly at: number;
}

/** What the sandbox remembers of an interaction it sent, and how the bot answered it. */
export interface InteractionRecord {
	readonly id: string;
	readonly token: string;
	readonly type: InteractionType;
	readonly userId: string;
	readonly channelId: string;
	readonly createdAt: number;
	readonly payload: APIInteraction;
	/** For component interactions: the message the component is on. */
	readonly componentMessageId: string | undefined;
	readonly callbacks: InteractionCallback[];
	/** The response message (`@original`), once the bot created one. */
	originalMessageId: string | undefined;
	/** The modal the bot opened with callback type 9. */
	modal: APIModalInteractionResponseCallbackData | undefined;
	readonly followUpIds: string[];
}

/** Interactions by id and token, for the callback and webhook routes. */
export class InteractionStore {
	readonly #byId = new Map<string, InteractionRecord>();
	readonly #byToken = new Map<string, InteractionRecord>();

	add(record: InteractionRecord): void {
		this.#byId.set(record.id, record);
		this.#byToken.set(record.token, record);
	}

	get(id: string): InteractionRecord | undefined {
		return this.#byId.get(id);
	}

	byToken(token: string): InteractionRecord | undefined {
		return this.#byToken.get(token);
	}

	isAcknowledged(record: InteractionRecord): boolean {
		return record.callbacks.length > 0;
	}
}
