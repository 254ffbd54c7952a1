import { createHash } from 'node:crypto';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Client } from 'discord.js';
import type { QueueButton, QueueMessage } from '../escalation/queue-message.js';
import type { EscalationService } from '../escalation/service.js';
import type { Logger } from '../log.js';
import { discordCall, valueOrNull } from './discord-call.js';
import { botMessagesAfter, findHeldQueueMessage } from './held-messages.js';
import { moderatorChannel } from './moderator-channel.js';

const STYLE: Record<QueueButton['style'], ButtonStyle> = {
	primary: ButtonStyle.Primary,
	secondary: ButtonStyle.Secondary,
	success: ButtonStyle.Success,
	danger: ButtonStyle.Danger,
};

/** The queue message's nonce: derived from the hand-off (thread and episode), at most 25 characters. */
export const queueNonce = (threadId: string, episode: number): string =>
	`q${createHash('sha256').update(`queue:${threadId}:${episode}`).digest('hex').slice(0, 24)}`;

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

	/**
	 * Posts an escalation's queue message with a nonce derived from its thread and episode, so a second attempt within
	 * Discord's nonce memory gives back the first message.
	 */
	async post(escalationId: number, queue: QueueMessage, ref: string): Promise<void> {
		if (this.channelId === null) return;
		const channelId = this.channelId;
		const record = this.escalations.show(escalationId)?.escalation;
		const nonce = record === undefined ? undefined : queueNonce(record.threadId, record.episode);
		const sent = await discordCall(this.logger, 'queue-post', ref, async () =>
			(await moderatorChannel(this.client, channelId)).send({
				...renderQueue(queue),
				...(nonce === undefined ? {} : { nonce, enforceNonce: true }),
			}),
		);
		if (sent.ok) this.escalations.setModMessage(escalationId, sent.value.id);
	}

	/**
	 * The queue message of a hand-off an earlier run did not finish: if the channel already holds it (the run died
	 * before recording it), it is recorded; otherwise it is posted. Past Discord's nonce memory too.
	 */
	async postUnposted(escalationId: number, queue: QueueMessage, createdAt: number, ref: string): Promise<void> {
		if (this.channelId === null) return;
		const channelId = this.channelId;
		const channel = valueOrNull(
			await discordCall(this.logger, 'queue-channel', ref, () => this.client.channels.fetch(channelId)),
		);
		const botUserId = this.client.user?.id;
		if (channel?.isTextBased() && botUserId !== undefined) {
			// A minute of slack for clocks: the bot's (createdAt) and Discord's (the snowflake) need not agree.
			const held = await botMessagesAfter(channel, { time: createdAt - 60_000 }, botUserId, this.logger, ref);
			const id = held === null ? null : findHeldQueueMessage(held, escalationId);
			if (id !== null) {
				this.escalations.setModMessage(escalationId, id);
				this.logger.info({ ref, escalationId }, 'queue message found on Discord; not posted again');
				return;
			}
		}
		await this.post(escalationId, queue, ref);
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
