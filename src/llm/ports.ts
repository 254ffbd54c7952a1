/**
 * What the LLM adapter needs from storage, implemented by `src/store/llm-cache.ts`. Times are epoch milliseconds
 * from the caller's clock; "today" is the UTC calendar day of `now`.
 */

/** Tokens spent per UTC day, so the daily budget survives restarts. */
export interface TokenLedger {
	/** Tokens recorded on the UTC day containing `now`. */
	usedToday(now: number): number;
	/** Adds `tokens` (≥ 0) to the UTC day containing `now`. */
	add(now: number, tokens: number): void;
}

/** Model ids an endpoint listed, per base URL. */
export interface ModelCache {
	/** The ids stored for `baseUrl`, or null when none are stored or they were fetched `ttlMs` or more ago. */
	get(baseUrl: string, now: number, ttlMs: number): string[] | null;
	/** Replaces the ids stored for `baseUrl`. */
	put(baseUrl: string, ids: readonly string[], now: number): void;
}

/** Which path produced an answer, as `/doorman status` shows it. */
export const ANSWER_PATHS = ['kb', 'llm-phrased', 'llm-assisted'] as const;
export type AnswerPath = (typeof ANSWER_PATHS)[number];

export interface AnswerPathLog {
	/** Records (or corrects) the path that produced the bot's answer to `messageId`. */
	record(messageId: string, path: AnswerPath, now: number): void;
	/** Answers per path, every path present (0 when none); only those at or after `since` when given. */
	counts(since?: number): Record<AnswerPath, number>;
}

/** The time source; the same shape as the thread core's `Clock`. */
export interface LlmClock {
	now(): number;
}
