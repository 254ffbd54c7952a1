import type { KbCase } from '../../../src/kb/case-schema.js';

/** A valid labelled case; override what the test is about. */
export function aCase(overrides: Partial<KbCase> = {}): KbCase {
	return {
		id: 'oai-example-1-region',
		source: 'https://github.com/example/app/issues/1',
		lang: 'en',
		vendor: 'openai',
		route: 'openai',
		status: 403,
		cause: 'unsupported_region',
		entry: 'openai-unsupported-region',
		underdetermined: false,
		error:
			'{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported"}}',
		situation: 'Calling the chat completions API from a server abroad; every request is refused.',
		evidence: 'The body carries the documented region code.',
		confidence: 'high',
		...overrides,
	};
}

/** One JSONL line of a case file: a valid case with `overrides` merged in (any JSON, valid or not). */
export const caseLine = (overrides: Record<string, unknown> = {}): string =>
	JSON.stringify({ ...aCase(), ...overrides });

/** The text of a case file from its lines. */
export const caseFile = (...lines: string[]): string => `${lines.join('\n')}\n`;
