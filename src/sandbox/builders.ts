import {
	type APIMessage,
	type APIThreadChannel,
	ChannelType,
	GatewayDispatchEvents,
	ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import type { FileInput } from './attachments.js';
import type { SandboxCore } from './core.js';
import { dispatchPayload } from './intents.js';
import {
	buildMessage,
	dispatchMessageCreate,
	dispatchMessageUpdate,
	editMessage,
	reopenIfArchived,
	storeMessage,
} from './messages.js';
import { snapshotChannel } from './payloads.js';

/** An attachment a simulated user uploads. Text content is stored as UTF-8. */
export interface AttachmentInput {
	readonly filename: string;
	readonly content: string | Uint8Array;
	/** @defaultValue guessed from the extension */
	readonly contentType?: string;
}

export interface ForumPostInput {
	/** Member name (or user id) of the poster. */
	readonly by: string;
	readonly title: string;
	readonly content: string;
	readonly attachments?: readonly AttachmentInput[];
	/** Tag names of the forum. @defaultValue `[]` */
	readonly tags?: readonly string[];
	/** Forum name or id. @defaultValue `'help'` */
	readonly forum?: string;
}

export interface PostMessageInput {
	readonly channelId: string;
	readonly by: string;
	readonly content: string;
	readonly attachments?: readonly AttachmentInput[];
	/** Id of a message in the same channel to reply to. */
	readonly replyTo?: string;
}

/**
 * A user opens a forum post: THREAD_CREATE (`newly_created: true`, which discord.js passes as the
 * second `threadCreate` argument) then the starter MESSAGE_CREATE, whose id is the thread's id,
 * as on Discord.
 */
export function createForumPost(
	core: SandboxCore,
	input: ForumPostInput,
): { thread: APIThreadChannel; message: APIMessage } {
	const { state } = core;
	const author = state.userByName(input.by);
	const forumRef = input.forum ?? 'help';
	const forum = state.channels.get(forumRef) ?? state.channelByName(forumRef);
	if (forum.type !== ChannelType.GuildForum) throw new Error(`sandbox: ${forumRef} is not a forum`);
	const appliedTags = (input.tags ?? []).map((name) => {
		const tag = forum.available_tags.find((t) => t.name === name);
		if (!tag) throw new Error(`sandbox: forum ${forum.name} has no tag "${name}"`);
		return tag.id;
	});
	const id = state.ids.next();
	const now = new Date().toISOString();
	const thread: APIThreadChannel = {
		id,
		type: ChannelType.PublicThread,
		guild_id: state.guildId,
		parent_id: forum.id,
		owner_id: author.id,
		name: input.title,
		last_message_id: id,
		rate_limit_per_user: 0,
		message_count: 0,
		member_count: 1,
		total_message_sent: 0,
		applied_tags: appliedTags,
		thread_metadata: {
			archived: false,
			auto_archive_duration: forum.default_auto_archive_duration ?? ThreadAutoArchiveDuration.ThreeDays,
			archive_timestamp: now,
			locked: false,
			create_timestamp: now,
		},
	};
	const message = buildMessage(core, {
		id,
		channelId: id,
		author,
		content: input.content,
		files: toFiles(input.attachments),
	});
	state.channels.set(id, thread);
	forum.last_message_id = id;
	storeMessage(core, message);
	core.gateway.dispatch(
		dispatchPayload(GatewayDispatchEvents.ThreadCreate, { ...snapshotChannel(thread), newly_created: true }),
	);
	dispatchMessageCreate(core, message);
	return { thread, message };
}

/** A user posts in a channel or thread (an archived thread is reopened first, as on Discord). */
export function postMessage(core: SandboxCore, input: PostMessageInput): APIMessage {
	const author = core.state.userByName(input.by);
	const channel = core.state.requireChannel(input.channelId);
	if (channel.type === ChannelType.GuildForum) throw new Error('sandbox: post in a forum with createForumPost');
	const message = buildMessage(core, {
		channelId: channel.id,
		author,
		content: input.content,
		files: toFiles(input.attachments),
		replyTo: input.replyTo === undefined ? undefined : { messageId: input.replyTo },
	});
	reopenIfArchived(core, channel.id, author.id);
	storeMessage(core, message);
	dispatchMessageCreate(core, message);
	return message;
}

/** A user edits their own message (a forum starter included): the content changes, then MESSAGE_UPDATE. */
export interface EditMessageInput {
	readonly channelId: string;
	readonly messageId: string;
	/** Must be the message's author, as on Discord. */
	readonly by: string;
	readonly content: string;
}

export function editUserMessage(core: SandboxCore, input: EditMessageInput): APIMessage {
	const author = core.state.userByName(input.by);
	const message = core.state.messages.get(input.channelId)?.find((m) => m.id === input.messageId);
	if (message === undefined) throw new Error(`sandbox: no message ${input.messageId} in ${input.channelId}`);
	if (message.author.id !== author.id) throw new Error('sandbox: only the author can edit a message');
	editMessage(core, message, { content: input.content });
	dispatchMessageUpdate(core, message);
	return message;
}

function toFiles(attachments: readonly AttachmentInput[] | undefined): FileInput[] {
	return (attachments ?? []).map((a) => {
		const bytes = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content);
		return a.contentType === undefined
			? { filename: a.filename, bytes }
			: { filename: a.filename, bytes, contentType: a.contentType };
	});
}
