import {
	type APIChannel,
	type APIGuildMember,
	type APIMessage,
	type APIRole,
	type APIThreadChannel,
	type APIUser,
	ChannelType,
} from 'discord-api-types/v10';
import { ApiError, ErrorCodes } from './api-error.js';
import { compareSnowflakes, SnowflakeGenerator } from './ids.js';

/** A file the sandbox serves over HTTP, as Discord's CDN does for attachments. */
export interface StoredFile {
	readonly bytes: Buffer;
	readonly contentType: string;
	readonly filename: string;
}

/** An ephemeral interaction response: never in the channel history, seen only by one user. */
export interface EphemeralMessage {
	readonly message: APIMessage;
	readonly visibleTo: string;
}

/** The application the bot belongs to (READY's `application`). */
export interface SandboxApplication {
	readonly id: string;
	readonly name: string;
	readonly flags: number;
}

/**
 * Everything the fake Discord knows: one guild with its roles, members, channels, threads and
 * messages. Mutated by the REST routes (the bot) and the driver API (the test), read by both.
 */
export class SandboxState {
	readonly ids = new SnowflakeGenerator();
	readonly users = new Map<string, APIUser>();
	readonly members = new Map<string, APIGuildMember>();
	/** Guild channels and threads by id; objects are mutated in place on PATCH. */
	readonly channels = new Map<string, APIChannel>();
	/** Channel id → messages in id (= time) order. */
	readonly messages = new Map<string, APIMessage[]>();
	readonly ephemeral = new Map<string, EphemeralMessage>();
	/** Key: the attachment URL path after `/attachments/`. */
	readonly files = new Map<string, StoredFile>();
	readonly roles: APIRole[] = [];
	readonly guildId: string;
	readonly application: SandboxApplication;
	readonly bot: APIUser;
	ownerId = '';

	constructor(
		readonly guildName: string,
		botName: string,
	) {
		this.guildId = this.ids.next();
		const botId = this.ids.next();
		// New applications have the same id as their bot user.
		this.application = { id: botId, name: botName, flags: 0 };
		this.bot = { id: botId, username: botName, discriminator: '0', global_name: null, avatar: null, bot: true };
		this.users.set(botId, this.bot);
	}

	/** Resolves a driver `by` (username or user id) to a user, or throws listing the known names. */
	userByName(nameOrId: string): APIUser {
		const byId = this.users.get(nameOrId);
		if (byId) return byId;
		for (const user of this.users.values()) if (user.username === nameOrId) return user;
		const known = [...this.users.values()].map((u) => u.username).join(', ');
		throw new Error(`sandbox: no member named "${nameOrId}" (known: ${known})`);
	}

	roleByName(name: string): APIRole {
		const role = this.roles.find((r) => r.name === name);
		if (!role) throw new Error(`sandbox: no role named "${name}"`);
		return role;
	}

	channelByName(name: string): APIChannel {
		for (const channel of this.channels.values()) if (channel.name === name && !isThread(channel)) return channel;
		throw new Error(`sandbox: no channel named "${name}"`);
	}

	/** The channel, or a 404 Unknown Channel as Discord answers. */
	requireChannel(id: string): APIChannel {
		const channel = this.channels.get(id);
		if (!channel) throw new ApiError(404, ErrorCodes.UnknownChannel, 'Unknown Channel');
		return channel;
	}

	requireThread(id: string): APIThreadChannel {
		const channel = this.channels.get(id);
		if (!channel || !isThread(channel)) throw new Error(`sandbox: ${id} is not a thread`);
		return channel;
	}

	messagesIn(channelId: string): APIMessage[] {
		let list = this.messages.get(channelId);
		if (!list) {
			list = [];
			this.messages.set(channelId, list);
		}
		return list;
	}

	addMessage(message: APIMessage): void {
		const list = this.messagesIn(message.channel_id);
		list.push(message);
		// Starter messages reuse an older id (the thread's), so keep the list sorted.
		list.sort((a, b) => compareSnowflakes(a.id, b.id));
	}

	/** A message by id in any channel, ephemeral ones included. */
	findMessage(id: string): APIMessage | undefined {
		for (const list of this.messages.values()) {
			const found = list.find((m) => m.id === id);
			if (found) return found;
		}
		return this.ephemeral.get(id)?.message;
	}

	requireMessage(channelId: string, id: string): APIMessage {
		const message = this.messages.get(channelId)?.find((m) => m.id === id);
		if (!message) throw new ApiError(404, ErrorCodes.UnknownMessage, 'Unknown Message');
		return message;
	}

	removeMessage(channelId: string, id: string): void {
		const list = this.messagesIn(channelId);
		const index = list.findIndex((m) => m.id === id);
		if (index >= 0) list.splice(index, 1);
	}

	activeThreads(): APIThreadChannel[] {
		return [...this.channels.values()].filter(
			(c): c is APIThreadChannel => isThread(c) && c.thread_metadata?.archived !== true,
		);
	}
}

export function isThread(channel: APIChannel): channel is APIThreadChannel {
	return (
		channel.type === ChannelType.PublicThread ||
		channel.type === ChannelType.PrivateThread ||
		channel.type === ChannelType.AnnouncementThread
	);
}
