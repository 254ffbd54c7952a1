import {
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	MessageFlags,
	type ModalSubmitInteraction,
	type RepliableInteraction,
} from 'discord.js';
import type { Logger } from '../log.js';
import type { Author } from '../model.js';
import { DiscordCode, discordCall } from './discord-call.js';
import { EPHEMERAL, type InteractionDeps, memberAuthor, refusalFor } from './interaction-common.js';

type Repliable = ChatInputCommandInteraction<'cached'> | ButtonInteraction<'cached'>;

/** Who sees an answer: only the presser, or everyone in the channel. */
export type Visibility = 'private' | 'public';

const NO_PINGS = { allowedMentions: { parse: [] } } as const;

/**
 * An interaction's token Discord no longer knows: its 3-second window (or the 15 minutes of a deferred token) passed,
 * say while the bot was restarting. A normal outcome, logged at debug; every other failure is logged at warn.
 */
const INTERACTION_EXPIRED = [DiscordCode.UnknownInteraction];

/**
 * Answers an interaction (reply, defer, edit, follow-up, modal) through `discordCall`, like every REST call.
 * Returns whether Discord took it; a failure is logged there with its code and never thrown.
 */
export async function interactionCall(
	logger: Logger,
	op: string,
	ref: string,
	call: () => Promise<unknown>,
): Promise<boolean> {
	return (await discordCall(logger, op, ref, call, INTERACTION_EXPIRED)).ok;
}

/** A reply only the presser sees, never pinging anyone (refusals, lists, results for moderators). */
export function replyPrivately(
	logger: Logger,
	interaction: RepliableInteraction<'cached'>,
	content: string,
	ref: string,
): Promise<boolean> {
	return interactionCall(logger, 'interaction-reply', ref, () => interaction.reply({ content, ...EPHEMERAL }));
}

/** The presser as the acting moderator; anyone else is refused (privately, in their Discord language) and null is returned. */
export async function moderatorOrRefuse(
	deps: InteractionDeps,
	interaction: RepliableInteraction<'cached'>,
	ref: string,
): Promise<Author | null> {
	const actor = memberAuthor(interaction.member, deps.roles);
	if (actor.isModerator) return actor;
	await replyPrivately(deps.logger, interaction, refusalFor(interaction.locale), ref);
	return null;
}

/**
 * Thrown from a thread reading when its interaction could not be acknowledged: the presser was shown a failure, so
 * the action is not taken (they can press again). The failure itself is already logged by `discordCall`.
 */
export class NotAcknowledged extends Error {
	constructor() {
		super('interaction not acknowledged');
	}
}

/**
 * Acknowledges an interaction before work that can outlast Discord's 3-second window (reading the thread, the
 * advisor, the LLM, sending email). A button is acknowledged without a message (its answer comes as a follow-up or an
 * edit); a command or a form shows "thinking…" to the presser only. Safe to call twice. False when Discord refused:
 * the caller then leaves the work undone (the presser saw it fail).
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export async function deferInteraction(
	interaction: Repliable | ModalSubmitInteraction<'cached'>,
	logger: Logger,
	ref: string,
): Promise<boolean> {
	if (interaction.deferred || interaction.replied) return true;
	const acknowledged = await interactionCall(logger, 'interaction-defer', ref, () =>
		interaction.isButton() ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral }),
	);
	if (!acknowledged) logger.info({ ref, interactionId: interaction.id }, 'interaction not acknowledged: nothing done');
	return acknowledged;
}

/**
 * Answers an interaction whether or not it was deferred. A command deferred with "thinking…" has its loading
 * message filled in first: Discord turns the first follow-up after such a deferral into an edit of that (private)
 * message, so a public answer then goes out as a second message. Returns whether Discord took it (failures logged).
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message
 */
export function answerInteraction(
	interaction: Repliable,
	content: string,
	visibility: Visibility,
	logger: Logger,
	ref: string,
	doneNote = 'Done.',
): Promise<boolean> {
	const flags = visibility === 'private' ? { flags: MessageFlags.Ephemeral as const } : {};
	return interactionCall(logger, 'interaction-answer', ref, async () => {
		if (!interaction.deferred && !interaction.replied) {
			await interaction.reply({ content, ...flags, ...NO_PINGS });
			return;
		}
		if (interaction.isButton()) {
			await interaction.followUp({ content, ...flags, ...NO_PINGS });
			return;
		}
		if (visibility === 'private') {
			await interaction.editReply({ content, ...NO_PINGS });
			return;
		}
		await interaction.editReply({ content: doneNote, ...NO_PINGS });
		await interaction.followUp({ content, ...NO_PINGS });
	});
}
