import { codeString, isRecord, type JsonObject, messageText, pick, str, strings } from './body-fields.js';
import { clip } from './limits.js';
import { parseLiteral } from './parse-literal.js';
import type { ProviderError } from './types.js';

/** Keys of OpenRouter's `error.metadata` that describe the upstream provider or its moderation. */
const ENVELOPE_KEYS = ['raw', 'provider_name', 'reasons', 'flagged_input', 'model_slug'] as const;

/** Characters of `raw` kept in the result, as JSON. */
const MAX_RAW_JSON = 4096;

/** A parsed `raw` whose JSON is over the bound is kept as clipped text instead. */
function bounded(value: unknown): unknown {
	try {
		const json = JSON.stringify(value);
		return json === undefined || json.length <= MAX_RAW_JSON ? value : clip(json, MAX_RAW_JSON);
	} catch {
		return null;
	}
}

/** `metadata.raw` is usually the upstream body as a JSON string: parse it, else keep the (bounded) text. */
function parseRaw(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw ?? null;
	const text = raw.trim();
	if (text.startsWith('{') || text.startsWith('[')) {
		const parsed = parseLiteral(text, 0);
		if (parsed.value !== undefined && parsed.value !== null) return parsed.value;
	}
	return text.length > 0 ? clip(text) : null;
}

/** Message, code and type of an upstream body (an error object, or a bare string). */
function upstreamFields(raw: unknown): Pick<ProviderError, 'message' | 'code' | 'type'> {
	if (typeof raw === 'string') {
		const isHtml = /<(?:!doctype|html|head|title)\b/i.test(raw);
		return { message: isHtml ? null : str(raw.split('\n')[0] ?? '', 500), code: null, type: null };
	}
	const body: JsonObject | null = isRecord(raw) ? raw : Array.isArray(raw) && isRecord(raw[0]) ? raw[0] : null;
	if (body === null) return { message: null, code: null, type: null };
	const inner = isRecord(body.error) ? body.error : body;
	const message = messageText(pick(inner, ['message', 'Message', 'detail'])) ?? messageText(body.error);
	const code = codeString(pick(inner, ['code', 'status', 'error_code']));
	return { message, code, type: str(inner.type, 200) };
}

/**
 * Reads OpenRouter's router envelope from an error object: `metadata.raw` (the upstream body, itself a JSON string,
 * parsed here too), `provider_name`, moderation `reasons`, `flagged_input` and `model_slug`.
 * Returns null when the error carries none of them.
 * @see https://openrouter.ai/docs/api-reference/errors
 */
export function readRouterEnvelope(error: JsonObject): ProviderError | null {
	const metadata = error.metadata;
	if (!isRecord(metadata) || !ENVELOPE_KEYS.some((key) => key in metadata)) return null;
	const raw = parseRaw(metadata.raw);
	return {
		providerName: str(metadata.provider_name, 200),
		raw: bounded(raw),
		...upstreamFields(raw),
		reasons: strings(metadata.reasons),
		flaggedInput: str(metadata.flagged_input, 500),
		modelSlug: str(metadata.model_slug, 200),
	};
}
