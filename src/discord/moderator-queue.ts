import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Client } from 'discord.js';
import type { QueueButton, QueueMessage } from '../escalation/queue-message.js';
import type { EscalationService } from '../escalation/service.js';
import type { Logger } from '../log.js';
import { discordCall } from './discord-call.js';

const STYLE: Record<QueueButton['style'], ButtonStyle> = {
	primary: ButtonStyle.Primary,
	secondary: ButtonStyle.Secondary,
	success: ButtonStyle.Success,
	danger: ButtonStyle.Danger,
};

/** Renders a queue message (content + up to five buttons) as Discord message options. */
export function renderQueue(queue: QueueMessage) {
	const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
		queue.buttons.map((b) => new ButtonBuilder().setCustomId(b.customId).setLabel(b.label).setStyle(STYLE[b.style])),
	);
	return {
		content: queue.content,
		components: queue.buttons.length === 0 ? [] : [row],
		allowedMentions: { parse: [] },
	};
}

/**
 * The moderators' channel as a live queue: one message per escalation, edited as its state changes.
 * Without a configured channel the queue lives only in `/escalations` and the CLI.
 */
export class ModeratorQueue {
	constructor(
		private readonly client: Client,
		private readonly escalations: EscalationService,
		private readonly channelId: string | null,
		private readonly logger: Logger,
	) {}

	async post(escalationId: number, queue: QueueMessage, ref: string): Promise<void> {
		if (this.channelId === null) return;
		const channelId = this.channelId;
		const sent = await discordCall(this.logger, 'queue-post', ref, async () => {
			const channel = await this.client.channels.fetch(channelId);
			if (channel === null || !channel.isSendable()) throw new Error('moderator channel is not a text channel');
			return channel.send(renderQueue(queue));
		});
		if (sent.ok) this.escalations.setModMessage(escalationId, sent.value.id);
	}

	/** Edits the queue message after a change made outside a button press (CLI, email retry). */
	async refresh(escalationId: number, queue: QueueMessage, ref: string): Promise<void> {
		const record = this.escalations.show(escalationId)?.escalation;
		if (this.channelId === null || record?.modMessageId == null) return;
		const channelId = this.channelId;
		const messageId = record.modMessageId;
		await discordCall(this.logger, 'queue-edit', ref, async () => {
			const channel = await this.client.channels.fetch(channelId);
			if (channel === null || !channel.isTextBased()) throw new Error('moderator channel is not a text channel');
			await channel.messages.edit(messageId, renderQueue(queue));
		});
	}
}
