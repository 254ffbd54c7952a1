import {
	ApplicationCommandOptionType,
	ApplicationCommandType,
	PermissionFlagsBits,
	type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ESCALATION_STATUSES } from '../escalation/types.js';

/** Slash commands as plain data, registered for the configured guild at start-up. */
export const DOORMAN_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
	name: 'doorman',
	type: ApplicationCommandType.ChatInput,
	description: 'Doorman, the support bot',
	dm_permission: false,
	options: [
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'status',
			description: 'Show this thread’s state and why the bot last did what it did',
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'escalate',
			description: 'Hand this thread to the team (moderators)',
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'report',
			description: 'Where the bot’s knowledge runs out: figures and unplaced errors (moderators, only you see it)',
			options: [
				{
					type: ApplicationCommandOptionType.String,
					name: 'since',
					description: 'How far back: 30d, 8w or a date like 2026-01-31 (default 30d)',
					max_length: 10,
				},
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'triage',
			description: 'Show what the bot would reply to some text (only you see it)',
			options: [
				{
					type: ApplicationCommandOptionType.String,
					name: 'text',
					description: 'An error message, traceback or question',
					required: true,
					max_length: 4000,
				},
			],
		},
	],
};

const idOption = {
	type: ApplicationCommandOptionType.Integer,
	name: 'id',
	description: 'Escalation number',
	required: true,
	min_value: 1,
} as const;

/**
 * The moderators' review queue. Discord shows it only to members with Manage Threads (server admins can grant it to
 * a moderator role under Server Settings → Integrations); the bot checks the moderator role or Manage Threads again
 * when it is used.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#permissions
 */
export const ESCALATIONS_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
	name: 'escalations',
	type: ApplicationCommandType.ChatInput,
	description: 'Review threads handed to the team (moderators)',
	dm_permission: false,
	default_member_permissions: String(PermissionFlagsBits.ManageThreads),
	options: [
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'list',
			description: 'List escalations',
			options: [
				{
					type: ApplicationCommandOptionType.String,
					name: 'status',
					description: 'Only this status',
					choices: ESCALATION_STATUSES.map((s) => ({ name: s, value: s })),
				},
				{ type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page (10 per page)', min_value: 1 },
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'show',
			description: 'Show one escalation',
			options: [idOption],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'resolve',
			description: 'Mark an escalation resolved, with its cause',
			options: [
				idOption,
				{
					type: ApplicationCommandOptionType.String,
					name: 'cause',
					description: 'A cause id (e.g. unsupported_region) or a new cause name; left out: pick from a menu',
					max_length: 60,
				},
				{ type: ApplicationCommandOptionType.String, name: 'note', description: 'What fixed it', max_length: 500 },
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'withdraw-case',
			description: 'Stop the bot learning from a community case (a wrong or misleading one)',
			options: [
				{
					type: ApplicationCommandOptionType.Integer,
					name: 'case',
					description: 'Community case number (shown when it was learned)',
					required: true,
					min_value: 1,
				},
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'reopen',
			description: 'Reopen an escalation',
			options: [idOption],
		},
	],
};

export const ALL_COMMANDS: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
	DOORMAN_COMMAND,
	ESCALATIONS_COMMAND,
];
