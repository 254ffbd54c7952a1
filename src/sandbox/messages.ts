import {
	type APIEmbed,
	type APIMessage,
	type APIMessageInteractionMetadata,
	type APIMessageTopLevelComponent,
	type APIUser,
	GatewayDispatchEvents,
	type GatewayMessageCreateDispatchData,
	MessageFlags,
	MessageType,
	PermissionFlagsBits,
} from 'discord-api-types/v10';
import { ApiError, ErrorCodes, invalidFormBody } from './api-error.js';
import { type FileInput, storeAttachment } from './attachments.js';
import { filesFromUpload, type MessageEdit } from './body-schemas.js';
import type { SandboxCore } from './core.js';
import type { UploadedFile } from './http-body.js';
import { snowflakeTimestamp } from './ids.js';
import { dispatchPayload } from './intents.js';
import { memberNoUser, snapshotChannel } from './payloads.js';
import { computePermissions } from './permissions.js';
import { isThread } from './state.js';

/** Discord's limits on a message. @see https://discord.com/developers/docs/resources/message#create-message */
const MAX_CONTENT = 2000;
const MAX_EMBEDS = 10;
const MAX_EMBED_CHARS = 6000;

/** What a new message is made of, whoever sends it. */
export interface MessageInput {
	readonly channelId: string;
	readonly author: APIUser;
	readonly content?: string | undefined;
	readonly embeds?: readonly APIEmbed[] | undefined;
	readonly components?: readonly APIMessageTopLevelComponent[] | undefined;
	readonly files?: readonly FileInput[] | undefined;
	readonly replyTo?: { readonly messageId: string; readonly failIfNotExists?: boolean | undefined } | undefined;
	readonly nonce?: string | number | undefined;
	readonly flags?: number | undefined;
	/** Forum starter messages reuse the thread's id. */
	readonly id?: string | undefined;
	readonly type?: MessageType | undefined;
	readonly webhookId?: string | undefined;
	readonly interactionMetadata?: APIMessageInteractionMetadata | undefined;
}

