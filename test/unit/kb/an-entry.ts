import type { KbEntry } from '../../../src/kb/entry-schema.js';

/** A valid KB entry; override what the test is about. */
export function anEntry(overrides: Partial<KbEntry> = {}): KbEntry {
	return {
		id: 'openai-unsupported-region',
		cause: 'unsupported_region',
		title: 'OpenAI refuses requests from an unsupported country or region',
		diagnosis: 'OpenAI is refusing the request because of where it comes from.',
		providers: ['openai'],
		statuses: [403],
		signals: [
			{ kind: 'code', value: 'unsupported_country_region_territory', weight: 10 },
			{ kind: 'text', value: 'Country, region, or territory not supported', weight: 10 },
		],
		fix: ['Call the API from a supported country.', 'Turn off a VPN that exits in an unsupported region.'],
		citations: [
			{
				url: 'https://developers.openai.com/docs/guides/error-codes',
				title: 'OpenAI API error codes',
				section: 'Error codes',
				states: 'Lists a 403 for requests from a country, region or territory the API does not serve.',
			},
		],
		examples: ['Country, region, or territory not supported'],
		body: 'OpenAI refuses some countries.',
		file: 'kb/403-openai-unsupported-region.md',
		...overrides,
	};
}

/** The text of a valid KB file; `frontMatter` lines replace or extend the defaults. */
export function entryFile(frontMatter: string, body = 'Prose about the cause.'): string {
	return `---\n${frontMatter}\n---\n${body}\n`;
}

export const VALID_FRONT_MATTER = `id: openrouter-key-limit
cause: key_credit_or_limit
title: The OpenRouter key's own credit limit is used up
diagnosis: The spend limit set on this OpenRouter API key is used up.
providers: [openrouter]
statuses: [403, 402]
signals:
  - { kind: text, value: Key limit exceeded, weight: 12 }
  - { kind: regex, value: 'budget of \\$[\\d,.]+ exceeded', weight: 12 }
fix:
  - Raise the key's credit limit.
citations:
  - url: https://openrouter.ai/docs/api_reference/limits
    title: OpenRouter API limits
    section: 'Rate limits and credits'
    states: 'Says each key can have its own credit limit, separate from the account balance.'
examples:
  - '403 Key limit exceeded. Manage it using https://openrouter.ai/keys'
  - 'Workspace monthly budget of $500.00 exceeded.'`;
