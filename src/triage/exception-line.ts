import { clip } from './limits.js';
import { messageFromTail } from './status-text.js';

/**
 * Exception classes of the SDKs and the HTTP status each stands for.
 * @see https://github.com/openai/openai-python/blob/main/src/openai/_exceptions.py
 */
export const EXCEPTION_STATUS: Readonly<Record<string, number | null>> = {
	PermissionDeniedError: 403,
	AuthenticationError: 401,
	RateLimitError: 429,
	BadRequestError: 400,
	NotFoundError: 404,
	ConflictError: 409,
	UnprocessableEntityError: 422,
	InternalServerError: 500,
	APIStatusError: null,
	APIError: null,
	APIConnectionError: null,
	OpenAIError: null,
	AnthropicError: null,
	// AWS (botocore / SDK v3)
	AccessDeniedException: 403,
	UnrecognizedClientException: 403,
	ValidationException: 400,
	ThrottlingException: 429,
	ResourceNotFoundException: 404,
	ServiceUnavailableException: 503,
	ModelNotReadyException: null,
	// google.api_core.exceptions, azure.core.exceptions, generic HTTP clients
	PermissionDenied: 403,
	Forbidden: 403,
	Unauthenticated: 401,
	Unauthorized: 401,
	ClientAuthenticationError: 401,
	ResourceExhausted: 429,
	HttpResponseError: null,
	HTTPError: null,
	HTTPStatusError: null,
	HTTPException: null,
	ForbiddenError: 403,
	UnauthorizedError: 401,
	AxiosError: null,
	GoogleGenerativeAIFetchError: null,
	GoogleGenerativeAIError: null,
};

/** An exception line: `openai.PermissionDeniedError: Error code: 403 - {…}`, `AccessDeniedException: An error …`. */
export interface ExceptionHit {
	readonly className: string;
	/** Qualified name as printed (`anthropic.PermissionDeniedError`). */
	readonly qualified: string;
	readonly status: number | null;
	readonly message: string | null;
	readonly code: string | null;
	readonly index: number;
	/** The line from the class name to its end, for the excerpt. */
	readonly line: string;
}

const EXCEPTION =
	/(?<![\w.])((?:[A-Za-z_][\w]{0,40}\.){0,6})([A-Z][A-Za-z0-9]{1,60}(?:Error|Exception)|PermissionDenied|Forbidden|Unauthenticated|Unauthorized|ResourceExhausted)\b(?![.(])(?:[ \t]{0,2}\[HTTP[ \t]{1,2}([1-5]\d\d)\])?/g;
/** Names that look API-related when they are not in {@link EXCEPTION_STATUS}. */
const API_ISH =
	/API|OpenAI|Anthropic|Http|HTTP|Status|Auth|Permission|Access|Denied|Forbidden|RateLimit|Bedrock|Gemini/;

/**
 * Finds exception classes of API SDKs (Python tracebacks, Node `console.error`, AWS, Google, Azure) and what follows
 * them on the line. Generic language errors (`TypeError`, `KeyError` …) are ignored.
 */
export function findExceptions(text: string): ExceptionHit[] {
	const hits: ExceptionHit[] = [];
	const re = new RegExp(EXCEPTION.source, EXCEPTION.flags);
	for (let m = re.exec(text); m !== null && hits.length < 50; m = re.exec(text)) {
		const className = m[2] ?? '';
		const known = className in EXCEPTION_STATUS;
		if (!known && !API_ISH.test(className)) continue;
		// `Forbidden` alone is a reason phrase; as a class it is printed qualified (`…exceptions.Forbidden`).
		if (!/(?:Error|Exception)$/.test(className) && (m[1] ?? '') === '') continue;
		const after = m.index + m[0].length;
		let lineEnd = text.indexOf('\n', after);
		if (lineEnd === -1) lineEnd = text.length;
		const rest = text.slice(after, Math.min(lineEnd, after + 2000));
		const colon = /^[ \t]{0,2}:[ \t]{0,4}/.exec(rest);
		const parsed = colon === null ? { message: null, code: null } : messageFromTail(rest.slice(colon[0].length));
		const explicit = m[3] === undefined ? null : Number(m[3]);
		hits.push({
			className,
			qualified: `${m[1] ?? ''}${className}`,
			status: explicit ?? EXCEPTION_STATUS[className] ?? null,
			message: parsed.message,
			code: parsed.code,
			index: m.index,
			line: clip(text.slice(m.index, lineEnd).trim()),
		});
	}
	return hits;
}
