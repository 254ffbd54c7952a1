import { Client, type ClientOptions, DefaultRestOptions, GatewayIntentBits } from 'discord.js';
import { redactingRequest } from './redacting-rest.js';
import { PACED_REQUESTS_PER_SECOND, pacedRequest, requestPacer } from './request-pacer.js';

/** Where the client talks to: real Discord (defaults) or a local sandbox. */
export interface DiscordEndpoint {
	/** REST base without the version, e.g. `http://127.0.0.1:PORT/api`. Undefined: discord.com. */
	readonly restApi?: string;
	/**
	 * Test-only speed-ups for a local sandbox: lift the client's own 50 req/s limiter and the
	 * 5-second identify throttle. Never set against real Discord.
	 */
	readonly isLocalSandbox?: boolean;
}

/** Intents the bot needs: guilds (channels, threads, roles), guild messages, and their content. */
export const BOT_INTENTS = [
	GatewayIntentBits.Guilds,
	GatewayIntentBits.GuildMessages,
	GatewayIntentBits.MessageContent,
];

export function createDiscordClient(endpoint: DiscordEndpoint = {}): Client {
	const options: ClientOptions = {
		intents: BOT_INTENTS,
		// No message mentions anywhere unless a reply opts in explicitly.
		allowedMentions: { parse: [], repliedUser: false },
		rest: {
			// Redaction first, pacing last: the pace is measured when a request really leaves.
			makeRequest: redactingRequest(
				endpoint.isLocalSandbox
					? DefaultRestOptions.makeRequest
					: pacedRequest(DefaultRestOptions.makeRequest, requestPacer(PACED_REQUESTS_PER_SECOND)),
			),
			...(endpoint.restApi === undefined ? {} : { api: endpoint.restApi }),
			// discord.js's own window at the same rate keeps the backlog in its queue, before a request's timeout starts.
			globalRequestsPerSecond: endpoint.isLocalSandbox ? 1e6 : PACED_REQUESTS_PER_SECOND,
		},
		...(endpoint.isLocalSandbox
			? { ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) } }
			: {}),
	};
	return new Client(options);
}
