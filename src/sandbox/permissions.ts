import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { SandboxState } from './state.js';

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What @everyone may do in a typical community server. */
export const EVERYONE_PERMISSIONS =
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.SendMessagesInThreads |
	PermissionFlagsBits.CreatePublicThreads |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.AddReactions |
	PermissionFlagsBits.AttachFiles |
	PermissionFlagsBits.EmbedLinks |
	PermissionFlagsBits.UseApplicationCommands |
	PermissionFlagsBits.UseExternalEmojis |
	PermissionFlagsBits.ChangeNickname;

export const MODERATOR_PERMISSIONS =
	PermissionFlagsBits.ManageMessages |
	PermissionFlagsBits.ManageThreads |
	PermissionFlagsBits.ModerateMembers |
	PermissionFlagsBits.KickMembers |
	PermissionFlagsBits.ManageNicknames;

/**
 * The bot's managed role: exactly what the README recommends inviting it with (`292057852928`: View Channels, Send
 * Messages, Send Messages in Threads, Read Message History, Manage Threads, Manage Messages). With @everyone's
 * permissions on top, as on a real server.
 */
export const BOT_PERMISSIONS =
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.SendMessagesInThreads |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.ManageThreads |
	PermissionFlagsBits.ManageMessages;

/**
 * Guild-level permissions of a member (no channel overwrites), as Discord puts them in
 * `member.permissions` and `app_permissions` of interactions.
 *
 * @see https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */
export function computePermissions(state: SandboxState, userId: string): bigint {
	if (userId === state.ownerId) return ALL_PERMISSIONS;
	const member = state.members.get(userId);
	let permissions = 0n;
	for (const role of state.roles) {
		if (role.id === state.guildId || member?.roles.includes(role.id)) permissions |= BigInt(role.permissions);
	}
	return (permissions & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}
