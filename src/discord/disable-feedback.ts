import { ActionRowBuilder, ButtonBuilder, type ButtonInteraction, ComponentType } from 'discord.js';
import type { Logger } from '../log.js';
import { discordCall } from './discord-call.js';

/**
 * Disables feedback buttons on the message one was pressed on: `all` of them (after "Solved it"), or only the one
 * `pressed` (after "Didn't help", so the poster can still mark the thread solved later). The message is edited over
 * REST, so it works whether the interaction was answered, deferred or followed up.
 */
export async function disableFeedbackButtons(
	interaction: ButtonInteraction<'cached'>,
	which: 'all' | 'pressed',
	logger: Logger,
	ref: string,
): Promise<void> {
	const rows = interaction.message.components.flatMap((row) =>
		row.type === ComponentType.ActionRow
			? [
					new ActionRowBuilder<ButtonBuilder>().addComponents(
						row.components
							.filter((c) => c.type === ComponentType.Button)
							.map((c) =>
								ButtonBuilder.from(c.toJSON()).setDisabled(
									c.disabled === true || which === 'all' || c.customId === interaction.customId,
								),
							),
					),
				]
			: [],
	);
	if (rows.length === 0) return;
	await discordCall(logger, 'disable-feedback', ref, () => interaction.message.edit({ components: rows }));
}
