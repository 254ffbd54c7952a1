import type { RESTOptions } from 'discord.js';

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Discord's global limit (50 requests a second per bot) is counted where requests arrive; discord.js counts its own
 * fixed one-second window where it decides to send, and lets a whole window's worth go at once. Under CPU contention the
 * time between deciding and arriving stretches and varies, so two of discord.js's windows overlap one of Discord's and
 * the overlap is answered with 429s. Spacing requests evenly, a little below the limit, measured when each one really
 * leaves, keeps any second's arrivals under the limit even when each request is delayed by up to a few hundred ms.
 */
export const PACED_REQUESTS_PER_SECOND = 40;

export interface PacerTime {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const realTime: PacerTime = {
	now: () => performance.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A queue that grants one request at a time, each at least `1000 / perSecond` ms after the previous grant. The gap is
 * measured from when the previous grant really happened, so a stalled event loop never releases a catch-up burst.
 */
export function requestPacer(perSecond: number, time: PacerTime = realTime): () => Promise<void> {
	const intervalMs = 1000 / perSecond;
	let lastGrantAt = Number.NEGATIVE_INFINITY;
	let tail: Promise<void> = Promise.resolve();
	return () => {
		const turn = tail.then(async () => {
			const wait = lastGrantAt + intervalMs - time.now();
			if (wait > 0) await time.sleep(wait);
			lastGrantAt = time.now();
		});
		tail = turn;
		return turn;
	};
}

/** Interaction callbacks and follow-ups (webhook routes) are outside Discord's global limit: never held back. */
export function isGlobalLimited(url: string): boolean {
	return !/\/(?:interactions|webhooks)\//.test(new URL(url).pathname);
}

/** Wraps the REST transport so every globally limited request waits for its turn just before it is sent. */
export function pacedRequest(makeRequest: MakeRequest, nextTurn: () => Promise<void>): MakeRequest {
	return async (url, init) => {
		if (isGlobalLimited(url)) await nextTurn();
		return makeRequest(url, init);
	};
}
