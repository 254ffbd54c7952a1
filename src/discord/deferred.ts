import { type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';

type Repliable = ChatInputCommandInteraction<'cached'> | ButtonInteraction<'cached'>;

/** Who sees an answer: only the presser, or everyone in the channel. */
export type Visibility = 'private' | 'public';

const NO_PINGS = { allowedMentions: { parse: [] } } as const;

/**
 * Acknowledges an interaction before work that can outlast Discord's 3-second window (reading the thread, the
 * advisor, the LLM). A button is acknowledged without a message (its answer comes as a follow-up); a command shows
 * "thinking…" to the presser only. Safe to call twice.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export async function deferInteraction(interaction: Repliable): Promise<void> {
	if (interaction.deferred || interaction.replied) return;
	if (interaction.isButton()) await interaction.deferUpdate();
	else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
}

/**
 * Answers an interaction whether or not it was deferred. A command deferred with "thinking…" has its loading
 * message filled in first: Discord turns the first follow-up after such a deferral into an edit of that (private)
 * message, so a public answer then goes out as a second message.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message
 */
export async function answerInteraction(
	interaction: Repliable,
	content: string,
	visibility: Visibility,
	doneNote = 'Done.',
): Promise<void> {
	const flags = visibility === 'private' ? { flags: MessageFlags.Ephemeral as const } : {};
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
}
