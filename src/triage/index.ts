import type { PostText } from '../model.js';
import { readErrorBody, withLayer } from './extract-error-body.js';
import { extractModelIds } from './extract-model-id.js';
import { extractSnippet } from './extract-snippet.js';
import { findMissingInfo } from './missing-info.js';
import { assemblePostText } from './post-text.js';
import { redactDeep, redactSecrets, redactString } from './redact-secrets.js';
import { resolveRoute } from './route.js';
import { analyseText } from './text-regions.js';
import { type ErrorBody, type SecretKind, SecretKindSchema, type Triage } from './types.js';

export { MAX_ATTACHMENT_CHARS, MAX_ATTACHMENTS, MAX_INPUT_CHARS, MAX_TITLE_CHARS } from './limits.js';
export { isCodeMissing, isErrorBodyMissing, isThinMessage } from './missing-info.js';
export { normaliseModelId } from './model-id.js';
export { redactSecrets } from './redact-secrets.js';
export * from './types.js';

/** Second redaction pass over fields built from parsed values (a key hidden by `\u` escapes in a JSON string). */
function redactError(error: ErrorBody | null): ErrorBody | null {
	if (error === null) return null;
	const r = (s: string | null): string | null => (s === null ? null : redactString(s));
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(error.headers)) headers[redactString(name)] = redactString(value);
	const upstream = error.providerError;
	return {
		...error,
		message: r(error.message),
		type: r(error.type),
		code: r(error.code),
		param: r(error.param),
		provider: r(error.provider),
		requestId: r(error.requestId),
		exceptionClass: r(error.exceptionClass),
		headers,
		providerError:
			upstream === null
				? null
				: {
						providerName: r(upstream.providerName),
						raw: redactDeep(upstream.raw),
						message: r(upstream.message),
						code: r(upstream.code),
						type: r(upstream.type),
						reasons: upstream.reasons.map(redactString),
						flaggedInput: r(upstream.flaggedInput),
						modelSlug: r(upstream.modelSlug),
					},
		html:
			error.html === null
				? null
				: {
						...error.html,
						title: r(error.html.title),
						errorCode: r(error.html.errorCode),
						server: r(error.html.server),
					},
		excerpt: redactString(error.excerpt),
	};
}

/** Both lists of secret kinds, once each, in the schema's order. */
function mergeKinds(a: readonly SecretKind[], b: readonly SecretKind[]): SecretKind[] {
	const seen = new Set([...a, ...b]);
	return SecretKindSchema.options.filter((k) => seen.has(k));
}

function triageUnchecked(post: PostText): Triage {
	const bounded = assemblePostText(post);
	const redaction = redactSecrets(bounded.text);
	const regions = analyseText(redaction.text);
	const snippet = extractSnippet(regions);
	const draft = readErrorBody(regions);
	const route = resolveRoute({
		text: regions.text,
		code: snippet?.code ?? '',
		baseUrl: snippet?.baseUrl ?? null,
		sdk: snippet?.sdk ?? null,
		viaRouter: draft?.viaRouter ?? false,
	});
	const error = redactError(draft === null ? null : withLayer(draft, route));
	const slug = error?.providerError?.modelSlug;
	const models = extractModelIds(regions, slug ? [slug] : []);
	const model = models[0] ?? null;
	return {
		text: redaction.text,
		error,
		model,
		models,
		snippet,
		route,
		secrets: mergeKinds(redaction.kinds, bounded.secrets),
		missing: findMissingInfo(error, model, snippet),
		truncated: bounded.truncated,
		...(bounded.partial.length === 0
			? {}
			: { partialAttachments: bounded.partial.map((p) => ({ ...p, name: redactString(p.name) })) }),
	};
}

/**
 * Reads a support post like a support engineer: the error body (status, message, type, code, provider, layer …),
 * the model id, the code snippet and its route, the secrets it leaked (redacted everywhere in the result), and
 * what is missing to diagnose it. Pure; never throws: any input, however malformed or large, gives a (possibly
 * partial) result within the bounds documented in `limits.ts`.
 */
export function triagePost(post: PostText): Triage {
	try {
		return triageUnchecked(post);
	} catch {
		// Every extractor is written not to throw; if one does anyway, the post is still answered with what is safe.
		let text = '';
		try {
			text = redactSecrets(assemblePostText(post).text).text;
		} catch {
			text = '';
		}
		return {
			text,
			error: null,
			model: null,
			models: [],
			snippet: null,
			route: 'unknown',
			secrets: [],
			missing: ['error_body', 'model', 'code'],
			truncated: true,
		};
	}
}
