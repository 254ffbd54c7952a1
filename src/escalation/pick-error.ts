import type { ErrorBody } from '../triage/types.js';

/**
 * Words of an HTTP status line or a bare complaint ("403 Forbidden Error", "HTTP 401 Unauthorized", "Request
 * failed with status code 429"): a message made only of these and numbers says nothing the status does not.
 */
const STATUS_WORDS =
	/\b(?:https?|status|code|error|errors|err|request|failed|failure|with|getting|got|keep|an?|the|forbidden|unauthori[sz]ed|bad|not|found|payment|required|too|many|requests|internal|server|service|unavailable|gateway|time-?out|conflict|method|allowed|unprocessable|entity)\b/gi;

/** True when a message is only a status and its reason phrase (or empty), e.g. "Forbidden Error", "403 Forbidden". */
export function isStatusOnly(message: string | null): boolean {
	if (message === null) return true;
	return (
		message
			.replace(/\d+/g, ' ')
			.replace(STATUS_WORDS, ' ')
			.replace(/[^\p{L}]+/gu, '') === ''
	);
}

/** Shapes that mean the user pasted what the API returned, not a description of it. */
const STRUCTURED = new Set(['json', 'python-dict', 'http-dump', 'html', 'exception']);

/** How much an error record tells support; higher is more. Status-only records score below any real message. */
export function errorScore(e: ErrorBody): number {
	let score = e.status === null ? 0 : 0.5;
	const informative = !isStatusOnly(e.message);
	if (informative) score += 4 + Math.min(e.message?.length ?? 0, 200) / 100;
	if (e.providerError?.message) score += 3;
	if (e.code !== null && e.code !== String(e.status)) score += 1;
	if (e.type !== null) score += 1;
	if (e.requestId !== null) score += 1;
	if (informative && e.shapes.some((s) => STRUCTURED.has(s))) score += 2;
	return score;
}

/**
 * The error to show support: the most informative of the candidates (see `errorScore`); on a tie the later one,
 * since a thread's later messages carry what the owner found after the first post. Null when there is none.
 */
export function pickError(candidates: readonly (ErrorBody | null | undefined)[]): ErrorBody | null {
	let best: ErrorBody | null = null;
	let bestScore = Number.NEGATIVE_INFINITY;
	for (const c of candidates) {
		if (c === null || c === undefined) continue;
		const score = errorScore(c);
		if (score >= bestScore) {
			best = c;
			bestScore = score;
		}
	}
	return best;
}
