import {
	type APIChannel,
	type APIInteraction,
	type APIMessage,
	type APIModalInteractionResponseCallbackData,
	ApplicationIntegrationType,
	InteractionContextType,
	type InteractionType,
	Locale,
} from 'discord-api-types/v10';
import type { SandboxCore } from './core.js';
import { randomToken } from './ids.js';
import { interactionMember } from './payloads.js';
import { computePermissions } from './permissions.js';

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

/**
 * The fields every guild interaction carries. discord.js's BaseInteraction throws a TypeError (and
 * the event never reaches the bot) without `entitlements` or `authorizing_integration_owners`, and
 * needs the `channel` object (not just `channel_id`) for `interaction.channel`.
 */
export function baseInteractionFields(core: SandboxCore, userId: string, channelId: string) {
	const { state } = core;
	const channel = state.requireChannel(channelId);
	return {
		id: state.ids.next(),
		application_id: state.application.id,
		token: `sandbox.${randomToken(40)}`,
		version: 1 as const,
		guild_id: state.guildId,
		guild: { id: state.guildId, features: [], locale: Locale.EnglishUS },
		channel_id: channelId,
		channel: partialChannel(channel),
		member: interactionMember(state, userId),
		app_permissions: String(computePermissions(state, state.bot.id)),
		locale: Locale.EnglishUS,
		guild_locale: Locale.EnglishUS,
		entitlements: [],
		authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: state.guildId },
		context: InteractionContextType.Guild,
		attachment_size_limit: 10 * 1024 * 1024,
	};
}

/** Stores the record of a freshly built interaction payload. */
export function recordInteraction(
	core: SandboxCore,
	payload: APIInteraction,
	userId: string,
	channelId: string,
	componentMessage?: APIMessage,
): InteractionRecord {
	const record: InteractionRecord = {
		id: payload.id,
		token: payload.token,
		type: payload.type,
		userId,
		channelId,
		createdAt: core.clock.now(),
		payload,
		componentMessageId: componentMessage?.id,
		callbacks: [],
		originalMessageId: undefined,
		modal: undefined,
		followUpIds: [],
	};
	core.interactions.add(record);
	return record;
}

/** Discord sends a partial channel; the whole channel is a superset discord.js accepts. */
function partialChannel(channel: APIChannel): Partial<APIChannel> & Pick<APIChannel, 'id' | 'type'> {
	return structuredClone(channel);
}
