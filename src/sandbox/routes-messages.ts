import { type APIMessage, ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { ApiError, ErrorCodes } from './api-error.js';
import { filesFromUpload, MessageBodySchema, MessageEditSchema, parseBody } from './body-schemas.js';
import { compareSnowflakes } from './ids.js';
import {
	buildMessage,
	dispatchMessageCreate,
	dispatchMessageDelete,
	dispatchMessageUpdate,
	editMessage,
	reopenIfArchived,
	storeMessage,
} from './messages.js';
import { computePermissions } from './permissions.js';
import { json, noContent, route } from './rest-types.js';

/** Channel message routes. @see https://discord.com/developers/docs/resources/message */
export const messageRoutes = [
	route('POST', '/channels/:channelId/messages', ({ params, request, core }) => {
		const channel = core.state.requireChannel(params.channelId);
		if (channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildCategory) {
			throw new ApiError(400, 50008, 'Cannot send messages in a non-text channel');
		}
		const body = parseBody(MessageBodySchema, request.body);
		const author = core.state.bot;
		if (body.enforce_nonce === true && body.nonce !== undefined) {
			const original = core.nonces.find(author.id, body.nonce);
			if (original) return json(original);
		}
		const message = buildMessage(core, {
			channelId: channel.id,
			author,
			content: body.content,
			embeds: body.embeds,
			components: body.components,
			files: filesFromUpload(request.files, body.attachments),
			replyTo: body.message_reference?.message_id
				? {
						messageId: body.message_reference.message_id,
						failIfNotExists: body.message_reference.fail_if_not_exists,
					}
				: undefined,
			nonce: body.nonce,
			flags: body.flags,
		});
		reopenIfArchived(core, channel.id, author.id);
		storeMessage(core, message);
		if (body.nonce !== undefined) core.nonces.remember(author.id, body.nonce, message);
		return json(message, 200, () => dispatchMessageCreate(core, message));
	}),

	route('GET', '/channels/:channelId/messages', ({ params, request, core }) => {
		core.state.requireChannel(params.channelId);
		const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 50) || 50));
		return json(pageMessages(core.state.messagesIn(params.channelId), request.query, limit).map(withoutNonce));
	}),

	route('GET', '/channels/:channelId/messages/:messageId', ({ params, core }) =>
		json(withoutNonce(core.state.requireMessage(params.channelId, params.messageId))),
	),

	route('PATCH', '/channels/:channelId/messages/:messageId', ({ params, request, core }) => {
		const message = core.state.requireMessage(params.channelId, params.messageId);
		if (message.author.id !== core.state.bot.id) {
			throw new ApiError(403, ErrorCodes.CannotEditOtherUsersMessage, 'Cannot edit a message authored by another user');
		}
		const body = parseBody(MessageEditSchema, request.body);
		editMessage(core, message, body, request.files);
		return json(message, 200, () => dispatchMessageUpdate(core, message));
	}),

	route('DELETE', '/channels/:channelId/messages/:messageId', ({ params, core }) => {
		const message = core.state.requireMessage(params.channelId, params.messageId);
		// Another member's message needs Manage Messages (guild level; the sandbox has no channel overwrites for it).
		// Deleting a forum post's starter message leaves the thread in place, as on Discord.
		const own = message.author.id === core.state.bot.id;
		if (!own && (computePermissions(core.state, core.state.bot.id) & PermissionFlagsBits.ManageMessages) === 0n) {
			throw new ApiError(403, ErrorCodes.MissingPermissions, 'Missing Permissions');
		}
		core.state.removeMessage(params.channelId, params.messageId);
		return noContent(() => dispatchMessageDelete(core, message));
	}),

	route('POST', '/channels/:channelId/typing', ({ params, core }) => {
		core.state.requireChannel(params.channelId);
		return noContent();
	}),

	route('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', ({ params, core }) => {
		core.state.requireMessage(params.channelId, params.messageId);
		return noContent();
	}),
];

/** A nonce comes back only on the create response and MESSAGE_CREATE; fetched history does not carry it. */
function withoutNonce(message: APIMessage): APIMessage {
	const { nonce: _nonce, ...rest } = message;
	return rest;
}

/**
 * Discord's history paging: newest first; `before`/`after`/`around` pick the window.
 *
 * @see https://discord.com/developers/docs/resources/message#get-channel-messages
 */
function pageMessages(all: readonly APIMessage[], query: URLSearchParams, limit: number): APIMessage[] {
	const before = query.get('before');
	const after = query.get('after');
	const around = query.get('around');
	let window: APIMessage[];
	if (after) {
		window = all.filter((m) => compareSnowflakes(m.id, after) > 0).slice(0, limit);
	} else if (before) {
		window = all.filter((m) => compareSnowflakes(m.id, before) < 0).slice(-limit);
	} else if (around) {
		const index = all.findIndex((m) => compareSnowflakes(m.id, around) >= 0);
		const start = Math.max(0, (index < 0 ? all.length : index) - Math.floor(limit / 2));
		window = all.slice(start, start + limit);
	} else {
		window = all.slice(-limit);
	}
	return [...window].reverse();
}
