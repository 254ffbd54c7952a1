import {
	type APIMessage,
	type APIMessageInteractionMetadata,
	ApplicationIntegrationType,
	InteractionType,
	MessageFlags,
	MessageType,
} from 'discord-api-types/v10';
import { ApiError, ErrorCodes } from './api-error.js';
import type { MessageBody } from './body-schemas.js';
import { filesFromUpload } from './body-schemas.js';
import type { SandboxCore } from './core.js';
import type { UploadedFile } from './http-body.js';
import type { InteractionRecord } from './interactions.js';
import { buildMessage, dispatchMessageCreate, storeMessage } from './messages.js';

/**
 * Creates a message that answers an interaction (callback 4/5 or a follow-up). Ephemeral ones go
 * to the ephemeral store and are never dispatched; others join the channel and are echoed as
 * MESSAGE_CREATE by the returned `afterResponse`.
 */
export function createInteractionMessage(
	core: SandboxCore,
	record: InteractionRecord,
	body: MessageBody,
	uploads: readonly UploadedFile[],
): { message: APIMessage; afterResponse: () => void } {
	const { state } = core;
	const message = buildMessage(core, {
		channelId: record.channelId,
		author: state.bot,
		content: body.content,
		embeds: body.embeds,
		components: body.components,
		files: filesFromUpload(uploads, body.attachments),
		flags: body.flags,
		webhookId: state.application.id,
		type: record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
		interactionMetadata: interactionMetadata(core, record),
	});
	if (isEphemeral(message)) {
		state.ephemeral.set(message.id, { message, visibleTo: record.userId });
		return { message, afterResponse: () => {} };
	}
	storeMessage(core, message);
	return { message, afterResponse: () => dispatchMessageCreate(core, message) };
}

export function isEphemeral(message: APIMessage): boolean {
	return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/**
 * The message an interaction webhook route refers to. `@original` is the response message, or,
 * after callback 6/7 on a component, the message the component is on.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response
 */
export function resolveWebhookMessage(core: SandboxCore, record: InteractionRecord, messageId: string): APIMessage {
	const firstCallback = record.callbacks[0]?.type;
	const id =
		messageId === '@original'
			? (record.originalMessageId ??
				(firstCallback === 6 || firstCallback === 7 ? record.componentMessageId : undefined))
			: messageId;
	const isOwn =
		id !== undefined &&
		(messageId === '@original' || id === record.originalMessageId || record.followUpIds.includes(id));
	const message = isOwn ? core.state.findMessage(id) : undefined;
	if (!message) throw new ApiError(404, ErrorCodes.UnknownMessage, 'Unknown Message');
	return message;
}

function interactionMetadata(core: SandboxCore, record: InteractionRecord): APIMessageInteractionMetadata {
	const base = {
		id: record.id,
		user: core.state.userByName(record.userId),
		authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: core.state.guildId },
	};
	if (record.type === InteractionType.MessageComponent && record.componentMessageId !== undefined) {
		return { ...base, type: InteractionType.MessageComponent, interacted_message_id: record.componentMessageId };
	}
	return { ...base, type: InteractionType.ApplicationCommand };
}
