import { type APIMessage, ChannelType } from 'discord-api-types/v10';
import { type ComponentSummary, listComponents, listTextDisplays } from './components.js';
import { compareSnowflakes } from './ids.js';
import type { SandboxState } from './state.js';

/** A message as a test reads it: who said what, with which buttons and embeds. */
export interface TranscriptEntry {
	readonly id: string;
	/** Username of the author. */
	readonly author: string;
	readonly isBot: boolean;
	/** The content, or the joined text displays of a Components V2 message. */
	readonly content: string;
	/** Button labels in reading order. */
	readonly buttons: readonly string[];
	readonly components: readonly ComponentSummary[];
	readonly embeds: readonly TranscriptEmbed[];
	/** Attachment file names. */
	readonly attachments: readonly string[];
	/** Id of the message this one replies to. */
	readonly replyTo: string | undefined;
	/** Username of the only viewer of an ephemeral interaction response. */
	readonly visibleTo: string | undefined;
	readonly isEdited: boolean;
}

export interface TranscriptEmbed {
	readonly title: string | undefined;
	readonly description: string | undefined;
	readonly fields: readonly { readonly name: string; readonly value: string }[];
}

/** Every message of a channel or thread in order, ephemeral responses included (marked `visibleTo`). */
export function transcript(state: SandboxState, channelId: string): TranscriptEntry[] {
	const entries = state.messagesIn(channelId).map((m) => toEntry(m, undefined));
	for (const { message, visibleTo } of state.ephemeral.values()) {
		if (message.channel_id === channelId) entries.push(toEntry(message, state.users.get(visibleTo)?.username));
	}
	return entries.sort((a, b) => compareSnowflakes(a.id, b.id));
}

/** The names of the tags applied to a forum thread, in applied order. */
export function threadTags(state: SandboxState, threadId: string): string[] {
	const thread = state.requireThread(threadId);
	const forum = thread.parent_id ? state.channels.get(thread.parent_id) : undefined;
	if (!forum || forum.type !== ChannelType.GuildForum) return [];
	return (thread.applied_tags ?? []).flatMap((id) => forum.available_tags.find((t) => t.id === id)?.name ?? []);
}

function toEntry(message: APIMessage, visibleTo: string | undefined): TranscriptEntry {
	const components = listComponents(message.components);
	const texts = listTextDisplays(message.components);
	return {
		id: message.id,
		author: message.author.username,
		isBot: message.author.bot === true,
		content: message.content !== '' || texts.length === 0 ? message.content : texts.join('\n'),
		buttons: components.flatMap((c) => (c.type === 2 && c.label !== undefined ? [c.label] : [])),
		components,
		embeds: message.embeds.map((e) => ({
			title: e.title,
			description: e.description,
			fields: (e.fields ?? []).map((f) => ({ name: f.name, value: f.value })),
		})),
		attachments: message.attachments.map((a) => a.filename),
		replyTo: message.message_reference?.message_id,
		visibleTo,
		isEdited: message.edited_timestamp !== null,
	};
}
