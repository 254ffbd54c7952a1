/**
 * What the LLM adapter needs from storage, implemented (structurally, checked where `src/app.ts` wires them) by
 * `src/store/llm-cache.ts`. Times are epoch milliseconds
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
