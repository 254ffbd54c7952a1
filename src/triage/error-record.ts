import { codeString, httpStatus, isRecord, type JsonObject, messageText, pick, str, strings } from './body-fields.js';
import { MAX_NESTED_BODIES } from './limits.js';
import { findLiterals, newParseBudget, type ParseBudget } from './parse-json-lenient.js';
import { readRouterEnvelope } from './router-envelope.js';
import type { ProviderError } from './types.js';

/** The error fields read from one parsed body (JSON, Python literal, inspect output). */
export interface ErrorRecord {
	readonly status: number | null;
	readonly message: string | null;
	readonly type: string | null;
	readonly code: string | null;
	readonly param: string | null;
	readonly requestId: string | null;
	readonly provider: string | null;
	readonly providerError: ProviderError | null;
	/** Google `ErrorInfo.reason` values from `details`. */
	readonly reasons: readonly string[];
	/** Response headers printed with the error (Node's `util.inspect` of an SDK error). */
	readonly headers: Readonly<Record<string, string>>;
	/** OpenRouter-style body: numeric `code` inside `error`, `metadata`, or a top-level `user_id`. */
	readonly routerShaped: boolean;
	/** OpenRouter's envelope proper (`error.metadata` or a top-level `user_id`): the request went through OpenRouter. */
	readonly envelope: boolean;
	readonly complete: boolean;
	/** How much of an error this is; the best-scored record is the error body. */
	readonly score: number;
}

/** gRPC / Google API status names and the HTTP status they stand for. */
export const GRPC_STATUS: Readonly<Record<string, number>> = {
	PERMISSION_DENIED: 403,
	UNAUTHENTICATED: 401,
	RESOURCE_EXHAUSTED: 429,
	INVALID_ARGUMENT: 400,
	FAILED_PRECONDITION: 400,
	NOT_FOUND: 404,
	UNAVAILABLE: 503,
	INTERNAL: 500,
};

const ANTHROPIC_TYPES = new Set([
	'permission_error',
	'authentication_error',
	'forbidden',
	'not_found_error',
	'overloaded_error',
	'rate_limit_error',
]);

function inferProvider(outer: JsonObject, inner: JsonObject, message: string | null, grpc: boolean): string | null {
	const named = str(outer.provider, 100) ?? str(inner.provider, 100);
	if (named !== null) return named;
	const text = message ?? '';
	const code = typeof inner.code === 'string' ? inner.code : '';
	// Azure codes are PascalCase (`AuthenticationTypeDisabled`, `PermissionDenied`); OpenAI's are snake_case.
	const pascal = /^[A-Z][a-z]{1,40}[A-Z]\w{1,100}$/.test(code) && !code.endsWith('Exception');
	if ('innererror' in inner || /azure|aka\.ms\/(?:aoai|cogsvc)/i.test(text) || pascal) return 'Azure';
	if (grpc || 'details' in inner || /googleapis\.com/i.test(text)) return 'Google';
	if (outer.type === 'error' || (typeof inner.type === 'string' && ANTHROPIC_TYPES.has(inner.type))) return 'Anthropic';
	if (/\bx\.ai\b/i.test(text)) return 'xAI';
	if (/platform\.openai\.com|api\.openai\.com|\bproj_\w/.test(text) || inner.type === 'request_forbidden')
		return 'OpenAI';
	return null;
}

function googleReasons(inner: JsonObject): string[] {
	const details = Array.isArray(inner.details) ? inner.details.slice(0, 10) : [];
	const reasons = details.filter(isRecord).map((d) => str(d.reason, 200));
	const own = str(inner.reason, 200);
	return [...reasons, own].filter((r): r is string => r !== null);
}

function headersOf(outer: JsonObject): Record<string, string> {
	const headers: Record<string, string> = {};
	if (!isRecord(outer.headers)) return headers;
	for (const [name, value] of Object.entries(outer.headers).slice(0, 64)) {
		const v = typeof value === 'string' || typeof value === 'number' ? String(value) : null;
		if (v !== null) headers[name.toLowerCase()] = v;
	}
	return headers;
}

/** Whether an object is an error body at all (and not, say, a request body or a config). */
function isErrorLike(outer: JsonObject, inner: JsonObject): boolean {
	if (isRecord(outer.error) || typeof outer.error === 'string') return true;
	const message = pick(inner, ['message', 'Message', 'detail', 'errorMessage']);
	if (typeof message !== 'string') return false;
	const keys = Object.keys(outer);
	return (
		keys.some((k) => ['code', 'status', 'type', 'reason', 'errorType', 'statusCode'].includes(k)) || keys.length <= 2
	);
}

function score(r: Omit<ErrorRecord, 'score'>, hasError: boolean): number {
	return (
		(hasError ? 4 : 0) +
		(r.message !== null ? 2 : 0) +
		(r.code !== null ? 1 : 0) +
		(r.type !== null ? 1 : 0) +
		(r.status !== null ? 1 : 0) +
		(r.complete ? 1 : 0) +
		(r.providerError !== null ? 2 : 0)
	);
}

/** A message that is itself a body (`"message": "{\n \"error\": …"`, `Error: 403 {"error": …}`): its best record. */
function nestedRecord(message: string | null, depth: number, budget: ParseBudget): ErrorRecord | null {
	if (message === null || depth >= MAX_NESTED_BODIES || !message.includes('{') || budget.work <= 0) return null;
	return bestRecord(
		findLiterals(message, budget).map((f) => toErrorRecord(f.value, f.complete, depth + 1, budget)),
		(r) => r.message !== null || r.code !== null,
	);
}

