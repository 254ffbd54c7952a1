import {
	type APIChannel,
	type APIThreadChannel,
	ChannelType,
	GatewayDispatchEvents,
	ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { ApiError, ErrorCodes, invalidFormBody } from './api-error.js';
import { parseBody } from './body-schemas.js';
import type { SandboxCore } from './core.js';
import { dispatchPayload } from './intents.js';
import { snapshotChannel } from './payloads.js';
import { json, route } from './rest-types.js';
import { isThread } from './state.js';

const ChannelPatchSchema = z.object({
	name: z.string().min(1).max(100).optional(),
	archived: z.boolean().optional(),
	locked: z.boolean().optional(),
	applied_tags: z.array(z.string()).optional(),
	auto_archive_duration: z.nativeEnum(ThreadAutoArchiveDuration).optional(),
	rate_limit_per_user: z.number().int().min(0).max(21_600).nullable().optional(),
	topic: z.string().max(4096).nullable().optional(),
});
type ChannelPatch = z.infer<typeof ChannelPatchSchema>;

/** Discord's cap on tags per forum post. */
const MAX_APPLIED_TAGS = 5;

/** Channel and thread routes. @see https://discord.com/developers/docs/resources/channel */
export const channelRoutes = [
	route('GET', '/channels/:channelId', ({ params, core }) => json(core.state.requireChannel(params.channelId))),

	route('PATCH', '/channels/:channelId', ({ params, request, core }) => {
		const channel = core.state.requireChannel(params.channelId);
		const patch = parseBody(ChannelPatchSchema, request.body);
		if (isThread(channel)) {
			patchThread(core, channel, patch);
			const snapshot = snapshotChannel(channel);
			return json(snapshot, 200, () =>
				core.gateway.dispatch(dispatchPayload(GatewayDispatchEvents.ThreadUpdate, snapshot)),
			);
		}
		// The sandbox holds guild channels only; this narrows the type for CHANNEL_UPDATE.
		if (channel.type === ChannelType.DM || channel.type === ChannelType.GroupDM) throw new Error('unreachable');
		patchChannel(channel, patch);
		const snapshot = { ...snapshotChannel(channel), guild_id: core.state.guildId };
		return json(snapshot, 200, () =>
			core.gateway.dispatch(dispatchPayload(GatewayDispatchEvents.ChannelUpdate, snapshot)),
		);
	}),

	route('GET', '/guilds/:guildId/threads/active', ({ core }) =>
		json({ threads: core.state.activeThreads(), members: [] }),
	),
];

/**
 * Thread edits. Discord refuses changes to an archived thread unless the same request unarchives
 * it (archiving/locking alone is fine), and checks tags against the parent forum.
 */
function patchThread(core: SandboxCore, thread: APIThreadChannel, patch: ChannelPatch): void {
	const metadata = thread.thread_metadata;
	const changesContent =
		patch.name !== undefined || patch.applied_tags !== undefined || patch.rate_limit_per_user !== undefined;
	if (metadata?.archived && patch.archived !== false && changesContent) {
		throw new ApiError(400, ErrorCodes.ThreadArchived, 'Thread is archived');
	}
	if (patch.applied_tags !== undefined) {
		const parent = thread.parent_id ? core.state.channels.get(thread.parent_id) : undefined;
		if (!parent || parent.type !== ChannelType.GuildForum) {
			throw invalidFormBody('applied_tags', 'CHANNEL_PARENT_INVALID_TYPE', 'Tags are only valid in forum threads.');
		}
		if (patch.applied_tags.length > MAX_APPLIED_TAGS) {
			throw invalidFormBody('applied_tags', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_APPLIED_TAGS} or fewer in length.`);
		}
		const known = new Set(parent.available_tags.map((tag) => tag.id));
		const unknown = patch.applied_tags.find((id) => !known.has(id));
		if (unknown !== undefined) {
			throw invalidFormBody('applied_tags', 'CHANNEL_INVALID_TAG', `Unknown tag ${unknown}.`);
		}
		thread.applied_tags = [...new Set(patch.applied_tags)];
	}
	if (patch.name !== undefined) thread.name = patch.name;
	if (patch.rate_limit_per_user !== undefined) thread.rate_limit_per_user = patch.rate_limit_per_user ?? 0;
	if (metadata) {
		if (patch.archived !== undefined && patch.archived !== metadata.archived) {
			metadata.archived = patch.archived;
			metadata.archive_timestamp = new Date().toISOString();
		}
		if (patch.locked !== undefined) metadata.locked = patch.locked;
		if (patch.auto_archive_duration !== undefined) metadata.auto_archive_duration = patch.auto_archive_duration;
	}
}

function patchChannel(channel: APIChannel, patch: ChannelPatch): void {
	if (patch.name !== undefined) channel.name = patch.name;
	if (patch.topic !== undefined && 'topic' in channel) channel.topic = patch.topic;
	if (patch.rate_limit_per_user !== undefined && 'rate_limit_per_user' in channel) {
		channel.rate_limit_per_user = patch.rate_limit_per_user ?? 0;
	}
}
