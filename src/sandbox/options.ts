import { BOT_PERMISSIONS } from './permissions.js';

/** A guild member the sandbox creates at start-up. */
export interface MemberSpec {
	/** Username; also the name that `by` refers to in the driver API. */
	readonly name: string;
	/** Role names (`moderator`, `helper`). @defaultValue `[]` */
	readonly roles?: readonly string[];
}

/** Modelled Discord rate limits; only active when passed to {@link SandboxOptions.rateLimits}. */
export interface RateLimitModel {
	/** Message creation per channel, e.g. 5 per 5 s as on Discord. `false` turns it off. */
	readonly messagesPerChannel?: { readonly limit: number; readonly windowMs: number } | false;
	/** Requests per second over all bot-authenticated routes (Discord: 50). `false` turns it off. */
	readonly globalPerSecond?: number | false;
}

/** Options of {@link startSandbox}. Every field has a default suited to tests. */
export interface SandboxOptions {
	/** The bot token the sandbox accepts. @defaultValue {@link DEFAULT_TOKEN} */
	readonly token?: string;
	/** Username of the bot user. @defaultValue `'Doorman'` */
	readonly botName?: string;
	/** @defaultValue `'Sandbox'` */
	readonly guildName?: string;
	/** @defaultValue {@link DEFAULT_MEMBERS} */
	readonly members?: readonly MemberSpec[];
	/**
	 * Sent in HELLO. The client's first beat comes after interval × jitter, so the long default keeps
	 * heartbeats out of the way; use ~300 ms for zombie-connection tests. @defaultValue `41250`
	 */
	readonly heartbeatIntervalMs?: number;
	/** How long an interaction may wait for its first callback. @defaultValue `3000` (Discord's limit) */
	readonly interactionDeadlineMs?: number;
	/** Modelled rate limits; `true` means Discord's numbers. @defaultValue `false` */
	readonly rateLimits?: RateLimitModel | boolean;
	/** Privileged intents the application is "approved" for; others close with 4014. @defaultValue all */
	readonly allowedPrivilegedIntents?: number;
	/** Dispatches kept per session for RESUME. @defaultValue `1000` */
	readonly replayBufferSize?: number;
	/** @defaultValue `0` (a free port) */
	readonly port?: number;
	/**
	 * Guild permissions of the bot's managed role. The default is what the README recommends inviting the bot with,
	 * Manage Messages included, so the sandbox shows what a well-configured server sees.
	 * @defaultValue {@link BOT_PERMISSIONS}
	 */
	readonly botPermissions?: bigint;
}

/** Any string works as a token; this one is long enough for config checks that look at length. */
export const DEFAULT_TOKEN = 'sandbox.bot-token.for-local-use-only';

export const DEFAULT_MEMBERS: readonly MemberSpec[] = [
	{ name: 'alice' },
	{ name: 'bob' },
	{ name: 'mod', roles: ['moderator'] },
	{ name: 'helper', roles: ['helper'] },
];

/** Discord's documented numbers. @see https://discord.com/developers/docs/topics/rate-limits */
export const DISCORD_RATE_LIMITS: Required<RateLimitModel> = {
	messagesPerChannel: { limit: 5, windowMs: 5000 },
	globalPerSecond: 50,
};

export interface ResolvedOptions {
	readonly token: string;
	readonly botName: string;
	readonly guildName: string;
	readonly members: readonly MemberSpec[];
	readonly heartbeatIntervalMs: number;
	readonly interactionDeadlineMs: number;
	readonly rateLimits: RateLimitModel | undefined;
	readonly allowedPrivilegedIntents: number;
	readonly replayBufferSize: number;
	readonly port: number;
	readonly botPermissions: bigint;
}

/** GuildMembers | GuildPresences | MessageContent. */
const ALL_PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
	const rateLimits =
		options.rateLimits === true
			? DISCORD_RATE_LIMITS
			: options.rateLimits === false || options.rateLimits === undefined
				? undefined
				: options.rateLimits;
	return {
		token: options.token ?? DEFAULT_TOKEN,
		botName: options.botName ?? 'Doorman',
		guildName: options.guildName ?? 'Sandbox',
		members: options.members ?? DEFAULT_MEMBERS,
		heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
		interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
		rateLimits,
		allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? ALL_PRIVILEGED_INTENTS,
		replayBufferSize: options.replayBufferSize ?? 1000,
		port: options.port ?? 0,
		botPermissions: options.botPermissions ?? BOT_PERMISSIONS,
	};
}
