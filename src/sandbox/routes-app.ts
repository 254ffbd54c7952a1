import { ApiError, ErrorCodes } from './api-error.js';
import { guildPayload } from './payloads.js';
import { json, route } from './rest-types.js';
import { isThread } from './state.js';

/**
 * Gateway discovery, users, the application and its commands, and guild reads.
 *
 * @see https://discord.com/developers/docs/events/gateway#get-gateway-bot
 */
export const appRoutes = [
	// discord.js takes the WebSocket URL from here; it appends `?v=10&encoding=json` itself, so the
	// URL must have no query. `remaining` must cover the shards or login throws.
	route('GET', '/gateway/bot', ({ core }) =>
		json({
			url: `${core.baseUrl().replace(/^http/, 'ws')}/gateway`,
			shards: 1,
			session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
		}),
	),
	route('GET', '/gateway', ({ core }) => json({ url: `${core.baseUrl().replace(/^http/, 'ws')}/gateway` }), {
		auth: false,
	}),

	route('GET', '/users/@me', ({ core }) => json(core.state.bot)),
	route('GET', '/users/:userId', ({ params, core }) => {
		const user = core.state.users.get(params.userId);
		if (!user) throw new ApiError(404, ErrorCodes.UnknownUser, 'Unknown User');
		return json(user);
	}),
	route('GET', '/applications/@me', ({ core }) =>
		json({
			id: core.state.application.id,
			name: core.state.application.name,
			flags: core.state.application.flags,
			bot: core.state.bot,
			description: '',
			icon: null,
			bot_public: false,
			bot_require_code_grant: false,
			verify_key: '0'.repeat(64),
		}),
	),

	route('GET', '/applications/:appId/commands', ({ core }) => json(core.commands.list())),
	route('PUT', '/applications/:appId/commands', ({ request, core }) => json(core.commands.overwrite(request.body))),
	route('POST', '/applications/:appId/commands', ({ request, core }) => json(core.commands.upsert(request.body), 201)),
	route('GET', '/applications/:appId/guilds/:guildId/commands', ({ params, core }) =>
		json(core.commands.list(requireGuild(core.state.guildId, params.guildId))),
	),
	route('PUT', '/applications/:appId/guilds/:guildId/commands', ({ params, request, core }) =>
		json(core.commands.overwrite(request.body, requireGuild(core.state.guildId, params.guildId))),
	),
	route('POST', '/applications/:appId/guilds/:guildId/commands', ({ params, request, core }) =>
		json(core.commands.upsert(request.body, requireGuild(core.state.guildId, params.guildId)), 201),
	),

	route('GET', '/guilds/:guildId', ({ params, core }) => {
		requireGuild(core.state.guildId, params.guildId);
		return json(guildPayload(core.state));
	}),
	route('GET', '/guilds/:guildId/channels', ({ params, core }) => {
		requireGuild(core.state.guildId, params.guildId);
		return json([...core.state.channels.values()].filter((c) => !isThread(c)));
	}),
	route('GET', '/guilds/:guildId/roles', ({ params, core }) => {
		requireGuild(core.state.guildId, params.guildId);
		return json(core.state.roles);
	}),
	route('GET', '/guilds/:guildId/members/:userId', ({ params, core }) => {
		requireGuild(core.state.guildId, params.guildId);
		const member = core.state.members.get(params.userId);
		if (!member) throw new ApiError(404, ErrorCodes.UnknownMember, 'Unknown Member');
		return json(member);
	}),
];

function requireGuild(known: string, requested: string): string {
	if (requested !== known) throw new ApiError(404, 10004, 'Unknown Guild');
	return requested;
}
