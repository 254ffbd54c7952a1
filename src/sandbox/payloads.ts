import {
	type APIChannel,
	type APIGuild,
	type APIGuildMember,
	type APIGuildMemberNoUser,
	type APIInteractionGuildMember,
	type APIThreadChannel,
	type GatewayGuildCreateDispatchData,
	GuildDefaultMessageNotifications,
	GuildExplicitContentFilter,
	GuildFeature,
	GuildMFALevel,
	GuildNSFWLevel,
	GuildPremiumTier,
	type GuildSystemChannelFlags,
	GuildVerificationLevel,
	Locale,
} from 'discord-api-types/v10';
import { computePermissions } from './permissions.js';
import { isThread, type SandboxState } from './state.js';

/** The guild object as `GET /guilds/:id` returns it. */
export function guildPayload(state: SandboxState): APIGuild {
	return {
		id: state.guildId,
		name: state.guildName,
		icon: null,
		splash: null,
		discovery_splash: null,
		banner: null,
		description: null,
		owner_id: state.ownerId,
		afk_channel_id: null,
		afk_timeout: 300,
		verification_level: GuildVerificationLevel.Low,
		default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
		explicit_content_filter: GuildExplicitContentFilter.AllMembers,
		roles: state.roles,
		emojis: [],
		stickers: [],
		// Forums need a community server.
		features: [GuildFeature.Community],
		mfa_level: GuildMFALevel.None,
		application_id: null,
		system_channel_id: null,
		system_channel_flags: 0 as GuildSystemChannelFlags,
		rules_channel_id: null,
		vanity_url_code: null,
		premium_tier: GuildPremiumTier.None,
		preferred_locale: Locale.EnglishUS,
		public_updates_channel_id: null,
		nsfw_level: GuildNSFWLevel.Default,
		premium_progress_bar_enabled: false,
		hub_type: null,
		safety_alerts_channel_id: null,
		incidents_data: null,
	};
}

/**
 * GUILD_CREATE as sent after READY. `unavailable: false` must be explicit: discord.js only does
 * `available ??= true`, and READY already marked the guild unavailable.
 */
export function guildCreatePayload(state: SandboxState): GatewayGuildCreateDispatchData {
	const channels: GatewayGuildCreateDispatchData['channels'] = [];
	for (const channel of state.channels.values()) if (isGuildChannel(channel)) channels.push(channel);
	return {
		...guildPayload(state),
		joined_at: state.members.get(state.bot.id)?.joined_at ?? new Date().toISOString(),
		large: false,
		unavailable: false,
		member_count: state.members.size,
		voice_states: [],
		members: [...state.members.values()],
		channels,
		threads: state.activeThreads().filter(isThreadForCreate),
		presences: [],
		stage_instances: [],
		guild_scheduled_events: [],
		soundboard_sounds: [],
	};
}

/** The member fields of a MESSAGE_CREATE, which carry no `user` (it is the `author`). */
export function memberNoUser(member: APIGuildMember): APIGuildMemberNoUser {
	const { user: _user, ...rest } = member;
	return { ...rest, joined_at: member.joined_at ?? new Date().toISOString() };
}

/** `member` of an interaction: the member plus its computed permission string. */
export function interactionMember(state: SandboxState, userId: string): APIInteractionGuildMember {
	const member = state.members.get(userId);
	if (!member) throw new Error(`sandbox: ${userId} is not a member`);
	return { ...member, user: member.user, permissions: String(computePermissions(state, userId)) };
}

/** A copy of a channel, so later in-place edits do not change payloads already queued. */
export function snapshotChannel<T extends APIChannel>(channel: T): T {
	return structuredClone(channel);
}

function isGuildChannel(channel: APIChannel): channel is GatewayGuildCreateDispatchData['channels'][number] {
	return !isThread(channel);
}

function isThreadForCreate(channel: APIThreadChannel): channel is APIThreadChannel & APIChannel {
	return isThread(channel);
}
