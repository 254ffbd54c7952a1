import {
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	Events,
	type Interaction,
	type ModalSubmitInteraction,
	type RepliableInteraction,
	type StringSelectMenuInteraction,
} from 'discord.js';
import { posterLanguageOf, t } from '../i18n/messages.js';
import { newRef } from '../log.js';
import { onCauseForm, onCauseSelect } from './cause-interactions.js';
import { NotAcknowledged, replyPrivately } from './deferred.js';
import { classify, discordCall } from './discord-call.js';
import { ESCALATIONS_SUBCOMMANDS, onEscalationButton } from './escalation-interactions.js';
import { EPHEMERAL, type InteractionDeps } from './interaction-common.js';
import {
	doormanEscalate,
	doormanReport,
	doormanStatus,
	doormanTriage,
	inForumPost,
	onFeedbackButton,
	replyStaleButton,
} from './interactions.js';

export type InteractionHandler<I> = (deps: InteractionDeps, interaction: I, ref: string) => Promise<void>;
type Table<I> = Readonly<Record<string, InteractionHandler<I>>>;
type CommandHandler = InteractionHandler<ChatInputCommandInteraction<'cached'>>;

/**
 * Slash commands by name, then subcommand: the commands and subcommands commands.ts registers, each with its
 * handler. Nothing outside the table runs: an unknown one is an error reply (and a log), never a default action.
 */
export const COMMAND_HANDLERS: Readonly<Record<string, Table<ChatInputCommandInteraction<'cached'>>>> = {
	doorman: {
		status: inForumPost(doormanStatus),
		escalate: inForumPost(doormanEscalate),
		report: doormanReport,
		triage: doormanTriage,
	},
	escalations: ESCALATIONS_SUBCOMMANDS,
};

/** Buttons by the prefix of their custom id (the part before the first `:`; see custom-id.ts, escalation/custom-id.ts). */
export const BUTTON_HANDLERS: Table<ButtonInteraction<'cached'>> = { fb: onFeedbackButton, esc: onEscalationButton };
/** Select menus and forms by custom-id prefix (escalation/cause-choice.ts). */
export const SELECT_HANDLERS: Table<StringSelectMenuInteraction<'cached'>> = { cause: onCauseSelect };
export const MODAL_HANDLERS: Table<ModalSubmitInteraction<'cached'>> = { cause: onCauseForm };

/** An own entry of a table (never one inherited from Object, such as `constructor`). */
const entry = <H>(table: Readonly<Record<string, H>>, key: string): H | null =>
	Object.hasOwn(table, key) ? (table[key] ?? null) : null;

/** The handler of `/name subcommand`; null when the table has none (a command without a subcommand included). */
export function commandHandler(name: string, subcommand: string | null): CommandHandler | null {
	const subcommands = entry(COMMAND_HANDLERS, name);
	return subcommands === null || subcommand === null ? null : entry(subcommands, subcommand);
}

/** The handler of a button, menu or form by its custom id's prefix; null when the table has none. */
export function componentHandler<I>(table: Table<I>, customId: string): InteractionHandler<I> | null {
	const colon = customId.indexOf(':');
	return colon <= 0 ? null : entry(table, customId.slice(0, colon));
}

/** Routes slash commands, buttons, menus and forms through the tables; every reply is private unless the thread should see it. */
export function registerInteractions(deps: InteractionDeps): void {
	deps.client.on(Events.InteractionCreate, (interaction) => {
		const ref = newRef();
		const work = () =>
			dispatch(deps, interaction, ref).catch((error: unknown) => {
				if (error instanceof NotAcknowledged) return;
				deps.logger.error({ ref, ...classify(error), err: error, interactionId: interaction.id }, 'interaction failed');
				if (!interaction.isRepliable()) return;
				const lang = posterLanguageOf(interaction.locale) ?? 'en';
				const notice = { content: t(lang, 'interaction.failed', { ref: `\`${ref}\`` }), ...EPHEMERAL };
				// Once deferred, the answer can only come as a follow-up.
				void discordCall(deps.logger, 'interaction-error-notice', ref, async () => {
					if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
					else await interaction.reply(notice);
				});
			});
		// Its own key: an interaction must be acknowledged at once, never wait behind a thread's messages.
		void (deps.track === undefined ? work() : deps.track(`interaction:${interaction.id}`, work));
	});
}

async function dispatch(deps: InteractionDeps, interaction: Interaction, ref: string): Promise<void> {
	if (!interaction.inCachedGuild()) return;
	if (interaction.isChatInputCommand()) {
		const subcommand = interaction.options.getSubcommand(false);
		const handler = commandHandler(interaction.commandName, subcommand);
		if (handler !== null) return handler(deps, interaction, ref);
		const command = `/${interaction.commandName}${subcommand === null ? '' : ` ${subcommand}`}`;
		deps.logger.warn({ ref, command, interactionId: interaction.id }, 'unknown command: nothing done');
		await replyPrivately(deps.logger, interaction, `I do not know \`${command}\`: nothing was done.`, ref);
		return;
	}
	if (interaction.isButton()) return runComponent(deps, BUTTON_HANDLERS, interaction, ref);
	if (interaction.isStringSelectMenu()) return runComponent(deps, SELECT_HANDLERS, interaction, ref);
	if (interaction.isModalSubmit()) return runComponent(deps, MODAL_HANDLERS, interaction, ref);
	// Kinds the bot registers nothing for (autocomplete, context menus, other select menus).
	deps.logger.warn({ ref, type: interaction.type, interactionId: interaction.id }, 'unknown interaction: nothing done');
	if (interaction.isRepliable()) await replyStaleButton(deps, interaction, ref);
}

async function runComponent<I extends RepliableInteraction<'cached'> & { readonly customId: string }>(
	deps: InteractionDeps,
	table: Table<I>,
	interaction: I,
	ref: string,
): Promise<void> {
	const handler = componentHandler(table, interaction.customId);
	if (handler !== null) return handler(deps, interaction, ref);
	deps.logger.warn(
		{ ref, type: interaction.type, customId: interaction.customId, interactionId: interaction.id },
		'unknown interaction: nothing done',
	);
	await replyStaleButton(deps, interaction, ref);
}
