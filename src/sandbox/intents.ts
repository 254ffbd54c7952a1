import {
	GatewayDispatchEvents,
	type GatewayDispatchPayload,
	GatewayIntentBits,
	type GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';

/** Each dispatch event name mapped to the type of its `d`. */
export type DispatchDataMap = { [P in GatewayDispatchPayload as P['t']]: P['d'] };

/**
 * A dispatch before the session numbers it. Built only through {@link dispatchPayload}, which ties
 * `d` to `t` (the full payload union is too large for TypeScript to discriminate object literals).
 */
export interface DispatchPayload {
	readonly t: keyof DispatchDataMap;
	readonly d: unknown;
}

export function dispatchPayload<T extends keyof DispatchDataMap>(t: T, d: DispatchDataMap[T]): DispatchPayload {
	return { t, d };
}

export function guildIdOf(d: unknown): string | undefined {
	if (typeof d !== 'object' || d === null || !('guild_id' in d)) return undefined;
	return typeof d.guild_id === 'string' ? d.guild_id : undefined;
}

const GUILDS_EVENTS = new Set<string>([
	GatewayDispatchEvents.GuildCreate,
	GatewayDispatchEvents.GuildUpdate,
	GatewayDispatchEvents.GuildDelete,
	GatewayDispatchEvents.GuildRoleCreate,
	GatewayDispatchEvents.GuildRoleUpdate,
	GatewayDispatchEvents.GuildRoleDelete,
	GatewayDispatchEvents.ChannelCreate,
	GatewayDispatchEvents.ChannelUpdate,
	GatewayDispatchEvents.ChannelDelete,
	GatewayDispatchEvents.ChannelPinsUpdate,
	GatewayDispatchEvents.ThreadCreate,
	GatewayDispatchEvents.ThreadUpdate,
	GatewayDispatchEvents.ThreadDelete,
	GatewayDispatchEvents.ThreadListSync,
	GatewayDispatchEvents.ThreadMemberUpdate,
]);

const MESSAGE_EVENTS = new Set<string>([
	GatewayDispatchEvents.MessageCreate,
	GatewayDispatchEvents.MessageUpdate,
	GatewayDispatchEvents.MessageDelete,
	GatewayDispatchEvents.MessageDeleteBulk,
]);

const MEMBER_EVENTS = new Set<string>([
	GatewayDispatchEvents.GuildMemberAdd,
	GatewayDispatchEvents.GuildMemberUpdate,
	GatewayDispatchEvents.GuildMemberRemove,
]);

/**
 * Whether a session identified with `intents` receives this dispatch. Events the sandbox does not
 * map (READY, RESUMED, INTERACTION_CREATE…) are always sent, as on Discord.
 *
 * @see https://discord.com/developers/docs/events/gateway#list-of-intents
 */
export function isDispatchWanted(payload: DispatchPayload, intents: number): boolean {
	const has = (bit: number) => (intents & bit) !== 0;
	if (GUILDS_EVENTS.has(payload.t)) return has(GatewayIntentBits.Guilds);
	if (MEMBER_EVENTS.has(payload.t)) return has(GatewayIntentBits.GuildMembers);
	if (MESSAGE_EVENTS.has(payload.t)) {
		const inGuild = guildIdOf(payload.d) !== undefined;
		return has(inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages);
	}
	if (payload.t === GatewayDispatchEvents.TypingStart) return has(GatewayIntentBits.GuildMessageTyping);
	if (payload.t.startsWith('MESSAGE_REACTION_')) return has(GatewayIntentBits.GuildMessageReactions);
	return true;
}

/**
 * Without the MessageContent intent, Discord blanks content, embeds, attachments, components and
 * polls of guild messages, except the bot's own and those that mention it.
 *
 * @see https://support-dev.discord.com/hc/en-us/articles/4404772028055
 */
export function applyMessageContentRule(payload: DispatchPayload, intents: number, botId: string): DispatchPayload {
	if ((intents & GatewayIntentBits.MessageContent) !== 0) return payload;
	if (payload.t !== GatewayDispatchEvents.MessageCreate && payload.t !== GatewayDispatchEvents.MessageUpdate) {
		return payload;
	}
	// Safe: MESSAGE_CREATE/UPDATE payloads are only built by dispatchPayload with this type.
	const message = payload.d as GatewayMessageCreateDispatchData;
	if (message.guild_id === undefined || message.author.id === botId) return payload;
	if (message.mentions.some((user) => user.id === botId)) return payload;
	const { poll: _poll, ...rest } = message;
	return { t: payload.t, d: { ...rest, content: '', embeds: [], attachments: [], components: [] } };
}