/**
 * An error body held by a client's error object rather than being one: Vercel AI SDK's `responseBody` (a JSON
 * string) and `data`, axios' `response.data`, `body`, `cause`. The wrapper's `statusCode` / `status_code` / `status` fills
 * the status.
 */
function wrappedRecord(outer: JsonObject, complete: boolean, depth: number, budget: ParseBudget): ErrorRecord | null {
	if (depth >= MAX_NESTED_BODIES) return null;
	const records: (ErrorRecord | null)[] = [];
	for (const [key, child] of Object.entries(outer).slice(0, 32)) {
		if (key === 'headers' || key === 'requestBodyValues' || key === 'config') continue;
		if (isRecord(child)) records.push(toErrorRecord(child, complete, depth + 1, budget));
		else if (typeof child === 'string' && child.trimStart().startsWith('{') && budget.work > 0) {
			const found = findLiterals(child, budget)[0];
			if (found !== undefined) records.push(toErrorRecord(found.value, found.complete, depth + 1, budget));
		}
	}
	const inner = bestRecord(records, (r) => r.message !== null || r.code !== null);
	if (inner === null) return null;
	const wrapperHeaders = headersOf({ headers: outer.responseHeaders ?? outer.headers });
	return {
		...inner,
		status: inner.status ?? httpStatus(outer.statusCode) ?? httpStatus(outer.status_code) ?? httpStatus(outer.status),
		headers: { ...wrapperHeaders, ...inner.headers },
	};
}

/** The best-scored record, earliest first on ties. */
export function bestRecord(
	records: readonly (ErrorRecord | null)[],
	accept: (r: ErrorRecord) => boolean = () => true,
): ErrorRecord | null {
	let best: ErrorRecord | null = null;
	for (const r of records) if (r !== null && accept(r) && (best === null || r.score > best.score)) best = r;
	return best;
}

/**
 * Reads an error body: OpenAI / Azure / OpenRouter `{"error": {...}}`, Anthropic `{"type": "error", ...}`, Google
 * `{"error": {"code", "status", "details"}}`, xAI `{"code", "error": "…"}`, gateway `{"message": "…"}`, and Node's
 * inspect of an SDK error. When the message is itself a body, the innermost one wins, and the outer one fills gaps.
 * Returns null for values that are not error bodies. Nested bodies are parsed within `budget` (shared per post).
 */
export function toErrorRecord(
	value: unknown,
	complete: boolean,
	depth = 0,
	budget: ParseBudget = newParseBudget(),
): ErrorRecord | null {
	if (Array.isArray(value)) {
		for (const item of value.slice(0, 8)) {
			const r = toErrorRecord(item, complete, depth, budget);
			if (r !== null) return r;
		}
		return null;
	}
	if (!isRecord(value)) return null;
	const outer = value;
	const inner = isRecord(outer.error) ? outer.error : outer;
	if (!isErrorLike(outer, inner)) return wrappedRecord(outer, complete, depth, budget);
	const message =
		messageText(pick(inner, ['message', 'Message', 'detail', 'errorMessage', 'error_description'])) ??
		(typeof outer.error === 'string' ? str(outer.error) : null);
	const grpcName = typeof inner.status === 'string' && inner.status in GRPC_STATUS ? inner.status : null;
	const rawCode = pick(inner, ['code', 'error_code', 'errorType']);
	const status =
		httpStatus(inner.code) ??
		httpStatus(inner.status) ??
		httpStatus(outer.status) ??
		httpStatus(outer.statusCode) ??
		httpStatus(outer.status_code) ??
		httpStatus(inner.http_status) ??
		(grpcName !== null ? (GRPC_STATUS[grpcName] ?? null) : null);
	const numericCode = httpStatus(rawCode) !== null;
	const code = (numericCode ? (grpcName ?? codeString(rawCode)) : codeString(rawCode)) ?? grpcName;
	const providerError = readRouterEnvelope(inner);
	const envelope = isRecord(inner.metadata) || 'user_id' in outer;
	const routerShaped = envelope || (typeof inner.code === 'number' && grpcName === null && !('details' in inner));
	const base = {
		status,
		message,
		type: str(inner.type, 200),
		code,
		param: str(inner.param, 200),
		requestId: str(pick(outer, ['request_id', 'requestId', 'requestID']), 200) ?? str(inner.request_id, 200),
		provider: providerError?.providerName ?? inferProvider(outer, inner, message, grpcName !== null),
		providerError,
		reasons: [...googleReasons(inner), ...strings(inner.reasons)],
		headers: headersOf(outer),
		routerShaped,
		envelope,
		complete,
	};
	const own: ErrorRecord = { ...base, score: score(base, inner !== outer || typeof outer.error === 'string') };
	const nested = nestedRecord(message, depth, budget);
	if (nested === null) return own;
	return {
		status: nested.status ?? own.status,
		message: nested.message ?? own.message,
		type: nested.type ?? own.type,
		code: nested.code ?? own.code,
		param: nested.param ?? own.param,
		requestId: nested.requestId ?? own.requestId,
		provider: nested.provider ?? own.provider,
		providerError: nested.providerError ?? own.providerError,
		reasons: [...nested.reasons, ...own.reasons],
		headers: { ...own.headers, ...nested.headers },
		routerShaped: nested.routerShaped,
		envelope: nested.envelope || own.envelope,
		complete: nested.complete,
		score: Math.max(own.score, nested.score) + 1,
	};
}
