import type { RateLimitModel } from './options.js';

/** A 429 the model decided on, or the headers of an allowed request. */
export type RateLimitVerdict =
	| { readonly limited: false; readonly headers: Readonly<Record<string, string>> }
	| {
			readonly limited: true;
			readonly retryAfter: number;
			readonly isGlobal: boolean;
			readonly headers: Readonly<Record<string, string>>;
	  };

interface Window {
	count: number;
	resetAt: number;
}

const MESSAGE_ROUTE = 'POST /channels/:channelId/messages';

/**
 * Optional model of Discord's limits: a fixed window per channel for message creation and a
 * global per-second budget for bot-authenticated requests. Interaction routes are exempt from the
 * global limit, as on Discord. Allowed message requests carry real `X-RateLimit-*` headers, so
 * discord.js queues itself before hitting a 429, as it does against Discord.
 *
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
export class RateLimiter {
	readonly #channels = new Map<string, Window>();
	#global: Window = { count: 0, resetAt: 0 };

	/** `now`: the sandbox clock, so a test moves past a window (a bot restarted later) without waiting. */
	constructor(
		private readonly model: RateLimitModel | undefined,
		private readonly now: () => number = Date.now,
	) {}

	check(routeKey: string, params: Readonly<Record<string, string>>, isBotAuth: boolean): RateLimitVerdict {
		const now = this.now();
		const globalLimit = this.model?.globalPerSecond;
		if (isBotAuth && typeof globalLimit === 'number') {
			if (now >= this.#global.resetAt) this.#global = { count: 0, resetAt: now + 1000 };
			if (this.#global.count >= globalLimit) {
				const retryAfter = (this.#global.resetAt - now) / 1000;
				return {
					limited: true,
					retryAfter,
					isGlobal: true,
					headers: { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
				};
			}
			this.#global.count++;
		}
		const perChannel = this.model?.messagesPerChannel;
		const channelId = params.channelId;
		if (routeKey !== MESSAGE_ROUTE || !perChannel || channelId === undefined) return { limited: false, headers: {} };
		let window = this.#channels.get(channelId);
		if (!window || now >= window.resetAt) {
			window = { count: 0, resetAt: now + perChannel.windowMs };
			this.#channels.set(channelId, window);
		}
		const resetAfter = (window.resetAt - now) / 1000;
		if (window.count >= perChannel.limit) {
			return {
				limited: true,
				retryAfter: resetAfter,
				isGlobal: false,
				headers: { ...limitHeaders(perChannel.limit, 0, window.resetAt, resetAfter), 'X-RateLimit-Scope': 'user' },
			};
		}
		window.count++;
		return {
			limited: false,
			headers: limitHeaders(perChannel.limit, perChannel.limit - window.count, window.resetAt, resetAfter),
		};
	}
}

export function limitHeaders(
	limit: number,
	remaining: number,
	resetAt: number,
	resetAfter: number,
): Record<string, string> {
	return {
		'X-RateLimit-Limit': String(limit),
		'X-RateLimit-Remaining': String(remaining),
		'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
		'X-RateLimit-Reset-After': resetAfter.toFixed(3),
	};
}
