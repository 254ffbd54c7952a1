import {
	type APIGuildForumChannel,
	type APIGuildForumTag,
	type APIRole,
	type APITextChannel,
	type APIUser,
	ChannelType,
	ForumLayoutType,
	GuildMemberFlags,
	OverwriteType,
	PermissionFlagsBits,
	type RoleFlags,
	SortOrderType,
	ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import type { MemberSpec } from './options.js';
import { BOT_PERMISSIONS, EVERYONE_PERMISSIONS, MODERATOR_PERMISSIONS } from './permissions.js';
import type { SandboxState } from './state.js';

/** The forum tags of the default `help` forum, in this order. */
export const DEFAULT_FORUM_TAGS = ['Needs info', 'Answered', 'Escalated', 'Solved'] as const;

/**
 * Fills the state with the default guild: roles @everyone/moderator/helper and the bot's managed
 * role, a `help` forum with tags, a private `moderators` text channel, an owner and the members.
 */
export function populateDefaultGuild(
	state: SandboxState,
	members: readonly MemberSpec[],
	botPermissions: bigint = BOT_PERMISSIONS,
): void {
	const everyone = makeRole(state.guildId, '@everyone', 0, EVERYONE_PERMISSIONS);
	const moderator = makeRole(state.ids.next(), 'moderator', 3, MODERATOR_PERMISSIONS);
	// Helpers carry no extra permission: the role itself is what a bot keys on.
	const helper = makeRole(state.ids.next(), 'helper', 2, 0n);
	const botRole = makeRole(state.ids.next(), state.application.name, 1, botPermissions);
	botRole.managed = true;
	botRole.tags = { bot_id: state.bot.id };
	state.roles.push(everyone, moderator, helper, botRole);

	const joinedAt = new Date().toISOString();
	const addMember = (user: APIUser, roleIds: string[]): string => {
		state.users.set(user.id, user);
		state.members.set(user.id, {
			user,
			roles: roleIds,
			joined_at: joinedAt,
			deaf: false,
			mute: false,
			flags: GuildMemberFlags.CompletedOnboarding,
			nick: null,
		});
		return user.id;
	};
	const newUser = (name: string): APIUser => ({
		id: state.ids.next(),
		username: name,
		discriminator: '0',
		global_name: name,
		avatar: null,
	});
	addMember(state.bot, [botRole.id]);
	for (const spec of members) {
		addMember(
			newUser(spec.name),
			(spec.roles ?? []).map((name) => state.roleByName(name).id),
		);
	}
	// Owners have every permission, so the owner is kept apart from the members tests act as,
	// unless the caller names one.
	state.ownerId = members.some((m) => m.name === 'owner')
		? state.userByName('owner').id
		: addMember(newUser('owner'), []);

	const forum: APIGuildForumChannel = {
		id: state.ids.next(),
		type: ChannelType.GuildForum,
		guild_id: state.guildId,
		name: 'help',
		position: 0,
		parent_id: null,
		nsfw: false,
		topic: 'Ask for help here',
		permission_overwrites: [],
		rate_limit_per_user: 0,
		last_message_id: null,
		default_auto_archive_duration: ThreadAutoArchiveDuration.ThreeDays,
		available_tags: DEFAULT_FORUM_TAGS.map(
			(name): APIGuildForumTag => ({
				id: state.ids.next(),
				name,
				moderated: false,
				emoji_id: null,
				emoji_name: null,
			}),
		),
		default_reaction_emoji: null,
		default_sort_order: SortOrderType.LatestActivity,
		default_forum_layout: ForumLayoutType.ListView,
	};
	const viewAndSend = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
	const moderators: APITextChannel = {
		id: state.ids.next(),
		type: ChannelType.GuildText,
		guild_id: state.guildId,
		name: 'moderators',
		position: 1,
		parent_id: null,
		nsfw: false,
		topic: 'Escalation queue',
		last_message_id: null,
		rate_limit_per_user: 0,
		// Private: only moderators and the bot see the escalation queue.
		permission_overwrites: [
			{ id: everyone.id, type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.ViewChannel) },
			{ id: moderator.id, type: OverwriteType.Role, allow: String(viewAndSend), deny: '0' },
			{ id: botRole.id, type: OverwriteType.Role, allow: String(viewAndSend), deny: '0' },
		],
	};
	state.channels.set(forum.id, forum);
	state.channels.set(moderators.id, moderators);
}

function makeRole(id: string, name: string, position: number, permissions: bigint): APIRole {
	return {
		id,
		name,
		color: 0,
		colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
		hoist: false,
		position,
		permissions: String(permissions),
		managed: false,
		mentionable: false,
		// RoleFlags has no "none" member; 0 is what Discord sends.
		flags: 0 as RoleFlags,
	};
}
