import {
	type APIModalInteractionResponseCallbackData,
	InteractionResponseType,
	InteractionType,
	MessageFlags,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { ApiError, ErrorCodes, invalidFormBody } from './api-error.js';
import { MessageBodySchema, MessageEditSchema, parseBody } from './body-schemas.js';
import type { SandboxCore } from './core.js';
import { createInteractionMessage, isEphemeral, resolveWebhookMessage } from './interaction-responses.js';
import type { InteractionRecord } from './interactions.js';
import { dispatchMessageDelete, dispatchMessageUpdate, editMessage } from './messages.js';
import type { ApiRequest } from './rest-types.js';
import { json, noContent, route } from './rest-types.js';

const CallbackSchema = z.object({ type: z.number().int(), data: z.unknown().optional() });

/** Interaction tokens work for follow-ups and edits for 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;
const ModalSchema = z.object({
	custom_id: z.string().min(1).max(100),
	title: z.string().min(1).max(45),
	components: z.array(z.custom<APIModalInteractionResponseCallbackData['components'][number]>(isObject)).min(1),
});

/**
 * Interaction callbacks and the interaction webhook (follow-ups, editReply). These routes take no
 * Authorization header: the interaction token is the credential.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding
 */
export const interactionRoutes = [
	route(
		'POST',
		'/interactions/:interactionId/:token/callback',
		({ params, request, core }) => {
			const record = core.interactions.get(params.interactionId);
			if (!record || record.token !== params.token) throw unknownInteraction();
			if (core.interactions.isAcknowledged(record)) {
				throw new ApiError(
					400,
					ErrorCodes.InteractionAlreadyAcknowledged,
					'Interaction has already been acknowledged.',
				);
			}
			// Discord forgets an unanswered interaction after 3 s; a late answer gets Unknown interaction.
			if (core.clock.now() - record.createdAt > core.options.interactionDeadlineMs) throw unknownInteraction();
			const body = parseBody(CallbackSchema, request.body);
			const result = respond(core, record, body.type, body.data, request);
			record.callbacks.push({ type: body.type, data: body.data, at: core.clock.now() });
			if (request.query.get('with_response') !== 'true') return noContent(result.afterResponse);
			const message = result.messageId ? core.state.findMessage(result.messageId) : undefined;
			const interaction = {
				id: record.id,
				type: record.type,
				...(message
					? {
							response_message_id: message.id,
							response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
							response_message_ephemeral: isEphemeral(message),
						}
					: {}),
			};
			return json(
				{ interaction, resource: { type: body.type, ...(message ? { message } : {}) } },
				200,
				result.afterResponse,
			);
		},
		{ auth: false },
	),

	route(
		'POST',
		'/webhooks/:appId/:token',
		({ params, request, core }) => {
			const record = webhookRecord(core, params.appId, params.token);
			const body = parseBody(MessageBodySchema, request.body);
			const loading = record.originalMessageId ? core.state.findMessage(record.originalMessageId) : undefined;
			if (loading && ((loading.flags ?? 0) & MessageFlags.Loading) !== 0) {
				// Right after a deferred reply (callback 5), Discord turns a follow-up into an edit of the loading
				// message; the deferral's ephemeral flag stays, whatever the follow-up asks for.
				editMessage(core, loading, parseBody(MessageEditSchema, request.body), request.files);
				loading.flags = (loading.flags ?? 0) & ~MessageFlags.Loading;
				const afterEdit = () => {
					if (!isEphemeral(loading)) dispatchMessageUpdate(core, loading);
				};
				return request.query.get('wait') === 'false' ? noContent(afterEdit) : json(loading, 200, afterEdit);
			}
			const { message, afterResponse } = createInteractionMessage(core, record, body, request.files);
			record.followUpIds.push(message.id);
			return request.query.get('wait') === 'false' ? noContent(afterResponse) : json(message, 200, afterResponse);
		},
		{ auth: false },
	),

	route(
		'GET',
		'/webhooks/:appId/:token/messages/:messageId',
		({ params, core }) =>
			json(resolveWebhookMessage(core, webhookRecord(core, params.appId, params.token), params.messageId)),
		{ auth: false },
	),

	route(
		'PATCH',
		'/webhooks/:appId/:token/messages/:messageId',
		({ params, request, core }) => {
			const record = webhookRecord(core, params.appId, params.token);
			const message = resolveWebhookMessage(core, record, params.messageId);
			editMessage(core, message, parseBody(MessageEditSchema, request.body), request.files);
			// Editing a deferred response fills it in.
			message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
			return json(message, 200, () => {
				if (!isEphemeral(message)) dispatchMessageUpdate(core, message);
			});
		},
		{ auth: false },
	),

	route(
		'DELETE',
		'/webhooks/:appId/:token/messages/:messageId',
		({ params, core }) => {
			const record = webhookRecord(core, params.appId, params.token);
			const message = resolveWebhookMessage(core, record, params.messageId);
			if (isEphemeral(message)) {
				core.state.ephemeral.delete(message.id);
				return noContent();
			}
			core.state.removeMessage(message.channel_id, message.id);
			return noContent(() => dispatchMessageDelete(core, message));
		},
		{ auth: false },
	),
];

interface CallbackOutcome {
	readonly messageId?: string;
	readonly afterResponse?: () => void;
}

function respond(
	core: SandboxCore,
	record: InteractionRecord,
	type: number,
	data: unknown,
	request: ApiRequest,
): CallbackOutcome {
	const isComponent = record.type === InteractionType.MessageComponent;
	const fromComponent = isComponent || (record.type === InteractionType.ModalSubmit && record.componentMessageId);
	switch (type) {
		case InteractionResponseType.ChannelMessageWithSource:
		case InteractionResponseType.DeferredChannelMessageWithSource: {
			const body = parseBody(MessageBodySchema, data);
			const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource;
			const { message, afterResponse } = createInteractionMessage(
				core,
				record,
				deferred ? { flags: ((body.flags ?? 0) & MessageFlags.Ephemeral) | MessageFlags.Loading } : body,
				deferred ? [] : request.files,
			);
			record.originalMessageId = message.id;
			return { messageId: message.id, afterResponse };
		}
		case InteractionResponseType.DeferredMessageUpdate:
			if (!fromComponent) throw invalidResponseType();
			return {};
		case InteractionResponseType.UpdateMessage: {
			const message = record.componentMessageId ? core.state.findMessage(record.componentMessageId) : undefined;
			if (!fromComponent || !message) throw invalidResponseType();
			editMessage(core, message, parseBody(MessageEditSchema, data), request.files);
			return {
				messageId: message.id,
				afterResponse: () => {
					if (!isEphemeral(message)) dispatchMessageUpdate(core, message);
				},
			};
		}
		case InteractionResponseType.ApplicationCommandAutocompleteResult:
			if (record.type !== InteractionType.ApplicationCommandAutocomplete) throw invalidResponseType();
			return {};
		case InteractionResponseType.Modal:
			if (record.type === InteractionType.ModalSubmit || record.type === InteractionType.Ping) {
				throw invalidResponseType();
			}
			record.modal = parseBody(ModalSchema, data);
			return {};
		default:
			throw invalidResponseType();
	}
}

function webhookRecord(core: SandboxCore, appId: string, token: string): InteractionRecord {
	const record = core.interactions.byToken(token);
	// Before the first callback the interaction webhook does not exist yet.
	if (!record || appId !== core.state.application.id || !core.interactions.isAcknowledged(record)) {
		throw new ApiError(404, ErrorCodes.UnknownWebhook, 'Unknown Webhook');
	}
	if (core.clock.now() - record.createdAt > TOKEN_LIFETIME_MS) throw new ApiError(401, 50027, 'Invalid Webhook Token');
	return record;
}

function unknownInteraction(): ApiError {
	return new ApiError(404, ErrorCodes.UnknownInteraction, 'Unknown interaction');
}

function invalidResponseType(): ApiError {
	return invalidFormBody(
		'type',
		'INTERACTION_RESPONSE_TYPE_INVALID',
		'Invalid interaction response type for this interaction.',
	);
}
