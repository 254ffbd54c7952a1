import {
	ApplicationCommandOptionType,
	ApplicationCommandType,
	Locale,
	type LocalizationMap,
	PermissionFlagsBits,
	type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ESCALATION_STATUSES } from '../escalation/types.js';
import { type MessageKey, type PosterLanguage, spokenLanguage, t } from '../i18n/messages.js';

/**
 * The Discord locales each language the bot speaks is shown in. Chinese is Simplified Chinese only (zh-CN): zh-TW
 * readers get English rather than a script they do not write. Spanish is one neutral catalogue for Spain (es-ES) and
 * Latin America (es-419). A language whose catalogue is incomplete is left out (Discord then shows English), never
 * half translated.
 */
const DISCORD_LOCALES: Readonly<Record<Exclude<PosterLanguage, 'en'>, readonly Locale[]>> = {
	zh: [Locale.ChineseCN],
	es: [Locale.SpanishES, Locale.SpanishLATAM],
};

/** The catalogue's message for `key` in every Discord locale the bot speaks (Discord shows English otherwise). */
export function localizations(key: MessageKey, args: Record<string, string> = {}): LocalizationMap {
	const map: LocalizationMap = {};
	for (const [lang, locales] of Object.entries(DISCORD_LOCALES) as [Exclude<PosterLanguage, 'en'>, Locale[]][])
		if (spokenLanguage(lang) === lang) for (const locale of locales) map[locale] = t(lang, key, args);
	return map;
}

/** `description` (English) and its `description_localizations`, from the catalogue's `command.*` keys. */
const describe = (key: MessageKey) => ({
	description: t('en', key),
	description_localizations: localizations(key),
});

/** Slash commands as plain data, registered for the configured guild at start-up. */
export const DOORMAN_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
	name: 'doorman',
	type: ApplicationCommandType.ChatInput,
	...describe('command.doorman'),
	dm_permission: false,
	options: [
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'status',
			...describe('command.doorman.status'),
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'escalate',
			...describe('command.doorman.escalate'),
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'report',
			...describe('command.doorman.report'),
			options: [
				{
					type: ApplicationCommandOptionType.String,
					name: 'since',
					...describe('command.doorman.report.since'),
					max_length: 10,
				},
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'triage',
			...describe('command.doorman.triage'),
			options: [
				{
					type: ApplicationCommandOptionType.String,
					name: 'text',
					...describe('command.doorman.triage.text'),
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
	...describe('command.escalations.id'),
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
	...describe('command.escalations'),
	dm_permission: false,
	default_member_permissions: String(PermissionFlagsBits.ManageThreads),
	options: [
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'list',
			...describe('command.escalations.list'),
			options: [
				{
					type: ApplicationCommandOptionType.String,
					name: 'status',
					...describe('command.escalations.list.status'),
					choices: ESCALATION_STATUSES.map((s) => ({
						name: s,
						name_localizations: localizations(`mod.statusName.${s}`),
						value: s,
					})),
				},
				{
					type: ApplicationCommandOptionType.Integer,
					name: 'page',
					...describe('command.escalations.list.page'),
					min_value: 1,
				},
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'show',
			...describe('command.escalations.show'),
			options: [idOption],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'resolve',
			...describe('command.escalations.resolve'),
			options: [
				idOption,
				{
					type: ApplicationCommandOptionType.String,
					name: 'cause',
					...describe('command.escalations.resolve.cause'),
					max_length: 60,
				},
				{
					type: ApplicationCommandOptionType.String,
					name: 'note',
					...describe('command.escalations.resolve.note'),
					max_length: 500,
				},
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'withdraw-case',
			...describe('command.escalations.withdraw-case'),
			options: [
				{
					type: ApplicationCommandOptionType.Integer,
					name: 'case',
					...describe('command.escalations.withdraw-case.case'),
					required: true,
					min_value: 1,
				},
			],
		},
		{
			type: ApplicationCommandOptionType.Subcommand,
			name: 'reopen',
			...describe('command.escalations.reopen'),
			options: [idOption],
		},
	],
};

export const ALL_COMMANDS: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
	DOORMAN_COMMAND,
	ESCALATIONS_COMMAND,
];
