import type { CodeSnippet, ErrorBody, ProviderError, Triage } from '../../../src/triage/types.js';

/** An error body with every field empty; override what the test is about. */
export function anError(overrides: Partial<ErrorBody> = {}): ErrorBody {
	return {
		status: null,
		message: null,
		type: null,
		code: null,
		param: null,
		provider: null,
		requestId: null,
		layer: 'unknown',
		exceptionClass: null,
		headers: {},
		providerError: null,
		html: null,
		shapes: [],
		excerpt: '',
		...overrides,
	};
}

export function aProviderError(overrides: Partial<ProviderError> = {}): ProviderError {
	return {
		providerName: null,
		raw: null,
		message: null,
		code: null,
		type: null,
		reasons: [],
		flaggedInput: null,
		modelSlug: null,
		...overrides,
	};
}

export function aSnippet(overrides: Partial<CodeSnippet> = {}): CodeSnippet {
	return {
		code: '',
		language: null,
		sdk: null,
		baseUrl: null,
		host: null,
		routingOptions: [],
		headers: [],
		hasHardcodedKey: false,
		...overrides,
	};
}

/** A triage result for `text` with nothing extracted; override what the test is about. */
export function aTriage(overrides: Partial<Triage> = {}): Triage {
	return {
		text: '',
		error: null,
		model: null,
		models: [],
		snippet: null,
		route: 'unknown',
		secrets: [],
		missing: [],
		truncated: false,
		...overrides,
	};
}
