import { type GuildMember, MessageFlags } from 'discord.js';
import type { Author } from '../model.js';
import type { RoleConfig } from './to-incoming.js';

/** Replies only the presser sees, never pinging anyone. */
export const EPHEMERAL = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** Moderator: a configured moderator role or Manage Threads. Staff: moderators and helpers. */
export function memberAuthor(member: GuildMember, roles: RoleConfig): Author {
	const hasRole = (ids: readonly string[]) => ids.some((id) => member.roles.cache.has(id));
	const isModerator = hasRole(roles.moderatorRoleIds) || member.permissions.has('ManageThreads');
	return {
		id: member.id,
		name: member.displayName,
		isBot: member.user.bot,
		isModerator,
		isStaff: isModerator || hasRole(roles.helperRoleIds),
	};
}