/** Checks Discord's content rules and builds the message object (not stored yet). */
export function buildMessage(core: SandboxCore, input: MessageInput): APIMessage {
	const { state } = core;
	const content = input.content ?? '';
	const embeds = [...(input.embeds ?? [])];
	const components = [...(input.components ?? [])];
	const files = input.files ?? [];
	validateContent(content, embeds);
	// Components V2 messages have no content; a deferred interaction response starts empty and loading.
	const mayBeEmpty = ((input.flags ?? 0) & (MessageFlags.IsComponentsV2 | MessageFlags.Loading)) !== 0;
	if (content === '' && embeds.length === 0 && files.length === 0 && components.length === 0 && !mayBeEmpty) {
		throw new ApiError(400, ErrorCodes.CannotSendEmptyMessage, 'Cannot send an empty message');
	}
	const id = input.id ?? state.ids.next();
	const message: APIMessage = {
		id,
		channel_id: input.channelId,
		author: input.author,
		content,
		timestamp: snowflakeTimestamp(id),
		edited_timestamp: null,
		tts: false,
		mention_everyone: false,
		mentions: mentionedUsers(core, content),
		mention_roles: [...content.matchAll(/<@&(\d+)>/g)].flatMap((m) => (m[1] ? [m[1]] : [])),
		attachments: files.map((file) => storeAttachment(state, core.baseUrl(), input.channelId, file)),
		embeds,
		components,
		pinned: false,
		type: input.type ?? (input.replyTo ? MessageType.Reply : MessageType.Default),
		flags: input.flags ?? 0,
	};
	if (input.nonce !== undefined) message.nonce = input.nonce;
	if (input.webhookId !== undefined) {
		message.webhook_id = input.webhookId;
		message.application_id = input.webhookId;
	}
	if (input.interactionMetadata) message.interaction_metadata = input.interactionMetadata;
	if (input.replyTo) {
		const referenced = state.messages.get(input.channelId)?.find((m) => m.id === input.replyTo?.messageId);
		if (!referenced && input.replyTo.failIfNotExists !== false) {
			throw invalidFormBody('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
		}
		if (referenced) {
			message.message_reference = { message_id: referenced.id, channel_id: input.channelId, guild_id: state.guildId };
			message.referenced_message = referenced;
		}
	}
	return message;
}

/** Stores a channel message, keeps thread counters and `last_message_id` right, unarchives threads. */
export function storeMessage(core: SandboxCore, message: APIMessage): void {
	const { state } = core;
	state.addMessage(message);
	const channel = state.channels.get(message.channel_id);
	if (!channel) return;
	if ('last_message_id' in channel) channel.last_message_id = message.id;
	if (isThread(channel) && message.id !== channel.id) {
		channel.message_count = (channel.message_count ?? 0) + 1;
		channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
	}
}

/**
 * Sending into an archived thread unarchives it, as on Discord; a locked one only for members who
 * may manage threads.
 */
export function reopenIfArchived(core: SandboxCore, channelId: string, authorId: string): void {
	const channel = core.state.channels.get(channelId);
	if (!channel || !isThread(channel) || channel.thread_metadata?.archived !== true) return;
	const canManage = (computePermissions(core.state, authorId) & PermissionFlagsBits.ManageThreads) !== 0n;
	if (channel.thread_metadata.locked && !canManage) {
		throw new ApiError(400, ErrorCodes.ThreadArchived, 'Thread is locked');
	}
	channel.thread_metadata.archived = false;
	channel.thread_metadata.archive_timestamp = new Date().toISOString();
	core.gateway.dispatch(dispatchPayload(GatewayDispatchEvents.ThreadUpdate, snapshotChannel(channel)));
}

/** The MESSAGE_CREATE/UPDATE form: adds `guild_id`, the author's `member` and mention members. */
export function gatewayMessage(core: SandboxCore, message: APIMessage): GatewayMessageCreateDispatchData {
	const { state } = core;
	const member = state.members.get(message.author.id);
	const data: GatewayMessageCreateDispatchData = {
		...structuredClone(message),
		guild_id: state.guildId,
		mentions: message.mentions.map((user) => {
			const mentioned = state.members.get(user.id);
			return mentioned ? { ...user, member: memberNoUser(mentioned) } : user;
		}),
	};
	// Webhook messages (interaction responses) carry no member, as on Discord.
	if (member && message.webhook_id === undefined) data.member = memberNoUser(member);
	return data;
}

export function dispatchMessageCreate(core: SandboxCore, message: APIMessage): void {
	core.gateway.dispatch(dispatchPayload(GatewayDispatchEvents.MessageCreate, gatewayMessage(core, message)));
}

export function dispatchMessageUpdate(core: SandboxCore, message: APIMessage): void {
	core.gateway.dispatch(dispatchPayload(GatewayDispatchEvents.MessageUpdate, gatewayMessage(core, message)));
}

export function dispatchMessageDelete(core: SandboxCore, message: APIMessage): void {
	core.gateway.dispatch(
		dispatchPayload(GatewayDispatchEvents.MessageDelete, {
			id: message.id,
			channel_id: message.channel_id,
			guild_id: core.state.guildId,
		}),
	);
}

/**
 * Applies an edit body to a message in place and stamps `edited_timestamp`. `attachments` lists
 * the existing attachments to keep; uploaded files are added.
 */
export function editMessage(
	core: SandboxCore,
	message: APIMessage,
	edit: MessageEdit,
	uploads: readonly UploadedFile[] = [],
): void {
	if (edit.content !== undefined) message.content = edit.content ?? '';
	if (edit.embeds !== undefined) message.embeds = [...(edit.embeds ?? [])];
	if (edit.components !== undefined) message.components = [...(edit.components ?? [])];
	if (edit.flags !== undefined && edit.flags !== null) message.flags = edit.flags;
	if (edit.attachments !== undefined) {
		const keep = new Set((edit.attachments ?? []).map((a) => String(a.id)));
		message.attachments = message.attachments.filter((a) => keep.has(a.id));
	}
	for (const file of filesFromUpload(uploads, edit.attachments)) {
		message.attachments.push(storeAttachment(core.state, core.baseUrl(), message.channel_id, file));
	}
	validateContent(message.content, message.embeds);
	message.edited_timestamp = new Date().toISOString();
}

function validateContent(content: string, embeds: readonly APIEmbed[]): void {
	if (content.length > MAX_CONTENT) {
		throw invalidFormBody('content', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT} or fewer in length.`);
	}
	if (embeds.length > MAX_EMBEDS) {
		throw invalidFormBody('embeds', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_EMBEDS} or fewer in length.`);
	}
	if (embeds.reduce((sum, embed) => sum + embedLength(embed), 0) > MAX_EMBED_CHARS) {
		throw invalidFormBody('embeds', 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
	}
}

function embedLength(embed: APIEmbed): number {
	const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
	return (
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		(embed.footer?.text.length ?? 0) +
		(embed.author?.name.length ?? 0) +
		fields
	);
}

function mentionedUsers(core: SandboxCore, content: string): APIUser[] {
	const users: APIUser[] = [];
	for (const match of content.matchAll(/<@!?(\d+)>/g)) {
		const user = match[1] ? core.state.users.get(match[1]) : undefined;
		if (user && !users.includes(user)) users.push(user);
	}
	return users;
}
