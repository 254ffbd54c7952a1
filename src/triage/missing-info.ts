import type { CodeSnippet, ErrorBody, MissingInfo } from './types.js';

/** Messages that say no more than the status: `Forbidden`, `403 Forbidden Error` (a thread title), `Request failed with status code 403`, `403 status code (no body)`. */
const THIN_MESSAGE =
	/^(?:(?:error|http(?:\/\d(?:\.\d)?)?|status|api error)?[ \t:]{0,3}\d{3}[ \t:-]{0,3})?(?:forbidden|unauthori[sz]ed|bad request|access denied|permission denied|request failed(?: with status code \d{3})?|\d{3} status code \(no body\)|status code \d{3}|error|failed|denied|not allowed)?(?:[ \t]+(?:error|exception|issue|problem))?[ \t.!]*$/i;
/** Response headers that identify who answered, enough to diagnose an edge or proxy block without a body. */
const TELLING_HEADERS = ['cf-ray', 'cf-mitigated', 'x-squid-error', 'policy-id', 'server', 'x-amzn-errortype'];

/**
 * Whether a message is too thin to diagnose: under 12 characters, or only a status and its reason phrase.
 */
export function isThinMessage(message: string | null): boolean {
	if (message === null) return true;
	const t = message.trim();
	if (t.length > 120) return false;
	const bare = t.replace(/^[\s("'`[]{1,10}|[\s)"'`\].!]{1,10}$/g, '');
	return bare.length < 12 || THIN_MESSAGE.test(bare);
}

/**
 * Whether the error body is absent or too thin to diagnose. Thin means: no message beyond the status (see
 * {@link isThinMessage}), and no code, no type, no upstream provider error, no HTML page facts, no telling
 * response header (`server`, `cf-ray`, `x-squid-error` …) and no `Content-Length: 0` (a body known to be empty). So a bare "403", "403 Forbidden" or "403 status code (no body)" is thin; "403 Key limit exceeded …"
 * or a Cloudflare `error code: 1010` is not.
 */
export function isErrorBodyMissing(error: ErrorBody | null): boolean {
	if (error === null) return true;
	if (!isThinMessage(error.message)) return false;
	if (error.code !== null || error.type !== null || error.providerError !== null || error.html !== null) return false;
	// `Content-Length: 0` shows the whole body: it was empty, and asking for it again would not help.
	if (error.headers['content-length'] === '0') return false;
	return !TELLING_HEADERS.some((h) => h in error.headers);
}

/**
 * Whether the code that made the call is absent or too thin: no code at all, or code that shows neither the client
 * (a known SDK or HTTP tool) nor where it sends requests (`base_url` or an API host).
 */
export function isCodeMissing(snippet: CodeSnippet | null): boolean {
	if (snippet === null) return true;
	const knownClient = snippet.sdk !== null && snippet.sdk !== 'other';
	return !knownClient && snippet.baseUrl === null && snippet.host === null;
}

/**
 * What to ask the poster for, in the order the bot asks: the error body, the model id, the code.
 * The model is missing when no model id could be found anywhere in the post.
 */
export function findMissingInfo(
	error: ErrorBody | null,
	model: string | null,
	snippet: CodeSnippet | null,
): MissingInfo[] {
	const missing: MissingInfo[] = [];
	if (isErrorBodyMissing(error)) missing.push('error_body');
	if (model === null) missing.push('model');
	if (isCodeMissing(snippet)) missing.push('code');
	return missing;
}
