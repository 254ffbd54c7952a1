import {
	ApplicationCommandOptionType,
	ApplicationCommandType,
	type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

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

export const ALL_COMMANDS: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = [DOORMAN_COMMAND];
